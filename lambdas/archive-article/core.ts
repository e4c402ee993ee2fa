/**
 * archive-article's core: one Article.Discovered in, one create-only raw object out.
 * The key is content-addressed (`raw/<source>/<day>/<articleId>/<sha256[0..16]>.<ext>`), so an
 * update is a new object (and a new normalization) while a redelivery finds the key taken and
 * does nothing. A page that fails for a reason a retry can fix (timeout, reset, 5xx, 429) throws: the
 * event is retried, then dead-lettered. A page that will not come back (404, 410, no such host, an
 * address the policy refuses, an empty body) does not cost the article: its feed item is archived
 * instead, and the result says why.
 */
import { createHash } from 'node:crypto';
import type { ArticleDiscoveredDetail } from '../shared/events';
import type { FeedItem, ParsedFeed } from '../shared/feed/types';
import { type FetchErrorCode, isFetchError } from '../shared/http/fetch-error';
import type { ArticleStore, Clock, HttpClient, RawArchive } from '../shared/ports';
import { encodeRawMetadata } from '../shared/store/raw-metadata';
import { type CanonicalOptions, type HttpsHosts, httpsHostsOf } from '../shared/url';

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
    context: {
      url: string;
      httpsHosts?: HttpsHosts;
      contentType?: string;
      timezone: string;
      locale?: string;
    },
  ) => ParsedFeed | Promise<ParsedFeed>;
  canonicalUrl?: (input: string, base?: string, options?: CanonicalOptions) => string | undefined;
  timezoneOf?: (feedId: string) => string | undefined;
  /** The registry's locale of a feed (`en-US`), so a re-read item gets the dates fetch-feed announced. */
  localeOf?: (feedId: string) => string | undefined;
}

export interface ArchiveArticleResult {
  key: string;
  outcome: 'created' | 'exists';
  /** True when an existing object met a changed feed item and the stored fingerprint was refreshed. */
  fingerprintRefreshed: boolean;
  /** Set when the page could not be had for good and the feed item was archived in its place. */
  pageUnavailable?: { code: string; message: string };
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
  let pageUnavailable: ArchiveArticleResult['pageUnavailable'];
  if (detail.contentInFeed) {
    const item = detail.item ? (detail.item as unknown as FeedItem) : await itemFromStoredFeed(deps, detail);
    bytes = new TextEncoder().encode(stableJson(item));
    contentType = FEED_ITEM_CONTENT_TYPE;
    fetchedAt = detail.fetchedAt ?? now;
  } else {
    const page = await fetchPage(deps, detail.url);
    fetchedAt = now;
    if ('unavailable' in page) {
      pageUnavailable = page.unavailable;
      // The feed item stands in for the page: it was fetched with the feed, as in "feed" mode. A page
      // retry announces it with its first fetch time, so an undated item keeps its key's day folder.
      fetchedAt = detail.fetchedAt ?? now;
      bytes = new TextEncoder().encode(stableJson(itemOf(detail)));
      contentType = FEED_ITEM_CONTENT_TYPE;
    } else {
      bytes = page.bytes;
      contentType = page.contentType;
    }
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
    publishedAt: publishedAsWritten(detail),
    title: detail.title,
    itemFingerprint: detail.itemFingerprint,
    pageError: pageUnavailable?.code,
  });
  const outcome = await deps.archive.putIfAbsent(key, bytes, contentType, metadata);
  // Same bytes as an archived object, but the feed item changed (a page-mode item whose page did not):
  // nothing to normalize, yet the article must remember the new item or every poll re-announces it.
  // A whole feed item archived again in a missing page's place (a page retry that failed again) is the
  // same item, fingerprint included, since the fingerprint is made of fields in those bytes: no refresh.
  const sameItem = pageUnavailable !== undefined && detail.item !== undefined;
  const fingerprintRefreshed =
    outcome === 'exists' && detail.itemFingerprint !== undefined && !sameItem
      ? await deps.articles.refreshItemFingerprint(detail.articleId, detail.itemFingerprint)
      : false;
  return { key, outcome, fingerprintRefreshed, ...(pageUnavailable ? { pageUnavailable } : {}) };
}

/** Fetch failures no retry will mend: the host does not exist, the policy refuses it, the URL is bad. */
const PERMANENT_FETCH_ERRORS = new Set<FetchErrorCode>([
  'invalid-url',
  'invalid-request',
  'unsupported-scheme',
  'refused-private-address',
  'dns',
  'tls',
  'too-many-redirects',
  'body-too-large',
  'unsupported-encoding',
  'bad-encoding',
]);

/** 4xx answers other than "too early / too many / timed out" say the page is not there for us. */
function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429;
}

type PageResult =
  | { bytes: Uint8Array; contentType: string }
  | { unavailable: { code: string; message: string } };

async function fetchPage(deps: ArchiveArticleDeps, url: string): Promise<PageResult> {
  let response: Awaited<ReturnType<HttpClient['get']>>;
  try {
    response = await deps.http.get({ url, headers: { accept: PAGE_ACCEPT } });
  } catch (error) {
    if (isFetchError(error) && PERMANENT_FETCH_ERRORS.has(error.code)) {
      return { unavailable: { code: error.code, message: error.message } };
    }
    throw error;
  }
  if (response.status < 200 || response.status >= 300) {
    const message = `the article page ${url} answered HTTP ${response.status}`;
    if (isPermanentStatus(response.status))
      return { unavailable: { code: `http-${response.status}`, message } };
    throw new ArchiveError(`http-${response.status}`, message);
  }
  if (response.body.byteLength === 0) {
    return {
      unavailable: { code: 'empty-body', message: `the article page ${url} answered with an empty body` },
    };
  }
  return {
    bytes: response.body,
    contentType: response.headers['content-type'] ?? 'application/octet-stream',
  };
}

/** The feed item as announced; when it was too large to travel, what the event itself says of it. */
function itemOf(detail: ArticleDiscoveredDetail): FeedItem {
  if (detail.item) return detail.item as unknown as FeedItem;
  return {
    url: detail.url,
    authors: [],
    categories: [],
    ...(detail.guid ? { guid: detail.guid } : {}),
    ...(detail.title ? { title: detail.title } : {}),
    ...(detail.publishedAt ? { publishedAt: detail.publishedAt } : {}),
  };
}

/**
 * The item's date for the page's metadata: a bare day or month is stored as `2022-11-09` / `2022-11`,
 * so normalization does not read the instant's 00:00Z as a time.
 */
function publishedAsWritten(detail: ArticleDiscoveredDetail): string | undefined {
  const precision = (detail.item as Partial<FeedItem> | undefined)?.datePrecision;
  if (!detail.publishedAt) return undefined;
  if (precision === 'day') return detail.publishedAt.slice(0, 10);
  if (precision === 'month') return detail.publishedAt.slice(0, 7);
  return detail.publishedAt;
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
  // fetch-feed may have known more hosts to serve https than the stored document's URL tells (the
  // registry's feed URLs): an https announcement says its host is one, so the item's http link
  // canonicalizes to the very URL announced, as it did in fetch-feed.
  const httpsHosts = httpsHostsOf([detail.url, feedUrl]);
  const parsed = await deps.parseFeed(stored.body, {
    url: feedUrl,
    httpsHosts,
    timezone: deps.timezoneOf?.(detail.feedId) ?? 'UTC',
    locale: deps.localeOf?.(detail.feedId),
    ...(stored.contentType ? { contentType: stored.contentType } : {}),
  });
  const canonical = deps.canonicalUrl;
  const item = parsed.items.find((i) => {
    const link = i.url ?? i.guid;
    return link !== undefined && canonical(link, feedUrl, { httpsHosts }) === detail.url;
  });
  if (!item)
    throw new ArchiveError(
      'item-missing',
      `no item for ${detail.url} in the stored feed document ${detail.feedRawKey}`,
    );
  return item;
}
