import { describe, expect, it } from 'vitest';
import { firstFetchCutoff, nextCheckAt, rateBounds } from '../../lambdas/shared/sources/polling';

const now = new Date('2026-11-25T12:00:00.000Z');
const feed = (pollMinutes: number) => ({ pollMinutes });
const ok = (itemDates: string[] = [], headers: Record<string, string> = {}, ttlMinutes?: number) => ({
  kind: 'ok' as const,
  headers,
  itemDates,
  ...(ttlMinutes !== undefined ? { ttlMinutes } : {}),
});
const at = (hhmm: string, day = '2026-11-25') => `${day}T${hhmm}:00.000Z`;

describe('nextCheckAt: publishing rate', () => {
  it('keeps the configured interval when the feed has too few dated items', () => {
    expect(
      nextCheckAt({ feed: feed(30), state: undefined, outcome: ok([at('11:00'), at('10:00')]), now }),
    ).toEqual({
      nextCheckAt: '2026-11-25T12:30:00.000Z',
      pollMinutes: 30,
      reason: 'every 30 min',
    });
  });

  it('polls an hourly feed configured at 60 min every 30 min (half the median gap)', () => {
    const decision = nextCheckAt({
      feed: feed(60),
      state: undefined,
      outcome: ok([at('11:00'), at('10:00'), at('09:00'), at('08:00')]),
      now,
    });
    expect(decision.pollMinutes).toBe(30);
    expect(decision.nextCheckAt).toBe('2026-11-25T12:30:00.000Z');
    expect(decision.reason).toBe('every 30 min, adapted to the publishing rate');
  });

  it('stretches a daily feed configured at 30 min to 8 × 30 min = 4 h, not to 12 h', () => {
    const daily = ['2026-11-24', '2026-11-23', '2026-11-22', '2026-11-21'].map((d) => at('09:00', d));
    const decision = nextCheckAt({ feed: feed(30), state: undefined, outcome: ok(daily), now });
    expect(decision.pollMinutes).toBe(240);
    expect(decision.nextCheckAt).toBe('2026-11-25T16:00:00.000Z');
  });

  it('never polls a busy feed faster than half its configured interval', () => {
    const busy = [at('11:50'), at('11:40'), at('11:30'), at('11:20')];
    expect(nextCheckAt({ feed: feed(30), state: undefined, outcome: ok(busy), now }).pollMinutes).toBe(15);
  });

  it('takes the median of an even number of gaps, ignoring duplicates and future dates', () => {
    // Gaps 20, 40, 100, 200 min → median (40 + 100) / 2 = 70 → half: 35 min, inside [30, 480].
    const dates = [at('08:20'), at('11:00'), at('05:00'), at('10:40'), at('10:00'), at('11:00'), at('18:00')];
    expect(nextCheckAt({ feed: feed(60), state: undefined, outcome: ok(dates), now }).pollMinutes).toBe(35);
  });

  it('on 304 adapts from the item dates kept in the state', () => {
    const decision = nextCheckAt({
      feed: feed(60),
      state: { recentItemDates: [at('11:00'), at('10:00'), at('09:00')] },
      outcome: { kind: 'not-modified', headers: {} },
      now,
    });
    expect(decision.pollMinutes).toBe(30);
  });

  it('documents its bounds: at least 5 min and half the interval, at most a day and 8 ×', () => {
    expect(rateBounds(30)).toEqual({ min: 15, max: 240 });
    expect(rateBounds(5)).toEqual({ min: 5, max: 40 });
    expect(rateBounds(360)).toEqual({ min: 180, max: 1440 });
    // A feed configured beyond a day keeps its own interval as the upper bound.
    expect(rateBounds(2880)).toEqual({ min: 1440, max: 2880 });
  });
});

describe('nextCheckAt: failures', () => {
  const failed = (consecutiveFailures: number, extra: Record<string, unknown> = {}) => ({
    kind: 'failed' as const,
    consecutiveFailures,
    ...extra,
  });

  it('doubles the configured interval per consecutive failure, deterministically', () => {
    expect(nextCheckAt({ feed: feed(30), state: undefined, outcome: failed(1), now }).nextCheckAt).toBe(
      '2026-11-25T12:30:00.000Z',
    );
    const third = nextCheckAt({ feed: feed(30), state: undefined, outcome: failed(3), now });
    expect(third.nextCheckAt).toBe('2026-11-25T14:00:00.000Z');
    expect(third.reason).toBe('backoff after 3 failures: 2 h');
  });

  it('caps the backoff at 24 hours', () => {
    expect(nextCheckAt({ feed: feed(30), state: undefined, outcome: failed(10), now }).nextCheckAt).toBe(
      '2026-11-26T12:00:00.000Z',
    );
  });

  it('waits as long as Retry-After asks, from the handler or from the headers', () => {
    const fromHandler = nextCheckAt({
      feed: feed(30),
      state: undefined,
      outcome: failed(1, { retryAfterMs: 7_200_000 }),
      now,
    });
    expect(fromHandler.nextCheckAt).toBe('2026-11-25T14:00:00.000Z');
    expect(fromHandler.reason).toBe('Retry-After asks for 2 h');
    const fromHeader = nextCheckAt({
      feed: feed(30),
      state: undefined,
      outcome: failed(1, { headers: { 'Retry-After': 'Wed, 25 Nov 2026 13:15:00 GMT' } }),
      now,
    });
    expect(fromHeader.nextCheckAt).toBe('2026-11-25T13:15:00.000Z');
  });

  it('caps an absurd Retry-After at a day and says so', () => {
    const decision = nextCheckAt({
      feed: feed(30),
      state: undefined,
      outcome: failed(1, { retryAfterMs: 3 * 24 * 3_600_000 }),
      now,
    });
    expect(decision.nextCheckAt).toBe('2026-11-26T12:00:00.000Z');
    expect(decision.reason).toBe('Retry-After asks for 72 h (capped at 24 h)');
  });
});

describe('nextCheckAt: what the server says about freshness', () => {
  it('honours Cache-Control max-age minus Age as a floor', () => {
    const decision = nextCheckAt({
      feed: feed(30),
      state: undefined,
      outcome: ok([], { 'Cache-Control': 'public, max-age=3600', Age: '600' }),
      now,
    });
    expect(decision.nextCheckAt).toBe('2026-11-25T12:50:00.000Z');
    expect(decision.reason).toBe('Cache-Control max-age asks for 50 min');
    // The adapted interval stays what the rate says; the floor only delays this check.
    expect(decision.pollMinutes).toBe(30);
  });

  it('ignores max-age under no-cache', () => {
    const decision = nextCheckAt({
      feed: feed(30),
      state: undefined,
      outcome: ok([], { 'cache-control': 'no-cache, max-age=7200' }),
      now,
    });
    expect(decision.nextCheckAt).toBe('2026-11-25T12:30:00.000Z');
  });

  it('measures Expires against the server Date, so a skewed server clock does not matter', () => {
    const decision = nextCheckAt({
      feed: feed(30),
      state: undefined,
      outcome: ok([], { date: 'Wed, 25 Nov 2026 11:00:00 GMT', expires: 'Wed, 25 Nov 2026 12:30:00 GMT' }),
      now,
    });
    expect(decision.nextCheckAt).toBe('2026-11-25T13:30:00.000Z');
    expect(decision.reason).toBe('Expires asks for 1 h 30 min');
  });

  it('lets max-age override Expires, as HTTP does', () => {
    const decision = nextCheckAt({
      feed: feed(30),
      state: undefined,
      outcome: ok([], { 'cache-control': 'max-age=60', expires: 'Thu, 26 Nov 2026 12:00:00 GMT' }),
      now,
    });
    expect(decision.nextCheckAt).toBe('2026-11-25T12:30:00.000Z');
  });

  it('honours an RSS ttl longer than the interval, and not a shorter one', () => {
    expect(nextCheckAt({ feed: feed(30), state: undefined, outcome: ok([], {}, 180), now }).nextCheckAt).toBe(
      '2026-11-25T15:00:00.000Z',
    );
    expect(nextCheckAt({ feed: feed(30), state: undefined, outcome: ok([], {}, 10), now }).nextCheckAt).toBe(
      '2026-11-25T12:30:00.000Z',
    );
  });
});

describe('firstFetchCutoff', () => {
  it('skips items older than maxAgeDays on the first fetch only', () => {
    expect(firstFetchCutoff({ maxAgeDays: 30 }, undefined, now)?.toISOString()).toBe(
      '2026-10-26T12:00:00.000Z',
    );
    // A feed that has only ever failed has not had its first fetch yet.
    expect(firstFetchCutoff({ maxAgeDays: 7 }, {}, now)?.toISOString()).toBe('2026-11-18T12:00:00.000Z');
    expect(
      firstFetchCutoff({ maxAgeDays: 30 }, { lastOkAt: '2026-11-20T00:00:00.000Z' }, now),
    ).toBeUndefined();
  });

  it('takes everything when maxAgeDays is null', () => {
    expect(firstFetchCutoff({ maxAgeDays: null }, undefined, now)).toBeUndefined();
  });
});
