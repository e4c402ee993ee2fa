/**
 * The four pipeline functions and exactly what each one may do in AWS. The stack grants these
 * actions and nothing else; a test can compare this map with the SDK commands the handlers send.
 */
import { ENV } from '../lambdas/shared/store/schema';

/** Each name is also the handler folder: `lambdas/<name>/handler.ts`. */
export const PIPELINE_FUNCTIONS = [
  'schedule-feeds',
  'fetch-feed',
  'archive-article',
  'normalize-article',
] as const;
export type PipelineFunctionName = (typeof PIPELINE_FUNCTIONS)[number];

/** CloudFormation metadata key on each function resource: its handler folder, read by the local runner. */
export const FUNCTION_METADATA_KEY = 'diplowire:function';

export type DynamoAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Scan'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem';
export type S3Action = 's3:GetObject' | 's3:PutObject';

export interface ObjectGrant {
  readonly actions: readonly S3Action[];
  /** Key prefix the actions are limited to, e.g. `raw/`. */
  readonly prefix: string;
  /** PutObject only when the request carries `If-None-Match: *`: the key can be created, never overwritten. */
  readonly createOnly?: boolean;
}

export interface FunctionAccess {
  readonly articlesTable?: readonly DynamoAction[];
  readonly feedStateTable?: readonly DynamoAction[];
  readonly archiveBucket?: readonly ObjectGrant[];
  readonly eventBus?: readonly 'events:PutEvents'[];
}

export const FUNCTION_ACCESS: Record<PipelineFunctionName, FunctionAccess> = {
  // Lists every feed's state (one Scan: a few hundred small items) and announces the due ones.
  'schedule-feeds': {
    feedStateTable: ['dynamodb:Scan'],
    eventBus: ['events:PutEvents'],
  },
  // Reads and writes its feed's state, looks up known article ids in batches, parks a large feed
  // document under feeds/ (outside raw/, so it never triggers normalization), emits events.
  'fetch-feed': {
    feedStateTable: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    articlesTable: ['dynamodb:BatchGetItem'],
    archiveBucket: [{ actions: ['s3:PutObject'], prefix: 'feeds/', createOnly: true }],
    eventBus: ['events:PutEvents'],
  },
  // Archives raw bytes create-only under raw/ and re-reads a parked feed document from feeds/. When
  // the page is already archived but the feed item changed, it records the item's new fingerprint
  // on the article (one conditional UpdateItem), so the next poll does not announce it again.
  'archive-article': {
    articlesTable: ['dynamodb:UpdateItem'],
    archiveBucket: [
      { actions: ['s3:PutObject'], prefix: 'raw/', createOnly: true },
      { actions: ['s3:GetObject'], prefix: 'feeds/' },
    ],
  },
  // Reads the raw object, writes the record with one conditional PutItem, emits Article.Ingested.
  'normalize-article': {
    archiveBucket: [{ actions: ['s3:GetObject'], prefix: 'raw/' }],
    articlesTable: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    eventBus: ['events:PutEvents'],
  },
};

/** Which environment variable carries which resource's name (names from schema.ts). */
export const RESOURCE_ENV = {
  articlesTable: ENV.articlesTable,
  feedStateTable: ENV.feedStateTable,
  archiveBucket: ENV.archiveBucket,
  eventBus: ENV.eventBusName,
} as const satisfies Record<keyof FunctionAccess, string>;
