/**
 * The one Luxon call date parsing needs, `DateTime.fromObject(wallTime, { zone })` → UTC instant,
 * done with `Intl` the way Luxon does it, so that parse-date.ts need not import Luxon (70 KB whose
 * top level costs ~11 ms of CPU wherever dates are parsed: fetch-feed's parser chunk,
 * normalize-article's cold start). Same API shape, same answers, checked against Luxon itself by
 * tests/dates/zoned-time.test.ts (Luxon stays for listing pages' `dateFormat`, in their own chunk).
 */

export interface WallTime {
  year: number;
  month: number;
  day?: number | undefined;
  hour?: number | undefined;
  minute?: number | undefined;
  second?: number | undefined;
  millisecond?: number | undefined;
}

export interface ZonedInstant {
  /** False when the zone is not an IANA zone the runtime knows (Luxon's "unsupported zone"). */
  readonly isValid: boolean;
  /** Milliseconds since the epoch; NaN when not valid. */
  toMillis(): number;
}

const formats = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter that writes an instant as wall time in `zone`, or null when the zone is unknown. */
function formatIn(zone: string): Intl.DateTimeFormat | null {
  let format = formats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      format = null;
    }
    formats.set(zone, format);
  }
  return format;
}

/** Wall time as if it were UTC; years below 100 stay years below 100 (Date.UTC would add 1900). */
function wallAsUtc(year: number, month: number, day: number, h: number, m: number, s: number, ms: number) {
  const d = new Date(Date.UTC(year, month - 1, day, h, m, s, ms));
  if (year < 100 && year >= 0) d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** The zone's offset from UTC, in minutes, at instant `ts` (whole seconds, as Luxon computes it). */
function offsetAt(format: Intl.DateTimeFormat, ts: number): number {
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(new Date(ts))) part[type] = value;
  const bc = part.era === 'BC' || part.era === 'B';
  const year = bc ? 1 - Number(part.year) : Number(part.year);
  const hour = Number(part.hour) === 24 ? 0 : Number(part.hour);
  const asUtc = wallAsUtc(
    year,
    Number(part.month),
    Number(part.day),
    hour,
    Number(part.minute),
    Number(part.second),
    0,
  );
  const over = ts % 1000;
  return (asUtc - (ts - (over >= 0 ? over : 1000 + over))) / 60_000;
}

/**
 * Luxon's fixOffset: start from the zone's offset now, correct it once or twice; in a spring-forward
 * gap the wall time moves forward, in a fall-back overlap the guess decides (as in Luxon).
 */
function toInstant(format: Intl.DateTimeFormat, wall: number): number {
  const o = offsetAt(format, Date.now());
  let guess = wall - o * 60_000;
  const o2 = offsetAt(format, guess);
  if (o === o2) return guess;
  guess -= (o2 - o) * 60_000;
  const o3 = offsetAt(format, guess);
  if (o2 === o3) return guess;
  return wall - Math.min(o2, o3) * 60_000;
}

export const DateTime = {
  fromObject(time: WallTime, options: { zone: string }): ZonedInstant {
    const format = formatIn(options.zone);
    if (!format) return { isValid: false, toMillis: () => Number.NaN };
    const wall = wallAsUtc(
      time.year,
      time.month,
      time.day ?? 1,
      time.hour ?? 0,
      time.minute ?? 0,
      time.second ?? 0,
      time.millisecond ?? 0,
    );
    const ms = toInstant(format, wall);
    return { isValid: true, toMillis: () => ms };
  },
};
