/**
 * normalize-article's core: one S3 "Object Created" under raw/ in, at most one conditional table
 * write and one Article.Ingested out. The condition (see the ArticleStore adapter) makes a replayed
 * older object and a redelivery write nothing. If a previous attempt wrote the record but crashed
 * before publishing, the stored record points at this very object: the event is sent again then.
 */

import type { ArticleRecord } from '../shared/article';
import type { NormalizeInput } from '../shared/article/normalize-document';
import {
  type ArticleIngestedDetail,
  DetailType,
  IMPORT_PREFIX,
  type ObjectCreatedDetail,
  RAW_PREFIX,
} from '../shared/events';
import type { FeedItem } from '../shared/feed/types';
import type { ArticleChange, ArticleStore, Clock, EventPublisher, RawArchive } from '../shared/ports';
import type { FeedEntry, Source } from '../shared/sources/registry';
import { META, S3_METADATA_LIMIT } from '../shared/store/raw-metadata';

export const FEED_ITEM_CONTENT_TYPE = 'application/vnd.diplowire.feed-item+json';

// The normalizer's input, declared once beside it: the core only fills it from the raw object.
export type { NormalizeInput };

export interface NormalizeArticleDeps {
  clock: Clock;
  archive: Pick<RawArchive, 'get'>;
  articles: Pick<ArticleStore, 'put' | 'get'>;
  events: EventPublisher;
  findFeed: (feedId: string) => FeedEntry | undefined;
  findSource: (sourceId: string) => Source | undefined;
  normalizeDocument: (input: NormalizeInput, clock: Clock) => ArticleRecord | Promise<ArticleRecord>;
}

export type NormalizeArticleResult =
  | { status: 'ignored'; key: string; reason: string }
  | { status: ArticleChange | 're-emitted'; key: string; articleId: string };

export class RawObjectError extends Error {
  override readonly name = 'RawObjectError';
}

/** Imports without a source in their metadata or path land under this id. */
export const DEFAULT_IMPORT_SOURCE = 'import';

export async function normalizeArticle(
  deps: NormalizeArticleDeps,
  detail: ObjectCreatedDetail,
): Promise<NormalizeArticleResult> {
  const key = detail.object.key;
  if (!key.startsWith(RAW_PREFIX)) return { status: 'ignored', key, reason: 'not under raw/' };
  const object = await deps.archive.get(key);
  // Listed in the event but not readable (yet, or deleted): throw, the retry will tell which.
  if (!object) throw new RawObjectError(`raw object ${key} is not in the archive`);
  const meta = object.metadata;

  const sourceId = meta[META.sourceId] ?? sourceIdFromKey(key);
  const feedId = meta[META.feedId];
  const entry = feedId ? deps.findFeed(feedId) : undefined;
  const source = entry?.source ?? deps.findSource(sourceId);
  const feed = entry?.feed ?? source?.feeds[0];
  const contentType = object.contentType ?? meta[META.contentType];
  const fetchedAt =
    meta[META.fetchedAt] ?? object.lastModified?.toISOString() ?? deps.clock.now().toISOString();

  const input: NormalizeInput = { bytes: object.body, sourceId, rawKey: key, fetchedAt };
  if (contentType) input.contentType = contentType;
  if (meta[META.url]) input.url = meta[META.url];
  if (feedId) input.feedId = feedId;
  const sourceCountry =
    source && (source.kind === 'ministry' || source.kind === 'government') ? source.country : undefined;
  if (sourceCountry) input.sourceCountry = sourceCountry;
  if (feed?.language) input.declaredLanguage = feed.language;
  if (feed?.timezone) input.timezone = feed.timezone;
  const isFeedItem = contentType?.split(';')[0]?.trim() === FEED_ITEM_CONTENT_TYPE;
  if (isFeedItem) input.feedItem = parseItem(object.body, key);
  else {
    // A fetched page: the feed item that announced it travels in the metadata (title, date, guid).
    const context = feedContextOf(meta);
    if (context) input.feedItem = context;
  }

  const record = await deps.normalizeDocument(input, deps.clock);
  // fetch-feed deduplicates by the id it announced; the record must live under that id.
  const announcedId = meta[META.articleId];
  if (announcedId && /^[0-9a-f]{32}$/.test(announcedId)) record.articleId = announcedId;

  const itemFingerprint = meta[META.itemFingerprint];
  // A feed item archived because its page was missing: the item remembers why, so fetch-feed asks
  // for the page again later. Still one write: the mark travels in the same PutItem.
  const pageError = isFeedItem ? meta[META.pageError] : undefined;
  const change = await deps.articles.put(record, {
    ...(itemFingerprint ? { itemFingerprint } : {}),
    ...(pageError ? { pageError } : {}),
  });
  if (change === 'new' || change === 'updated') {
    await publishIngested(deps, record, change);
    return { status: change, key, articleId: record.articleId };
  }
  if (change === 'unchanged') {
    const stored = await deps.articles.get(record.articleId);
    if (stored?.rawKey === key && stored.contentHash === record.contentHash) {
      await publishIngested(deps, stored);
      return { status: 're-emitted', key, articleId: record.articleId };
    }
  }
  return { status: change, key, articleId: record.articleId };
}

async function publishIngested(
  deps: NormalizeArticleDeps,
  record: ArticleRecord,
  change?: 'new' | 'updated',
): Promise<void> {
  const detail: ArticleIngestedDetail = {
    articleId: record.articleId,
    sourceId: record.sourceId,
    url: record.url ?? '',
    publishedAt: record.publishedAt ?? null,
    language: record.language,
    countries: record.countries,
    contentHash: record.contentHash,
    version: record.version,
    ...(change ? { change } : {}),
  };
  await deps.events.publish([{ detailType: DetailType.ArticleIngested, detail }]);
}

/** `raw/import/<source>/…` or `raw/<source>/…`; a bare `raw/import/file` has no source. */
export function sourceIdFromKey(key: string): string {
  const rest = key.startsWith(IMPORT_PREFIX) ? key.slice(IMPORT_PREFIX.length) : key.slice(RAW_PREFIX.length);
  const parts = rest.split('/');
  return parts.length > 1 && parts[0] ? parts[0] : DEFAULT_IMPORT_SOURCE;
}

/**
 * The feed item's fields archive-article stored beside a fetched page. A title cut to fit S3's
 * 2 KB (the metadata is then at the limit) is left out: the page's own title is better than half one.
 */
export function feedContextOf(meta: Record<string, string | undefined>): FeedItem | undefined {
  const item: FeedItem = { authors: [], categories: [] };
  const encodedSize = Object.entries(meta).reduce(
    (n, [k, v]) => n + k.length + encodeURIComponent(v ?? '').length,
    0,
  );
  const title = meta[META.title]?.trim();
  if (title && encodedSize < S3_METADATA_LIMIT - 12) item.title = title;
  if (meta[META.publishedAt]) item.publishedAt = meta[META.publishedAt];
  if (meta[META.guid]) item.guid = meta[META.guid];
  return item.title || item.publishedAt || item.guid ? item : undefined;
}

function parseItem(bytes: Uint8Array, key: string): FeedItem {
  try {
    const item = JSON.parse(new TextDecoder().decode(bytes)) as FeedItem;
    if (typeof item !== 'object' || item === null) throw new Error('not an object');
    return { ...item, authors: item.authors ?? [], categories: item.categories ?? [] };
  } catch (error) {
    throw new RawObjectError(
      `raw object ${key} is labelled a feed item but is not one: ${(error as Error).message}`,
    );
  }
}
