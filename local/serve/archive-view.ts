/**
 * The read side of `diplowire serve`, pure: a snapshot of article records in, the answers of the
 * JSON endpoints out (filtered and paged lists, full-text search, mentions per ISO week, co-mention
 * pairs). No I/O here, so the same core could answer behind API Gateway.
 */
import type { ArticleRecord } from '../../lambdas/shared/article';

/** One article in a list: everything but the full text (lists stay small on thousands of articles). */
export type ArticleSummary = Omit<
  ArticleRecord,
  'text' | 'contentHash' | 'rawSha256' | 'guid' | 'authors' | 'categories' | 'titleSource' | 'languageSource'
>;

export interface ArticleFilter {
  source?: string;
  country?: string;
  language?: string;
  /** ISO instant: published at or after. */
  since?: string;
  /** ISO instant: published strictly before. */
  until?: string;
  /** Words that must all occur in the title or the text (case and accents ignored). */
  q?: string;
}

export interface ArticleListPage {
  items: ArticleSummary[];
  /** Articles matching the filter, over all pages. */
  total: number;
  /** Pass back as `cursor` for the next page; absent on the last page. */
  cursor?: string;
}

/** A snapshot of the store, sorted newest first, with each article's search text prepared once. */
export interface ArchiveSnapshot {
  articles: ArticleRecord[];
  searchText: Map<string, string>;
}

export function snapshotOf(records: readonly ArticleRecord[]): ArchiveSnapshot {
  const articles = [...records].sort(newestFirst);
  const searchText = new Map(articles.map((a) => [a.articleId, foldForSearch(`${a.title}\n${a.text}`)]));
  return { articles, searchText };
}

/** Lower case without accents, so `turkiye` finds `Türkiye` and `kasim` finds `Kasım`. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replaceAll('ı', 'i')
    .replaceAll('ß', 'ss');
}

export class BadCursorError extends Error {
  override readonly name = 'BadCursorError';
}

export function matchingArticles(snapshot: ArchiveSnapshot, filter: ArticleFilter): ArticleRecord[] {
  const terms = filter.q ? foldForSearch(filter.q).split(/\s+/).filter(Boolean) : [];
  return snapshot.articles.filter((a) => {
    if (filter.source && a.sourceId !== filter.source) return false;
    if (filter.country && !a.countries.includes(filter.country)) return false;
    if (filter.language && a.language !== filter.language) return false;
    if (filter.since && !(a.publishedAt && a.publishedAt >= filter.since)) return false;
    if (filter.until && !(a.publishedAt && a.publishedAt < filter.until)) return false;
    if (terms.length > 0) {
      const text = snapshot.searchText.get(a.articleId) ?? '';
      if (!terms.every((t) => text.includes(t))) return false;
    }
    return true;
  });
}

/**
 * Keyset paging: the cursor names the last article shown (its date and id), so a page stays right
 * when articles arrive between two requests (an offset would repeat or skip some).
 */
export function pageOf(matches: readonly ArticleRecord[], limit: number, cursor?: string): ArticleListPage {
  let start = 0;
  if (cursor) {
    const after = decodeCursor(cursor);
    start = matches.findIndex((a) => newestFirst(a, after) > 0);
    if (start < 0) start = matches.length;
  }
  const items = matches.slice(start, start + limit);
  const page: ArticleListPage = { items: items.map(summaryOf), total: matches.length };
  const last = items.at(-1);
  if (last && start + limit < matches.length) page.cursor = encodeCursor(last);
  return page;
}

export function summaryOf(record: ArticleRecord): ArticleSummary {
  const {
    text: _text,
    contentHash: _hash,
    rawSha256: _rawSha,
    guid: _guid,
    authors: _authors,
    categories: _categories,
    titleSource: _ts,
    languageSource: _ls,
    // The store's dedup bookkeeping, not part of the article.
    itemFingerprint: _fp,
    ...summary
  } = record as ArticleRecord & { itemFingerprint?: string };
  return summary;
}

/** What the filters can choose from, with counts: the sources, countries and languages present. */
export function facetsOf(snapshot: Pick<ArchiveSnapshot, 'articles'>) {
  const count = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts]
      .map(([value, n]) => ({ value, count: n }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  };
  const { articles } = snapshot;
  return {
    sources: count(articles.map((a) => a.sourceId)),
    countries: count(articles.flatMap((a) => a.countries)),
    languages: count(articles.map((a) => a.language)),
  };
}

export interface WeekCount {
  /** ISO week, e.g. `2026-W48`. */
  week: string;
  /** The Monday that starts it (UTC), `YYYY-MM-DD`. */
  start: string;
  mentions: number;
}

/** Articles mentioning `country` per ISO week, every week from the first to the last (gaps at 0). */
export function countryTimeline(snapshot: ArchiveSnapshot, country: string, filter: ArticleFilter = {}) {
  const counts = new Map<number, number>();
  let undated = 0;
  let total = 0;
  for (const a of matchingArticles(snapshot, { ...filter, country })) {
    total += 1;
    const monday = a.publishedAt ? mondayOf(a.publishedAt) : undefined;
    if (monday === undefined) {
      undated += 1;
      continue;
    }
    counts.set(monday, (counts.get(monday) ?? 0) + 1);
  }
  const weeks: WeekCount[] = [];
  const mondays = [...counts.keys()].sort((x, y) => x - y);
  if (mondays.length > 0) {
    for (let d = mondays[0]!; d <= mondays.at(-1)!; d += WEEK_MS) {
      weeks.push({
        week: isoWeekName(d),
        start: new Date(d).toISOString().slice(0, 10),
        mentions: counts.get(d) ?? 0,
      });
    }
  }
  return { country, total, undated, weeks };
}

export interface CountryPair {
  countries: [string, string];
  articles: number;
}

/** Which countries are mentioned in the same article, most frequent pairs first. */
export function countryPairs(snapshot: ArchiveSnapshot, filter: ArticleFilter, limit: number) {
  const counts = new Map<string, number>();
  const matches = matchingArticles(snapshot, filter);
  for (const a of matches) {
    const codes = [...new Set(a.countries)].sort();
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        // With a country filter, only the pairs that include it answer "mentioned with X".
        if (filter.country && codes[i] !== filter.country && codes[j] !== filter.country) continue;
        const key = `${codes[i]} ${codes[j]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  const pairs: CountryPair[] = [...counts]
    .map(([key, n]) => ({ countries: key.split(' ') as [string, string], articles: n }))
    .sort((a, b) => b.articles - a.articles || a.countries.join().localeCompare(b.countries.join()));
  return { articles: matches.length, distinctPairs: pairs.length, pairs: pairs.slice(0, limit) };
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Midnight UTC of the Monday starting the ISO week of an instant (plain date math: it runs once per article). */
function mondayOf(iso: string): number | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
}

/** `2026-W48`: the ISO week belongs to the year of its Thursday, and week 1 holds the first Thursday. */
function isoWeekName(monday: number): string {
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function newestFirst(
  a: Pick<ArticleRecord, 'publishedAt' | 'articleId'>,
  b: Pick<ArticleRecord, 'publishedAt' | 'articleId'>,
): number {
  const byDate = (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '');
  return byDate !== 0 ? byDate : a.articleId.localeCompare(b.articleId);
}

function encodeCursor(a: ArticleRecord): string {
  return Buffer.from(JSON.stringify([a.publishedAt ?? '', a.articleId])).toString('base64url');
}

function decodeCursor(cursor: string): { publishedAt: string; articleId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { publishedAt: value[0], articleId: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new BadCursorError('cursor is not one this server gave out; start again without it');
}
