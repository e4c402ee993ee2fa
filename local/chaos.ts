/**
 * Fault injection for `diplowire run --chaos RATE [--seed N]`: every S3, DynamoDB, EventBridge and
 * HTTP call fails with probability RATE, and every event is delivered twice with probability RATE,
 * reproducibly for a seed. The faults are the transient kind the pipeline must survive (throttling,
 * 5xx, a reset connection), never the semantic answers (412, ConditionalCheckFailed) that handlers
 * act on, so a correct pipeline ends in the same state as without chaos once retries and
 * `dlq replay` have run.
 *
 * Wiring (in LocalPipeline.start, after the environment is set and before the first invocation):
 *
 *   const dice = seededDice(seed);                       // one per run
 *   for (const c of [dynamoClient, s3Client, eventBridgeClient]) addChaos(c, rate, dice);
 *   fetchFeedDeps.http = chaosHttpClient(fetchFeedDeps.http, rate, dice);   // also archive-article's `deps`
 *   new Dispatcher({ …, duplicate: (e) => shouldDuplicate(dice, rate, eventIdentity(e.event)) });
 *
 * (`dynamoClient`, `s3Client`, `eventBridgeClient` are the module-scope clients in lambdas/shared/aws/;
 * each handler module exports its `deps`, whose `http` can be replaced. A failed feed GET is recorded
 * by fetch-feed as the feed's state, not thrown: the next run heals it, `dlq replay` does not.
 * tests/hardening/chaos.test.ts wires exactly this.)
 *
 * Reproducibility: handlers run concurrently, so the order of calls varies between runs. `seededDice`
 * therefore decides each call from the seed, the call's identity (operation + input, URL, event) and
 * how many times that identity was seen, not from its position in one shared stream.
 */

import type { AwsClient, Middleware } from '../lambdas/shared/aws/client/aws-client';
import { AwsError } from '../lambdas/shared/aws/client/errors';
import { FetchError } from '../lambdas/shared/http/fetch-error';
import type { HttpClient, HttpRequest, HttpResponse } from '../lambdas/shared/ports';

/** A number in [0, 1). `identity` lets a keyed source answer the same for the same call. */
export type Rng = (identity?: string) => number;

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; one stream, identity ignored. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of an identity string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Dice keyed by identity: the n-th roll for an identity depends only on (seed, identity, n), so a run
 * is reproducible whatever order concurrent handlers make their calls in. Without an identity it
 * falls back to one mulberry32 stream.
 */
export function seededDice(seed: number): Rng {
  const stream = mulberry32(seed);
  const seen = new Map<string, number>();
  return (identity) => {
    if (identity === undefined) return stream();
    const n = seen.get(identity) ?? 0;
    seen.set(identity, n + 1);
    return mulberry32(hash32(`${seed}\u0000${identity}\u0000${n}`))();
  };
}

function checkRate(rate: number): void {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`chaos rate must be between 0 and 1, got ${rate}`);
}

/**
 * A transient failure as the lean AWS client reports it: an AwsError marked retryable (throttling,
 * a 5xx, or a reset connection), so the pipeline treats it as it would a real one.
 */
export class ChaosFault extends AwsError {
  readonly chaos = true;

  constructor(
    kind: 'throttling' | 'server-error' | 'connection-reset',
    request: { service: AwsError['service']; operation: string },
  ) {
    const fault = {
      throttling: { code: 'ThrottlingException', status: 400, detail: 'Rate exceeded' },
      'server-error': {
        code: 'InternalServerError',
        status: 500,
        detail: 'We encountered an internal error. Please try again.',
      },
      'connection-reset': { code: 'ECONNRESET', status: undefined, detail: 'socket hang up' },
    }[kind];
    const { service, operation } = request;
    super({ service, operation, ...fault, detail: `chaos: ${fault.detail}`, retryable: true });
  }
}

const KINDS = ['throttling', 'server-error', 'connection-reset'] as const;

/**
 * Stable text of a command input or event detail, for dice identity: bodies shortened to their
 * length, and what changes from run to run without changing the call masked (instants such as
 * `fetchedAt`, and the port of a loopback server started for the run).
 */
export function stableIdentity(input: unknown): string {
  let text: string;
  try {
    text =
      JSON.stringify(input, (_k, v: unknown) =>
        v instanceof Uint8Array ? `bytes:${v.length}` : typeof v === 'bigint' ? String(v) : v,
      ) ?? '';
  } catch {
    return '';
  }
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/g, '<instant>')
    .replace(/\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+/g, '//$1');
}

export interface ChaosCounters {
  faults: number;
  calls: number;
}

/**
 * Middleware for a lean AWS client. It wraps the whole call, the client's own retries included, so
 * a fault reaches the handler and exercises the pipeline's retries and dead-letter queue, as a fault
 * that outlasts the client's retries would in AWS.
 */
export function chaosMiddleware(
  rate: number,
  rng: Rng,
  counters: ChaosCounters = { faults: 0, calls: 0 },
): Middleware {
  checkRate(rate);
  return (next) => async (request) => {
    counters.calls++;
    const identity = `${request.service}.${request.operation}:${stableIdentity(request.input)}`;
    if (rng(identity) < rate) {
      counters.faults++;
      throw new ChaosFault(
        KINDS[Math.floor(rng(`${identity}#kind`) * KINDS.length)] ?? 'server-error',
        request,
      );
    }
    return next(request);
  };
}

/** Adds chaosMiddleware to a client; returns the counters. */
export function addChaos(client: AwsClient, rate: number, rng: Rng): ChaosCounters {
  const counters = { faults: 0, calls: 0 };
  client.use(chaosMiddleware(rate, rng, counters));
  return counters;
}

/** Wraps an HttpClient: with probability `rate` a request fails as a reset connection before it is sent. */
export function chaosHttpClient(
  inner: HttpClient,
  rate: number,
  rng: Rng,
  counters: ChaosCounters = { faults: 0, calls: 0 },
): HttpClient {
  checkRate(rate);
  return {
    async get(request: HttpRequest): Promise<HttpResponse> {
      counters.calls++;
      if (rng(`http:${stableIdentity(request.url)}`) < rate) {
        counters.faults++;
        throw new FetchError(
          'connection-reset',
          `chaos: the connection to ${safeHost(request.url)} was reset before a response arrived`,
          request.url,
        );
      }
      return inner.get(request);
    },
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Whether to deliver an event a second time (EventBridge's at-least-once delivery, exaggerated). */
export function shouldDuplicate(rng: Rng, rate: number, identity?: string): boolean {
  checkRate(rate);
  return rng(identity === undefined ? undefined : `dup:${identity}`) < rate;
}

/** The identity of an event for the dice: its type and detail, not its random envelope id. */
export function eventIdentity(event: { 'detail-type'?: string; source?: string; detail?: unknown }): string {
  return `${event.source ?? ''}|${event['detail-type'] ?? ''}|${stableIdentity(event.detail)}`;
}
