/**
 * The narrow interfaces the pure cores depend on. Lambda handlers wire them to AWS adapters, the
 * local runner to the same adapters pointed at dynalite and s3rver, and unit tests to small fakes.
 * (First draft: the handler work owns and extends these.)
 */

import type { ArticleRecord } from './article';
import type {
  ArticleDiscoveredDetail,
  ArticleIngestedDetail,
  DetailType,
  FeedDueDetail,
  FeedFailedDetail,
} from './events';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  /** Conditional GET validators from the feed's state. */
  etag?: string;
  lastModified?: string;
  /** Which Accept header to send: feed types first (default) or HTML first for article pages. */
  accept?: 'feed' | 'page';
  /** Cancels the request (e.g. when the Lambda runs out of time); it rejects with FetchError 'aborted'. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  /** The final URL after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Decompressed body (capped); empty for 304. */
  body: Uint8Array;
  /**
   * The final URL when every redirect hop was permanent (301/308): the feed's state saves it as the
   * new URL. Absent when there was no redirect or any hop was temporary (302/303/307).
   */
  permanentRedirect?: string;
}

export interface HttpClient {
  get(request: HttpRequest): Promise<HttpResponse>;
}

// ---------------------------------------------------------------------------------------------
// Stores, archive and events (the handlers' part of the ports).
// ---------------------------------------------------------------------------------------------

/** What fetch-feed needs to know about an article it may have seen before. */
export interface KnownArticle {
  contentHash?: string;
  /** sha256 of the feed item as last normalized (see `itemFingerprintOf`); absent for imports. */
  itemFingerprint?: string;
  fetchedAt?: string;
  rawKey?: string;
  /** The stored publication date and its precision: kept when a feed re-serves an edited item. */
  publishedAt?: string;
  datePrecision?: 'time' | 'day' | 'month';
  /**
   * Set when the record was built from the feed item because the page could not be had (the fetch's
   * failure code, e.g. `http-404`): fetch-feed asks for the page again on a back-off.
   */
  pageError?: string;
}

/**
 * 'unchanged': nothing written (same text, or an older copy). 'refreshed': written because only the
 * feed item changed (its fingerprint), the text is the same, so nothing is announced.
 */
export type ArticleChange = 'new' | 'updated' | 'refreshed' | 'unchanged';

export interface ArticleQuery {
  sourceId?: string;
  /** Any article that mentions this ISO alpha-2 code (not only as its first country). */
  country?: string;
  /** ISO instant or date: only articles published at or after it. */
  since?: string;
  /** Page size (default 100). */
  limit?: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
}

export interface ArticlePage {
  items: ArticleRecord[];
  /** Present when there is another page. */
  cursor?: string;
}

export interface ArticleStore {
  /** The stored facts for each id that exists; ids absent from the map are new. */
  knownArticles(ids: readonly string[]): Promise<Map<string, KnownArticle>>;
  /**
   * One conditional write: creates the article, or replaces it when its content (or its feed item)
   * changed and this copy was fetched no earlier than the stored one. A replayed older copy and a
   * redelivery write nothing and answer 'unchanged'.
   */
  put(
    record: ArticleRecord,
    options?: { itemFingerprint?: string; pageError?: string },
  ): Promise<ArticleChange>;
  /**
   * Records a changed feed item whose archived bytes did not change (a page-mode item whose page
   * is the same), so the next poll does not discover it again. Writes only when the fingerprint differs.
   */
  refreshItemFingerprint(articleId: string, itemFingerprint: string): Promise<boolean>;
  get(articleId: string): Promise<(ArticleRecord & { itemFingerprint?: string }) | undefined>;
  list(query: ArticleQuery): Promise<ArticlePage>;
}

/** Per-feed state: one item per feed, written once per fetch. */
export interface FeedState {
  feedId: string;
  /** Where a permanent redirect said the feed now lives (used instead of the registry URL). */
  url?: string;
  /** The registry URL that redirect was found for: a changed registry URL discards the saved one. */
  redirectedFrom?: string;
  etag?: string;
  lastModified?: string;
  lastCheckedAt?: string;
  lastOkAt?: string;
  /**
   * The last fetch whose document was parsed (a 200, not a 304): fetch-feed's page retries count
   * their back-off thresholds from it, since a 304 poll sees no items to retry.
   */
  lastParsedAt?: string;
  /**
   * When a page still missing for one of the feed's articles is next due another try: from then the
   * feed is fetched without its validators once, so a feed that answers 304 for days is still parsed
   * and the page asked for (see `nextPageRetryAt` in lambdas/fetch-feed/select-items.ts).
   */
  pageRetryAt?: string;
  lastNewArticleAt?: string;
  /** HTTP status of the last response, if there was one. */
  lastStatus?: number;
  consecutiveFailures: number;
  lastError?: { code: string; message: string; at: string };
  nextCheckAt?: string;
  /** The poll interval the policy settled on (adapted to how often the feed publishes). */
  pollMinutes?: number;
  /** Why the next check is when it is, in words (`backoff after 2 failures: 1 h`). */
  pollReason?: string;
  /** Until when the server asked us to stay away (Retry-After). */
  retryAfterUntil?: string;
  /** Items published before this are never announced: the first fetch's maxAgeDays cutoff, kept. */
  skipBefore?: string;
  /** Items in the last successfully parsed document. */
  itemsSeen?: number;
  /** Articles discovered (new or changed) in the last successful fetch. */
  itemsDiscovered?: number;
  /** Publication instants of the most recent items, newest first (at most 20), for adaptive polling. */
  recentItemDates?: string[];
  /** Parser warnings of the last fetch (repairs made to a not well-formed document). */
  warnings?: string[];
}

export interface FeedStateStore {
  get(feedId: string): Promise<FeedState | undefined>;
  put(state: FeedState): Promise<void>;
  list(): Promise<FeedState[]>;
}

export type RawMetadata = Record<string, string>;

export interface RawObject {
  key: string;
  body: Uint8Array;
  contentType?: string;
  /** User metadata as stored (already decoded: see `decodeRawMetadata`). */
  metadata: RawMetadata;
  lastModified?: Date;
}

export interface RawListing {
  key: string;
  size: number;
  lastModified?: Date;
}

export interface RawArchive {
  /** Create-only write: 'exists' when the key is already there (the object is never overwritten). */
  putIfAbsent(
    key: string,
    body: Uint8Array,
    contentType: string,
    metadata: RawMetadata,
  ): Promise<'created' | 'exists'>;
  get(key: string): Promise<RawObject | undefined>;
  list(prefix: string): AsyncIterable<RawListing>;
}

export type OutgoingEvent =
  | { detailType: typeof DetailType.FeedDue; detail: FeedDueDetail }
  | { detailType: typeof DetailType.ArticleDiscovered; detail: ArticleDiscoveredDetail }
  | { detailType: typeof DetailType.ArticleIngested; detail: ArticleIngestedDetail }
  | { detailType: typeof DetailType.FeedFailed; detail: FeedFailedDetail };

export interface EventPublisher {
  /** Publishes every entry or throws (after re-sending failed entries a few times). */
  publish(events: readonly OutgoingEvent[]): Promise<void>;
}
