/**
 * Reading a validated registry: no schema, no selector engine. The handlers import this (through the
 * registry provider) rather than `registry.ts`, whose validation they never run in Lambda: the
 * bundled `sources.json` is validated when the function is built (lib/constructs/pipeline-function.ts).
 */
import type { FeedConfig, ListingConfig, Registry, Source } from './registry';

/** The schedule rule fires every 5 minutes, so a shorter interval could never be honoured. */
export const MIN_POLL_MINUTES = 5;
export const MAX_POLL_MINUTES = 7 * 24 * 60;

export interface FeedEntry {
  source: Source;
  feed: FeedConfig;
}

/** Every feed with its source, in file order. */
export function feedsOf(registry: Registry): FeedEntry[] {
  return registry.sources.flatMap((source) => source.feeds.map((feed) => ({ source, feed })));
}

export function findFeed(registry: Registry, feedId: string): FeedEntry | undefined {
  return feedsOf(registry).find((entry) => entry.feed.id === feedId);
}

export function isListing(
  feed: FeedConfig,
): feed is FeedConfig & { format: 'listing'; listing: ListingConfig } {
  return feed.format === 'listing' && feed.listing !== undefined;
}

/** The article record's `sourceCountry`: a ministry's or government's country; media and bodies have none. */
export function sourceCountryOf(source: Source): string | undefined {
  return source.kind === 'ministry' || source.kind === 'government' ? source.country : undefined;
}
