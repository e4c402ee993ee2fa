/**
 * The dates ministries write outside the Gregorian calendar and the Latin script: Thai Buddhist
 * years, Solar Hijri (Iran, Afghanistan), Umm al-Qura Hijri (Arabic ministries), Vietnamese, the zone
 * abbreviations they use, and Unix timestamps. Expected values are worked out by hand:
 * - Thai: Buddhist year − 543 = Gregorian year (2569 − 543 = 2026); พฤศจิกายน / พ.ย. is November.
 * - Solar Hijri and Hijri fixed points: see calendars.test.ts (5 Azar 1405 = 26 November 2026,
 *   1 Farvardin 1405 = 21 March 2026, 1 Ramadan 1447 = 18 February 2026, 1 Muharram 1448 = 16 June 2026).
 * - A wall time with a zone: 10:30 at UTC+h is 10:30 − h in UTC.
 */
import { describe, expect, it } from 'vitest';
import { type ParseDateOptions, parseDate } from '../../lambdas/shared/dates/parse-date';

const iso = (input: string, opts: ParseDateOptions = {}) => parseDate(input, opts)?.iso;
const dayOf = (d: string) => ({ iso: `${d}T00:00:00.000Z`, precision: 'day' });

describe('Thai dates', () => {
  it.each([
    ['26 พฤศจิกายน 2569'],
    ['26 พ.ย. 2569'],
    ['๒๖ พ.ย. ๒๕๖๙'],
    // ICU's own long Thai date, weekday with ที่ glued to it and the พ.ศ. era.
    ['วันพฤหัสบดีที่ 26 พฤศจิกายน พ.ศ. 2569'],
    ['วันที่ 26 พฤศจิกายน 2569'],
    // Thai sites shorten the Buddhist year to two digits: 69 is 2569.
    ['26 พ.ย. 69'],
    ['26/11/2569', { locale: 'th' }],
    ['26 November B.E. 2569'],
  ] as Array<[string, ParseDateOptions?]>)('reads %s as 26 November 2026', (input, opts) => {
    expect(parseDate(input, opts)).toEqual(dayOf('2026-11-26'));
  });

  it('reads a Thai time in the feed’s zone (Bangkok is UTC+7)', () => {
    expect(iso('วันที่ 26 พ.ย. 2569 เวลา 10:30 น.', { timezone: 'Asia/Bangkok' })).toBe(
      '2026-11-26T03:30:00.000Z',
    );
  });

  it('keeps a Gregorian year in Thai text, and never reads a bare year elsewhere as Buddhist', () => {
    expect(iso('26 พฤศจิกายน 2026')).toBe('2026-11-26T00:00:00.000Z');
    expect(iso('26 November 2569')).toBe('2569-11-26T00:00:00.000Z');
    expect(iso('2569-11-26')).toBe('2569-11-26T00:00:00.000Z');
    // In a Thai document even ISO-shaped dates carry Buddhist years when the system wrote them so.
    expect(iso('2569-11-26T10:30:00+07:00', { locale: 'th-TH' })).toBe('2026-11-26T03:30:00.000Z');
    expect(iso('2026-11-26', { locale: 'th' })).toBe('2026-11-26T00:00:00.000Z');
    // พ.ศ. with a year that cannot be Buddhist (2026 B.E. would be 1483) is not a date.
    expect(parseDate('26 พ.ย. พ.ศ. 2026')).toBeUndefined();
    expect(parseDate('26 พ.ย. ค.ศ. 2026')).toEqual(dayOf('2026-11-26'));
  });
});

describe('Solar Hijri dates', () => {
  it.each([
    ['۱۴۰۵/۰۹/۰۵'],
    ['۵ آذر ۱۴۰۵'],
    ['پنجشنبه ۵ آذر ۱۴۰۵'],
    ['۵ آذر ۱۴۰۵ ه.ش'],
    ['۵ آذر ۱۴۰۵ ه. ش.'],
    // Arabic-Indic digits and an Arabic yeh, as some Iranian sites type them.
    ['٥ آذر ١٤٠٥'],
    ['1405/09/05', { locale: 'fa' }],
    ['1405-09-05', { locale: 'fa-IR' }],
  ] as Array<[string, ParseDateOptions?]>)('reads %s as 26 November 2026', (input, opts) => {
    expect(parseDate(input, opts)).toEqual(dayOf('2026-11-26'));
  });

  it('reads Dari month names, a zero-width joiner in the weekday, and Arabic letters for Persian ones', () => {
    expect(iso('۱ حمل ۱۴۰۵')).toBe('2026-03-21T00:00:00.000Z');
    // سه‌شنبه (Tuesday) with its ZWNJ; 3 Azar is two days before 5 Azar.
    expect(iso('سه‌شنبه ۳ آذر ۱۴۰۵')).toBe('2026-11-24T00:00:00.000Z');
    expect(iso('1 فروردين 1405')).toBe('2026-03-21T00:00:00.000Z');
  });

  it('reads the time in the feed’s zone (Tehran is UTC+03:30, without summer time since 2022)', () => {
    expect(iso('پنجشنبه ۵ آذر ۱۴۰۵ ساعت ۱۰:۳۰', { timezone: 'Asia/Tehran' })).toBe(
      '2026-11-26T07:00:00.000Z',
    );
    expect(iso('۱۴۰۵/۰۹/۰۵ - ۱۰:۳۰', { timezone: 'Asia/Tehran' })).toBe('2026-11-26T07:00:00.000Z');
  });

  it('reads Gregorian dates Iranian sites write with Persian month names', () => {
    expect(iso('۲۶ نوامبر ۲۰۲۶')).toBe('2026-11-26T00:00:00.000Z');
  });

  it('knows the leap years: 1403 has a 30 Esfand, 1404 has not', () => {
    expect(iso('۳۰ اسفند ۱۴۰۳')).toBe('2025-03-20T00:00:00.000Z');
    expect(parseDate('۳۰ اسفند ۱۴۰۴')).toBeUndefined();
  });

  it('does not turn numbers into Solar Hijri dates without a Persian clue', () => {
    // ASCII digits outside a Persian document: read as written (a Gregorian 1405), not converted.
    expect(iso('1405/09/05')).toBe('1405-09-05T00:00:00.000Z');
    expect(parseDate('1405')).toEqual({ iso: '1405-01-01T00:00:00.000Z', precision: 'month' });
    // A year alone, in a Persian document or in Persian digits, is no date.
    expect(parseDate('1405', { locale: 'fa' })).toBeUndefined();
    expect(parseDate('۱۴۰۵')).toBeUndefined();
    // A month alone spans two Gregorian months; a Persian month with a Gregorian year is nonsense.
    expect(parseDate('آذر ۱۴۰۵')).toBeUndefined();
    expect(parseDate('۵ آذر ۲۰۲۶')).toBeUndefined();
    // Arabic-Indic digits alone cannot tell Solar Hijri from Hijri.
    expect(parseDate('١٥/٠٥/١٤٤٨')).toBeUndefined();
    // A Gregorian year in Persian digits stays Gregorian.
    expect(iso('۲۰۲۶/۱۱/۲۶')).toBe('2026-11-26T00:00:00.000Z');
  });
});

describe('Hijri (Umm al-Qura) dates', () => {
  it.each([
    ['1 رمضان 1447 هـ', '2026-02-18'],
    ['١ رمضان ١٤٤٧هـ', '2026-02-18'],
    ['الأربعاء 1 رمضان 1447 هـ', '2026-02-18'],
    ['1 شوال 1447هـ', '2026-03-20'],
    ['1 محرم 1448 هـ', '2026-06-16'],
    ['01/09/1447 هـ', '2026-02-18'],
    // The Hijri month name alone says the calendar.
    ['1 رمضان 1447', '2026-02-18'],
  ])('reads %s', (input, expected) => {
    expect(parseDate(input)).toEqual(dayOf(expected));
  });

  it('keeps the Gregorian half of a double date, whatever the Hijri half says', () => {
    // As pages print it (the Hijri half here is a month off: the Gregorian one is the page's own date).
    expect(parseDate('الأربعاء 15 جمادى الأولى 1448هـ الموافق 26 نوفمبر 2026م')).toEqual(dayOf('2026-11-26'));
    expect(iso('26 نوفمبر 2026م الموافق 1 رمضان 1447هـ')).toBe('2026-11-26T00:00:00.000Z');
    expect(iso('1 رمضان 1447هـ - 18 فبراير 2026م')).toBe('2026-02-18T00:00:00.000Z');
    expect(iso('۵ آذر ۱۴۰۵ برابر با ۲۶ نوامبر ۲۰۲۶')).toBe('2026-11-26T00:00:00.000Z');
    expect(iso('۵ آذر ۱۴۰۵ ه.ش - ۲۶ نوامبر ۲۰۲۶')).toBe('2026-11-26T00:00:00.000Z');
    expect(iso('١ رمضان ١٤٤٧هـ ١٨ فبراير ٢٠٢٦م')).toBe('2026-02-18T00:00:00.000Z');
    // Both halves must be dates.
    expect(parseDate('1 رمضان 1447هـ الموافق يوم الأربعاء')).toBeUndefined();
  });

  it('reads ص/م after a time as am/pm, and م after a year as Gregorian', () => {
    expect(iso('26 نوفمبر 2026م 10:30 م')).toBe('2026-11-26T22:30:00.000Z');
    expect(iso('26 نوفمبر 2026 10:30 ص')).toBe('2026-11-26T10:30:00.000Z');
  });

  it('refuses mixed or incomplete Hijri dates', () => {
    expect(parseDate('1 رمضان نوفمبر 1447')).toBeUndefined();
    expect(parseDate('رمضان 1447 هـ')).toBeUndefined();
    expect(parseDate('15 رمضان')).toBeUndefined();
    expect(parseDate('31 رمضان 1447 هـ')).toBeUndefined();
    // A Gregorian month with the Hijri marker.
    expect(parseDate('26 نوفمبر 1448 هـ')).toBeUndefined();
  });
});

describe('Vietnamese dates', () => {
  it.each([
    ['26 tháng 11 năm 2026', {}, '2026-11-26T00:00:00.000Z'],
    ['Thứ Năm, 26 tháng 11, 2026', {}, '2026-11-26T00:00:00.000Z'],
    ['26/11/2026', { locale: 'vi' }, '2026-11-26T00:00:00.000Z'],
    // Hanoi is UTC+7 all year.
    ['Thứ Năm, 26/11/2026 10:30', { timezone: 'Asia/Ho_Chi_Minh' }, '2026-11-26T03:30:00.000Z'],
    ['Thứ 5, 26/11/2026 10:30', { timezone: 'Asia/Ho_Chi_Minh' }, '2026-11-26T03:30:00.000Z'],
    ['ngày 26 tháng 11 năm 2026 lúc 10:30', { timezone: 'Asia/Ho_Chi_Minh' }, '2026-11-26T03:30:00.000Z'],
    ['Chủ Nhật, 29/11/2026', {}, '2026-11-29T00:00:00.000Z'],
  ] as Array<[string, ParseDateOptions, string]>)('reads %s', (input, opts, expected) => {
    expect(iso(input, opts)).toBe(expected);
  });

  it('keeps a month alone a month, and refuses what is not a date', () => {
    expect(parseDate('tháng 11 năm 2026')).toEqual({ iso: '2026-11-01T00:00:00.000Z', precision: 'month' });
    expect(parseDate('26 tháng 13 năm 2026')).toBeUndefined();
    // "Thứ Tám" (the eighth day) is no weekday.
    expect(parseDate('Thứ Tám, 26/11/2026')).toBeUndefined();
  });
});

describe('zone abbreviations', () => {
  // 10:30 on 26 November 2026 in each zone; southern-hemisphere zones named as written (AEDT is summer).
  it.each([
    ['IST', {}, '2026-11-26T05:00:00.000Z'], // India +05:30, the default
    ['IST', { locale: 'en-IN' }, '2026-11-26T05:00:00.000Z'],
    ['IST', { locale: 'en-IE' }, '2026-11-26T09:30:00.000Z'], // Irish Standard Time +01:00
    ['IST', { timezone: 'Europe/Dublin' }, '2026-11-26T09:30:00.000Z'],
    ['IST', { locale: 'he-IL' }, '2026-11-26T08:30:00.000Z'], // Israel +02:00
    ['PKT', {}, '2026-11-26T05:30:00.000Z'],
    ['WIB', {}, '2026-11-26T03:30:00.000Z'],
    ['WITA', {}, '2026-11-26T02:30:00.000Z'],
    ['WIT', {}, '2026-11-26T01:30:00.000Z'],
    ['MSK', {}, '2026-11-26T07:30:00.000Z'],
    ['SGT', {}, '2026-11-26T02:30:00.000Z'],
    ['HKT', {}, '2026-11-26T02:30:00.000Z'],
    ['KST', {}, '2026-11-26T01:30:00.000Z'],
    ['JST', {}, '2026-11-26T01:30:00.000Z'],
    ['AEST', {}, '2026-11-26T00:30:00.000Z'],
    ['AEDT', {}, '2026-11-25T23:30:00.000Z'],
    ['NZST', {}, '2026-11-25T22:30:00.000Z'],
    ['CAT', {}, '2026-11-26T08:30:00.000Z'],
    ['EAT', {}, '2026-11-26T07:30:00.000Z'],
    ['WAT', {}, '2026-11-26T09:30:00.000Z'],
    ['GST', {}, '2026-11-26T06:30:00.000Z'], // Gulf +04:00
    ['IRST', {}, '2026-11-26T07:00:00.000Z'],
    ['AST', { locale: 'ar-SA' }, '2026-11-26T07:30:00.000Z'], // Arabia +03:00
    ['AST', {}, '2026-11-26T14:30:00.000Z'], // Atlantic −04:00 elsewhere, as before
  ] as Array<[string, ParseDateOptions, string]>)('reads %s with %o', (zone, opts, expected) => {
    expect(iso(`Thu, 26 Nov 2026 10:30:00 ${zone}`, opts)).toBe(expected);
  });

  it('never guesses an abbreviation it does not know', () => {
    expect(parseDate('Thu, 26 Nov 2026 10:30:00 XST')).toBeUndefined();
    expect(parseDate('Thu, 26 Nov 2026 10:30:00 BRT')).toBeUndefined();
  });
});

describe('Unix timestamps', () => {
  const now = Date.UTC(2026, 10, 26);
  it('reads 10 digits as seconds and 13 as milliseconds', () => {
    // 1795000000 s = 20775 days + 40000 s; 1 January 2026 is day 20454 (56 × 365 + 14 leap days),
    // so day 321 after it = 18 November; 40000 s = 11:06:40.
    expect(parseDate('1795000000', { now })).toEqual({ iso: '2026-11-18T11:06:40.000Z', precision: 'time' });
    expect(iso('1795000000123', { now })).toBe('2026-11-18T11:06:40.123Z');
    // The first accepted second: 2000-01-01 (10 957 days × 86 400 s = 946 684 800).
    expect(iso('0946684800', { now })).toBe('2000-01-01T00:00:00.000Z');
  });

  it('refuses numbers outside 2000 … a year from now, and timestamps inside other text', () => {
    expect(parseDate('0946684799', { now })).toBeUndefined();
    // 1830000000 is 35 000 000 s (405 days) after 1795000000: more than a year ahead.
    expect(parseDate('1830000000', { now })).toBeUndefined();
    // Phone numbers: Tehran 021 2345 678, an Iranian mobile.
    expect(parseDate('0212345678', { now })).toBeUndefined();
    expect(parseDate('9121234567', { now })).toBeUndefined();
    expect(parseDate('Tel. 1795000000', { now })).toBeUndefined();
    expect(parseDate('1795000000 call', { now })).toBeUndefined();
    expect(parseDate('17950000001', { now })).toBeUndefined();
    expect(parseDate('1795000000.5', { now })).toBeUndefined();
  });
});
