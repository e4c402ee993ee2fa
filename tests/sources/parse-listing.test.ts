import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ListingError, parseListing } from '../../lambdas/shared/listing/parse-listing';

const page = (body: string, head = '') =>
  `<!DOCTYPE html><html lang="en"><head><title>News</title>${head}</head><body>${body}</body></html>`;

function failure(fn: () => unknown): ListingError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ListingError) return error;
    throw error;
  }
  throw new Error('expected a ListingError');
}

describe('parseListing', () => {
  it('resolves ./ links against the page URL and reads zone-less dates in the feed zone', () => {
    const html = page(`<ul class="list1">
      <li><a href="./202611/t20261124_1.shtml">First</a><div class="time"><span>2026-11-24 09:30</span></div></li>
      <li><a href="../other/t2.shtml">Second</a><div class="time"><span>2026-11-23 23:59</span></div></li>
    </ul>`);
    const parsed = parseListing(
      html,
      { item: 'ul.list1 > li', link: 'a', date: '.time span' },
      { url: 'https://www.mfa.gov.cn/web/wjdt_674879/wjbxw_674885/', timezone: 'Asia/Shanghai' },
    );
    expect(parsed.items.map((i) => [i.url, i.title, i.publishedAt])).toEqual([
      [
        'https://www.mfa.gov.cn/web/wjdt_674879/wjbxw_674885/202611/t20261124_1.shtml',
        'First',
        '2026-11-24T01:30:00.000Z',
      ],
      ['https://www.mfa.gov.cn/web/wjdt_674879/other/t2.shtml', 'Second', '2026-11-23T15:59:00.000Z'],
    ]);
    expect(parsed.feed).toMatchObject({
      format: 'listing',
      title: 'News',
      language: 'en',
      encoding: 'utf-8',
    });
    expect(parsed.warnings).toEqual([]);
  });

  it('resolves links against the page <base href> when it has one', () => {
    const html = page(
      '<div class="n"><a href="news/1">One</a></div>',
      '<base href="https://example.gov/en/">',
    );
    const parsed = parseListing(
      html,
      { item: 'div.n', link: 'a' },
      { url: 'https://example.gov/list?page=1' },
    );
    expect(parsed.items[0]?.url).toBe('https://example.gov/en/news/1');
  });

  it('fails with the selector and the page title when the item selector matches nothing', () => {
    const html =
      '<html><head><title>Technical Difficulties</title></head><body><p>Please try later.</p></body></html>';
    const error = failure(() =>
      parseListing(html, { item: 'div.news-item', link: 'a' }, { url: 'https://x.gov/' }),
    );
    expect(error.code).toBe('listing-no-match');
    expect(error.message).toBe(
      'selector div.news-item matched nothing on the page "Technical Difficulties": the page layout may have changed',
    );
  });

  it('hints at a script-built page when the body is an empty shell with scripts', () => {
    const html = '<html><body><div id="root"></div><script src="/app.js"></script></body></html>';
    const error = failure(() =>
      parseListing(html, { item: 'div.card-news-list__item', link: 'a' }, { url: 'https://www.gov.kz/' }),
    );
    expect(error.message).toContain('may be built by JavaScript');
  });

  it('fails on an empty body instead of returning no items', () => {
    expect(
      failure(() => parseListing('  \n', { item: 'li', link: 'a' }, { url: 'https://x.gov/' })).code,
    ).toBe('empty-body');
  });

  it('skips an item without a usable link with a warning, and fails when no item has one', () => {
    const html = page(`<ul>
      <li><a href="javascript:void(0)">Broken</a></li>
      <li><span>No link at all</span></li>
      <li><a href="/ok">Fine</a></li>
    </ul>`);
    const parsed = parseListing(html, { item: 'li', link: 'a' }, { url: 'https://x.gov/list' });
    expect(parsed.items.map((i) => i.url)).toEqual(['https://x.gov/ok']);
    expect(parsed.warnings).toEqual([
      'item 1: link "javascript:void(0)" is not a web address; item skipped',
      'item 2: selector a matched no link; item skipped',
    ]);
    const none = page('<ul><li><span>x</span></li><li><span>y</span></li></ul>');
    const error = failure(() => parseListing(none, { item: 'li', link: 'a' }, { url: 'https://x.gov/' }));
    expect(error.code).toBe('listing-no-links');
    expect(error.message).toBe('selector li matched 2 item(s) but none had a usable link (a)');
  });

  it('keeps one item per URL when a card links its article twice', () => {
    const html = page(
      `<div class="card"><a href="/n/7"><img src="x.jpg"></a><a class="t" href="/n/7#top">Title seven</a></div>`,
    );
    const parsed = parseListing(
      html,
      { item: 'div.card', link: 'a', title: 'a.t' },
      { url: 'https://x.gov/' },
    );
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]).toMatchObject({ url: 'https://x.gov/n/7', title: 'Title seven' });
  });

  it('uses the item itself as the link when the item is the anchor', () => {
    const html = page('<a class="news" href="/a/1" title="Statement on Sudan"><img src="p.jpg"></a>');
    const parsed = parseListing(html, { item: 'a.news', link: ':scope' }, { url: 'https://x.gov/' });
    // No text in the anchor: the title attribute is the title.
    expect(parsed.items[0]).toMatchObject({ url: 'https://x.gov/a/1', title: 'Statement on Sudan' });
  });

  it('reads a date from an attribute, and with an explicit format', () => {
    const html = page(
      `<article><a href="/1">A</a><time datetime="2026-11-20T10:00:00+05:00">20 Nov</time><p class="d">28.11.2022</p></article>`,
    );
    const byAttribute = parseListing(
      html,
      { item: 'article', link: 'a', date: 'time', dateAttribute: 'datetime' },
      { url: 'https://x.gov/' },
    );
    expect(byAttribute.items[0]?.publishedAt).toBe('2026-11-20T05:00:00.000Z');
    const byFormat = parseListing(
      html,
      { item: 'article', link: 'a', date: 'p.d', dateFormat: 'dd.MM.yyyy' },
      { url: 'https://x.gov/', timezone: 'Asia/Almaty' },
    );
    // A date without a time keeps its calendar day, as the feed date parser does.
    expect(byFormat.items[0]?.publishedAt).toBe('2022-11-28T00:00:00.000Z');
  });

  it('keeps an item whose date cannot be read, without a date and with a warning', () => {
    const html = page('<li><a href="/1">A</a><span class="d">yesterday</span></li>');
    const parsed = parseListing(html, { item: 'li', link: 'a', date: 'span.d' }, { url: 'https://x.gov/' });
    expect(parsed.items[0]?.publishedAt).toBeUndefined();
    expect(parsed.warnings).toEqual(['item 1: date "yesterday" is not a date']);
  });

  it('decodes a windows-1251 page from its bytes and takes the registry language when the page has none', () => {
    const html = `<html><head><meta charset="windows-1251"><title>Новости</title></head><body>
      <div class="card-news-list__item"><a href="/memleket/entities/mfa/press/news/details/1043?lang=ru">Брифинг официального представителя МИД</a>
      <span class="summary">О визите в Астану</span></div></body></html>`;
    const parsed = parseListing(
      iconv.encode(html, 'windows-1251'),
      { item: 'div.card-news-list__item', link: 'a', summary: '.summary' },
      { url: 'https://www.gov.kz/memleket/entities/mfa/press/news/1?lang=ru', language: 'ru' },
    );
    expect(parsed.feed.encoding).toBe('windows-1251');
    expect(parsed.items[0]).toMatchObject({
      url: 'https://www.gov.kz/memleket/entities/mfa/press/news/details/1043?lang=ru',
      title: 'Брифинг официального представителя МИД',
      summary: 'О визите в Астану',
      language: 'ru',
    });
  });

  it('finds the anchor inside or around an element the link selector lands on', () => {
    const html = page(`<div class="item"><div class="title"><a href="/a/1">Inside</a></div></div>
      <div class="item"><a href="/a/2"><span class="title">Around</span></a></div>`);
    const parsed = parseListing(html, { item: 'div.item', link: '.title' }, { url: 'https://x.gov/' });
    expect(parsed.items.map((i) => [i.url, i.title])).toEqual([
      ['https://x.gov/a/1', 'Inside'],
      ['https://x.gov/a/2', 'Around'],
    ]);
  });

  it('reads a date written inside other words', () => {
    const html = page(`<ul>
      <li><a href="/1">A</a><span class="d">发布时间：2026-11-24 10:30</span></li>
      <li><a href="/2">B</a><span class="d">Published: 24.11.2026</span></li>
      <li><a href="/3">C</a><span class="d">[2026-11-20]</span></li>
      <li><a href="/4">D</a><span class="d">Posted on November 19, 2026</span></li>
    </ul>`);
    const parsed = parseListing(
      html,
      { item: 'li', link: 'a', date: '.d' },
      { url: 'https://x.gov/', timezone: 'Asia/Shanghai' },
    );
    expect(parsed.items.map((i) => i.publishedAt)).toEqual([
      // 10:30 in Beijing is 02:30 UTC; the dates without a time keep their calendar day.
      '2026-11-24T02:30:00.000Z',
      '2026-11-24T00:00:00.000Z',
      '2026-11-20T00:00:00.000Z',
      '2026-11-19T00:00:00.000Z',
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('takes a <time datetime> in the item when no date selector is configured', () => {
    const html = page(
      '<article><a href="/1">A</a><time datetime="2026-11-24T08:00:00Z">Tuesday</time></article>',
    );
    const parsed = parseListing(html, { item: 'article', link: 'a' }, { url: 'https://x.gov/' });
    expect(parsed.items[0]?.publishedAt).toBe('2026-11-24T08:00:00.000Z');
  });
});
