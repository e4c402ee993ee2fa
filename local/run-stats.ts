/**
 * What a run did, read off the events on the buses and the outcome of each invocation: feeds ok,
 * not modified or failed (with the reason), articles discovered, and what normalize-article's
 * conditional write did (new, updated, unchanged).
 */
import type { FeedState } from '../lambdas/shared/ports';
import type { InvocationResult } from './dispatcher';
import type { BusEvent } from './event-bus';

export interface FeedOutcome {
  feedId: string;
  url: string;
  status: 'ok' | 'not-modified' | 'failed' | 'pending';
  /** Articles this fetch found new or changed. */
  discovered: number;
  reason?: string;
}

export interface RunSummary {
  feeds: FeedOutcome[];
  articles: { discovered: number; new: number; updated: number; unchanged: number };
  /** Invocations that failed every attempt and went to the dead-letter folder. */
  deadLettered: Array<{ function: string; message: string }>;
  durationMs: number;
}

export class RunStats {
  private started = Date.now();
  private readonly feeds = new Map<string, FeedOutcome>();
  private readonly failedFeeds = new Map<string, string>();
  private discovered = 0;
  private newArticles = 0;
  private updatedArticles = 0;
  private unchangedArticles = 0;
  private readonly deadLettered: Array<{ function: string; message: string }> = [];
  private fetchesDone = 0;

  reset(): void {
    this.started = Date.now();
    this.feeds.clear();
    this.failedFeeds.clear();
    this.discovered = this.newArticles = this.updatedArticles = this.unchangedArticles = 0;
    this.fetchesDone = 0;
    this.deadLettered.length = 0;
  }

  feedDue(feedId: string, url: string): void {
    if (!this.feeds.has(feedId)) this.feeds.set(feedId, { feedId, url, status: 'pending', discovered: 0 });
  }

  sawEvent({ event }: BusEvent): void {
    const detail = event.detail as Record<string, unknown>;
    switch (event['detail-type']) {
      case 'Feed.Due':
        this.feedDue(String(detail.feedId), String(detail.url));
        break;
      case 'Article.Discovered': {
        this.discovered++;
        const feed = this.feeds.get(String(detail.feedId));
        if (feed) feed.discovered++;
        break;
      }
      case 'Feed.Failed': {
        const error = (detail.error ?? {}) as { code?: string; message?: string };
        this.failedFeeds.set(
          String(detail.feedId),
          `${error.code ?? 'error'}: ${error.message ?? ''}`.trim(),
        );
        break;
      }
    }
  }

  sawInvocation(result: InvocationResult): void {
    const detail = result.event.detail as Record<string, unknown>;
    if (result.function === 'fetch-feed' && (result.ok || result.deadLettered)) this.fetchesDone++;
    if (result.function === 'normalize-article' && result.ok) {
      // normalize-article answers what its one conditional write did; a redelivery that only
      // re-announces the article ('re-emitted') stored nothing new.
      const status = (result.value as { status?: string } | undefined)?.status;
      if (status === 'new') this.newArticles++;
      else if (status === 'updated') this.updatedArticles++;
      else this.unchangedArticles++;
    }
    if (result.deadLettered) {
      const message = result.error?.message.split('\n')[0] ?? 'failed';
      this.deadLettered.push({ function: result.function, message });
      if (result.function === 'fetch-feed') this.failedFeeds.set(String(detail.feedId), message);
    }
  }

  /** Progress: feeds fetched of feeds due, and articles stored so far. */
  progress(): { feedsDone: number; feedsTotal: number; stored: number } {
    return {
      feedsDone: this.fetchesDone,
      feedsTotal: this.feeds.size,
      stored: this.newArticles + this.updatedArticles,
    };
  }

  summary(states: FeedState[]): RunSummary {
    const byId = new Map(states.map((s) => [s.feedId, s]));
    const feeds = [...this.feeds.values()].map((feed): FeedOutcome => {
      const failure = this.failedFeeds.get(feed.feedId);
      if (failure !== undefined) return { ...feed, status: 'failed', reason: failure };
      const state = byId.get(feed.feedId);
      if (state?.lastStatus === 304) return { ...feed, status: 'not-modified' };
      return { ...feed, status: state?.lastCheckedAt ? 'ok' : 'pending' };
    });
    return {
      feeds,
      articles: {
        discovered: this.discovered,
        new: this.newArticles,
        updated: this.updatedArticles,
        unchanged: this.unchangedArticles,
      },
      deadLettered: [...this.deadLettered],
      durationMs: Date.now() - this.started,
    };
  }
}
