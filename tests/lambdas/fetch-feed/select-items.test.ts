import { describe, expect, it } from 'vitest';
import { changedCandidates, itemFingerprintOf, selectItems } from '../../../lambdas/fetch-feed/select-items';
import type { FeedItem } from '../../../lambdas/shared/feed/types';
import { canonicalUrl } from '../../../lambdas/shared/url';

const item = (over: Partial<FeedItem>): FeedItem => ({ authors: [], categories: [], ...over });
const options = {
  baseUrl: 'https://www.gov.uk/feed.atom',
  canonicalUrl,
  articleIdFor: (u: string) => `id:${u}`,
};

describe('selectItems', () => {
  it('identifies items by canonical URL, not by guid, and drops a repeat of the same page', () => {
    const { candidates, skipped } = selectItems(
      [
        item({ guid: 'tag:gov.uk,2005:/news/a#1', url: '/news/a?utm_source=rss', title: 'A' }),
        item({ guid: 'tag:gov.uk,2005:/news/a#2', url: 'https://WWW.GOV.UK/news/a#top', title: 'A again' }),
      ],
      options,
    );
    expect(candidates.map((c) => c.articleId)).toEqual(['id:https://www.gov.uk/news/a']);
    expect(skipped).toEqual([{ reason: 'duplicate', title: 'A again' }]);
  });

  it('uses a guid that is a URL when the item has no link, and reports an item with neither', () => {
    const { candidates, skipped } = selectItems(
      [item({ guid: 'https://example.org/p/1' }), item({ guid: 'urn:x:1', title: 'No link' })],
      options,
    );
    expect(candidates.map((c) => c.url)).toEqual(['https://example.org/p/1']);
    expect(skipped).toEqual([{ reason: 'no-link', title: 'No link' }]);
  });

  it('writes https for a known host, so an http guid link and an https link are one article', () => {
    const { candidates, skipped } = selectItems(
      [
        item({ guid: 'http://example.org/p/1', title: 'Over http' }),
        item({ url: 'https://example.org/p/1', title: 'Over https' }),
        item({ guid: 'http://www.example.org/p/2', title: 'Another host' }),
      ],
      { ...options, httpsHosts: new Set(['example.org']) },
    );
    expect(candidates.map((c) => c.articleId)).toEqual([
      'id:https://example.org/p/1',
      'id:http://www.example.org/p/2',
    ]);
    expect(skipped).toEqual([{ reason: 'duplicate', title: 'Over https' }]);
  });

  it('skips items published before the cutoff but keeps undated ones', () => {
    const { candidates } = selectItems(
      [
        item({ url: 'https://e.org/old', publishedAt: '2026-10-01T00:00:00.000Z' }),
        item({ url: 'https://e.org/new', publishedAt: '2026-11-20T00:00:00.000Z' }),
        item({ url: 'https://e.org/undated' }),
      ],
      { ...options, cutoff: new Date('2026-10-26T00:00:00Z') },
    );
    expect(candidates.map((c) => c.url)).toEqual(['https://e.org/new', 'https://e.org/undated']);
  });
});

describe('item fingerprint', () => {
  it('changes with the title, the content or the update time, and not with the guid or categories', () => {
    const base = item({
      title: 'T',
      summary: 'S',
      contentHtml: '<p>C</p>',
      updatedAt: '2026-11-24T00:00:00.000Z',
    });
    const fp = itemFingerprintOf(base);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(itemFingerprintOf({ ...base, guid: 'other', categories: ['x'] })).toBe(fp);
    expect(itemFingerprintOf({ ...base, title: 'T2' })).not.toBe(fp);
    expect(itemFingerprintOf({ ...base, contentHtml: '<p>C2</p>' })).not.toBe(fp);
    expect(itemFingerprintOf({ ...base, updatedAt: '2026-11-25T00:00:00.000Z' })).not.toBe(fp);
  });

  it('announces new articles and known ones whose fingerprint changed, nothing else', () => {
    const { candidates } = selectItems(
      [
        item({ url: 'https://e.org/1', title: 'one' }),
        item({ url: 'https://e.org/2', title: 'two' }),
        item({ url: 'https://e.org/3', title: 'three' }),
      ],
      options,
    );
    const [c1, c2] = candidates;
    const known = new Map([
      ['id:https://e.org/1', { itemFingerprint: c1?.itemFingerprint }],
      ['id:https://e.org/2', { itemFingerprint: 'stale' }],
    ]);
    expect(changedCandidates(candidates, known).map((c) => [c.candidate.url, c.isNew])).toEqual([
      [c2?.url, false],
      ['https://e.org/3', true],
    ]);
  });
});
