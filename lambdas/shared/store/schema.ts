/**
 * The table layout, shared by the CDK stack (which creates the tables in AWS) and the local runner
 * (which creates the same tables in dynalite), so both always agree on keys and indexes.
 *
 * Articles: one item per article, written with one conditional PutItem.
 *   - by id:                         partition key `articleId`
 *   - a source's articles by time:   GSI `bySource`  (`sourceId`, `publishedSk`)
 *   - all articles of a day:         GSI `byDay`     (`day`, `publishedSk`)
 *   - a country's articles by time:  GSI `byCountry` (`primaryCountry`, `publishedSk`): the first
 *     country an article mentions; later mentions are found through `byDay` with a filter on
 *     `countries` (one write per article, no fan-out items; see the README's design section).
 *   Each index copies only the listing fields (INCLUDE, see `LISTING_ATTRIBUTES`), not whole articles:
 *   an index write then costs 1 write unit instead of the article's size in KB. A reader that needs
 *   the text takes the keys from the index and reads the items from the table (`list()` does).
 * Feed state: one item per feed, partition key `feedId`.
 */
export interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey: string;
  /**
   * The non-key attributes the index copies (projection INCLUDE). The table key and the index's own
   * keys come with every index and are not listed (DynamoDB projects them anyway).
   */
  nonKeyAttributes: readonly string[];
}

export interface TableSpec {
  /** Logical id in CDK, and the table name in the local store. */
  id: string;
  localName: string;
  partitionKey: string;
  indexes: IndexSpec[];
}

/**
 * What a by-source, by-day or by-country listing shows and filters on without opening an article:
 * where it comes from, what it is called and links to, when, in which language, which countries it
 * mentions, and how long it is. All small (the projected item of a typical article is ~0.5 KB, one
 * write unit). Never `text`, `summary`, `authors` or `categories` (the size of an index item, and so
 * of every index write, would follow the article's size again), nor the bookkeeping (`contentHash`,
 * `rawKey`, `itemFingerprint`, …). `day` and `primaryCountry` are left out too: they are derived from
 * `publishedAt` and `countries[0]`. `countries` must stay: `list()` filters the index on it, and
 * DynamoDB refuses a filter on an attribute an index does not project. Changing this list on a
 * deployed stack is not an in-place update (CloudFormation refuses it: README, Cost); at most 20 per index.
 */
export const LISTING_ATTRIBUTES = [
  'sourceId',
  'feedId',
  'sourceCountry',
  'url',
  'title',
  'publishedAt',
  'datePrecision',
  'updatedAt',
  'language',
  'countries',
  'wordCount',
] as const;

const ARTICLE_KEY = 'articleId';

function listingIndex(name: string, partitionKey: string, sortKey: string): IndexSpec {
  const keys = new Set([ARTICLE_KEY, partitionKey, sortKey]);
  return {
    name,
    partitionKey,
    sortKey,
    nonKeyAttributes: LISTING_ATTRIBUTES.filter((attribute) => !keys.has(attribute)),
  };
}

export const ARTICLES_TABLE: TableSpec = {
  id: 'ArticlesTable',
  localName: 'articles',
  partitionKey: ARTICLE_KEY,
  indexes: [
    listingIndex('bySource', 'sourceId', 'publishedSk'),
    listingIndex('byDay', 'day', 'publishedSk'),
    listingIndex('byCountry', 'primaryCountry', 'publishedSk'),
  ],
};

export const FEED_STATE_TABLE: TableSpec = {
  id: 'FeedStateTable',
  localName: 'feed-state',
  partitionKey: 'feedId',
  indexes: [],
};

export const TABLES = [ARTICLES_TABLE, FEED_STATE_TABLE] as const;

/** The sort key of the indexes: time first, id to break ties; undated articles sort first. */
export function publishedSortKey(publishedAt: string | undefined, articleId: string): string {
  return `${publishedAt ?? '0000-00-00T00:00:00.000Z'}#${articleId}`;
}

/** The `day` partition: the UTC day of publication, or `undated`. */
export function dayKey(publishedAt: string | undefined): string {
  return publishedAt ? publishedAt.slice(0, 10) : 'undated';
}

/** Environment variable names the functions read (set by the CDK construct, and by the local runner). */
export const ENV = {
  articlesTable: 'ARTICLES_TABLE',
  feedStateTable: 'FEED_STATE_TABLE',
  archiveBucket: 'ARCHIVE_BUCKET',
  eventBusName: 'EVENT_BUS_NAME',
  allowPrivateNetwork: 'ALLOW_PRIVATE_NETWORK',
} as const;
