/**
 * fetch-feed's core: one Feed.Due in, at most one feed-state write and a few events out.
 * Expected bad input (network failure, HTTP error, HTML where a feed should be) becomes state and a
 * Feed.Failed event and the function returns normally; infrastructure failures (DynamoDB, S3,
 * EventBridge) are thrown so the invocation is retried. Events are published before the state is
 * written, so a crash in between re-announces (idempotent downstream) instead of losing articles.
 */
import { createHash } from 'node:crypto';
import { registryLocale } from '../shared/dates/locale';
import {
  ArticleDiscoveredDetail,
  DetailType,
  type FeedDueDetail,
  MAX_INLINE_CONTENT_BYTES,
} from '../shared/events';
import type { FeedItem, ParsedFeed } from '../shared/feed/types';
import type {
  ArticleStore,
  Clock,
  EventPublisher,
  FeedState,
  FeedStateStore,
  HttpClient,
  HttpResponse,
  KnownArticle,
  OutgoingEvent,
  RawArchive,
} from '../shared/ports';
import { firstFetchCutoff, nextCheckAt } from '../shared/sources/polling';
import type { FeedConfig, FeedEntry } from '../shared/sources/registry';
import { encodeRawMetadata } from '../shared/store/raw-metadata';
import { type CanonicalOptions, type HttpsHosts, httpsHostsOf } from '../shared/url';
import type { PollingPolicy } from './polling';
import {
  applyDecision,
  asFeedFailure,
  checkStatus,
  contentType,
  FeedFailure,
  looksLikeHtml,
  redirectFields,
} from './response-checks';
import {
  changedCandidates,
  firstPageRetryAfter,
  nextPageRetryAt,
  pageRetryDue,
  selectItems,
} from './select-items';

export { FeedFailure, looksLikeHtml } from './response-checks';

/** What a parser is told about a document besides its bytes. */
export interface ParseContext {
  url: string;
  contentType?: string;
  /** The feed's zone, for dates written without one. */
  timezone: string;
  /** The registry's locale (`en-US`), for numeric dates when the document names no region. */
  locale?: string;
  /** Hosts known to serve https: the parser writes their http links https (lambdas/shared/url.ts). */
  httpsHosts?: HttpsHosts;
}

export interface FetchFeedDeps {
  clock: Clock;
  http: HttpClient;
  feedStates: Pick<FeedStateStore, 'get' | 'put'>;
  articles: Pick<ArticleStore, 'knownArticles'>;
  archive: Pick<RawArchive, 'putIfAbsent'>;
  events: EventPublisher;
  findFeed: (feedId: string) => FeedEntry | undefined;
  /** Decodes and parses a feed document; throws (a FeedError) on what is not a feed. */
  parseFeed: (bytes: Uint8Array, context: ParseContext) => ParsedFeed | Promise<ParsedFeed>;
  /** Reads a listing page (sources without a feed); throws when the selectors match nothing. */
  parseListing?: (
    bytes: Uint8Array,
    feed: FeedConfig,
    context: ParseContext,
  ) => ParsedFeed | Promise<ParsedFeed>;
  canonicalUrl: (input: string, base?: string, options?: CanonicalOptions) => string | undefined;
  articleIdFor: (canonicalUrl: string) => string;
  /**
   * Hosts the whole registry names in https feed URLs. Optional: the fetched document's final URL
   * and the https feed URLs of the feed's own source are always counted.
   */
  registryHttpsHosts?: () => HttpsHosts;
  polling?: PollingPolicy;
}

export type FetchFeedResult =
  | { status: 'unknown-feed' | 'disabled' | 'deferred' | 'already-served'; feedId: string }
  | { status: 'not-modified'; feedId: string; state: FeedState }
  | {
      status: 'ok';
      feedId: string;
      state: FeedState;
      discovered: number;
      newArticles: number;
      /** Of `discovered`, unchanged items announced again to fetch a page that was missing. */
      pageRetries: number;
      itemsSeen: number;
    }
  | { status: 'failed'; feedId: string; state: FeedState; error: { code: string; message: string } };

export async function fetchFeed(deps: FetchFeedDeps, input: FeedDueDetail): Promise<FetchFeedResult> {
  const entry = deps.findFeed(input.feedId);
  if (!entry) return { status: 'unknown-feed', feedId: input.feedId };
  const { source, feed } = entry;
  if (feed.enabled === false) return { status: 'disabled', feedId: feed.id };
  const polling = deps.polling ?? nextCheckAt;

  const state = await deps.feedStates.get(feed.id);
  const now = deps.clock.now();
  // A Feed.Due delivered again after it was served (at-least-once delivery) changes nothing.
  if (state?.lastCheckedAt && Date.parse(state.lastCheckedAt) > Date.parse(input.scheduledAt)) {
    return { status: 'already-served', feedId: feed.id };
  }
  // A server's Retry-After is honoured even when the schedule (or `run --once`) asks early.
  if (state?.retryAfterUntil && Date.parse(state.retryAfterUntil) > now.getTime()) {
    return { status: 'deferred', feedId: feed.id };
  }
  // A saved permanent redirect applies only while the registry still names the URL it came from.
  const url = state?.url && state.redirectedFrom === feed.url ? state.url : feed.url;
  const validators =
    state && (state.url ?? feed.url) === url && !pageRetryIsDue(state, now)
      ? { etag: state.etag, lastModified: state.lastModified }
      : {};
  const base: FeedState = {
    ...(state ?? { feedId: feed.id, consecutiveFailures: 0 }),
    lastCheckedAt: now.toISOString(),
  };
  delete base.retryAfterUntil;

  let response: HttpResponse;
  let parsed: ParsedFeed;
  let httpsHosts: HttpsHosts;
  try {
    response = await deps.http.get({
      url,
      ...(feed.headers ? { headers: feed.headers } : {}),
      ...(validators.etag ? { etag: validators.etag } : {}),
      ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
    });
    if (response.status === 304) {
      const next: FeedState = {
        ...base,
        lastOkAt: now.toISOString(),
        consecutiveFailures: 0,
        lastStatus: 304,
      };
      delete next.lastError;
      applyDecision(
        next,
        redirectFields(response, feed.url, url),
        polling({ feed, state, outcome: { kind: 'not-modified', headers: response.headers }, now }),
      );
      await deps.feedStates.put(next);
      return { status: 'not-modified', feedId: feed.id, state: next };
    }
    checkStatus(response, now);
    const contentType = response.headers['content-type'];
    // Hosts diplowire itself reached over https: the document's final URL and the registry's feed URLs.
    httpsHosts = httpsHostsOf([response.url, ...source.feeds.map((f) => f.url)], deps.registryHttpsHosts?.());
    const context: ParseContext = {
      url: response.url,
      httpsHosts,
      timezone: feed.timezone,
      locale: registryLocale(source, feed),
      ...(contentType ? { contentType } : {}),
    };
    if (feed.format === 'listing') {
      if (!deps.parseListing)
        throw new FeedFailure('listing-unsupported', 'listing pages cannot be read here');
      parsed = await deps.parseListing(response.body, feed, context);
    } else {
      parsed = await deps.parseFeed(response.body, context);
      // The parser names an HTML page itself; this catches one it let through as an empty feed.
      if (parsed.items.length === 0 && looksLikeHtml(response.body, contentType)) {
        throw new FeedFailure(
          'html-instead-of-feed',
          `${response.url} answered with an HTML page (${contentType ?? 'no content type'}), not a feed`,
        );
      }
    }
  } catch (error) {
    return recordFailure(deps, polling, feed, state, base, asFeedFailure(error), now);
  }

  // First fetch: skip the back catalogue (maxAgeDays; null takes everything).
  // The cutoff set then stays, or the back catalogue would arrive on the second fetch instead.
  const cutoff =
    feed.maxAgeDays === null
      ? undefined
      : (firstFetchCutoff(feed, state, now) ?? (state?.skipBefore ? new Date(state.skipBefore) : undefined));
  // A truncated document: the items cut off inside it are incomplete (half a text, no date), so
  // only the complete ones are announced, and the feed is reported failed below.
  const cutItems = parsed.truncated?.cutItems ?? 0;
  const items = cutItems > 0 ? parsed.items.slice(0, -cutItems) : parsed.items;
  const selection = selectItems(items, {
    baseUrl: response.url,
    httpsHosts,
    canonicalUrl: deps.canonicalUrl,
    articleIdFor: deps.articleIdFor,
    ...(cutoff ? { cutoff } : {}),
  });
  const known = await deps.articles.knownArticles(selection.candidates.map((c) => c.articleId));
  // A page missing when first fetched (published ahead of its page) is asked for again on a back-off;
  // only in page mode, where the event makes archive-article fetch the page.
  const retryPage =
    feed.fullText === 'feed'
      ? undefined
      : (stored: KnownArticle) => pageRetryDue(stored, state?.lastParsedAt ?? state?.lastOkAt, now);
  const changed = changedCandidates(selection.candidates, known, retryPage);
  // When the next poll must skip the validators (a feed can answer 304 for days): the earliest retry
  // of a page already missing, or, when this poll announces new pages, the first threshold after it:
  // their pages are fetched after this poll, so whether one is missing is known only later.
  const announcesNewPages = retryPage !== undefined && changed.some((c) => c.isNew);
  const pageRetryAt = retryPage
    ? earliestPageRetry(known.values(), now, announcesNewPages ? firstPageRetryAfter(now) : undefined)
    : undefined;

  const fetchedAt = now.toISOString();
  let feedRawKey: string | undefined;
  const events: OutgoingEvent[] = [];
  const warnings = [...parsed.warnings];
  for (const { candidate, isNew, pageRetry } of changed) {
    const item = isNew ? candidate.item : keepFirstPublished(candidate.item, known.get(candidate.articleId));
    const inline = Buffer.byteLength(JSON.stringify(item)) <= MAX_INLINE_CONTENT_BYTES;
    // "feed" mode: the registry says the items carry whole articles (some only in their description).
    const contentInFeed =
      feed.fullText === 'feed' && Boolean(item.contentText || item.contentHtml || item.summary);
    if (!inline && contentInFeed && !feedRawKey) {
      // Stored once per document, outside raw/ (which would start normalization of the whole feed).
      feedRawKey = `feeds/${feed.id}/${createHash('sha256').update(response.body).digest('hex')}.xml`;
      await deps.archive.putIfAbsent(
        feedRawKey,
        response.body,
        contentType(response),
        encodeRawMetadata({ feedId: feed.id, url: response.url, fetchedAt }),
      );
    }
    const detail = {
      feedId: feed.id,
      sourceId: source.id,
      articleId: candidate.articleId,
      url: candidate.url,
      contentInFeed,
      // A page retry's item is the one fetched then: archived again in the page's place, it must make
      // the same raw key (an undated item's day folder comes from this instant).
      fetchedAt: (pageRetry && known.get(candidate.articleId)?.fetchedAt) || fetchedAt,
      itemFingerprint: candidate.itemFingerprint,
      ...(item.guid ? { guid: item.guid } : {}),
      ...(item.title ? { title: item.title } : {}),
      ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
      ...(inline ? { item: { ...item } } : contentInFeed && feedRawKey ? { feedRawKey } : {}),
    };
    let checked = ArticleDiscoveredDetail.safeParse(detail);
    if (!checked.success && detail.publishedAt) {
      // A date the schema refuses must not cost the article: announce it undated (normalization re-reads dates).
      const { publishedAt: _dropped, ...undated } = detail;
      checked = ArticleDiscoveredDetail.safeParse(undated);
    }
    if (!checked.success) {
      warnings.push(
        `item "${item.title?.slice(0, 60) ?? candidate.url}" not announced: ${checked.error.issues[0]?.message}`,
      );
      continue;
    }
    events.push({ detailType: DetailType.ArticleDiscovered, detail: checked.data });
  }
  for (const skip of selection.skipped) {
    if (skip.reason === 'no-link') warnings.push(`item "${skip.title ?? '(untitled)'}" has no link: skipped`);
  }
  await deps.events.publish(events);
  if (parsed.truncated) {
    const failure = new FeedFailure(
      'truncated-feed',
      `${response.url} sent a feed that ends before its last element is closed (cut off); ` +
        `${events.length} complete item(s) announced, ${cutItems} cut-off item(s) left for a complete copy`,
    );
    // Its complete items were announced (page retries included): the next parse starts from here.
    return recordFailure(
      deps,
      polling,
      feed,
      state,
      withPageRetryAt({ ...base, lastParsedAt: fetchedAt }, pageRetryAt),
      failure,
      now,
    );
  }

  const newArticles = changed.filter((c) => c.isNew).length;
  const itemDates = parsed.items.map((i) => i.publishedAt).filter((d): d is string => Boolean(d));
  const next: FeedState = {
    ...base,
    ...redirectFields(response, feed.url, url),
    lastOkAt: fetchedAt,
    lastParsedAt: fetchedAt,
    lastStatus: response.status,
    consecutiveFailures: 0,
    itemsSeen: parsed.items.length,
    itemsDiscovered: events.length,
    recentItemDates: itemDates.sort().reverse().slice(0, 20),
    warnings: warnings.slice(0, 20),
  };
  const etag = response.headers.etag;
  const lastModified = response.headers['last-modified'];
  if (etag) next.etag = etag;
  else delete next.etag;
  if (lastModified) next.lastModified = lastModified;
  else delete next.lastModified;
  withPageRetryAt(next, pageRetryAt);
  if (newArticles > 0) next.lastNewArticleAt = fetchedAt;
  if (cutoff) next.skipBefore = cutoff.toISOString();
  else delete next.skipBefore;
  delete next.lastError;
  applyDecision(
    next,
    polling({
      feed,
      state,
      outcome: {
        kind: 'ok',
        headers: response.headers,
        itemDates,
        ...(parsed.feed.ttlMinutes ? { ttlMinutes: parsed.feed.ttlMinutes } : {}),
      },
      now,
    }),
  );
  await deps.feedStates.put(next);
  return {
    status: 'ok',
    feedId: feed.id,
    state: next,
    discovered: events.length,
    newArticles,
    pageRetries: changed.filter((c) => c.pageRetry).length,
    itemsSeen: parsed.items.length,
  };
}

/**
 * A feed that states only an update time (GOV.UK's Atom: <updated>, no <published>) stands it in for
 * the publication date; when it re-serves an edited item, that "date" moves to the edit. The article
 * keeps the date it was first stored with; the edit time stays in updatedAt.
 */
function keepFirstPublished(item: FeedItem, stored: KnownArticle | undefined): FeedItem {
  const first = stored?.publishedAt;
  if (!first || !item.publishedAt || item.publishedAt !== item.updatedAt || first >= item.publishedAt)
    return item;
  const kept: FeedItem = { ...item, publishedAt: first };
  if (stored.datePrecision === 'day' || stored.datePrecision === 'month')
    kept.datePrecision = stored.datePrecision;
  else delete kept.datePrecision;
  return kept;
}

async function recordFailure(
  deps: FetchFeedDeps,
  polling: PollingPolicy,
  feed: FeedConfig,
  state: FeedState | undefined,
  base: FeedState,
  failure: FeedFailure,
  now: Date,
): Promise<FetchFeedResult> {
  const error = { code: failure.code, message: failure.message };
  const next: FeedState = {
    ...base,
    consecutiveFailures: (state?.consecutiveFailures ?? 0) + 1,
    lastError: { ...error, at: now.toISOString() },
  };
  if (failure.status !== undefined) next.lastStatus = failure.status;
  if (failure.retryAfterMs !== undefined)
    next.retryAfterUntil = new Date(now.getTime() + failure.retryAfterMs).toISOString();
  applyDecision(
    next,
    polling({
      feed,
      state,
      outcome: {
        kind: 'failed',
        consecutiveFailures: next.consecutiveFailures,
        ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
      },
      now,
    }),
  );
  await deps.events.publish([
    {
      detailType: DetailType.FeedFailed,
      detail: {
        feedId: feed.id,
        url: state?.url ?? feed.url,
        error,
        consecutiveFailures: next.consecutiveFailures,
      },
    },
  ]);
  await deps.feedStates.put(next);
  return { status: 'failed', feedId: feed.id, state: next, error };
}

/** Whether a missing page of this feed is due another try, so its validators are left out once. */
function pageRetryIsDue(state: FeedState, now: Date): boolean {
  return state.pageRetryAt !== undefined && Date.parse(state.pageRetryAt) <= now.getTime();
}

/** The earliest next page retry over the feed's known articles, as ISO; undefined when none is due. */
function earliestPageRetry(known: Iterable<KnownArticle>, now: Date, atLeast?: number): string | undefined {
  let earliest = atLeast;
  for (const stored of known) {
    const at = nextPageRetryAt(stored, now);
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest === undefined ? undefined : new Date(earliest).toISOString();
}

function withPageRetryAt(state: FeedState, at: string | undefined): FeedState {
  if (at) state.pageRetryAt = at;
  else delete state.pageRetryAt;
  return state;
}
