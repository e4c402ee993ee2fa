/**
 * The whole pipeline on one machine: emulators, the local bus, the routing table read from the
 * synthesized stack, the dispatcher, and the same four handlers, wired by environment variables
 * exactly as in Lambda. Commands (`run`, `demo`, `import`, `replay`, `dlq replay`, `invoke`) are
 * thin layers over this class.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { BUS_NAME_LOCAL, DetailType, EVENT_SOURCE } from '../lambdas/shared/events';
import { type DeadLetter, Dispatcher, type InvocationResult } from './dispatcher';
import { Emulators } from './emulators';
import {
  type BusEvent,
  type EventEnvelope,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  LocalEventBus,
  objectCreatedEvent,
} from './event-bus';
import { createInvoker, type HandlerLoader, importHandler } from './invoker';
import { type ChaosTally, PipelineError, settingsFor, wireChaos } from './pipeline-setup';
import { type FunctionSpec, type RoutingTable, routingTableOf, type Template } from './router';
import { RunStats, type RunSummary } from './run-stats';
import { type LocalStores, localStores } from './stores';
import { loadTemplates } from './templates';

export interface PipelineOptions {
  dataDir: string;
  /** The registry the handlers read (`DIPLOWIRE_SOURCES_FILE`); unset = the bundled sources.json. */
  sourcesFile?: string;
  allowPrivateNetwork?: boolean;
  /** Hosts exempt from the private-address check while everything else stays refused (tests). */
  allowPrivateHosts?: string[];
  /** Templates to route by; default: the synthesized stack (cached). */
  templates?: Record<string, Template>;
  /** First retry delay of a failed invocation (doubles per retry). */
  retryBaseMs?: number;
  /** How handler modules are loaded; tests pass a loader that re-imports after `vi.resetModules()`. */
  loadHandler?: HandlerLoader;
  onProgress?: (stats: RunStats) => void;
  /** Sees every event put on a bus (tests record them to deliver them again). */
  onEvent?: (event: BusEvent) => void;
  /**
   * Take the sources file and network setting of the last `run` on this data folder (commands
   * that re-send earlier events: `dlq replay`, `replay`, `invoke`, `import`).
   */
  inheritSettings?: boolean;
  /** False: events the handlers publish are counted but not delivered (`invoke` runs one handler). */
  routeEvents?: boolean;
  /**
   * `run --chaos RATE --seed N`: each S3, DynamoDB, EventBridge and HTTP call of the handlers fails
   * with probability `rate`, each routed event is delivered twice with probability `rate`,
   * reproducibly for a seed (see chaos.ts). Needs the default handler loader.
   */
  chaos?: { rate: number; seed: number };
}

export { PipelineError } from './pipeline-setup';

// One bus endpoint per process, like the front doors: the handlers' EventBridge client keeps its port.
let bus: LocalEventBus | undefined;
let deliverTo: ((event: BusEvent) => void) | undefined;
// What the default loader's handlers read at cold start; a later pipeline must not need other values.
let coldStartEnvironment: Record<string, string> | undefined;

export class LocalPipeline {
  readonly stats = new RunStats();

  private constructor(
    readonly options: PipelineOptions,
    readonly emulators: Emulators,
    readonly bus: LocalEventBus,
    readonly table: RoutingTable,
    readonly dispatcher: Dispatcher,
    readonly stores: LocalStores,
    private readonly invoke: ReturnType<typeof createInvoker>,
    /** What chaos mode injected (zero without it). */
    readonly chaos: ChaosTally,
  ) {}

  static async start(options: PipelineOptions): Promise<LocalPipeline> {
    const templates = options.templates ?? (await loadTemplates());
    const table = routingTableOf(templates, { bucket: 'diplowire-archive', busName: BUS_NAME_LOCAL });
    const emulators = await Emulators.start({ dataDir: options.dataDir });
    const settings = settingsFor(options);
    try {
      if (!bus) {
        bus = new LocalEventBus((event) => deliverTo?.(event));
        await bus.listen();
      }
      const environment: Record<string, string> = {
        ...emulators.environment(),
        AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
        EVENT_BUS_NAME: BUS_NAME_LOCAL,
        ALLOW_PRIVATE_NETWORK: settings.allowPrivateNetwork ? 'true' : 'false',
        DIPLOWIRE_SOURCES_FILE: settings.sourcesFile ? path.resolve(settings.sourcesFile) : '',
        DIPLOWIRE_ALLOW_PRIVATE_HOSTS: (options.allowPrivateHosts ?? []).join(','),
        // Handlers log JSON lines for CloudWatch; locally the summary and the DLQ say what happened.
        POWERTOOLS_LOG_LEVEL: process.env.DIPLOWIRE_LOG_LEVEL ?? 'SILENT',
      };
      if (!options.loadHandler && coldStartEnvironment) {
        // The registry is read per invocation (registry-provider); everything else at cold start.
        const changed = Object.keys(environment).filter(
          (k) => k !== 'DIPLOWIRE_SOURCES_FILE' && coldStartEnvironment?.[k] !== environment[k],
        );
        if (changed.length > 0) {
          throw new PipelineError(
            `this process already ran the handlers with other settings (${changed.join(', ')}); start a new process`,
          );
        }
      }
      for (const [key, value] of Object.entries(environment)) {
        if (value === '') delete process.env[key];
        else process.env[key] = value;
      }
      if (!options.loadHandler) coldStartEnvironment = environment;

      const loader = options.loadHandler ?? importHandler;
      const chaos = options.chaos ? await wireChaos(options.chaos, loader) : undefined;
      const { eventIdentity, shouldDuplicate } = options.chaos ? await import('./chaos') : {};
      const tally: ChaosTally = { faults: () => chaos?.faults() ?? 0, duplicates: 0 };
      const stores = localStores(emulators.endpoints);
      let pipeline: LocalPipeline | undefined;
      const invoke = createInvoker(loader);
      const dispatcher = new Dispatcher({
        table,
        invoke,
        dlqDir: path.join(options.dataDir, 'dlq'),
        retryBaseMs: options.retryBaseMs,
        duplicate:
          chaos && options.chaos && shouldDuplicate && eventIdentity
            ? (event) => {
                const twice = shouldDuplicate(chaos.dice, options.chaos!.rate, eventIdentity(event.event));
                if (twice) tally.duplicates++;
                return twice;
              }
            : undefined,
        onEvent: (event) => {
          pipeline?.stats.sawEvent(event);
          options.onEvent?.(event);
        },
        onInvocation: (result: InvocationResult) => {
          pipeline?.stats.sawInvocation(result);
          if (pipeline) options.onProgress?.(pipeline.stats);
        },
      });
      pipeline = new LocalPipeline(options, emulators, bus, table, dispatcher, stores, invoke, tally);
      const route = options.routeEvents !== false;
      deliverTo = (event) => (route ? dispatcher.deliver(event) : pipeline?.stats.sawEvent(event));
      // S3 puts "Object Created" on the default bus for a bucket with EventBridge notifications on.
      emulators.onObjectCreated((record) => bus?.put(objectCreatedEvent(record)));
      return pipeline;
    } catch (error) {
      await emulators.stop();
      throw error;
    }
  }

  /** The function behind a handler folder, as the stack defines it. */
  functionOf(folder: string): FunctionSpec {
    const fn = this.table.functions.find((f) => f.folder === folder);
    if (!fn) {
      const known = this.table.functions.map((f) => f.folder).join(', ');
      throw new PipelineError(`no function "${folder}" in the stack (functions: ${known})`);
    }
    return fn;
  }

  /** One synchronous invocation (RequestResponse): no retries, the error is the caller's. */
  async invokeNow(fn: FunctionSpec, event: unknown): Promise<unknown> {
    const result = await this.invoke(fn, event);
    await this.idle();
    return result;
  }

  /** Puts a Feed.Due on the bus for each feed, as schedule-feeds would, and waits for everything it causes. */
  async pollFeeds(feeds: Array<{ feedId: string; url: string }>): Promise<RunSummary> {
    this.stats.reset();
    const scheduledAt = new Date().toISOString();
    for (const feed of feeds) {
      this.stats.feedDue(feed.feedId, feed.url);
      this.bus.put({
        busName: BUS_NAME_LOCAL,
        event: envelope(EVENT_SOURCE, DetailType.FeedDue, {
          feedId: feed.feedId,
          url: feed.url,
          scheduledAt,
        }),
      });
    }
    return this.settle();
  }

  /** Fires the stack's schedule rule(s) once: schedule-feeds decides which feeds are due. */
  async tick(): Promise<RunSummary> {
    this.stats.reset();
    for (const route of this.table.routes.filter((r) => r.schedule)) {
      const event = envelope('aws.events', 'Scheduled Event', {}, [
        `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${route.ruleLogicalId}`,
      ]);
      for (const target of route.targets) this.dispatcher.invokeAsync(target.function, event);
    }
    return this.settle();
  }

  /** Puts events on buses (replay of archived objects, `dlq replay`) and waits for what they cause. */
  async deliverAll(events: BusEvent[]): Promise<RunSummary> {
    this.stats.reset();
    for (const event of events) this.bus.put(event);
    return this.settle();
  }

  /** Sends dead letters back to the function that failed them, and waits. */
  async redeliver(letters: DeadLetter[]): Promise<RunSummary> {
    this.stats.reset();
    for (const letter of letters) this.dispatcher.invokeAsync(this.functionOf(letter.function), letter.event);
    return this.settle();
  }

  /** The event S3 would emit for an object already in the archive (replay re-normalizes through it). */
  objectCreated(key: string, size: number): BusEvent {
    return objectCreatedEvent({
      eventName: 'ObjectCreated:Put',
      eventTime: new Date().toISOString(),
      s3: { bucket: { name: 'diplowire-archive' }, object: { key, size } },
    });
  }

  async idle(): Promise<void> {
    // S3 notifications come from the S3 thread on their own channel: a PUT can be answered
    // before its notification arrives, so wait for those too, then give them a turn to reach the bus.
    do {
      await this.emulators.notificationsArrived();
      await this.dispatcher.idle();
      await new Promise((resolve) => setImmediate(resolve));
    } while (!(await this.isIdleNow()));
  }

  async stop(): Promise<void> {
    this.dispatcher.stop();
    deliverTo = undefined;
    this.stores.destroy();
    await this.emulators.stop();
    this.bus.dropIdleConnections();
  }

  private async isIdleNow(): Promise<boolean> {
    let settled = false;
    void this.dispatcher.idle().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    return settled && this.emulators.notificationsDelivered;
  }

  private async settle(): Promise<RunSummary> {
    await this.idle();
    const states = await this.stores.feedStates.list().catch(() => []);
    return this.stats.summary(states);
  }
}

export function envelope(
  source: string,
  detailType: string,
  detail: Record<string, unknown>,
  resources: string[] = [],
): EventEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: LOCAL_ACCOUNT,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources,
    detail,
  };
}

/** Starts the local pipeline, runs `work`, and stops the emulators whatever happens. */
export async function withPipeline<T>(
  options: PipelineOptions,
  work: (pipeline: LocalPipeline) => Promise<T>,
): Promise<T> {
  const pipeline = await LocalPipeline.start(options);
  try {
    return await work(pipeline);
  } finally {
    await pipeline.stop();
  }
}
