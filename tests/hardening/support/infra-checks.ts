/**
 * Checkers over synthesized CloudFormation templates. Each returns the problems it finds as
 * sentences (empty = guarantee holds), so a test can both assert a clean template and prove the
 * checker notices a guard removed from a copy.
 */
import type { CfnTemplate, CfnTemplateResource } from '../../../lib/synth';

type Json = Record<string, unknown>;

const ofType = (t: CfnTemplate, type: string) =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type) as Array<[string, CfnTemplateResource]>;
const props = (r: CfnTemplateResource) => (r.Properties ?? {}) as Json;
const getAttId = (v: unknown) => ((v as Json | undefined)?.['Fn::GetAtt'] as string[] | undefined)?.[0];
const refId = (v: unknown) => (v as Json | undefined)?.Ref as string | undefined;
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every rule target retries a bounded number of times and has an SQS dead-letter queue. */
export function ruleTargetProblems(t: CfnTemplate): string[] {
  const problems: string[] = [];
  for (const [id, rule] of ofType(t, 'AWS::Events::Rule')) {
    for (const target of asArray(props(rule).Targets as Json[] | undefined)) {
      const where = `rule ${id} target ${String(target.Id)}`;
      const retry = target.RetryPolicy as Json | undefined;
      if (!retry) problems.push(`${where} has no RetryPolicy`);
      else {
        if (typeof retry.MaximumRetryAttempts !== 'number')
          problems.push(`${where} has no MaximumRetryAttempts`);
        if (typeof retry.MaximumEventAgeInSeconds !== 'number')
          problems.push(`${where} has no MaximumEventAgeInSeconds`);
      }
      const dlq = getAttId((target.DeadLetterConfig as Json | undefined)?.Arn);
      if (!dlq) problems.push(`${where} has no DeadLetterConfig`);
      else if (t.Resources[dlq]?.Type !== 'AWS::SQS::Queue')
        problems.push(`${where} dead-letters to ${dlq}, not an SQS queue`);
    }
  }
  return problems;
}

/** Every function has an EventInvokeConfig with an on-failure destination and bounded retries and age. */
export function asyncInvokeProblems(t: CfnTemplate, limits = { retries: 2, ageSeconds: 6 * 3600 }): string[] {
  const configs = ofType(t, 'AWS::Lambda::EventInvokeConfig').map(([, r]) => props(r));
  const problems: string[] = [];
  for (const [id] of ofType(t, 'AWS::Lambda::Function')) {
    const config = configs.find((c) => refId(c.FunctionName) === id);
    if (!config) {
      problems.push(`function ${id} has no EventInvokeConfig`);
      continue;
    }
    const onFailure = ((config.DestinationConfig as Json | undefined)?.OnFailure as Json | undefined)
      ?.Destination;
    if (!onFailure) problems.push(`function ${id} has no on-failure destination`);
    const retries = config.MaximumRetryAttempts;
    if (typeof retries !== 'number' || retries > limits.retries)
      problems.push(
        `function ${id} MaximumRetryAttempts is ${String(retries)}, not at most ${limits.retries}`,
      );
    const age = config.MaximumEventAgeInSeconds;
    if (typeof age !== 'number' || age > limits.ageSeconds)
      problems.push(
        `function ${id} MaximumEventAgeInSeconds is ${String(age)}, not at most ${limits.ageSeconds}`,
      );
  }
  return problems;
}

/** The named pipeline functions (by `diplowire:function` metadata) have reserved concurrency. */
export function reservedConcurrencyProblems(t: CfnTemplate, names: readonly string[]): string[] {
  const problems: string[] = [];
  for (const name of names) {
    const fn = ofType(t, 'AWS::Lambda::Function').find(
      ([, r]) => r.Metadata?.['diplowire:function'] === name,
    );
    if (!fn) problems.push(`no function ${name}`);
    else {
      const n = props(fn[1]).ReservedConcurrentExecutions;
      if (typeof n !== 'number' || n < 1) problems.push(`function ${name} has no reserved concurrency`);
    }
  }
  return problems;
}

function deniesInsecureTransport(policyDocument: unknown, service: 's3' | 'sqs'): boolean {
  return asArray((policyDocument as Json | undefined)?.Statement as Json[] | undefined).some((s) => {
    const principal = s.Principal as Json | string | undefined;
    const everyone = principal === '*' || (typeof principal === 'object' && principal.AWS === '*');
    const condition = ((s.Condition as Json | undefined)?.Bool as Json | undefined)?.['aws:SecureTransport'];
    return (
      s.Effect === 'Deny' &&
      everyone &&
      asArray(s.Action as string | string[]).includes(`${service}:*`) &&
      String(condition) === 'false'
    );
  });
}

/** Every bucket and queue is encrypted at rest and refuses requests not made over TLS. */
export function encryptionAndTlsProblems(t: CfnTemplate): string[] {
  const problems: string[] = [];
  const bucketPolicies = ofType(t, 'AWS::S3::BucketPolicy').map(([, r]) => props(r));
  for (const [id, bucket] of ofType(t, 'AWS::S3::Bucket')) {
    const sse = (props(bucket).BucketEncryption as Json | undefined)?.ServerSideEncryptionConfiguration as
      | Json[]
      | undefined;
    if (!sse?.some((rule) => (rule.ServerSideEncryptionByDefault as Json | undefined)?.SSEAlgorithm))
      problems.push(`bucket ${id} has no default encryption`);
    const policy = bucketPolicies.find((p) => refId(p.Bucket) === id);
    if (!policy || !deniesInsecureTransport(policy.PolicyDocument, 's3'))
      problems.push(`bucket ${id} does not deny requests without TLS (aws:SecureTransport)`);
  }
  const queuePolicies = ofType(t, 'AWS::SQS::QueuePolicy').map(([, r]) => props(r));
  for (const [id, queue] of ofType(t, 'AWS::SQS::Queue')) {
    const p = props(queue);
    if (p.SqsManagedSseEnabled !== true && p.KmsMasterKeyId === undefined)
      problems.push(`queue ${id} is not encrypted`);
    const policy = queuePolicies.find((q) => asArray(q.Queues as unknown[]).some((ref) => refId(ref) === id));
    if (!policy || !deniesInsecureTransport(policy.PolicyDocument, 'sqs'))
      problems.push(`queue ${id} does not deny requests without TLS (aws:SecureTransport)`);
  }
  return problems;
}

/** Actions the platform itself needs of every function role: logs, tracing, its own on-failure queue. */
const PLATFORM_ACTIONS = new Set([
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'sqs:SendMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
]);

const RESOURCES = ['ArticlesTable', 'FeedStateTable', 'ArchiveBucket', 'Bus'];

/** Which of our resources a statement's Resource names (by construct id prefix), '*' or '?'. */
function resourceOf(resource: unknown): string {
  const text = JSON.stringify(resource);
  if (text === '"*"') return '*';
  // Logical ids and cross-stack output names both carry the construct id, e.g. ArticlesTableA36865D8.
  return RESOURCES.find((r) => text.includes(r)) ?? '?';
}

/**
 * `action@resource` pairs granted to a function's role (data-plane actions), and the problems with
 * the rest: wildcards, and platform actions on anything but the function's own resources.
 */
export function grantedAccess(
  t: CfnTemplate,
  functionName: string,
): { granted: Set<string>; problems: string[] } {
  const fn = ofType(t, 'AWS::Lambda::Function').find(
    ([, r]) => r.Metadata?.['diplowire:function'] === functionName,
  );
  if (!fn) return { granted: new Set(), problems: [`no function ${functionName}`] };
  const roleId = getAttId(props(fn[1]).Role);
  const granted = new Set<string>();
  const problems: string[] = [];
  for (const [, policy] of ofType(t, 'AWS::IAM::Policy')) {
    if (!asArray(props(policy).Roles as unknown[]).some((r) => refId(r) === roleId)) continue;
    for (const s of asArray((props(policy).PolicyDocument as Json).Statement as Json[])) {
      if (s.Effect !== 'Allow') continue;
      for (const action of asArray(s.Action as string | string[])) {
        if (action.includes('*')) problems.push(`${functionName} is granted the wildcard action ${action}`);
        if (PLATFORM_ACTIONS.has(action)) continue;
        for (const resource of asArray(s.Resource)) {
          const name = resourceOf(resource);
          if (name === '*') problems.push(`${functionName} is granted ${action} on every resource (*)`);
          granted.add(`${action}@${name}`);
        }
      }
    }
  }
  return { granted, problems };
}
