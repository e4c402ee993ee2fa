/**
 * The two strict grammars most feed dates follow: ISO 8601 / W3C-DTF (with partial, week and ordinal
 * dates) and well-formed RFC 822. Anything else goes to the tokenizer in parse-date.ts.
 */
import { weekdayNames } from './names';

/** Calendar fields as written, before validation and zone handling. */
export interface Fields {
  year: number;
  month: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  ms?: number;
  /** Minutes east of UTC; undefined when the text names no zone. */
  offset?: number;
  /** The calendar the text was written in, when it was read by the tokenizer (fields are Gregorian). */
  calendar?: 'gregory' | 'buddhist' | 'persian' | 'islamic-umalqura';
}

const ISO_DATE =
  /^(\d{4})(?:-?w(\d{2})(?:-?([1-7]))?|-(\d{3})|-(\d{1,2})(?:-(\d{1,2}))?|(\d{2})(\d{2}))?(?:(?:t|\s+)(\d{1,2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/;

export function offsetMinutes(sign: string, hours: string, minutes: string | undefined): number {
  const value = Number(hours) * 60 + Number(minutes ?? 0);
  return sign === '-' ? -value : value;
}

export function parseIso(s: string): Fields | undefined {
  const m = ISO_DATE.exec(s);
  if (!m) return undefined;
  const [, y, week, weekday, ordinal, mo, d, cmo, cd, h, mi, sec, frac, zone] = m;
  const year = Number(y);
  let month = Number(mo ?? cmo ?? 1);
  let day: number | undefined = (d ?? cd) ? Number(d ?? cd) : undefined;
  if (week !== undefined || ordinal !== undefined) {
    let date: Date;
    if (week !== undefined) {
      // ISO week 1 is the week holding January 4th; weeks start on Monday.
      const jan4 = new Date(Date.UTC(year, 0, 4));
      const monday = 4 - ((jan4.getUTCDay() + 6) % 7);
      date = new Date(Date.UTC(year, 0, monday + (Number(week) - 1) * 7 + Number(weekday ?? 1) - 1));
      if (Number(week) < 1 || Number(week) > 53) return undefined;
    } else {
      date = new Date(Date.UTC(year, 0, Number(ordinal)));
      if (date.getUTCFullYear() !== year || Number(ordinal) < 1) return undefined;
    }
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
    if (date.getUTCFullYear() !== year && week !== undefined)
      return { year: date.getUTCFullYear(), month, day };
  }
  // A year alone is a month-precision date (January) only when nothing else follows it.
  if (
    mo === undefined &&
    cmo === undefined &&
    week === undefined &&
    ordinal === undefined &&
    h !== undefined
  ) {
    return undefined;
  }
  const fields: Fields = { year, month, day };
  if (h !== undefined) {
    if (day === undefined) return undefined;
    fields.hour = Number(h);
    fields.minute = Number(mi ?? 0);
    fields.second = Number(sec ?? 0);
    fields.ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    const z = zone ? /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) : null;
    if (zone) fields.offset = z ? offsetMinutes(z[1]!, z[2]!, z[3]) : 0;
  }
  return fields;
}

const UNIX_TIME = /^\d{10}(?:\d{3})?$/;
const FIRST_PLAUSIBLE = Date.UTC(2000, 0, 1);
const YEAR_MS = 366 * 86_400_000;

/**
 * A whole value of 10 digits (Unix seconds) or 13 (milliseconds), as JSON feeds and data-timestamp
 * attributes carry them, between 2000 and a year from now: a phone number or an id is not a date.
 */
export function parseUnixTime(s: string, now = Date.now()): Fields | undefined {
  if (!UNIX_TIME.test(s)) return undefined;
  const ms = s.length === 13 ? Number(s) : Number(s) * 1000;
  if (ms < FIRST_PLAUSIBLE || ms > now + YEAR_MS) return undefined;
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
    offset: 0,
  };
}

const EN_WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const RFC822 =
  /^(?:([a-z]{3}), ?)?(\d{1,2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? (gmt|ut|utc|z|[+-]\d{4})$/;

/** The well-formed RFC 822 date most feeds send, without the tokenizer (a third of the time). */
export function parseRfc822(s: string): Fields | undefined {
  const m = RFC822.exec(s);
  const weekday = m?.[1];
  // English first: the other languages' tables are built only when a feed needs them.
  if (!m || (weekday !== undefined && !EN_WEEKDAYS.has(weekday) && !weekdayNames().has(weekday)))
    return undefined;
  const month = EN_MONTHS.indexOf(m[3]!) + 1;
  if (month === 0) return undefined;
  const zone = m[8]!;
  return {
    year: Number(m[4]),
    month,
    day: Number(m[2]),
    hour: Number(m[5]),
    minute: Number(m[6]),
    second: Number(m[7] ?? 0),
    ms: 0,
    offset: zone[0] === '+' || zone[0] === '-' ? offsetMinutes(zone[0], zone.slice(1, 3), zone.slice(3)) : 0,
  };
}
