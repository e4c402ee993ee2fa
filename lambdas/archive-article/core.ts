/**
 * archive-article's core: one Article.Discovered in, one create-only raw object out.
 * The key is content-addressed (`raw/<source>/<day>/<articleId>/<sha256[0..16]>.<ext>`), so an
 * update is a new object (and a new normalization) while a redelivery finds the key taken and
 * does nothing. A page that cannot be fetched throws: the event is retried, then dead-lettered.
 */
import { createHash } from 'node:crypto';
import type { ArticleDiscoveredDetail } from '../shared/events';
import type { FeedItem, ParsedFeed } from '../shared/feed/types';
import type { ArticleStore, Clock, HttpClient, RawArchive } from '../shared/ports';
import { encodeRawMetadata } from '../shared/store/raw-metadata';

export const FEED_ITEM_CONTENT_TYPE = 'application/vnd.diplowire.feed-item+json';
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, application/xml;q=0.8, */*;q=0.5';

export interface ArchiveArticleDeps {
  clock: Clock;
  http: HttpClient;
  archive: Pick<RawArchive, 'putIfAbsent' | 'get'>;
  articles: Pick<ArticleStore, 'refreshItemFingerprint'>;
  /** Needed only for items too large to travel in the event: the stored feed document is re-read. */
  parseFeed?: (
    bytes: Uint8Array,
    context: { url: string; contentType?: string; timezone: string },
  ) => ParsedFeed | Promise<ParsedFeed>;
  canonicalUrl?: (input: string, base?: string) => string | undefined;
  timezoneOf?: (feedId: string) => string | undefined;
}

export interface ArchiveArticleResult {
  key: string;
  outcome: 'created' | 'exists';
  /** True when an existing object met a changed feed item and the stored fingerprint was refreshed. */
  fingerprintRefreshed: boolean;
}

/** A page that could not be archived; thrown so the event is retried and finally dead-lettered. */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function archiveArticle(
  deps: ArchiveArticleDeps,
  detail: ArticleDiscoveredDetail,
): Promise<ArchiveArticleResult> {
  const now = deps.clock.now().toISOString();
  let bytes: Uint8Array;
  let contentType: string;
  let fetchedAt: string;
  if (detail.contentInFeed) {
    const item = detail.item ? (detail.item as unknown as FeedItem) : await itemFromStoredFeed(deps, detail);
    bytes = new TextEncoder().encode(stableJson(item));
    contentType = FEED_ITEM_CONTENT_TYPE;
    fetchedAt = detail.fetchedAt ?? now;
  } else {
    const response = await deps.http.get({ url: detail.url, headers: { accept: PAGE_ACCEPT } });
    if (response.status < 200 || response.status >= 300) {
      throw new ArchiveError(
        `http-${response.status}`,
        `the article page ${detail.url} answered HTTP ${response.status}`,
      );
    }
    if (response.body.byteLength === 0) {
      throw new ArchiveError('empty-body', `the article page ${detail.url} answered with an empty body`);
    }
    bytes = response.body;
    contentType = response.headers['content-type'] ?? 'application/octet-stream';
    fetchedAt = now;
  }

  const key = rawKeyFor({
    sourceId: detail.sourceId,
    day: (detail.publishedAt ?? fetchedAt).slice(0, 10),
    articleId: detail.articleId,
    bytes,
    contentType,
  });
  const metadata = encodeRawMetadata({
    sourceId: detail.sourceId,
    feedId: detail.feedId,
    articleId: detail.articleId,
    url: detail.url,
    fetchedAt,
    contentType,
    guid: detail.guid,
    publishedAt: detail.publishedAt,
    title: detail.title,
    itemFingerprint: detail.itemFingerprint,
  });
  const outcome = await deps.archive.putIfAbsent(key, bytes, contentType, metadata);
  // Same bytes as an archived object, but the feed item changed (a page-mode item whose page did not):
  // nothing to normalize, yet the article must remember the new item or every poll re-announces it.
  const fingerprintRefreshed =
    outcome === 'exists' && detail.itemFingerprint !== undefined
      ? await deps.articles.refreshItemFingerprint(detail.articleId, detail.itemFingerprint)
      : false;
  return { key, outcome, fingerprintRefreshed };
}

export function rawKeyFor(args: {
  sourceId: string;
  day: string;
  articleId: string;
  bytes: Uint8Array;
  contentType: string;
}): string {
  const digest = createHash('sha256').update(args.bytes).digest('hex').slice(0, 16);
  return `raw/${args.sourceId}/${args.day}/${args.articleId}/${digest}.${extensionFor(args.contentType)}`;
}

export function extensionFor(contentType: string): string {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === FEED_ITEM_CONTENT_TYPE || type === 'application/json') return 'json';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/plain') return 'txt';
  if (type === 'application/pdf') return 'pdf';
  if (type.endsWith('xml')) return 'xml';
  return 'bin';
}

/** JSON with sorted keys, so the same item always gives the same bytes (and the same key). */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

async function itemFromStoredFeed(
  deps: ArchiveArticleDeps,
  detail: ArticleDiscoveredDetail,
): Promise<FeedItem> {
  if (!detail.feedRawKey) {
    throw new ArchiveError(
      'no-content',
      `Article.Discovered for ${detail.url} says contentInFeed but carries neither the item nor feedRawKey`,
    );
  }
  if (!deps.parseFeed || !deps.canonicalUrl)
    throw new ArchiveError('misconfigured', 'archive-article cannot re-read stored feeds');
  const stored = await deps.archive.get(detail.feedRawKey);
  if (!stored)
    throw new ArchiveError(
      'feed-missing',
      `the stored feed document ${detail.feedRawKey} is not in the archive`,
    );
  // Item links resolve against the feed's own URL, kept with the stored document.
  const feedUrl = stored.metadata.url ?? detail.url;
  const parsed = await deps.parseFeed(stored.body, {
    url: feedUrl,
    timezone: deps.timezoneOf?.(detail.feedId) ?? 'UTC',
    ...(stored.contentType ? { contentType: stored.contentType } : {}),
  });
  const canonical = deps.canonicalUrl;
  const item = parsed.items.find((i) => {
    const link = i.url ?? i.guid;
    return link !== undefined && canonical(link, feedUrl) === detail.url;
  });
  if (!item)
    throw new ArchiveError(
      'item-missing',
      `no item for ${detail.url} in the stored feed document ${detail.feedRawKey}`,
    );
  return item;
}
