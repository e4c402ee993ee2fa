/** The pure read side of `serve`: ISO weeks, gap filling, pairs, search folding and keyset paging. */
import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../lambdas/shared/article';
import {
  BadCursorError,
  countryPairs,
  countryTimeline,
  foldForSearch,
  matchingArticles,
  pageOf,
  snapshotOf,
} from '../../local/serve/archive-view';

function article(
  id: string,
  publishedAt: string | undefined,
  countries: string[],
  title = `t${id}`,
): ArticleRecord {
  return {
    articleId: id.padStart(32, '0'),
    sourceId: 'src',
    title,
    titleSource: 'feed',
    ...(publishedAt ? { publishedAt } : {}),
    language: 'en',
    languageSource: 'declared',
    summary: '',
    text: 'body',
    wordCount: 1,
    countries,
    authors: [],
    categories: [],
    contentHash: 'h',
    ingestedAt: '2026-01-01T00:00:00Z',
    version: 1,
  };
}

describe('countryTimeline', () => {
  it('fills the weeks between mentions with zeros and names them by ISO week', () => {
    const snapshot = snapshotOf([
      // Monday 2 November 2026 is the first day of 2026-W45; Sunday 29 November ends W48.
      article('1', '2026-11-02T00:00:00Z', ['TR']),
      article('2', '2026-11-29T23:59:59Z', ['TR', 'RU']),
      article('3', '2026-11-10T00:00:00Z', ['RU']),
      article('4', undefined, ['TR']),
    ]);
    expect(countryTimeline(snapshot, 'TR')).toEqual({
      country: 'TR',
      total: 3,
      undated: 1,
      weeks: [
        { week: '2026-W45', start: '2026-11-02', mentions: 1 },
        { week: '2026-W46', start: '2026-11-09', mentions: 0 },
        { week: '2026-W47', start: '2026-11-16', mentions: 0 },
        { week: '2026-W48', start: '2026-11-23', mentions: 1 },
      ],
    });
  });

  it('puts 1 January 2027 (a Friday) in week 53 of 2026, which starts on Monday 28 December', () => {
    const snapshot = snapshotOf([article('1', '2027-01-01T12:00:00Z', ['FR'])]);
    expect(countryTimeline(snapshot, 'FR').weeks).toEqual([
      { week: '2026-W53', start: '2026-12-28', mentions: 1 },
    ]);
  });
});

describe('countryPairs', () => {
  it('counts each pair once per article, whatever the order or repeats of its countries', () => {
    const snapshot = snapshotOf([
      article('1', '2026-11-02T00:00:00Z', ['TR', 'RU', 'TR']),
      article('2', '2026-11-03T00:00:00Z', ['RU', 'TR', 'KZ']),
      article('3', '2026-11-04T00:00:00Z', ['KZ']),
    ]);
    expect(countryPairs(snapshot, {}, 10)).toEqual({
      articles: 3,
      distinctPairs: 3,
      pairs: [
        { countries: ['RU', 'TR'], articles: 2 },
        { countries: ['KZ', 'RU'], articles: 1 },
        { countries: ['KZ', 'TR'], articles: 1 },
      ],
    });
    expect(countryPairs(snapshot, { country: 'KZ' }, 10).pairs).toEqual([
      { countries: ['KZ', 'RU'], articles: 1 },
      { countries: ['KZ', 'TR'], articles: 1 },
    ]);
  });
});

describe('search and paging', () => {
  it('folds case, accents and the Turkish dotless i', () => {
    expect(foldForSearch('Şımkent İSTANBUL Élysée Straße')).toBe('simkent istanbul elysee strasse');
    const snapshot = snapshotOf([article('1', '2026-11-02T00:00:00Z', [], 'Türkiye ve Kazakistan')]);
    expect(matchingArticles(snapshot, { q: 'TURKIYE kazakistan' })).toHaveLength(1);
    expect(matchingArticles(snapshot, { q: 'turkiye russia' })).toHaveLength(0);
  });

  it('keeps its place when a newer article arrives between two pages', () => {
    const records = ['1', '2', '3', '4'].map((id) => article(id, `2026-11-0${id}T00:00:00Z`, []));
    const first = pageOf(snapshotOf(records).articles, 2);
    expect(first.items.map((i) => i.articleId.slice(-1))).toEqual(['4', '3']);
    const grown = snapshotOf([...records, article('5', '2026-11-05T00:00:00Z', [])]);
    const second = pageOf(grown.articles, 2, first.cursor);
    expect(second.items.map((i) => i.articleId.slice(-1))).toEqual(['2', '1']);
    expect(second.cursor).toBeUndefined();
  });

  it('refuses a cursor it did not give out', () => {
    expect(() => pageOf([], 2, 'not-base64-json')).toThrow(BadCursorError);
  });
});
