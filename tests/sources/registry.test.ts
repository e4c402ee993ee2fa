import { describe, expect, it } from 'vitest';
import {
  feedsOf,
  findFeed,
  isListing,
  loadRegistry,
  RegistryError,
  sourceCountryOf,
} from '../../lambdas/shared/sources/registry';

/** A valid two-source registry; each test breaks one thing in a copy. */
function sample(): { sources: Array<Record<string, unknown> & { feeds: Array<Record<string, unknown>> }> } {
  return {
    sources: [
      {
        id: 'tr-mfa',
        name: 'Republic of Türkiye Ministry of Foreign Affairs',
        kind: 'ministry',
        country: 'TR',
        feeds: [
          {
            id: 'tr-mfa-press-en',
            url: 'https://www.mfa.gov.tr/en.rss.mfa?ad9093da-8e71-4678-a1b6-05f297baadc4',
            language: 'en',
            fullText: 'page',
            pollMinutes: 30,
            timezone: 'Europe/Istanbul',
          },
        ],
      },
      {
        id: 'cn-mfa',
        name: "Ministry of Foreign Affairs of the People's Republic of China",
        kind: 'ministry',
        country: 'CN',
        feeds: [
          {
            id: 'cn-mfa-news-zh',
            url: 'https://www.mfa.gov.cn/web/wjdt_674879/wjbxw_674885/',
            language: 'zh',
            fullText: 'page',
            pollMinutes: 60,
            timezone: 'Asia/Shanghai',
            format: 'listing',
            listing: { item: 'ul.list1 > li', link: 'a', date: '.time span' },
          },
          {
            id: 'cn-mfa-news-en',
            url: 'https://www.mfa.gov.cn/eng/xw/',
            language: 'en',
            fullText: 'page',
            pollMinutes: 60,
            timezone: 'Asia/Shanghai',
            format: 'listing',
            listing: { item: 'ul.list1 > li', link: 'a' },
          },
        ],
      },
    ],
  };
}

function errorOf(input: unknown): RegistryError {
  try {
    loadRegistry(input);
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected the registry to be refused');
}

describe('loadRegistry', () => {
  it('accepts a valid registry and fills the documented defaults', () => {
    const registry = loadRegistry(JSON.stringify(sample()));
    const feed = registry.sources[0]?.feeds[0];
    expect(feed?.enabled).toBe(true);
    expect(feed?.maxAgeDays).toBe(30);
    expect(feed?.format).toBeUndefined();
  });

  it('keeps maxAgeDays null, which means every item on the first fetch', () => {
    const input = sample();
    input.sources[0]!.feeds[0]!.maxAgeDays = null;
    expect(loadRegistry(input).sources[0]?.feeds[0]?.maxAgeDays).toBeNull();
  });

  it('names the entry by position and id when a time zone is not an IANA zone', () => {
    const input = sample();
    input.sources[1]!.feeds[1]!.timezone = 'Asia/Bejing';
    const error = errorOf(input);
    expect(error.issues).toEqual([
      'sources[1].feeds[1] (cn-mfa-news-en): timezone "Asia/Bejing" is not an IANA time zone',
    ]);
    expect(error.message).toBe(error.issues[0]);
  });

  it('refuses an unknown key, so a typo cannot silently fall back to a default', () => {
    const input = sample();
    input.sources[0]!.feeds[0]!.pollMinute = 10;
    expect(errorOf(input).issues).toEqual([
      'sources[0].feeds[0] (tr-mfa-press-en): unknown key "pollMinute"',
    ]);
  });

  it('refuses an unknown key at the top level too', () => {
    expect(errorOf({ ...sample(), version: 2 }).issues).toEqual(['sources file: unknown key "version"']);
  });

  it('requires a country for a ministry but not for a media source', () => {
    const input = sample();
    delete input.sources[0]!.country;
    expect(errorOf(input).issues).toEqual(['sources[0] (tr-mfa): country is required for a ministry']);
    input.sources[0]!.kind = 'media';
    expect(() => loadRegistry(input)).not.toThrow();
  });

  it('refuses a country that is not an upper-case ISO alpha-2 code', () => {
    const input = sample();
    input.sources[0]!.country = 'TUR';
    expect(errorOf(input).issues[0]).toContain(
      'sources[0] (tr-mfa): country "TUR" is not an ISO 3166-1 alpha-2',
    );
    // Codes the runtime still names but ISO does not assign to a country.
    for (const code of ['EU', 'UN', 'SU', 'XA', 'tr']) {
      input.sources[0]!.country = code;
      expect(errorOf(input).issues[0], code).toContain(`country "${code}" is not an ISO 3166-1 alpha-2`);
    }
    input.sources[0]!.country = 'UK';
    expect(errorOf(input).issues[0]).toMatch(/the United Kingdom is "GB"$/);
    for (const code of ['GB', 'KZ', 'XK', 'SS']) {
      input.sources[0]!.country = code;
      expect(() => loadRegistry(input), code).not.toThrow();
    }
  });

  it('says which field is missing', () => {
    const input = sample();
    delete input.sources[0]!.feeds[0]!.fullText;
    expect(errorOf(input).issues).toEqual(['sources[0].feeds[0] (tr-mfa-press-en): fullText is missing']);
  });

  it('refuses a poll interval shorter than the five-minute schedule', () => {
    const input = sample();
    input.sources[0]!.feeds[0]!.pollMinutes = 1;
    expect(errorOf(input).issues[0]).toBe(
      "sources[0].feeds[0] (tr-mfa-press-en): pollMinutes must be at least 5 (the schedule's period)",
    );
  });

  it('refuses ids used twice anywhere in the file, sources and feeds alike', () => {
    const input = sample();
    input.sources[1]!.feeds[0]!.id = 'tr-mfa-press-en';
    expect(errorOf(input).issues).toEqual([
      'sources[1].feeds[0] (tr-mfa-press-en): id "tr-mfa-press-en" is already used by sources[0].feeds[0]',
    ]);
    const clash = sample();
    clash.sources[1]!.id = 'tr-mfa';
    expect(errorOf(clash).issues[0]).toBe('sources[1] (tr-mfa): id "tr-mfa" is already used by sources[0]');
  });

  it('requires listing selectors for format listing, and a listing format for selectors', () => {
    const input = sample();
    delete input.sources[1]!.feeds[0]!.listing;
    expect(errorOf(input).issues[0]).toMatch(
      /^sources\[1\]\.feeds\[0\] \(cn-mfa-news-zh\): listing selectors are missing/,
    );
    const other = sample();
    delete other.sources[1]!.feeds[0]!.format;
    expect(errorOf(other).issues[0]).toBe(
      'sources[1].feeds[0] (cn-mfa-news-zh): format must be "listing" for a feed with listing selectors',
    );
  });

  it('refuses a selector that is not valid CSS when loading, not at the first fetch', () => {
    const input = sample();
    input.sources[1]!.feeds[0]!.listing = { item: 'li a[href', link: 'a' };
    expect(errorOf(input).issues[0]).toBe(
      'sources[1].feeds[0] (cn-mfa-news-zh): listing.item selector "li a[href" is not valid CSS',
    );
  });

  it('reports every problem, the first one in the one-line message', () => {
    const input = sample();
    input.sources[0]!.feeds[0]!.language = 'English';
    input.sources[1]!.feeds[0]!.url = 'ftp://mfa.gov.cn/list';
    const error = errorOf(input);
    expect(error.issues).toHaveLength(2);
    expect(error.message.split('\n')[0]).toBe(
      'sources[0].feeds[0] (tr-mfa-press-en): language "English" is not a BCP 47 tag such as "en" or "zh-Hans" (and 1 more problem)',
    );
    expect(error.issues[1]).toBe(
      'sources[1].feeds[0] (cn-mfa-news-zh): url "ftp://mfa.gov.cn/list" is not an absolute http(s) URL',
    );
  });

  it('says the file is not JSON instead of crashing', () => {
    const error = errorOf('{ "sources": [ }');
    expect(error.message).toMatch(/^sources file is not valid JSON/);
  });

  it('fills {{base}} placeholders from vars, and explains an unfilled one', () => {
    const input = sample();
    input.sources[0]!.feeds[0]!.url = '{{base}}/tr-mfa-press-en.xml';
    const registry = loadRegistry(input, { vars: { base: 'http://127.0.0.1:4321' } });
    expect(registry.sources[0]?.feeds[0]?.url).toBe('http://127.0.0.1:4321/tr-mfa-press-en.xml');
    expect(errorOf(input).issues[0]).toContain('still holds a placeholder');
  });
});

describe('registry helpers', () => {
  const registry = loadRegistry(sample());

  it('feedsOf lists every feed with its source, in file order', () => {
    expect(feedsOf(registry).map(({ source, feed }) => `${source.id}/${feed.id}`)).toEqual([
      'tr-mfa/tr-mfa-press-en',
      'cn-mfa/cn-mfa-news-zh',
      'cn-mfa/cn-mfa-news-en',
    ]);
  });

  it('findFeed finds a feed by id and isListing tells the kinds apart', () => {
    const zh = findFeed(registry, 'cn-mfa-news-zh');
    expect(zh?.source.id).toBe('cn-mfa');
    expect(zh && isListing(zh.feed)).toBe(true);
    const tr = findFeed(registry, 'tr-mfa-press-en');
    expect(tr && isListing(tr.feed)).toBe(false);
    expect(findFeed(registry, 'nope')).toBeUndefined();
  });

  it('sourceCountryOf gives a ministry its country and a media source none', () => {
    const media = loadRegistry({
      sources: [{ ...sample().sources[0], id: 'dailysabah', kind: 'media', country: 'TR' }],
    });
    expect(sourceCountryOf(registry.sources[0]!)).toBe('TR');
    expect(sourceCountryOf(media.sources[0]!)).toBeUndefined();
  });
});

describe('sources.json', () => {
  it('validates and covers ≥ 25 feeds from ≥ 15 countries or organizations, every kind, each address flagged as unconfirmed', async () => {
    const { loadRegistryFile } = await import('../../lambdas/shared/sources/registry');
    const registry = await loadRegistryFile(new URL('../../sources.json', import.meta.url).pathname);
    const feeds = feedsOf(registry);
    expect(feeds.filter(({ feed }) => feed.enabled).length).toBeGreaterThanOrEqual(25);
    // A country for ministries and governments; the body itself for intergovernmental sources and media.
    const owners = new Set(registry.sources.map((s) => s.country ?? s.id));
    expect(owners.size).toBeGreaterThanOrEqual(15);
    expect(new Set(registry.sources.map((s) => s.kind))).toEqual(
      new Set(['ministry', 'government', 'intergovernmental', 'media']),
    );
    expect(feeds.some(({ feed }) => isListing(feed))).toBe(true);
    // Nothing could be fetched from here: every entry must say so.
    for (const { feed } of feeds) expect(feed.note, feed.id).toMatch(/^from research notes, not fetched/);
    expect(findFeed(registry, 'dailysabah-diplomacy')?.feed.url).toBe(
      'https://www.dailysabah.com/rssFeed/10',
    );
  });
});

describe('loadRegistry: listing and header checks', () => {
  it('refuses fullText "feed" for a listing page, which carries no article text', () => {
    const input = sample();
    input.sources[1]!.feeds[0]!.fullText = 'feed';
    expect(errorOf(input).issues).toEqual([
      'sources[1].feeds[0] (cn-mfa-news-zh): fullText must be "page" for a listing: a listing page carries no article text',
    ]);
  });

  it('refuses a header name that is not a token and a value with a line break', () => {
    const input = sample();
    input.sources[0]!.feeds[0]!.headers = { 'Accept Language': 'en' };
    expect(errorOf(input).issues[0]).toContain('"Accept Language" is not an HTTP header name');
    input.sources[0]!.feeds[0]!.headers = { Accept: 'text/html\r\nX-Evil: 1' };
    expect(errorOf(input).issues[0]).toContain('a header value cannot hold a line break');
    input.sources[0]!.feeds[0]!.headers = { Accept: 'application/rss+xml' };
    expect(loadRegistry(input).sources[0]?.feeds[0]?.headers).toEqual({ Accept: 'application/rss+xml' });
  });
});
