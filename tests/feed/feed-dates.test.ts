/**
 * Dates as feeds and listing pages carry them, on their way to the article record: the document's
 * region orders numeric dates, a bare day stays a day (not 00:00 UTC), Japanese era dates, and a
 * truncated document says which items it cut.
 */
import { describe, expect, it } from 'vitest';
import { normalizeDocument } from '../../lambdas/shared/article/normalize';
import { parseFeed } from '../../lambdas/shared/feed/parse-feed';
import type { FeedItem } from '../../lambdas/shared/feed/types';
import { parseListing } from '../../lambdas/shared/listing/parse-listing';

const rss = (language: string, items: string) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><link>https://ministry.example/</link>${language ? `<language>${language}</language>` : ''}${items}</channel></rss>`;
const item = (link: string, date: string, extra = '') =>
  `<item><title>${link}</title><link>https://ministry.example/${link}</link><pubDate>${date}</pubDate>${extra}</item>`;
const dates = (xml: string) =>
  parseFeed(xml).items.map((i) => [i.title, i.publishedAt, i.datePrecision ?? 'time']);

describe('numeric dates in feeds follow the feed’s language and region', () => {
  it('reads 11/7/2022 month first in an en-US feed and day first in an en-GB or undeclared one', () => {
    const items = item('a', '11/7/2022') + item('b', '7/11/2022 09:30');
    expect(dates(rss('en-US', items))).toEqual([
      ['a', '2022-11-07T00:00:00.000Z', 'day'],
      ['b', '2022-07-11T09:30:00.000Z', 'time'],
    ]);
    expect(dates(rss('en-GB', items))).toEqual([
      ['a', '2022-07-11T00:00:00.000Z', 'day'],
      ['b', '2022-11-07T09:30:00.000Z', 'time'],
    ]);
    expect(dates(rss('', items))).toEqual([
      ['a', '2022-07-11T00:00:00.000Z', 'day'],
      ['b', '2022-11-07T09:30:00.000Z', 'time'],
    ]);
  });

  it('takes the registry’s region over the feed’s (a CMS default is no evidence), the feed’s without one', () => {
    const items = item('a', '11/7/2022');
    const withLocale = (xml: string, locale?: string) =>
      parseFeed(xml, locale ? { locale } : {}).items.map((i) => i.publishedAt);
    // A U.S. source: month first whatever the feed declares.
    expect(withLocale(rss('', items), 'en-US')).toEqual(['2022-11-07T00:00:00.000Z']);
    expect(withLocale(rss('en', items), 'en-US')).toEqual(['2022-11-07T00:00:00.000Z']);
    expect(withLocale(rss('en-GB', items), 'en-US')).toEqual(['2022-11-07T00:00:00.000Z']);
    // A Kenyan ministry's WordPress feed says en-US (WordPress's default): the registry's KE is day first.
    expect(withLocale(rss('en-US', items), 'en-KE')).toEqual(['2022-07-11T00:00:00.000Z']);
    // No region in the registry (a media source): the feed's own region decides.
    expect(withLocale(rss('en-US', items), 'en')).toEqual(['2022-11-07T00:00:00.000Z']);
    expect(withLocale(rss('en-GB', items), 'en')).toEqual(['2022-07-11T00:00:00.000Z']);
  });

  it('lets an item’s own dc:language override the channel’s', () => {
    const xml = rss('en-US', item('a', '11/7/2022', '<dc:language>fr-FR</dc:language>'));
    expect(dates(xml)).toEqual([['a', '2022-07-11T00:00:00.000Z', 'day']]);
  });
});

describe('date precision on feed items', () => {
  it('marks a bare day or month, and leaves a date with a time unmarked', () => {
    const xml = rss(
      'ja',
      item('day', '令和4年11月9日') +
        item('month', '2022年11月') +
        item('time', '2022-11-09T18:00:00+09:00') +
        '<item><title>none</title><link>https://ministry.example/none</link></item>',
    );
    expect(parseFeed(xml).items.map((i) => [i.title, i.publishedAt, i.datePrecision])).toEqual([
      ['day', '2022-11-09T00:00:00.000Z', 'day'],
      ['month', '2022-11-01T00:00:00.000Z', 'month'],
      ['time', '2022-11-09T09:00:00.000Z', undefined],
      ['none', undefined, undefined],
    ]);
  });

  it('keeps a feed item’s bare day a day in the article record', () => {
    const normalized = (item: Partial<FeedItem>) =>
      normalizeDocument(
        {
          bytes: new TextEncoder().encode(
            JSON.stringify({
              url: 'https://ministry.example/a',
              title: 'Visit to Astana',
              contentText: 'The minister visited Astana and met his counterpart to discuss trade and energy.',
              authors: [],
              categories: [],
              ...item,
            }),
          ),
          contentType: 'application/json',
          sourceId: 'ministry',
        },
        { now: () => new Date('2026-11-25T12:00:00Z') },
      );
    const day = normalized({ publishedAt: '2022-11-09T00:00:00.000Z', datePrecision: 'day' });
    expect([day.publishedAt, day.datePrecision]).toEqual(['2022-11-09T00:00:00.000Z', 'day']);
    // Without the mark, midnight UTC is a time like any other.
    const midnight = normalized({ publishedAt: '2022-11-09T00:00:00.000Z' });
    expect([midnight.publishedAt, midnight.datePrecision]).toEqual(['2022-11-09T00:00:00.000Z', 'time']);
  });
});

describe('listing pages', () => {
  it('reads era dates with full-width digits, marks them as days, and orders numeric dates by the page’s region', () => {
    const html = `<html lang="ja"><body><ul>
<li><span class="date">令和４年１１月７日</span><a href="./r1.html">one</a></li>
<li><span class="date">令和元年5月1日</span><a href="./r2.html">two</a></li>
</ul></body></html>`;
    const parsed = parseListing(
      html,
      { item: 'li', link: 'a', date: 'span.date' },
      { url: 'https://mofa.example/press/' },
    );
    expect(parsed.items.map((i) => [i.url, i.publishedAt, i.datePrecision])).toEqual([
      ['https://mofa.example/press/r1.html', '2022-11-07T00:00:00.000Z', 'day'],
      ['https://mofa.example/press/r2.html', '2019-05-01T00:00:00.000Z', 'day'],
    ]);
    const us = `<html lang="en-US"><body><ul><li><span class="date">11/7/2022</span><a href="/a">a</a></li></ul></body></html>`;
    expect(
      parseListing(us, { item: 'li', link: 'a', date: 'span.date' }, { url: 'https://state.example/' })
        .items[0]?.publishedAt,
    ).toBe('2022-11-07T00:00:00.000Z');
  });
});

describe('truncated documents', () => {
  it('still returns what it read, and says the document and its last item were cut', () => {
    const whole = rss(
      'en',
      `${item('one', 'Mon, 07 Nov 2022 10:00:00 GMT')}<item><title>two</title><description>cut here</description></item>`,
    );
    const parsed = parseFeed(whole.slice(0, whole.indexOf('cut he') + 6));
    expect(parsed.items.map((i) => i.title)).toEqual(['one', 'two']);
    expect(parsed.truncated).toEqual({ cutItems: 1 });
  });

  it('counts no cut item when the document breaks off after its last item', () => {
    const whole = rss('en', item('one', 'Mon, 07 Nov 2022 10:00:00 GMT'));
    const parsed = parseFeed(whole.slice(0, whole.indexOf('</channel>')));
    expect(parsed.items).toHaveLength(1);
    expect(parsed.truncated).toEqual({ cutItems: 0 });
  });

  it('does not mark a complete document', () => {
    expect(parseFeed(rss('en', item('one', 'Mon, 07 Nov 2022 10:00:00 GMT'))).truncated).toBeUndefined();
  });
});
