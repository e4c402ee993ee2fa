/**
 * Routes events by the rules of the synthesized stack itself, so local and deployed wiring cannot
 * drift: every AWS::Events::Rule (pattern or schedule, bus, targets with their retry policy and
 * dead-letter queue) becomes a local route to the function the target points at, and every
 * AWS::Lambda::Function carrying `diplowire:function` metadata maps to its handler folder.
 */
import { type EventPattern, matchesPattern, validatePattern } from './event-pattern';

export type Template = { Resources?: Record<string, Resource>; Outputs?: Record<string, Output> };
interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
interface Output {
  Value?: unknown;
  Export?: { Name?: unknown };
}

export const FUNCTION_METADATA_KEY = 'diplowire:function';
/** Lambda's defaults for asynchronous invocation when no EventInvokeConfig says otherwise. */
export const LAMBDA_ASYNC_RETRIES = 2;
export const LAMBDA_MAX_EVENT_AGE_SECONDS = 6 * 60 * 60;

export interface FunctionSpec {
  logicalId: string;
  /** Folder under lambdas/ holding handler.ts. */
  folder: string;
  /** Reserved concurrency, if the stack sets one: the local cap on parallel invocations. */
  reservedConcurrency?: number;
  /** Lambda's own retries of a failed asynchronous invocation (EventInvokeConfig). */
  asyncRetries: number;
  maxEventAgeSeconds: number;
  timeoutSeconds?: number;
}

export interface RouteTarget {
  targetId: string;
  function: FunctionSpec;
  retryAttempts?: number;
  maxEventAgeSeconds?: number;
  hasDeadLetterQueue: boolean;
}

export interface Route {
  ruleLogicalId: string;
  /** `default` or `diplowire` (every custom bus of the stack is the one local bus). */
  busName: string;
  pattern?: EventPattern;
  schedule?: string;
  targets: RouteTarget[];
}

export interface RoutingTable {
  functions: FunctionSpec[];
  routes: Route[];
}

export class RouterError extends Error {}

/** How the template's cloud names map to local ones. */
export interface LocalNames {
  bucket: string;
  busName: string;
}

export function routingTableOf(templates: Record<string, Template>, names: LocalNames): RoutingTable {
  const resources = new Map<string, Resource>();
  const exports = new Map<string, unknown>();
  for (const template of Object.values(templates)) {
    for (const [id, resource] of Object.entries(template.Resources ?? {})) resources.set(id, resource);
    for (const output of Object.values(template.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string') exports.set(output.Export.Name, output.Value);
    }
  }

  // A value in the template that stands for a resource: Ref, Fn::GetAtt or a cross-stack import.
  const referencedId = (value: unknown): string | undefined => {
    if (value === null || typeof value !== 'object') return undefined;
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return v.Ref;
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
    if (typeof getAtt === 'string') return getAtt.split('.')[0];
    if (typeof v['Fn::ImportValue'] === 'string') return referencedId(exports.get(v['Fn::ImportValue']));
    // CDK's strong cross-stack references: { StackName, OutputName } of another template's output.
    const stackOutput = v['Fn::GetStackOutput'] as { StackName?: unknown; OutputName?: unknown } | undefined;
    if (
      stackOutput &&
      typeof stackOutput.StackName === 'string' &&
      typeof stackOutput.OutputName === 'string'
    ) {
      const output = templates[stackOutput.StackName]?.Outputs?.[stackOutput.OutputName];
      return referencedId(output?.Value);
    }
    return undefined;
  };
  const localValue = (value: unknown, where: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => localValue(v, where));
    const id = referencedId(value);
    if (id !== undefined) {
      const type = resources.get(id)?.Type;
      if (type === 'AWS::S3::Bucket') return names.bucket;
      if (type === 'AWS::Events::EventBus') return names.busName;
      throw new RouterError(
        `${where}: cannot map ${JSON.stringify(value)} (${type ?? 'unknown'}) to a local name`,
      );
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localValue(v, where)]));
  };

  const functions = new Map<string, FunctionSpec>();
  for (const [id, resource] of resources) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const folder = resource.Metadata?.[FUNCTION_METADATA_KEY];
    if (typeof folder !== 'string') continue;
    const props = resource.Properties ?? {};
    functions.set(id, {
      logicalId: id,
      folder,
      reservedConcurrency: numberOr(props.ReservedConcurrentExecutions, undefined),
      asyncRetries: LAMBDA_ASYNC_RETRIES,
      maxEventAgeSeconds: LAMBDA_MAX_EVENT_AGE_SECONDS,
      timeoutSeconds: numberOr(props.Timeout, undefined),
    });
  }
  for (const resource of resources.values()) {
    if (resource.Type !== 'AWS::Lambda::EventInvokeConfig') continue;
    const fn = functions.get(referencedId(resource.Properties?.FunctionName) ?? '');
    if (!fn) continue;
    fn.asyncRetries = numberOr(resource.Properties?.MaximumRetryAttempts, LAMBDA_ASYNC_RETRIES) ?? 0;
    fn.maxEventAgeSeconds =
      numberOr(resource.Properties?.MaximumEventAgeInSeconds, LAMBDA_MAX_EVENT_AGE_SECONDS) ?? 0;
  }

  const routes: Route[] = [];
  for (const [id, resource] of resources) {
    if (resource.Type !== 'AWS::Events::Rule') continue;
    const props = resource.Properties ?? {};
    if (props.State === 'DISABLED') continue;
    const where = `rule ${id}`;
    const busValue = props.EventBusName;
    const busName =
      busValue === undefined || busValue === 'default' ? 'default' : localValue(busValue, where);
    let pattern: EventPattern | undefined;
    if (props.EventPattern !== undefined) {
      const local = localValue(props.EventPattern, where);
      validatePattern(local, where);
      pattern = local;
    }
    const targets: RouteTarget[] = [];
    for (const raw of (props.Targets ?? []) as Array<Record<string, unknown>>) {
      const targetId = String(raw.Id ?? '?');
      const fn = functions.get(referencedId(raw.Arn) ?? '');
      if (!fn) {
        throw new RouterError(
          `${where}, target ${targetId}: points at ${JSON.stringify(raw.Arn)}, which is not a function with ${FUNCTION_METADATA_KEY} metadata`,
        );
      }
      const retry = (raw.RetryPolicy ?? {}) as Record<string, unknown>;
      targets.push({
        targetId,
        function: fn,
        retryAttempts: numberOr(retry.MaximumRetryAttempts, undefined),
        maxEventAgeSeconds: numberOr(retry.MaximumEventAgeInSeconds, undefined),
        hasDeadLetterQueue: raw.DeadLetterConfig !== undefined,
      });
    }
    routes.push({
      ruleLogicalId: id,
      busName: String(busName),
      pattern,
      schedule: typeof props.ScheduleExpression === 'string' ? props.ScheduleExpression : undefined,
      targets,
    });
  }
  return { functions: [...functions.values()], routes };
}

/** The targets an event on a bus goes to (schedules never match events). */
export function targetsFor(table: RoutingTable, busName: string, event: unknown): RouteTarget[] {
  return table.routes
    .filter((route) => route.pattern && route.busName === busName && matchesPattern(route.pattern, event))
    .flatMap((route) => route.targets);
}

/** `rate(5 minutes)` → 300000; cron expressions are not run locally (the runner says so). */
export function scheduleIntervalMs(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match) return undefined;
  const unit = match[2]!.startsWith('minute')
    ? 60_000
    : match[2]!.startsWith('hour')
      ? 3_600_000
      : 86_400_000;
  return Number(match[1]) * unit;
}

function numberOr<T extends number | undefined>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' ? value : fallback;
}
