/**
 * Persian, Thai and Unix-timestamp dates on the listing path: parseListing → parseDate, with the
 * page's <html lang> and the registry's zone. Expected values worked out by hand: 5 Azar 1405 =
 * 26 November 2026 (tests/dates/calendars.test.ts), Thai 2569 − 543 = 2026, and 1795000000 s =
 * 2026-11-18T11:06:40Z (tests/dates/parse-date-calendars.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseListing } from '../../lambdas/shared/listing/parse-listing';

const page = (lang: string, items: string) =>
  `<!DOCTYPE html><html lang="${lang}"><head><title>Press</title></head><body><ul>${items}</ul></body></html>`;
const li = (href: string, date: string) =>
  `<li><a href="${href}">${href}</a><span class="date">${date}</span></li>`;
const dated = (html: string, config: Record<string, string>, timezone?: string) =>
  parseListing(
    html,
    { item: 'li', link: 'a', ...config },
    { url: 'https://mfa.example/news/', ...(timezone ? { timezone } : {}) },
  ).items.map((i) => [
    (i.url ?? '').replace('https://mfa.example/news/', ''),
    i.publishedAt,
    i.datePrecision ?? 'time',
  ]);

describe('listing pages dated in other calendars', () => {
  it('reads a Persian page’s Solar Hijri dates, with Persian or ASCII digits', () => {
    const html = page('fa', li('a', '۵ آذر ۱۴۰۵') + li('b', '۱۴۰۵/۰۹/۰۵') + li('c', '1405/09/05'));
    expect(dated(html, { date: 'span.date' }, 'Asia/Tehran')).toEqual([
      ['a', '2026-11-26T00:00:00.000Z', 'day'],
      ['b', '2026-11-26T00:00:00.000Z', 'day'],
      ['c', '2026-11-26T00:00:00.000Z', 'day'],
    ]);
  });

  it('reads a Thai page’s Buddhist years', () => {
    const html = page('th', li('a', '26 พ.ย. 2569') + li('b', 'วันพฤหัสบดีที่ 26 พฤศจิกายน พ.ศ. 2569'));
    expect(dated(html, { date: 'span.date' })).toEqual([
      ['a', '2026-11-26T00:00:00.000Z', 'day'],
      ['b', '2026-11-26T00:00:00.000Z', 'day'],
    ]);
  });

  it('reads a data-timestamp attribute in seconds or milliseconds', () => {
    const html = page(
      'en',
      '<li><a href="a">a</a><span class="date" data-timestamp="1795000000">18 Nov</span></li>' +
        '<li><a href="b">b</a><span class="date" data-timestamp="1795000000000">18 Nov</span></li>',
    );
    expect(dated(html, { date: 'span.date', dateAttribute: 'data-timestamp' })).toEqual([
      ['a', '2026-11-18T11:06:40.000Z', 'time'],
      ['b', '2026-11-18T11:06:40.000Z', 'time'],
    ]);
  });
});
