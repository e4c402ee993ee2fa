/**
 * Dates written in the Solar Hijri (Iran, Afghanistan) and Umm al-Qura Hijri (Saudi Arabia, Gulf)
 * calendars → Gregorian. No hand-kept table: ICU (through Intl) knows both calendars, so we guess a
 * Gregorian day from the calendar's mean year, ask Intl what that day is in the calendar, and step by
 * the difference until they agree. A date the calendar does not have (30 Esfand in a common year,
 * 30th of a 29-day Hijri month) never agrees and is refused. The Thai Buddhist year needs no ICU:
 * it is the Gregorian year + 543.
 */

export type Calendar = 'persian' | 'islamic-umalqura';

/** Buddhist Era year − Gregorian year. */
export const BUDDHIST_OFFSET = 543;

/** Years a news date can plausibly carry (ICU's Umm al-Qura table covers 1300–1600 AH). */
export const CALENDAR_YEARS: Record<Calendar, readonly [number, number]> = {
  persian: [1300, 1499],
  'islamic-umalqura': [1300, 1599],
};

const DAY = 86_400_000;

// Built on first use: a formatter costs ~1 ms, and only feeds with such dates need one.
const formats = new Map<Calendar, Intl.DateTimeFormat>();

function calendarDay(calendar: Calendar, ms: number): [number, number, number] {
  let format = formats.get(calendar);
  if (!format) {
    format = new Intl.DateTimeFormat(`en-u-ca-${calendar}-nu-latn`, {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formats.set(calendar, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(new Date(ms))) part[type] = value;
  return [Number(part.year), Number(part.month), Number(part.day)];
}

/**
 * Days from a fixed point, exact within one month and close (±2) across months: only differences
 * are used, to step a guess towards the wanted day.
 */
function approximateDays(calendar: Calendar, year: number, month: number, day: number): number {
  if (calendar === 'persian') {
    // Months 1–6 have 31 days, 7–11 have 30, Esfand 29 or 30.
    return year * 365.2422 + (month <= 6 ? (month - 1) * 31 : 186 + (month - 7) * 30) + day;
  }
  return year * 354.367 + (month - 1) * 29.5306 + day;
}

function firstGuess(calendar: Calendar, year: number, month: number, day: number): number {
  if (calendar === 'persian') {
    // 1 Farvardin falls on 20 or 21 March of Gregorian year + 621.
    return Date.UTC(year + 621, 2, 21) + (approximateDays(calendar, 0, month, day) - 1) * DAY;
  }
  // 1 Muharram 1 AH was 16 July 622 (Julian) = 19 July 622 (proleptic Gregorian).
  return Date.UTC(622, 6, 19) + Math.round(approximateDays(calendar, year - 1, month, day) - 1) * DAY;
}

/** The Gregorian day of a date in `calendar`, or undefined when that calendar has no such day. */
export function toGregorian(
  calendar: Calendar,
  year: number,
  month: number,
  day: number,
): { year: number; month: number; day: number } | undefined {
  const [low, high] = CALENDAR_YEARS[calendar];
  if (year < low || year > high || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const target = approximateDays(calendar, year, month, day);
  let ms = firstGuess(calendar, year, month, day);
  for (let step = 0; step < 6; step++) {
    const [y, m, d] = calendarDay(calendar, ms);
    if (y === year && m === month && d === day) {
      const date = new Date(ms);
      return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    }
    const delta = Math.round(target - approximateDays(calendar, y, m, d));
    // Same month and still apart by 0 days can't happen; a day past the month's end oscillates.
    ms += (delta === 0 ? Math.sign(target - approximateDays(calendar, y, m, d)) || 1 : delta) * DAY;
  }
  return undefined;
}

/** A calendar a date's text can name: by a month name, or by an era marker (هـ, ه.ش, พ.ศ., م). */
export type DateCalendar = 'gregory' | 'buddhist' | Calendar;

/** What the text says about its calendar, collected while it is read. */
export interface CalendarClues {
  /** The date's text as written (its script and digits are clues too). */
  text: string;
  /** The document's language (`fa`, `th`). */
  language?: string | undefined;
  /** The calendar of its month name, and the one its era marker names. */
  monthCalendar?: DateCalendar;
  marker?: DateCalendar;
  /** The year as written, when it had two digits (Thai writes "26 พ.ย. 69" for 2569). */
  shortYear?: number | undefined;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number | undefined;
  calendar: DateCalendar;
}

const THAI = /[\u0e00-\u0e7f]/;
const PERSIAN_DIGIT = /[۰-۹]/;
const ARABIC_DIGIT = /[٠-٩]/;

/**
 * The Gregorian year, month and day of a date read in the calendar its clues name, or undefined
 * when the clues disagree or the calendar has no such day. A 13xx/14xx year is Solar Hijri only
 * with a Persian month, Persian digits, the ه.ش marker or a `fa` document; Hijri only with a
 * Hijri month or the هـ marker; Buddhist only in Thai text or a `th` document or with พ.ศ./B.E., and
 * then only a year from 2400 B.E. on (so a Thai text's Gregorian 2026 stays 2026).
 */
export function gregorianFields(
  year: number,
  month: number,
  day: number | undefined,
  clues: CalendarClues,
): CalendarDate | undefined {
  const { monthCalendar, marker, shortYear } = clues;
  // Most dates: a Gregorian month or none, no marker, a year no other calendar could have.
  if (
    marker === undefined &&
    (monthCalendar === undefined || monthCalendar === 'gregory') &&
    (year < 1300 || year >= 1600) &&
    year < 2400 &&
    shortYear === undefined
  )
    return { year, month, day, calendar: 'gregory' };
  if (
    marker === 'buddhist'
      ? monthCalendar && monthCalendar !== 'gregory'
      : monthCalendar && marker && marker !== monthCalendar
  )
    return undefined;
  let calendar: DateCalendar = marker ?? monthCalendar ?? 'gregory';
  if (marker === undefined && monthCalendar === undefined && year >= 1300 && year < 1600) {
    // Numbers only: the digits or the document's language decide; Arabic-Indic digits alone don't.
    if (year < 1500 && (PERSIAN_DIGIT.test(clues.text) || clues.language === 'fa')) calendar = 'persian';
    else if (ARABIC_DIGIT.test(clues.text)) return undefined;
  }
  const thai = clues.language === 'th' || THAI.test(clues.text);
  if (marker === undefined && calendar === 'gregory' && thai && (year >= 2400 || shortYear !== undefined))
    calendar = 'buddhist';
  if (calendar === 'buddhist') {
    const buddhist = shortYear !== undefined ? 2500 + shortYear : year;
    if (buddhist < 2400) return undefined;
    return { year: buddhist - BUDDHIST_OFFSET, month, day, calendar };
  }
  if (calendar === 'gregory') return { year, month, day, calendar };
  // A month alone in these calendars spans two Gregorian months: not a date we can place.
  if (day === undefined) return undefined;
  const gregorian = toGregorian(calendar, year, month, day);
  return gregorian && { ...gregorian, calendar };
}
