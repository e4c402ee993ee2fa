/**
 * How an article record is laid out as a DynamoDB item: the record itself plus the index keys
 * (`publishedSk`, `day`, `primaryCountry`) and bookkeeping for fetch-feed: the feed item's fingerprint
 * and, when the record was built from the feed item because the page was missing, why (`pageError`).
 */
import type { ArticleRecord } from '../article';
import { dayKey, publishedSortKey } from './schema';

export interface ArticleItem extends ArticleRecord {
  publishedSk: string;
  day: string;
  /** The first country the article mentions; absent (so the item stays out of `byCountry`) when none. */
  primaryCountry?: string;
  itemFingerprint?: string;
  /**
   * The page fetch's failure code (`http-404`, `dns`) when the record came from the feed item in the
   * page's place: fetch-feed asks for the page again later. A record built from the page is written
   * without it (PutItem replaces the whole item), which clears it.
   */
  pageError?: string;
}

/** Attributes that exist only for the indexes or fetch-feed, never part of the record handed back. */
const INDEX_ONLY = ['publishedSk', 'day', 'primaryCountry', 'pageError'] as const;

export function toArticleItem(
  record: ArticleRecord,
  itemFingerprint?: string,
  pageError?: string,
): ArticleItem {
  const item: ArticleItem = {
    ...record,
    publishedSk: publishedSortKey(record.publishedAt, record.articleId),
    day: dayKey(record.publishedAt),
  };
  const primary = record.countries[0];
  if (primary) item.primaryCountry = primary;
  if (itemFingerprint) item.itemFingerprint = itemFingerprint;
  if (pageError) item.pageError = pageError;
  return item;
}

export function fromArticleItem(item: Record<string, unknown>): ArticleRecord & { itemFingerprint?: string } {
  const copy: Record<string, unknown> = { ...item };
  for (const key of INDEX_ONLY) delete copy[key];
  return copy as unknown as ArticleRecord & { itemFingerprint?: string };
}
