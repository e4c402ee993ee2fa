/**
 * The feed path reads item dates in the feed's locale: the item's dc:language, else the channel's
 * <language>, else the registry's locale (the feed's language in its source's country), which
 * fetch-feed passes as `locale`. Expected values worked out by hand:
 *  - 5 Azar 1405 = 26 November 2026 (1 Farvardin 1405 = 21 March 2026, + 6×31 + 2×30 + 4 days).
 *  - Tehran is UTC+03:30 (no daylight saving since 2022): 10:30 there is 07:00Z.
 *  - Thai ๒๖/๑๑/๒๕๖๙ is 26/11/2569 B.E.; 2569 − 543 = 2026.
 *  - Ho Chi Minh City is UTC+7: 10:30 there is 03:30Z.
 */
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../lambdas/shared/feed/parse-feed';

const rss = (channelExtra: string, items: string) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>MFA</title><link>https://mfa.example/</link>${channelExtra}${items}</channel></rss>`;
const item = (link: string, date: string, extra = '') =>
  `<item><title>${link}</title><link>https://mfa.example/${link}</link><pubDate>${date}</pubDate>${extra}</item>`;
const dates = (xml: string, opts: { timezone?: string; locale?: string } = {}) =>
  parseFeed(xml, opts).items.map((i) => [i.title, i.publishedAt, i.datePrecision ?? 'time']);

describe('feed item dates in the registry’s locale', () => {
  it('reads ASCII Solar Hijri dates of an undeclared feed from a Persian source (fa-IR)', () => {
    const xml = rss('', item('a', '1405/09/05 10:30') + item('b', '1405/09/05'));
    expect(dates(xml, { locale: 'fa-IR', timezone: 'Asia/Tehran' })).toEqual([
      ['a', '2026-11-26T07:00:00.000Z', 'time'],
      ['b', '2026-11-26T00:00:00.000Z', 'day'],
    ]);
    // Without the registry's locale nothing says Persian: the year is read as written.
    expect(dates(xml)).toEqual([
      ['a', '1405-09-05T10:30:00.000Z', 'time'],
      ['b', '1405-09-05T00:00:00.000Z', 'day'],
    ]);
  });

  it('lets an item’s dc:language fa make its date Solar Hijri inside an English feed', () => {
    const xml = rss(
      '<language>en</language>',
      item('fa', '1405/09/05', '<dc:language>fa</dc:language>') + item('en', '1405/09/05'),
    );
    expect(dates(xml)).toEqual([
      ['fa', '2026-11-26T00:00:00.000Z', 'day'],
      ['en', '1405-09-05T00:00:00.000Z', 'day'],
    ]);
  });

  it('reads a Thai feed’s Thai-digit numeric date as a Buddhist year', () => {
    expect(dates(rss('<language>th</language>', item('a', '๒๖/๑๑/๒๕๖๙')))).toEqual([
      ['a', '2026-11-26T00:00:00.000Z', 'day'],
    ]);
  });

  it('reads a Vietnamese weekday, day-first date and time in the feed’s zone', () => {
    const xml = rss('<language>vi</language>', item('a', 'Thứ Năm, 26/11/2026 10:30'));
    expect(dates(xml, { timezone: 'Asia/Ho_Chi_Minh', locale: 'vi-VN' })).toEqual([
      ['a', '2026-11-26T03:30:00.000Z', 'time'],
    ]);
  });
});
