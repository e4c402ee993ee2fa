/**
 * Each feed of the registry with its state, for `diplowire sources` (and any health page): ok or
 * failing and why, last new article, next check. Pure: registry × stored states → rows.
 */
import type { FeedState } from '../ports';
import { feedsOf, type Registry, type Source } from './registry';

export type FeedHealth = 'ok' | 'failing' | 'never checked' | 'disabled';

export interface FeedStatus {
  sourceId: string;
  feedId: string;
  url: string;
  /** `listing` for listing pages; the declared feed format or `feed` when it is sniffed. */
  format: string;
  enabled: boolean;
  status: FeedHealth;
  /** Why it is failing: `code: message` of the last error. */
  problem?: string;
  consecutiveFailures: number;
  lastCheckedAt?: string;
  lastOkAt?: string;
  lastNewArticleAt?: string;
  nextCheckAt?: string;
  /** Why the next check is then (the polling policy's words: rate, backoff, a server's Retry-After…). */
  nextCheckReason?: string;
  /** True when the next check is due now (or the feed was never checked). */
  due: boolean;
  /** The interval in use: adapted to the publishing rate when the state has one. */
  pollMinutes: number;
}

export interface SourceStatus {
  id: string;
  name: string;
  kind: Source['kind'];
  country?: string;
  feeds: FeedStatus[];
}

export interface SourcesReport {
  generatedAt: string;
  sources: SourceStatus[];
  /** Stored states of feeds the registry no longer (or not yet) names: another sources file's feeds. */
  unknownFeeds: Array<{ feedId: string; lastCheckedAt?: string }>;
  totals: Record<FeedHealth, number> & { feeds: number };
}

export function sourcesReport(registry: Registry, states: readonly FeedState[], now: Date): SourcesReport {
  const byId = new Map(states.map((s) => [s.feedId, s]));
  const totals = { feeds: 0, ok: 0, failing: 0, 'never checked': 0, disabled: 0 };
  const sources = registry.sources.map((source): SourceStatus => {
    const feeds = feedsOf({ sources: [source] }).map(({ feed }): FeedStatus => {
      const state = byId.get(feed.id);
      const failing = (state?.consecutiveFailures ?? 0) > 0;
      const status: FeedHealth = !feed.enabled
        ? 'disabled'
        : !state
          ? 'never checked'
          : failing
            ? 'failing'
            : 'ok';
      totals.feeds += 1;
      totals[status] += 1;
      const row: FeedStatus = {
        sourceId: source.id,
        feedId: feed.id,
        url: state?.url ?? feed.url,
        format: feed.format ?? 'feed',
        enabled: feed.enabled,
        status,
        consecutiveFailures: state?.consecutiveFailures ?? 0,
        due: feed.enabled && (!state?.nextCheckAt || Date.parse(state.nextCheckAt) <= now.getTime()),
        pollMinutes: state?.pollMinutes ?? feed.pollMinutes,
      };
      if (failing && state?.lastError) row.problem = `${state.lastError.code}: ${state.lastError.message}`;
      if (state?.lastCheckedAt) row.lastCheckedAt = state.lastCheckedAt;
      if (state?.lastOkAt) row.lastOkAt = state.lastOkAt;
      if (state?.lastNewArticleAt) row.lastNewArticleAt = state.lastNewArticleAt;
      if (state?.nextCheckAt) row.nextCheckAt = state.nextCheckAt;
      if (state?.pollReason) row.nextCheckReason = state.pollReason;
      return row;
    });
    return {
      id: source.id,
      name: source.name,
      kind: source.kind,
      ...(source.country ? { country: source.country } : {}),
      feeds,
    };
  });
  const known = new Set(feedsOf(registry).map((e) => e.feed.id));
  const unknownFeeds = states
    .filter((s) => !known.has(s.feedId))
    .map((s) => ({ feedId: s.feedId, ...(s.lastCheckedAt ? { lastCheckedAt: s.lastCheckedAt } : {}) }))
    .sort((a, b) => a.feedId.localeCompare(b.feedId));
  return { generatedAt: now.toISOString(), sources, unknownFeeds, totals };
}

/** `2026-11-25 12:30 UTC (in 30 min)`: absolute for the record, relative for a glance. */
export function describeWhen(iso: string | undefined, now: Date): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  const absolute = `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const minutes = Math.round((at - now.getTime()) / 60_000);
  const span = humanSpan(Math.abs(minutes));
  return minutes === 0 ? `${absolute} (now)` : `${absolute} (${minutes > 0 ? `in ${span}` : `${span} ago`})`;
}

function humanSpan(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / (24 * 60))} days`;
}
