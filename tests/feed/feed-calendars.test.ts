/**
 * Persian, Thai and Hijri dates on the feed path: parseFeed → map-feed → parseDate, with the feed's
 * <language> and the registry's zone. Expected instants worked out by hand: 5 Azar 1405 = 26 November
 * 2026 (see tests/dates/calendars.test.ts), Thai 2569 − 543 = 2026, 1 Ramadan 1447 = 18 February 2026;
 * 10:30 in Tehran (UTC+03:30) is 07:00Z, 10:30 in Bangkok (UTC+7) is 03:30Z.
 */
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../lambdas/shared/feed/parse-feed';

const rss = (language: string, items: string) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>MFA</title><link>https://mfa.example/</link><language>${language}</language>${items}</channel></rss>`;
const item = (link: string, date: string) =>
  `<item><title>${link}</title><link>https://mfa.example/${link}</link><pubDate>${date}</pubDate></item>`;
const dates = (xml: string, timezone?: string) =>
  parseFeed(xml, timezone ? { timezone } : {}).items.map((i) => [
    i.title,
    i.publishedAt,
    i.datePrecision ?? 'time',
  ]);

describe('feed items dated in other calendars', () => {
  it('reads a Persian feed’s Solar Hijri dates, ASCII-digit ones too, in the feed’s zone', () => {
    const xml = rss(
      'fa',
      item('a', '۵ آذر ۱۴۰۵') + item('b', '۱۴۰۵/۰۹/۰۵ - ۱۰:۳۰') + item('c', '1405/09/05 10:30'),
    );
    expect(dates(xml, 'Asia/Tehran')).toEqual([
      ['a', '2026-11-26T00:00:00.000Z', 'day'],
      ['b', '2026-11-26T07:00:00.000Z', 'time'],
      ['c', '2026-11-26T07:00:00.000Z', 'time'],
    ]);
  });

  it('reads ASCII 1405/09/05 as written when the feed is not Persian', () => {
    expect(dates(rss('en', item('c', '1405/09/05')))).toEqual([['c', '1405-09-05T00:00:00.000Z', 'day']]);
  });

  it('reads a Thai feed’s Buddhist years, and a Thai-language numeric date', () => {
    const xml = rss(
      'th',
      item('a', '26 พ.ย. 2569 10:30') + item('b', '26/11/2569') + item('c', '26 พฤศจิกายน 2026'),
    );
    expect(dates(xml, 'Asia/Bangkok')).toEqual([
      ['a', '2026-11-26T03:30:00.000Z', 'time'],
      ['b', '2026-11-26T00:00:00.000Z', 'day'],
      ['c', '2026-11-26T00:00:00.000Z', 'day'],
    ]);
  });

  it('keeps the Gregorian half of an Arabic double date, and reads a Hijri-only one', () => {
    const xml = rss(
      'ar',
      item('a', 'الأربعاء 15 جمادى الأولى 1448هـ الموافق 26 نوفمبر 2026م') + item('b', '1 رمضان 1447 هـ'),
    );
    expect(dates(xml)).toEqual([
      ['a', '2026-11-26T00:00:00.000Z', 'day'],
      ['b', '2026-02-18T00:00:00.000Z', 'day'],
    ]);
  });
});
