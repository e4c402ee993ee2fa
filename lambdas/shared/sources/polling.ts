/**
 * When to look at a feed again: pure, deterministic, and polite.
 *
 * 1. Rate: half the median gap between the feed's recent items (at least 3 dated items), clamped to
 *    [max(5 min, pollMinutes / 2), min(24 h, 8 × pollMinutes)] (a feed's own pollMinutes wins when it
 *    is larger still). A feed that publishes hourly is read every 30 min; one that publishes weekly
 *    drifts out to 8 × its configured interval, never further than a day, so a quiet ministry that
 *    suddenly speaks is seen the same day.
 * 2. Failure: the configured interval doubled per consecutive failure, capped at 24 h. No jitter: the
 *    scheduler's 5-minute ticks already spread the load, and a test can state the exact instant.
 * 3. Floors the server sets, never polled sooner than asked (each capped at 24 h, so one bad header
 *    cannot park a feed for a week): Retry-After (on 429/503), Cache-Control max-age (minus Age; it
 *    overrides Expires, as in HTTP), Expires (against the response's Date), and RSS <ttl>.
 */
import { retryAfterMs } from '../http/retry-after';
import type { FeedState } from '../ports';
import type { FeedConfig } from './registry';
import { MIN_POLL_MINUTES } from './registry-lookup';

export type PollOutcome =
  | { kind: 'ok'; headers: Record<string, string>; itemDates: string[]; ttlMinutes?: number }
  | { kind: 'not-modified'; headers: Record<string, string> }
  | { kind: 'failed'; consecutiveFailures: number; retryAfterMs?: number; headers?: Record<string, string> };

export interface PollDecision {
  /** ISO instant of the next check. */
  nextCheckAt: string;
  /** The interval adapted to the feed's publishing rate (before backoff and server floors). */
  pollMinutes: number;
  /** In words, for `diplowire sources` and the logs. */
  reason: string;
}

export interface PollInput {
  feed: Pick<FeedConfig, 'pollMinutes'>;
  state: Pick<FeedState, 'recentItemDates' | 'pollMinutes'> | undefined;
  outcome: PollOutcome;
  now: Date;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** How far the rate may stretch an interval, as a multiple of the configured one. */
export const MAX_STRETCH = 8;
/** The cap on backoff and on any wait a server asks for. */
export const MAX_WAIT_MINUTES = DAY_MINUTES;
/** Below this many dated items, the median gap says nothing: keep the configured interval. */
export const MIN_DATED_ITEMS = 3;

export function rateBounds(pollMinutes: number): { min: number; max: number } {
  const min = Math.max(MIN_POLL_MINUTES, Math.ceil(pollMinutes / 2));
  const max = Math.max(pollMinutes, Math.min(DAY_MINUTES, MAX_STRETCH * pollMinutes));
  return { min, max };
}

/** Half the median gap between distinct past item dates, clamped; undefined when too few dates. */
export function adaptedInterval(
  pollMinutes: number,
  itemDates: readonly string[],
  now: Date,
): number | undefined {
  const times = [...new Set(itemDates.map((d) => Date.parse(d)))]
    .filter((t) => Number.isFinite(t) && t <= now.getTime())
    .sort((a, b) => b - a)
    .slice(0, 20);
  if (times.length < MIN_DATED_ITEMS) return undefined;
  const gaps = times
    .slice(1)
    .map((t, i) => (times[i]! - t) / MINUTE_MS)
    .sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  const median = gaps.length % 2 === 1 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  const { min, max } = rateBounds(pollMinutes);
  return Math.min(max, Math.max(min, Math.round(median / 2)));
}

export function nextCheckAt({ feed, state, outcome, now }: PollInput): PollDecision {
  const dates = outcome.kind === 'ok' ? outcome.itemDates : (state?.recentItemDates ?? []);
  const adapted = adaptedInterval(feed.pollMinutes, dates, now);
  const pollMinutes =
    adapted ?? (outcome.kind === 'ok' ? feed.pollMinutes : (state?.pollMinutes ?? feed.pollMinutes));
  let minutes = pollMinutes;
  let reason =
    adapted === undefined
      ? `every ${fmt(pollMinutes)}`
      : `every ${fmt(pollMinutes)}, adapted to the publishing rate`;

  if (outcome.kind === 'failed') {
    const failures = Math.max(1, outcome.consecutiveFailures);
    minutes = Math.min(MAX_WAIT_MINUTES, feed.pollMinutes * 2 ** (failures - 1));
    reason = `backoff after ${failures} failure${failures > 1 ? 's' : ''}: ${fmt(minutes)}`;
  }

  for (const floor of serverFloors(outcome, now)) {
    const asked = Math.min(MAX_WAIT_MINUTES, floor.minutes);
    if (asked > minutes) {
      minutes = asked;
      reason = `${floor.what} asks for ${fmt(floor.minutes)}${asked < floor.minutes ? ` (capped at ${fmt(asked)})` : ''}`;
    }
  }
  return { nextCheckAt: new Date(now.getTime() + minutes * MINUTE_MS).toISOString(), pollMinutes, reason };
}

/**
 * The instant before which items are skipped on a feed's first fetch (no successful fetch yet), so a
 * new feed does not flood the archive with its back catalogue; undefined when nothing is skipped.
 */
export function firstFetchCutoff(
  feed: Pick<FeedConfig, 'maxAgeDays'>,
  state: Pick<FeedState, 'lastOkAt'> | undefined,
  now: Date,
): Date | undefined {
  if (state?.lastOkAt) return undefined;
  if (feed.maxAgeDays === null) return undefined;
  return new Date(now.getTime() - feed.maxAgeDays * DAY_MINUTES * MINUTE_MS);
}

/** The name the design brief uses. */
export const isFirstFetchCutoff = firstFetchCutoff;

interface Floor {
  what: string;
  minutes: number;
}

function serverFloors(outcome: PollOutcome, now: Date): Floor[] {
  const floors: Floor[] = [];
  const headers = outcome.headers ?? {};
  if (outcome.kind === 'failed') {
    const ms = outcome.retryAfterMs ?? retryAfterMs(headers, now);
    if (ms !== undefined) floors.push({ what: 'Retry-After', minutes: ms / MINUTE_MS });
    return floors;
  }
  const cacheControl = header(headers, 'cache-control')?.toLowerCase() ?? '';
  const maxAge = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(cacheControl)?.[1];
  const noCache = /(?:^|[,\s])(no-cache|no-store)\b/.test(cacheControl);
  if (maxAge !== undefined && !noCache) {
    const age = Number(header(headers, 'age') ?? 0) || 0;
    floors.push({ what: 'Cache-Control max-age', minutes: Math.max(0, Number(maxAge) - age) / 60 });
  } else if (!noCache) {
    const expires = Date.parse(header(headers, 'expires') ?? '');
    if (Number.isFinite(expires)) {
      // Measured against the server's own clock when it sent one, so clock skew does not matter.
      const served = Date.parse(header(headers, 'date') ?? '');
      const from = Number.isFinite(served) ? served : now.getTime();
      floors.push({ what: 'Expires', minutes: Math.max(0, expires - from) / MINUTE_MS });
    }
  }
  if (outcome.kind === 'ok' && outcome.ttlMinutes !== undefined && outcome.ttlMinutes > 0)
    floors.push({ what: 'RSS ttl', minutes: outcome.ttlMinutes });
  return floors;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function fmt(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}
