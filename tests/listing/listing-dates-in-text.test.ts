/**
 * A listing item's date inside a longer line ("تاریخ انتشار: ۵ آذر ۱۴۰۵"): the fallback that cuts the
 * date out of the text reads Persian, Arabic-Indic and Thai digits and non-Latin month names, and
 * still takes no lone number for a date. Expected values worked out by hand:
 *  - 1 Farvardin 1405 = 21 March 2026; Farvardin…Aban are 6×31 + 2×30 = 246 days, so 1 Azar 1405 =
 *    21 March + 246 days = 22 November 2026 and 5 Azar = 26 November 2026.
 *  - Thai พ.ย. is November; 2569 B.E. − 543 = 2026.
 *  - Vietnamese writes day first: 26/11/2026 is 26 November.
 *  - Tehran is UTC+03:30 all year (no daylight saving since 2022): 10:30 there is 07:00Z.
 */
import { describe, expect, it } from 'vitest';
import { parseListing } from '../../lambdas/shared/listing/parse-listing';

const li = (href: string, date: string) =>
  `<li><a href="${href}">${href}</a><span class="date">${date}</span></li>`;

function read(lang: string | undefined, items: string, timezone?: string, locale?: string) {
  const html = `<!DOCTYPE html><html${lang ? ` lang="${lang}"` : ''}><head><title>Press</title></head><body><ul>${items}</ul></body></html>`;
  const parsed = parseListing(
    html,
    { item: 'li', link: 'a', date: 'span.date' },
    {
      url: 'https://mfa.example/news/',
      ...(timezone ? { timezone } : {}),
      ...(locale ? { locale } : {}),
    },
  );
  return {
    dates: parsed.items.map((i) => [
      (i.url ?? '').replace('https://mfa.example/news/', ''),
      i.publishedAt,
      i.datePrecision ?? 'time',
    ]),
    warnings: parsed.warnings,
  };
}

describe('listing dates inside longer text, in other scripts and calendars', () => {
  it('reads the three dates from the brief: Persian, Vietnamese and Thai datelines', () => {
    expect(read('fa', li('fa', 'تاریخ انتشار: ۵ آذر ۱۴۰۵'))).toEqual({
      dates: [['fa', '2026-11-26T00:00:00.000Z', 'day']],
      warnings: [],
    });
    expect(read('vi', li('vi', 'Ngày đăng: 26/11/2026'))).toEqual({
      dates: [['vi', '2026-11-26T00:00:00.000Z', 'day']],
      warnings: [],
    });
    expect(read('th', li('th', 'วันที่ 26 พ.ย. 2569'))).toEqual({
      dates: [['th', '2026-11-26T00:00:00.000Z', 'day']],
      warnings: [],
    });
  });

  it('cuts the date out of surrounding words, whatever digits it is written in', () => {
    const items =
      li('a', 'خبر | تاریخ انتشار: ۱۴۰۵/۰۹/۰۵ | بازدید') +
      li('b', 'نُشر في: ٢٦ نوفمبر ٢٠٢٦ - الأخبار') +
      li('c', 'ข่าวประชาสัมพันธ์ วันที่ ๒๖ พ.ย. ๒๕๖๙ กระทรวงการต่างประเทศ') +
      li('d', 'Tin tức - Ngày 26 tháng 11 năm 2026 - Bộ Ngoại giao');
    expect(read(undefined, items).dates).toEqual([
      ['a', '2026-11-26T00:00:00.000Z', 'day'],
      ['b', '2026-11-26T00:00:00.000Z', 'day'],
      ['c', '2026-11-26T00:00:00.000Z', 'day'],
      ['d', '2026-11-26T00:00:00.000Z', 'day'],
    ]);
  });

  it('keeps the time written after the date, in the registry’s zone', () => {
    const items =
      li('a', 'تاریخ انتشار: ۵ آذر ۱۴۰۵ - ۱۰:۳۰') + li('b', 'تاریخ انتشار: ۵ آذر ۱۴۰۵ - ساعت ۱۰:۳۰');
    expect(read('fa', items, 'Asia/Tehran').dates).toEqual([
      ['a', '2026-11-26T07:00:00.000Z', 'time'],
      ['b', '2026-11-26T07:00:00.000Z', 'time'],
    ]);
    // Ho Chi Minh City is UTC+7: 10:30 there is 03:30Z.
    expect(read('vi', li('a', 'Ngày đăng: 26/11/2026 lúc 10:30'), 'Asia/Ho_Chi_Minh').dates).toEqual([
      ['a', '2026-11-26T03:30:00.000Z', 'time'],
    ]);
  });

  it('keeps the day when the time after it is not a time', () => {
    expect(read('en', li('a', 'Published: 24.11.2026 - 24:30 | News')).dates).toEqual([
      ['a', '2026-11-24T00:00:00.000Z', 'day'],
    ]);
  });

  it('reads an ASCII 1405/09/05 inside text as Solar Hijri only on a Persian page', () => {
    const item = li('a', 'تاریخ انتشار: 1405/09/05');
    expect(read('fa', item).dates).toEqual([['a', '2026-11-26T00:00:00.000Z', 'day']]);
    // The same line on an English page: the year is what it says (a 1405 date, not 2026).
    expect(read('en', li('a', 'Posted on 1405/09/05')).dates).toEqual([
      ['a', '1405-09-05T00:00:00.000Z', 'day'],
    ]);
  });

  it('reads ASCII dates in text as Solar Hijri when the registry says Persian and the page says nothing', () => {
    expect(read(undefined, li('a', 'تاریخ انتشار: 1405/09/05'), undefined, 'fa-IR').dates).toEqual([
      ['a', '2026-11-26T00:00:00.000Z', 'day'],
    ]);
  });

  it('keeps the Gregorian half of a double date inside a line', () => {
    // The halves disagree on purpose, so the result shows which half was read: 26 November, the one
    // after الموافق. 15 Jumada al-Ula 1448 is 26 October 2026 in Umm al-Qura (1 Ramadan 1447 = 18
    // February 2026, eight months of 29–30 days on is 8–16 October, + 14 days; ICU's
    // islamic-umalqura calendar, Intl.DateTimeFormat, prints 2026-10-26 as "Jumada I 15, 1448 AH").
    const line = 'صدر في: الأربعاء 15 جمادى الأولى 1448هـ الموافق 26 نوفمبر 2026م - وزارة الخارجية';
    expect(read('ar', li('a', line)).dates).toEqual([['a', '2026-11-26T00:00:00.000Z', 'day']]);
    // A Hijri date alone in a line is converted.
    expect(read('ar', li('a', 'صدر في: 15 جمادى الأولى 1448هـ - وزارة الخارجية')).dates).toEqual([
      ['a', '2026-10-26T00:00:00.000Z', 'day'],
    ]);
  });

  it('takes no number in plain text for a date: the item stays undated, with a warning', () => {
    const items = li('a', 'بازدید: ۱۲۳۴ نفر') + li('b', 'ผู้เข้าชม ๒๕๖๙ ครั้ง') + li('c', 'Lượt xem: 26 11 2026');
    expect(read(undefined, items)).toEqual({
      dates: [
        ['a', undefined, 'time'],
        ['b', undefined, 'time'],
        ['c', undefined, 'time'],
      ],
      warnings: [
        'item 1: date "بازدید: ۱۲۳۴ نفر" is not a date',
        'item 2: date "ผู้เข้าชม ๒๕๖๙ ครั้ง" is not a date',
        'item 3: date "Lượt xem: 26 11 2026" is not a date',
      ],
    });
  });
});
