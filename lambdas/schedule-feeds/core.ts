/** schedule-feeds' core: registry × feed states → one Feed.Due per enabled feed that is due. */
import { DetailType, type FeedDueDetail } from '../shared/events';
import type { Clock, EventPublisher, FeedState, FeedStateStore } from '../shared/ports';
import type { FeedEntry } from '../shared/sources/registry';

export interface ScheduleFeedsDeps {
  clock: Clock;
  feedStates: Pick<FeedStateStore, 'list'>;
  events: EventPublisher;
  feeds: () => FeedEntry[];
}

/** Due: enabled, and never checked, or its next check time has come and no Retry-After holds it back. */
export function dueFeeds(
  feeds: readonly FeedEntry[],
  states: readonly FeedState[],
  now: Date,
): FeedDueDetail[] {
  const byId = new Map(states.map((s) => [s.feedId, s]));
  const scheduledAt = now.toISOString();
  const due: FeedDueDetail[] = [];
  for (const { feed } of feeds) {
    if (feed.enabled === false) continue;
    const state = byId.get(feed.id);
    if (state?.nextCheckAt && Date.parse(state.nextCheckAt) > now.getTime()) continue;
    if (state?.retryAfterUntil && Date.parse(state.retryAfterUntil) > now.getTime()) continue;
    const url = state?.url && state.redirectedFrom === feed.url ? state.url : feed.url;
    due.push({ feedId: feed.id, url, scheduledAt });
  }
  return due;
}

export async function scheduleFeeds(
  deps: ScheduleFeedsDeps,
): Promise<{ due: FeedDueDetail[]; feeds: number }> {
  const feeds = deps.feeds();
  const states = await deps.feedStates.list();
  const due = dueFeeds(feeds, states, deps.clock.now());
  await deps.events.publish(due.map((detail) => ({ detailType: DetailType.FeedDue, detail })));
  return { due, feeds: feeds.length };
}
