import { describe, expect, it } from 'vitest';
import { type ParseDateOptions, parseDate } from '../../lambdas/shared/dates/parse-date';

/** A timezone name, or the whole options. */
const iso = (input: string, opts?: string | ParseDateOptions) =>
  parseDate(input, typeof opts === 'string' ? { timezone: opts } : (opts ?? {}))?.iso;

describe('parseDate: RFC 822 and its sloppy variants', () => {
  it('reads a correct RFC 822 date with a numeric zone', () => {
    expect(parseDate('Wed, 09 Nov 2022 10:00:00 +0300')).toEqual({
      iso: '2022-11-09T07:00:00.000Z',
      precision: 'time',
    });
  });

  it('reads obsolete zone names', () => {
    expect(iso('Tue, 10 Jun 2003 09:41:01 EDT')).toBe('2003-06-10T13:41:01.000Z');
    expect(iso('Tue, 10 Jun 2003 09:41:01 PST')).toBe('2003-06-10T17:41:01.000Z');
    expect(iso('Thu, 01 Jan 2004 19:48:21 UT')).toBe('2004-01-01T19:48:21.000Z');
    expect(iso('Thu, 01 Jan 2004 19:48:21 GMT')).toBe('2004-01-01T19:48:21.000Z');
  });

  it('reads military zones as RFC 822 wrote them (A = -1 h, N = +1 h, Z = UTC)', () => {
    expect(iso('Thu, 01 Jan 2004 12:00:00 A')).toBe('2004-01-01T13:00:00.000Z');
    expect(iso('Thu, 01 Jan 2004 12:00:00 N')).toBe('2004-01-01T11:00:00.000Z');
    expect(iso('Thu, 01 Jan 2004 12:00:00 M')).toBe('2004-01-02T00:00:00.000Z');
    expect(iso('Thu, 01 Jan 2004 12:00:00 Y')).toBe('2004-01-01T00:00:00.000Z');
    expect(iso('Thu, 01 Jan 2004 12:00:00 Z')).toBe('2004-01-01T12:00:00.000Z');
  });

  it('tolerates 2-digit years, missing seconds, missing or wrong weekday and extra spaces', () => {
    expect(iso('Thu, 01 Jan 04 19:48:21 GMT')).toBe('2004-01-01T19:48:21.000Z');
    expect(iso('Sat, 01 Jan 99 00:00:00 GMT')).toBe('1999-01-01T00:00:00.000Z');
    expect(iso('Wed, 09 Nov 2022 10:00 +0100')).toBe('2022-11-09T09:00:00.000Z');
    expect(iso('09 Nov 2022 10:00:00 GMT')).toBe('2022-11-09T10:00:00.000Z');
    // 9 November 2022 was a Wednesday, not a Monday: the weekday is ignored.
    expect(iso('Mon, 09 Nov 2022 10:00:00 GMT')).toBe('2022-11-09T10:00:00.000Z');
    expect(iso('  Wed,   9  Nov   2022   10:00:00   GMT ')).toBe('2022-11-09T10:00:00.000Z');
    // RFC 850 (the obsolete HTTP date) and a Hungarian-style trailing dot.
    expect(iso('Wednesday, 09-Nov-22 14:30:00 GMT')).toBe('2022-11-09T14:30:00.000Z');
    expect(iso('2022.11.09.')).toBe('2022-11-09T00:00:00.000Z');
  });

  it('reads GMT+3 style and colon offsets', () => {
    expect(iso('Mon, 21 Nov 2022 10:00 GMT+3')).toBe('2022-11-21T07:00:00.000Z');
    expect(iso('Mon, 21 Nov 2022 10:00 UTC-05:30')).toBe('2022-11-21T15:30:00.000Z');
    expect(iso('Mon, 21 Nov 2022 10:00:00 +03:00')).toBe('2022-11-21T07:00:00.000Z');
  });

  it('reads asctime', () => {
    expect(iso('Sun Jan  4 16:29:06 PST 2004')).toBe('2004-01-05T00:29:06.000Z');
  });
});

describe('parseDate: ISO 8601 and W3C-DTF', () => {
  it('reads full timestamps with fractions and offsets', () => {
    expect(iso('2003-12-31T10:14:55Z')).toBe('2003-12-31T10:14:55.000Z');
    expect(iso('2003-12-31T10:14:55.25-08:00')).toBe('2003-12-31T18:14:55.250Z');
    expect(iso('2003-12-31T10:14+01:00')).toBe('2003-12-31T09:14:00.000Z');
    expect(iso('20031231T101455Z')).toBe('2003-12-31T10:14:55.000Z');
  });

  it('reads partial dates with their precision', () => {
    expect(parseDate('2003')).toEqual({ iso: '2003-01-01T00:00:00.000Z', precision: 'month' });
    expect(parseDate('2003-12')).toEqual({ iso: '2003-12-01T00:00:00.000Z', precision: 'month' });
    expect(parseDate('2003-12-31')).toEqual({ iso: '2003-12-31T00:00:00.000Z', precision: 'day' });
  });

  it('reads week and ordinal dates', () => {
    // ISO week 1 of 2004 starts on Monday 29 December 2003; day 335 of 2003 is 1 December.
    expect(iso('2004-W01-1')).toBe('2003-12-29T00:00:00.000Z');
    expect(iso('2003-335')).toBe('2003-12-01T00:00:00.000Z');
  });
});

describe('parseDate: numeric and localized dates', () => {
  it('reads day-first numeric dates', () => {
    expect(parseDate('28.11.2022')).toEqual({ iso: '2022-11-28T00:00:00.000Z', precision: 'day' });
    expect(iso('28/11/2022 14:05')).toBe('2022-11-28T14:05:00.000Z');
    expect(iso('2022/11/28')).toBe('2022-11-28T00:00:00.000Z');
  });

  it.each([
    ['en', 'Wednesday, November 9, 2022 2:30 PM', '2022-11-09T14:30:00.000Z'],
    ['fr', 'mercredi 9 novembre 2022 à 14h30', '2022-11-09T14:30:00.000Z'],
    ['fr', '9 févr. 2022', '2022-02-09T00:00:00.000Z'],
    ['de', 'Mittwoch, 9. November 2022, 14:30 Uhr', '2022-11-09T14:30:00.000Z'],
    ['de', '9. März 2022', '2022-03-09T00:00:00.000Z'],
    ['es', 'miércoles, 9 de noviembre de 2022 14:30', '2022-11-09T14:30:00.000Z'],
    ['pt', 'Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40.000Z'],
    // A lower-case "h" after the time means hours, not the military zone H.
    ['es', '9 de noviembre de 2022, 14:30 h', '2022-11-09T14:30:00.000Z'],
    ['pt', '9 de dezembro de 2022', '2022-12-09T00:00:00.000Z'],
    ['it', 'mercoledì 9 novembre 2022, ore 14:30', '2022-11-09T14:30:00.000Z'],
    ['nl', 'woensdag 9 november 2022 14:30', '2022-11-09T14:30:00.000Z'],
    ['nl', '12 mrt. 2022', '2022-03-12T00:00:00.000Z'],
    ['ru', '9 ноября 2022 г., 14:30', '2022-11-09T14:30:00.000Z'],
    ['ru', 'Ноябрь 2022', '2022-11-01T00:00:00.000Z'],
    // Three-letter Cyrillic abbreviations as RSS generators write them (ICU's own is «нояб.»).
    ['ru', 'Пн, 24 ноя 2026 14:05:00 +0300', '2026-11-24T11:05:00.000Z'],
    ['ru', '3 сен 2026', '2026-09-03T00:00:00.000Z'],
    ['uk', '24 лис 2026', '2026-11-24T00:00:00.000Z'],
    ['tr', '9 Kasım 2022 Çarşamba 14:30', '2022-11-09T14:30:00.000Z'],
    ['tr', '9 KASIM 2022', '2022-11-09T00:00:00.000Z'],
    ['el', 'Τετάρτη, 9 Νοεμβρίου 2022', '2022-11-09T00:00:00.000Z'],
    ['el', 'Κυρ, 11 Ιούλ 2004 12:00:00 EST', '2004-07-11T17:00:00.000Z'],
    ['hu', '2022. november 9., szerda 14:30', '2022-11-09T14:30:00.000Z'],
    ['hu', '2004-július-13T9:15-05:00', '2004-07-13T14:15:00.000Z'],
    ['pl', '9 listopada 2022 r., 14:30', '2022-11-09T14:30:00.000Z'],
    ['pl', 'listopad 2022', '2022-11-01T00:00:00.000Z'],
    ['el', '12 Μαΐου 2022', '2022-05-12T00:00:00.000Z'],
    ['zh', '2022年11月9日 星期三 14:30', '2022-11-09T14:30:00.000Z'],
    ['zh', '2022年11月9日 下午2:30', '2022-11-09T14:30:00.000Z'],
    ['ja', '2022年11月9日(水) 14時30分', '2022-11-09T14:30:00.000Z'],
    ['ko', '2022년 11월 9일 수요일 오후 2:30', '2022-11-09T14:30:00.000Z'],
    ['ko', '2004-05-25 오후 11:23:17', '2004-05-25T23:23:17.000Z'],
  ])('reads %s: %s', (_language, input, expected) => {
    expect(iso(input)).toBe(expected);
  });
});

describe('parseDate: zones and rejection', () => {
  it('uses the feed timezone when the text has none, and UTC otherwise', () => {
    // Istanbul is UTC+3 all year since 2016; New York was on EST (UTC-5) on 9 Nov 2022.
    expect(iso('9 Kasım 2022 14:30', 'Europe/Istanbul')).toBe('2022-11-09T11:30:00.000Z');
    expect(iso('2022-11-09 14:30', 'America/New_York')).toBe('2022-11-09T19:30:00.000Z');
    expect(iso('2022-07-09 14:30', 'America/New_York')).toBe('2022-07-09T18:30:00.000Z');
    expect(iso('2022-11-09 14:30')).toBe('2022-11-09T14:30:00.000Z');
    // An explicit zone beats the feed's.
    expect(iso('2022-11-09T14:30:00+01:00', 'Europe/Istanbul')).toBe('2022-11-09T13:30:00.000Z');
  });

  it('keeps a date without time on its calendar day whatever the feed timezone', () => {
    expect(parseDate('9 Kasım 2022', { timezone: 'Europe/Istanbul' })).toEqual({
      iso: '2022-11-09T00:00:00.000Z',
      precision: 'day',
    });
  });

  it.each([
    'Feb 30 2022',
    '30 February 2022',
    '2022-02-29',
    '2022-13-01',
    '31.04.2022',
    '2022-01-01T25:00:00Z',
    'Wed, 09 Nov 2022 10:61:00 GMT',
    'Wed, 09 Nov 2022 25:00:00 GMT',
    'Nov 9',
    'yesterday',
    'Wed, 09 Blah 2022 10:00:00 GMT',
    '',
    '13 PM 9 Nov 2022',
  ])('rejects the impossible or incomplete date %j', (input) => {
    expect(parseDate(input)).toBeUndefined();
  });

  it('accepts 29 February in a leap year', () => {
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('parseDate: numeric order by region, Japanese eras, full-width digits', () => {
  it('reads an ambiguous numeric date month first only where the region writes it so', () => {
    expect(parseDate('7/11/2022', { locale: 'en-US' })).toEqual({
      iso: '2022-07-11T00:00:00.000Z',
      precision: 'day',
    });
    expect(iso('7/11/2022 14:05', { locale: 'en_us' })).toBe('2022-07-11T14:05:00.000Z');
    expect(iso('7/11/2022', { locale: 'en-PH' })).toBe('2022-07-11T00:00:00.000Z');
    // Day first: other English regions, a bare language, no locale at all.
    expect(iso('7/11/2022', { locale: 'en-GB' })).toBe('2022-11-07T00:00:00.000Z');
    expect(iso('7/11/2022', { locale: 'en-IN' })).toBe('2022-11-07T00:00:00.000Z');
    expect(iso('7/11/2022', { locale: 'en' })).toBe('2022-11-07T00:00:00.000Z');
    expect(iso('7/11/2022')).toBe('2022-11-07T00:00:00.000Z');
    expect(iso('07.11.2022', { locale: 'de-DE' })).toBe('2022-11-07T00:00:00.000Z');
  });

  it('lets a part over 12 decide the order whatever the region', () => {
    expect(iso('13/11/2022', { locale: 'en-US' })).toBe('2022-11-13T00:00:00.000Z');
    expect(iso('11/13/2022', { locale: 'en-GB' })).toBe('2022-11-13T00:00:00.000Z');
    expect(iso('11/13/2022')).toBe('2022-11-13T00:00:00.000Z');
    // Year first is year first everywhere.
    expect(iso('2022/11/07', { locale: 'en-US' })).toBe('2022-11-07T00:00:00.000Z');
  });

  it('still refuses a numeric date that is impossible in both orders', () => {
    expect(parseDate('13/13/2022', { locale: 'en-US' })).toBeUndefined();
    expect(parseDate('31/02/2022')).toBeUndefined();
  });

  it.each([
    ['令和4年11月9日', '2022-11-09T00:00:00.000Z'],
    ['令和元年5月1日', '2019-05-01T00:00:00.000Z'],
    ['平成31年4月30日', '2019-04-30T00:00:00.000Z'],
    ['平成元年1月8日', '1989-01-08T00:00:00.000Z'],
    ['昭和64年1月7日', '1989-01-07T00:00:00.000Z'],
    ['令和４年１１月９日', '2022-11-09T00:00:00.000Z'],
    ['令和 4 年 11 月 9 日', '2022-11-09T00:00:00.000Z'],
    ['２０２２年１１月９日', '2022-11-09T00:00:00.000Z'],
    ['2022年11月9日', '2022-11-09T00:00:00.000Z'],
  ])('reads the Japanese or Chinese calendar date %s', (input, expected) => {
    expect(parseDate(input)).toEqual({ iso: expected, precision: 'day' });
  });

  it('reads an era date with its time in the feed timezone', () => {
    expect(iso('令和4年11月9日 15時30分', { timezone: 'Asia/Tokyo' })).toBe('2022-11-09T06:30:00.000Z');
  });

  it('refuses an era year that is not a number', () => {
    expect(parseDate('令和四年11月9日')).toBeUndefined();
  });
});

describe('parseDate: spellings seen on ministry sites', () => {
  it.each([
    ['a dash between date and time (tr)', 'Çarşamba, 9 Kasım 2022 - 14:30', '2022-11-09T11:30:00.000Z'],
    ['a dash between date and time (en)', 'Wednesday, November 9, 2022 – 14:30', '2022-11-09T11:30:00.000Z'],
    ['spaced dotted numbers (cs)', '9. 11. 2022', '2022-11-09T00:00:00.000Z'],
    ['a full-width weekday in brackets (ja)', '令和4年11月9日（水）', '2022-11-09T00:00:00.000Z'],
    ['Arabic month and Arabic-Indic digits', '٩ نوفمبر ٢٠٢٢', '2022-11-09T00:00:00.000Z'],
    ['Arabic weekday and comma', 'الأربعاء، 9 نوفمبر 2022', '2022-11-09T00:00:00.000Z'],
    ['a two-word Levantine month', '9 تشرين الثاني 2022', '2022-11-09T00:00:00.000Z'],
    ['a one-word Levantine month', '3 آب 2022', '2022-08-03T00:00:00.000Z'],
    ['East Africa Time', '09 November 2022 14:30:00 EAT', '2022-11-09T11:30:00.000Z'],
  ])('reads %s: %s', (_what, input, expected) => {
    expect(iso(input, 'Europe/Istanbul')).toBe(expected);
  });

  it('still reads a zone offset written after the time with spaces as an offset, not as a separator', () => {
    expect(iso('Wed, 09 Nov 2022 14:30:00 -0300')).toBe('2022-11-09T17:30:00.000Z');
  });
});

describe('a zone written in parentheses', () => {
  // Worked by hand: 10:30 at UTC+7 is 03:30 UTC; 10:30 at UTC+3 is 07:30 UTC; WIB is Jakarta, UTC+7.
  it.each([
    ['26/11/2026 - 10:30 (GMT+7)', '2026-11-26T03:30:00.000Z'],
    ['Thứ Năm, 26/11/2026 10:30 (GMT+7)', '2026-11-26T03:30:00.000Z'],
    ['26.11.2026 10:30 (UTC+03:00)', '2026-11-26T07:30:00.000Z'],
    ['26/11/2026 10:30 (WIB)', '2026-11-26T03:30:00.000Z'],
    ['26/11/2026 10:30 (+0700)', '2026-11-26T03:30:00.000Z'],
  ])('%s is read in that zone, not the feed’s', (input, iso) => {
    // The feed's zone (Europe/Paris, UTC+1 in November) would give 09:30 UTC: the written zone wins.
    expect(parseDate(input, { timezone: 'Europe/Paris' })).toEqual({ iso, precision: 'time' });
  });

  it('drops any other aside, and a zone alone does not give a date a time', () => {
    expect(parseDate('26/11/2026 10:30 (updated)', {})).toEqual({
      iso: '2026-11-26T10:30:00.000Z',
      precision: 'time',
    });
    expect(parseDate('26/11/2026 (GMT+7)', {})).toEqual({
      iso: '2026-11-26T00:00:00.000Z',
      precision: 'day',
    });
  });
});
