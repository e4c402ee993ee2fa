/** One item of a parsed feed, as `parse-feed` prints it and as Article.Discovered carries it. */
export interface FeedItem {
  guid?: string;
  url?: string;
  title?: string;
  summary?: string;
  contentText?: string;
  /** Sanitized by an allowlist: no script, style, event attributes or javascript: URLs. */
  contentHtml?: string;
  authors: string[];
  categories: string[];
  publishedAt?: string;
  updatedAt?: string;
  language?: string;
}

/**
 * `listing`: an HTML listing page read with the registry's selectors (lambdas/shared/listing).
 * `cdf`: Microsoft's Channel Definition Format (1997), still met in old archives.
 */
export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'cdf' | 'listing' | 'unknown';

export interface FeedInfo {
  title?: string;
  url?: string;
  language?: string;
  format: FeedFormat;
  /** The character encoding the bytes were decoded with, e.g. utf-8, windows-1251. */
  encoding: string;
  updatedAt?: string;
  /** When the publisher says the feed was published (RSS channel pubDate, Atom 0.3 issued). */
  publishedAt?: string;
  /** RSS <ttl> in minutes, when the feed states one. */
  ttlMinutes?: number;
}

export interface ParsedFeed {
  feed: FeedInfo;
  items: FeedItem[];
  /** False when the XML was not well formed and was recovered (feedparser's "bozo"). */
  wellFormed: boolean;
  /** What was repaired, for the feed's state and for people. */
  warnings: string[];
}
