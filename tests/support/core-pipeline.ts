/**
 * The four cores wired to the real adapters (dynalite, s3rver), the real HTTP client, the real feed
 * parser and normalizer, with events recorded in memory and routed by hand the way the rules route
 * them: Feed.Due → fetch-feed → Article.Discovered → archive-article → (S3 Object Created) →
 * normalize-article → Article.Ingested.
 */
import {
  type ArchiveArticleDeps,
  type ArchiveArticleResult,
  archiveArticle,
} from '../../lambdas/archive-article/core';
import { type FetchFeedDeps, type FetchFeedResult, fetchFeed } from '../../lambdas/fetch-feed/core';
import {
  type NormalizeArticleDeps,
  type NormalizeArticleResult,
  normalizeArticle,
} from '../../lambdas/normalize-article/core';
import { normalizeDocument } from '../../lambdas/shared/article/normalize';
import { articleIdFor } from '../../lambdas/shared/article/record-fields';
import { createArticleStore } from '../../lambdas/shared/aws/article-store';
import { createFeedStateStore } from '../../lambdas/shared/aws/feed-state-store';
import { createRawArchive } from '../../lambdas/shared/aws/raw-archive';
import type { ArticleDiscoveredDetail } from '../../lambdas/shared/events';
import { parseFeed } from '../../lambdas/shared/feed/parse-feed';
import { createHttpClient } from '../../lambdas/shared/http/client';
import { parseListing } from '../../lambdas/shared/listing/parse-listing';
import type { Clock, EventPublisher, OutgoingEvent } from '../../lambdas/shared/ports';
import { findFeed, type Registry } from '../../lambdas/shared/sources/registry';
import { canonicalUrl } from '../../lambdas/shared/url';
import type { TestEmulators } from './emulators';

export class RecordingPublisher implements EventPublisher {
  readonly published: OutgoingEvent[] = [];
  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    this.published.push(...events);
  }
  ofType<T extends OutgoingEvent['detailType']>(
    type: T,
  ): Extract<OutgoingEvent, { detailType: T }>['detail'][] {
    return this.published.filter((e) => e.detailType === type).map((e) => e.detail) as never;
  }
  clear(): void {
    this.published.length = 0;
  }
}

export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface PollReport {
  fetch: FetchFeedResult;
  discovered: ArticleDiscoveredDetail[];
  archived: ArchiveArticleResult[];
  normalized: NormalizeArticleResult[];
}

export interface CorePipeline {
  events: RecordingPublisher;
  clock: TestClock;
  fetchDeps: FetchFeedDeps;
  archiveDeps: ArchiveArticleDeps;
  normalizeDeps: NormalizeArticleDeps;
  /** One Feed.Due for the feed and everything it causes. */
  poll(feedId: string): Promise<PollReport>;
  /** One Feed.Due for the feed, without delivering what it announces. */
  fetchOnly(feedId: string): Promise<FetchFeedResult>;
  /** One Article.Discovered delivery and what follows it. */
  deliver(
    detail: ArticleDiscoveredDetail,
  ): Promise<{ archived: ArchiveArticleResult; normalized?: NormalizeArticleResult }>;
}

export function corePipeline(stack: TestEmulators, registry: () => Registry, clock: TestClock): CorePipeline {
  const events = new RecordingPublisher();
  const articles = createArticleStore(stack.doc, stack.names.articlesTable);
  const archive = createRawArchive(stack.s3, stack.names.bucket);
  const http = createHttpClient({ allowPrivateNetwork: true, deadlineMs: 5000 });
  const fetchDeps: FetchFeedDeps = {
    clock,
    http,
    feedStates: createFeedStateStore(stack.doc, stack.names.feedStateTable),
    articles,
    archive,
    events,
    findFeed: (id) => findFeed(registry(), id),
    parseFeed: (bytes, context) => parseFeed(bytes, context),
    parseListing: (bytes, feed, context) =>
      parseListing(bytes, feed.listing ?? { item: 'x', link: 'a' }, context),
    canonicalUrl,
    articleIdFor: (url) => articleIdFor(url),
  };
  const archiveDeps: ArchiveArticleDeps = {
    clock,
    http,
    archive,
    articles,
    parseFeed: (bytes, context) => parseFeed(bytes, context),
    canonicalUrl,
    timezoneOf: (id) => findFeed(registry(), id)?.feed.timezone,
  };
  const normalizeDeps: NormalizeArticleDeps = {
    clock,
    archive,
    articles,
    events,
    findFeed: (id) => findFeed(registry(), id),
    findSource: (id) => registry().sources.find((s) => s.id === id),
    normalizeDocument,
  };

  async function deliver(detail: ArticleDiscoveredDetail) {
    const archived = await archiveArticle(archiveDeps, detail);
    if (archived.outcome !== 'created') return { archived };
    // S3 Object Created → EventBridge → normalize-article, as the stack routes it.
    const normalized = await normalizeArticle(normalizeDeps, {
      bucket: { name: stack.names.bucket },
      object: { key: archived.key },
    });
    return { archived, normalized };
  }

  return {
    events,
    clock,
    fetchDeps,
    archiveDeps,
    normalizeDeps,
    deliver,
    fetchOnly(feedId) {
      const entry = findFeed(registry(), feedId);
      return fetchFeed(fetchDeps, {
        feedId,
        url: entry?.feed.url ?? 'https://unknown.invalid/',
        scheduledAt: clock.now().toISOString(),
      });
    },
    async poll(feedId) {
      const entry = findFeed(registry(), feedId);
      const before = events.published.length;
      const fetch = await fetchFeed(fetchDeps, {
        feedId,
        url: entry?.feed.url ?? 'https://unknown.invalid/',
        scheduledAt: clock.now().toISOString(),
      });
      const discovered = events.published
        .slice(before)
        .filter((e) => e.detailType === 'Article.Discovered')
        .map((e) => e.detail as ArticleDiscoveredDetail);
      const archived: ArchiveArticleResult[] = [];
      const normalized: NormalizeArticleResult[] = [];
      for (const detail of discovered) {
        const out = await deliver(detail);
        archived.push(out.archived);
        if (out.normalized) normalized.push(out.normalized);
      }
      return { fetch, discovered, archived, normalized };
    },
  };
}
