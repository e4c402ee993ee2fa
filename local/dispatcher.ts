/**
 * Delivers events to functions the way EventBridge and Lambda do, on local time: each matching rule
 * target gets an asynchronous invocation; a failed invocation is retried by "Lambda" (the
 * function's EventInvokeConfig retries, 2 by default) with a compressed backoff; what still fails goes
 * to the local dead-letter folder. Parallel invocations per function are capped by the stack's
 * reserved concurrency. Every delivery passes through here, so `idle()` knows when a run is done.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BusEvent, EventEnvelope } from './event-bus';
import type { FunctionSpec, RouteTarget, RoutingTable } from './router';
import { targetsFor } from './router';

export type Invoker = (fn: FunctionSpec, event: EventEnvelope) => Promise<unknown>;

export interface DispatcherOptions {
  table: RoutingTable;
  invoke: Invoker;
  /** The local dead-letter folder (`DATA/dlq`). */
  dlqDir: string;
  /** First retry delay; AWS waits about a minute, locally a fraction of a second. Doubles per retry. */
  retryBaseMs?: number;
  /**
   * Cap for functions without reserved concurrency (in AWS they share the account's pool of about
   * 1,000). Default 32: at 8, normalize-article lagged the import's 16 uploads: all 8 slots stayed
   * busy, archived documents waited in the queue (median 0.6-0.8 s in a 300-document import) and the
   * normalizing went on alone after the last upload; at 32 the two overlap to the end.
   */
  defaultConcurrency?: number;
  /** Sees every event put on a bus, routed or not (the run summary reads Feed.Failed and Article.Ingested). */
  onEvent?: (event: BusEvent) => void;
  /** Sees the outcome of every invocation attempt. */
  onInvocation?: (result: InvocationResult) => void;
  /** Fault injection: deliver this event a second time (at-least-once delivery). */
  duplicate?: (event: BusEvent, target: RouteTarget) => boolean;
  now?: () => Date;
}

export interface InvocationResult {
  function: string;
  event: EventEnvelope;
  attempt: number;
  ok: boolean;
  /** What the handler returned (the run summary reads normalize-article's `status`). */
  value?: unknown;
  error?: Error;
  /** True when this was the last attempt and the event went to the dead-letter folder. */
  deadLettered: boolean;
}

/** One line of `DATA/dlq/<function>.jsonl`. */
export interface DeadLetter {
  time: string;
  function: string;
  functionLogicalId: string;
  attempts: number;
  error: { name: string; message: string };
  event: EventEnvelope;
}

interface Job {
  fn: FunctionSpec;
  event: EventEnvelope;
  attempt: number;
}

export class Dispatcher {
  private readonly queues = new Map<string, Job[]>();
  private readonly running = new Map<string, number>();
  private pending = 0;
  private waiters: Array<() => void> = [];
  private readonly retryBaseMs: number;
  private readonly defaultConcurrency: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.defaultConcurrency = options.defaultConcurrency ?? 32;
  }

  /** An event put on a bus: one asynchronous invocation per matching rule target. */
  deliver(busEvent: BusEvent): void {
    this.options.onEvent?.(busEvent);
    for (const target of targetsFor(this.options.table, busEvent.busName, busEvent.event)) {
      this.enqueue({ fn: target.function, event: busEvent.event, attempt: 1 });
      if (this.options.duplicate?.(busEvent, target)) {
        this.enqueue({ fn: target.function, event: busEvent.event, attempt: 1 });
      }
    }
  }

  /** Invokes one function directly (schedules, `dlq replay`), with the same retries and dead-lettering. */
  invokeAsync(fn: FunctionSpec, event: EventEnvelope): void {
    this.enqueue({ fn, event, attempt: 1 });
  }

  /** Resolves once nothing is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops queued work and pending retries (shutdown); running invocations finish on their own. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const queue of this.queues.values()) queue.length = 0;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private enqueue(job: Job): void {
    if (this.stopped) return;
    this.pending++;
    const queue = this.queues.get(job.fn.logicalId) ?? [];
    queue.push(job);
    this.queues.set(job.fn.logicalId, queue);
    this.pump(job.fn);
  }

  private pump(fn: FunctionSpec): void {
    const cap = fn.reservedConcurrency ?? this.defaultConcurrency;
    const queue = this.queues.get(fn.logicalId) ?? [];
    while (queue.length > 0 && (this.running.get(fn.logicalId) ?? 0) < cap) {
      const job = queue.shift()!;
      this.running.set(fn.logicalId, (this.running.get(fn.logicalId) ?? 0) + 1);
      void this.run(job).finally(() => {
        this.running.set(fn.logicalId, (this.running.get(fn.logicalId) ?? 1) - 1);
        this.pump(fn);
        this.settle();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    const { fn, event, attempt } = job;
    try {
      const value = await this.options.invoke(fn, event);
      this.options.onInvocation?.({
        function: fn.folder,
        event,
        attempt,
        ok: true,
        value,
        deadLettered: false,
      });
      return;
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      const age = (this.now().getTime() - Date.parse(event.time)) / 1000;
      const last = attempt > fn.asyncRetries || age > fn.maxEventAgeSeconds;
      this.options.onInvocation?.({
        function: fn.folder,
        event,
        attempt,
        ok: false,
        error,
        deadLettered: last,
      });
      if (last) {
        this.deadLetter(job, error);
        return;
      }
      // Still pending: the retry is part of the work this event caused.
      this.pending++;
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.pending--;
          this.enqueue({ fn, event, attempt: attempt + 1 });
        },
        this.retryBaseMs * 2 ** (attempt - 1),
      );
      this.timers.add(timer);
    }
  }

  private deadLetter(job: Job, error: Error): void {
    const line: DeadLetter = {
      time: this.now().toISOString(),
      function: job.fn.folder,
      functionLogicalId: job.fn.logicalId,
      attempts: job.attempt,
      error: { name: error.name, message: error.message },
      event: job.event,
    };
    mkdirSync(this.options.dlqDir, { recursive: true });
    appendFileSync(path.join(this.options.dlqDir, `${job.fn.folder}.jsonl`), `${JSON.stringify(line)}\n`);
  }

  private settle(): void {
    this.pending--;
    if (this.pending === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
