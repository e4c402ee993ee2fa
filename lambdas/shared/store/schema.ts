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
 * Feed state: one item per feed, partition key `feedId`.
 */
export interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableSpec {
  /** Logical id in CDK, and the table name in the local store. */
  id: string;
  localName: string;
  partitionKey: string;
  indexes: IndexSpec[];
}

export const ARTICLES_TABLE: TableSpec = {
  id: 'ArticlesTable',
  localName: 'articles',
  partitionKey: 'articleId',
  indexes: [
    { name: 'bySource', partitionKey: 'sourceId', sortKey: 'publishedSk' },
    { name: 'byDay', partitionKey: 'day', sortKey: 'publishedSk' },
    { name: 'byCountry', partitionKey: 'primaryCountry', sortKey: 'publishedSk' },
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
