/**
 * Custom metric names: the handlers emit them (CloudWatch Embedded Metric Format, no dimensions),
 * the stack alarms on them and draws them on the dashboard. One place, so the two cannot drift.
 */
export const METRICS_NAMESPACE = 'Diplowire';

export const MetricName = {
  /** fetch-feed: a feed was fetched and parsed (200 or 304). */
  FeedsFetched: 'FeedsFetched',
  /** fetch-feed: a feed fetch failed (network, HTTP error, not a feed); the failing-feeds alarm. */
  FeedsFailed: 'FeedsFailed',
  /** fetch-feed: Article.Discovered events emitted (new or changed items). */
  ArticlesDiscovered: 'ArticlesDiscovered',
  /** normalize-article: an article stored for the first time. */
  ArticlesNew: 'ArticlesNew',
  /** normalize-article: a known article whose content changed. */
  ArticlesUpdated: 'ArticlesUpdated',
} as const;
export type MetricNameValue = (typeof MetricName)[keyof typeof MetricName];
