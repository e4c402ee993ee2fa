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
  /**
   * Set when `publishedAt` is only a day or a month ("9 Kasım 2022", "2022年11月"); absent when it has
   * a time (or there is no date). Keeps a bare day from passing for 00:00 UTC downstream.
   */
  datePrecision?: 'day' | 'month';
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
  /**
   * Set when the document ends before its root element closes; `cutItems` items (the last ones) were
   * cut off inside and are incomplete. Parsing still returns them: dropping is the caller's decision.
   */
  truncated?: { cutItems: number };
}
