/**
 * Dates as feeds write them → an instant in UTC. Two paths: a strict ISO 8601 / W3C-DTF grammar,
 * then a tokenizer for everything else (RFC 822 and its sloppy variants, asctime, "28.11.2022",
 * "9 ноября 2022 г.", "2022年11月9日", "2004-05-25 오후 11:23:17"). The tokenizer accepts only words it
 * knows (months, weekdays, zones, am/pm, a few fillers): an unknown word means "not a date", so
 * nothing is ever guessed. A weekday is ignored, because publishers often get it wrong.
 * Thai Buddhist, Solar Hijri and Hijri dates are read the same way and converted (calendars.ts) only
 * when the text or the document's language says which calendar it is; Unix timestamps only as a
 * whole value.
 */
import {
  BUDDHIST_OFFSET,
  type CalendarClues,
  type DateCalendar,
  gregorianFields,
  toGregorian,
} from './calendars';
import { doubleDateParts, rewriteLocalForms } from './local-forms';
import { regionOf } from './locale';
import { calendarMonthTable, foldName, monthNamesTable, weekdayNames } from './names';
import { type Fields, offsetMinutes, parseIso, parseRfc822, parseUnixTime } from './strict-formats';
import { DateTime } from './zoned-time';
import { militaryZone, namedZone } from './zones';

export type DatePrecision = 'time' | 'day' | 'month';

export interface ParsedDate {
  /** ISO 8601 in UTC, e.g. 2022-11-09T00:00:00.000Z. */
  iso: string;
  precision: DatePrecision;
}

export interface ParseDateOptions {
  /** IANA zone for dates that carry none (the feed's zone); UTC when absent. */
  timezone?: string;
  /**
   * The BCP 47 language of the document (`en-US`, `fr`, `ja`): decides the order of an ambiguous
   * numeric date (`7/11/2022` is 11 July in `en-US`, 7 November elsewhere). Day first when absent.
   */
  locale?: string;
  /** The current time in ms (tests): a Unix timestamp more than a year after it is refused. */
  now?: number;
}

/**
 * Regions that write numeric dates month first (CLDR short date pattern M/d/y). Everywhere else a
 * date like 7/11/2022 is day first; a year-first date (2022/11/07) is the same in every region.
 */
const MONTH_FIRST_REGIONS = new Set(['US', 'PH', 'FM', 'MH', 'PW', 'GU', 'AS', 'MP', 'PR', 'VI', 'UM', 'BZ']);

function languageOf(locale: string | undefined): string | undefined {
  return locale?.split(/[-_]/)[0]?.toLowerCase();
}

function monthFirst(locale: string | undefined): boolean {
  const region = regionOf(locale);
  return region !== undefined && MONTH_FIRST_REGIONS.has(region);
}

/** Japanese eras: year n of the era is (first year − 1) + n; 元年 is its first year. */
const JAPANESE_ERAS: Record<string, number> = { 令和: 2018, 平成: 1988, 昭和: 1925, 大正: 1911, 明治: 1867 };
const ERA_YEAR = /(令和|平成|昭和|大正|明治)\s*(元|\d{1,2})\s*年/;

const FILLERS = new Set([
  'de',
  'del',
  'of',
  'the',
  'at',
  'on',
  'um',
  'a',
  'le',
  'la',
  'el',
  'em',
  'alle',
  'ore',
  'om',
  'saat',
  'в',
  'г',
  'гг',
  'года',
  'год',
  'r',
  'roku',
  'o',
  'kl',
  'klo',
  'klockan',
  'u',
  'uhr',
  'h',
  't',
  'y',
  'et',
  'και',
  'στις',
  'ora',
  'às',
  'as',
  'ás',
  'den',
  'ano',
  'godine',
  'évi',
  'ev',
  'e',
  'date',
  'published',
  // Arabic في ("on") and الساعة ("at the hour"), Persian ساعت and تاریخ, Arabic/Persian هجری (both
  // calendars count from the Hijra: ه.ش or ه.ق says which), Thai วัน/เวลา/น. ("day", "time",
  // "o'clock"), Vietnamese ngày/lúc ("day", "at"). Folded, like every word.
  'فی',
  'الساعه',
  'ساعت',
  'تاریخ',
  'هجری',
  'هجریه',
  'วัน',
  'เวลา',
  'น',
  'ngay',
  'luc',
]);

/** Era and calendar markers (folded): هـ and ه.ق Hijri, ه.ش Solar Hijri, พ.ศ./B.E. Buddhist, م/ค.ศ. Gregorian. */
const MARKERS: Record<string, DateCalendar> = {
  ه: 'islamic-umalqura',
  هق: 'islamic-umalqura',
  قمری: 'islamic-umalqura',
  هش: 'persian',
  شمسی: 'persian',
  พศ: 'buddhist',
  be: 'buddhist',
  م: 'gregory',
  میلادی: 'gregory',
  میلادیه: 'gregory',
  คศ: 'gregory',
};

/** Arabic ص/م after a time are am/pm (a م after a year marks it Gregorian: "2026م"). */
const ARABIC_MERIDIEM: Record<string, 'am' | 'pm'> = {
  ص: 'am',
  صباحا: 'am',
  م: 'pm',
  مساء: 'pm',
  مساءا: 'pm',
};

const TOKEN =
  /(?<date>(\d{1,4})([./-])(\d{1,2})\3(\d{1,4}))(?!\d)|(?<time>(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)(?!\d)|(?<off>(?:(gmt|utc|ut)\s*)?([+-])\s?(\d{1,2})(?::?(\d{2}))?)(?!\d)|(?<num>(\d+))(?:st|nd|rd|th|er|º|ª)?\.?|(?<word>[\p{L}\p{M}][\p{L}\p{M}'ʼ._-]*)|(?<sep>[\s,;|–—/.،]+|-(?!\d))/uy;

/** Persian, Arabic-Indic, Thai and full-width digits → ASCII, one UTF-16 unit for one: offsets hold. */
export function toAsciiDigits(s: string): string {
  return s.replace(/[０-９٠-٩۰-۹๐-๙]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0xff10) return String(code - 0xff10);
    if (code >= 0x0e50) return String(code - 0x0e50);
    if (code >= 0x06f0) return String(code - 0x06f0);
    return String(code - 0x0660);
  });
}

function expandYear(text: string): number {
  const n = Number(text);
  if (text.length <= 2) return n < 50 ? 2000 + n : 1900 + n;
  if (text.length === 3) return 1900 + n; // RFC 2822 obsolete three-digit years
  return n;
}

/** "GMT+7", "UTC+03:00", "gmt", "+0700": an offset written in parentheses after the time. */
const OFFSET_ASIDE = /^(?:(?:gmt|utc)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})$/;

/**
 * Drops what a date line says in parentheses ("(Thursday)", "(updated)"), except a zone: Vietnamese
 * and Indonesian pages write "26/11/2026 10:30 (GMT+7)", others "(UTC+03:00)" or "(WIB)", and that
 * is the date's zone, not an aside to ignore.
 */
function withoutAsides(s: string, locale: string | undefined, timezone: string | undefined): string {
  return s.replace(/\(([^)]*)\)|（([^）]*)）/g, (_, half?: string, full?: string) => {
    const inner = (half ?? full ?? '').trim();
    const zone =
      OFFSET_ASIDE.test(inner) ||
      (/^[a-z]{2,5}$/.test(inner) && namedZone(inner, locale, timezone) !== undefined);
    return zone ? ` ${inner} ` : ' ';
  });
}

function parseLoose(input: string, opts: ParseDateOptions): Fields | undefined {
  const { locale, timezone } = opts;
  // A military zone is one capital letter right after the time, at the end ("12:00:00 A"); a
  // lower-case "h" after a time is the French, Spanish or Portuguese "hours".
  const militaryAtEnd = /\d\s+[A-IK-Z]$/.test(input);
  let s = toAsciiDigits(input).toLowerCase();
  s = withoutAsides(s, locale, timezone);
  const local = rewriteLocalForms(s);
  s = local.text;
  // "9. 11. 2022" (Czech, Slovak, Hungarian spacing) is 9.11.2022.
  s = s.replace(/(?<!\d)(\d{1,2})\.\s+(\d{1,2})\.\s+(\d{4})(?!\d)/, '$1.$2.$3');
  // A dash between the date and its time ("9 Kasım 2022 - 14:30") is not a minus sign of a zone.
  s = s.replace(/(?<!\d[:h]\d{2}(?::\d{2})?)\s+[-–—]\s+(?=\d{1,2}[:h]\d{2}(?!\d))/u, ' ');
  // 令和4年 → 2022年, then read as any 年月日 date.
  s = s.replace(
    ERA_YEAR,
    (_, era: string, n: string) => `${JAPANESE_ERAS[era]! + (n === '元' ? 1 : Number(n))}年`,
  );
  let year: number | undefined = local.year;
  let month: number | undefined = local.month;
  let day: number | undefined = local.day;
  let meridiem: 'am' | 'pm' | undefined;
  const clues: CalendarClues = { text: input, language: languageOf(locale) };
  if (month !== undefined) clues.monthCalendar = 'gregory';
  /** A two-digit year is expanded; Thai reads it as a Buddhist year, so keep what was written. */
  const yearOf = (text: string) => {
    clues.shortYear = text.length <= 2 ? Number(text) : undefined;
    return expandYear(text);
  };
  // CJK: 2022年11月9日, 2022년 11월 9일 and their times 14時30分.
  let twoDates = false;
  s = s.replace(
    /(\d{2,4})\s*[年년]\s*(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日일])?/,
    (_, y: string, mo: string, d?: string) => {
      twoDates = year !== undefined;
      year = yearOf(y);
      month = Number(mo);
      day = d === undefined ? undefined : Number(d);
      return ' ';
    },
  );
  s = s.replace(/(\d{1,2})\s*[時时시]\s*(\d{1,2})\s*[分분](?:\s*(\d{1,2})\s*[秒초])?/, (_, h, mi, sec) =>
    sec ? ` ${h}:${mi.padStart(2, '0')}:${sec.padStart(2, '0')} ` : ` ${h}:${mi.padStart(2, '0')} `,
  );
  if (twoDates) return undefined;
  s = s.replace(/午前|오전|上午/g, ' am ').replace(/午後|오후|下午/g, ' pm ');

  const numbers: Array<{ text: string; dotted: boolean }> = [];
  let time: Fields | undefined;
  let offset: number | undefined;
  let namedZero = false;
  let afterTime = false;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < s.length) {
    const m = TOKEN.exec(s);
    if (!m?.groups) return undefined;
    const g = m.groups;
    const wasAfterTime = afterTime;
    if (!g.sep) afterTime = false;
    if (g.date) {
      if (year !== undefined) return undefined;
      const [a, b, c] = [m[2]!, m[4]!, m[5]!];
      if (a.length >= 3) {
        [year, month, day] = [Number(a), Number(b), Number(c)];
      } else if (
        // A part over 12 can only be the day; when both could be months, the document's region decides.
        Number(b) > 12 ? Number(a) <= 12 : Number(a) <= 12 && monthFirst(locale)
      ) {
        [year, month, day] = [yearOf(c), Number(a), Number(b)];
      } else {
        [year, month, day] = [yearOf(c), Number(b), Number(a)];
      }
    } else if (g.time) {
      if (time) return undefined;
      time = {
        year: 0,
        month: 0,
        hour: Number(m[7]),
        minute: Number(m[8]),
        second: Number(m[9] ?? 0),
        ms: m[10] ? Math.round(Number(`0.${m[10]}`) * 1000) : 0,
      };
      afterTime = true;
    } else if (g.off) {
      const prefixed = m[12] !== undefined;
      const full = m[15] !== undefined || m[14]!.length === 2;
      if (!prefixed && !(time && full) && !(m[15] !== undefined && m[14]!.length === 2)) {
        if (m[13] !== '-' || time) return undefined;
        // A dash between date parts ("2004-július-13"): skip only the dash and read the number.
        TOKEN.lastIndex = m.index + 1;
        continue;
      }
      if (offset !== undefined && !namedZero) return undefined;
      offset = offsetMinutes(m[13]!, m[14]!, m[15]);
      namedZero = false;
    } else if (g.num) {
      numbers.push({ text: m[16]!, dotted: m[0].endsWith('.') });
    } else if (g.word) {
      const word = foldName(g.word.replace(/[.-]+$/, ''));
      const named = monthNamesTable().get(word);
      const other = named === undefined ? calendarMonthTable().get(word) : undefined;
      if (named !== undefined || other !== undefined) {
        const calendar = other?.calendar ?? 'gregory';
        const number = other?.month ?? named!;
        if (month !== undefined && (month !== number || clues.monthCalendar !== calendar)) return undefined;
        month = number;
        clues.monthCalendar = calendar;
      } else if (word === 'am' || word === 'pm') {
        meridiem = word;
      } else if (wasAfterTime && ARABIC_MERIDIEM[word]) {
        meridiem = ARABIC_MERIDIEM[word];
      } else if (MARKERS[word] !== undefined) {
        if (clues.marker !== undefined && clues.marker !== MARKERS[word]) return undefined;
        clues.marker = MARKERS[word];
      } else {
        const zone = offset === undefined ? namedZone(word, locale, timezone) : undefined;
        if (zone !== undefined) {
          offset = zone;
          namedZero = offset === 0;
        } else if (time && offset === undefined && militaryAtEnd && militaryZone(word) !== undefined) {
          offset = militaryZone(word);
        } else if (!weekdayNames().has(word) && !FILLERS.has(word)) {
          return undefined;
        }
      }
    }
  }
  if (month === undefined) return undefined;
  if (year === undefined) {
    const long = numbers.filter((n) => n.text.length >= 3);
    if (long.length > 1) return undefined;
    if (long.length === 1) {
      year = Number(long[0]!.text);
      numbers.splice(numbers.indexOf(long[0]!), 1);
      if (numbers.length > 0) day = Number(numbers.shift()!.text);
    } else if (numbers.length === 2) {
      day = Number(numbers.shift()!.text);
      year = yearOf(numbers.shift()!.text);
    } else {
      return undefined;
    }
  } else if (day === undefined && numbers.length > 0) {
    day = Number(numbers.shift()!.text);
  }
  if (numbers.length > 0) return undefined;
  const date = gregorianFields(year, month, day, clues);
  if (!date) return undefined;
  const fields: Fields = {
    year: date.year,
    month: date.month,
    day: date.day,
    offset,
    calendar: date.calendar,
  };
  if (time) {
    if (day === undefined) return undefined;
    let hour = time.hour!;
    if (meridiem) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
    }
    Object.assign(fields, { hour, minute: time.minute, second: time.second, ms: time.ms });
  } else if (meridiem) {
    return undefined;
  }
  return fields;
}

function isRealDate(f: Fields): boolean {
  if (f.year < 1000 || f.year > 9999 || f.month < 1 || f.month > 12) return false;
  if (f.day !== undefined) {
    const last = new Date(Date.UTC(f.year, f.month, 0)).getUTCDate();
    if (f.day < 1 || f.day > last) return false;
  }
  if (f.hour !== undefined && (f.hour > 23 || f.minute! > 59 || f.second! > 59)) return false;
  if (f.offset !== undefined && Math.abs(f.offset) > 14 * 60) return false;
  return true;
}

function toInstant(f: Fields, timezone: string | undefined): ParsedDate | undefined {
  if (!isRealDate(f)) return undefined;
  // Calendar dates without a time stay on their UTC calendar day: shifting midnight into the feed's
  // zone would move "9 November" to the 8th in UTC and lose the one thing the date says.
  if (f.hour === undefined) {
    const ms = Date.UTC(f.year, f.month - 1, f.day ?? 1);
    return { iso: new Date(ms).toISOString(), precision: f.day === undefined ? 'month' : 'day' };
  }
  const wall = Date.UTC(f.year, f.month - 1, f.day!, f.hour, f.minute, f.second, f.ms);
  if (f.offset !== undefined)
    return { iso: new Date(wall - f.offset * 60_000).toISOString(), precision: 'time' };
  if (timezone && timezone.toUpperCase() !== 'UTC') {
    const local = DateTime.fromObject(
      {
        year: f.year,
        month: f.month,
        day: f.day,
        hour: f.hour,
        minute: f.minute,
        second: f.second,
        millisecond: f.ms,
      },
      { zone: timezone },
    );
    if (local.isValid) return { iso: new Date(local.toMillis()).toISOString(), precision: 'time' };
  }
  return { iso: new Date(wall).toISOString(), precision: 'time' };
}

/**
 * An ISO-shaped date in a Persian document with a 13xx/14xx year (1405-09-05) is Solar Hijri; in a
 * Thai one, a year from 2400 on (2569-11-26, as systems set to the Buddhist calendar write) is Buddhist.
 */
function isoInDocumentCalendar(f: Fields | undefined, locale: string | undefined): Fields | undefined {
  if (!f || (f.year >= 1500 && f.year < 2400) || f.year < 1300) return f;
  const language = languageOf(locale);
  if (language === 'th' && f.year >= 2400) return { ...f, year: f.year - BUDDHIST_OFFSET };
  if (language !== 'fa' || f.year >= 1500) return f;
  const gregorian = f.day === undefined ? undefined : toGregorian('persian', f.year, f.month, f.day);
  return gregorian && { ...f, ...gregorian };
}

/** A double date (Hijri and Gregorian): both halves must be dates; the Gregorian one is kept. */
function parseDoubleDate(s: string, opts: ParseDateOptions): Fields | undefined {
  const parts = doubleDateParts(s);
  if (!parts) return undefined;
  const [first, second] = parts.map((part) => parseLoose(part, opts));
  if (!first || !second) return undefined;
  return second.calendar === 'gregory' || first.calendar !== 'gregory' ? second : first;
}

export function parseDate(input: string, opts: ParseDateOptions = {}): ParsedDate | undefined {
  const s = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (s === '' || s.length > 200) return undefined;
  const lower = s.toLowerCase();
  // Cheap and common first: well-formed ISO 8601 and RFC 822 never reach the tokenizer.
  const fields =
    isoInDocumentCalendar(parseIso(lower), opts.locale) ??
    parseRfc822(lower) ??
    parseUnixTime(lower, opts.now) ??
    parseLoose(s, opts) ??
    parseDoubleDate(s, opts);
  return fields ? toInstant(fields, opts.timezone) : undefined;
}
