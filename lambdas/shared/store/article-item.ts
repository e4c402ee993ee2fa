/**
 * How an article record is laid out as a DynamoDB item: the record itself plus the index keys
 * (`publishedSk`, `day`, `primaryCountry`) and the feed item's fingerprint.
 */
import type { ArticleRecord } from '../article';
import { dayKey, publishedSortKey } from './schema';

export interface ArticleItem extends ArticleRecord {
  publishedSk: string;
  day: string;
  /** The first country the article mentions; absent (so the item stays out of `byCountry`) when none. */
  primaryCountry?: string;
  itemFingerprint?: string;
}

/** Attributes that exist only for the indexes, never part of the record handed back. */
const INDEX_ONLY = ['publishedSk', 'day', 'primaryCountry'] as const;

export function toArticleItem(record: ArticleRecord, itemFingerprint?: string): ArticleItem {
  const item: ArticleItem = {
    ...record,
    publishedSk: publishedSortKey(record.publishedAt, record.articleId),
    day: dayKey(record.publishedAt),
  };
  const primary = record.countries[0];
  if (primary) item.primaryCountry = primary;
  if (itemFingerprint) item.itemFingerprint = itemFingerprint;
  return item;
}

export function fromArticleItem(item: Record<string, unknown>): ArticleRecord & { itemFingerprint?: string } {
  const copy: Record<string, unknown> = { ...item };
  for (const key of INDEX_ONLY) delete copy[key];
  return copy as unknown as ArticleRecord & { itemFingerprint?: string };
}
