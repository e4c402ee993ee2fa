/**
 * The runner's own view of the local store (for the CLI: articles, import, replay, the summary),
 * through the same adapters and the same lean AWS client the handlers use, on clients pointed at
 * the emulators' front doors.
 */
import { createArticleStore } from '../lambdas/shared/aws/article-store';
import { DynamoClient } from '../lambdas/shared/aws/client/dynamodb';
import { S3Client } from '../lambdas/shared/aws/client/s3';
import { documentClientFor } from '../lambdas/shared/aws/dynamodb-client';
import { createFeedStateStore } from '../lambdas/shared/aws/feed-state-store';
import { createRawArchive } from '../lambdas/shared/aws/raw-archive';
import type { ArticleStore, FeedStateStore, RawArchive, RawListing } from '../lambdas/shared/ports';
import { LOCAL_CREDENTIALS, LOCAL_NAMES } from './emulators';

export interface LocalStores {
  articles: ArticleStore;
  feedStates: FeedStateStore;
  archive: RawArchive;
  s3: S3Client;
  dynamo: DynamoClient;
  /** Every raw object under a prefix. */
  listRaw(prefix: string): AsyncIterable<RawListing>;
  destroy(): void;
}

export function localStores(endpoints: { s3: string; dynamodb: string }): LocalStores {
  const common = { region: LOCAL_NAMES.region, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoClient({ ...common, endpoint: endpoints.dynamodb });
  const s3 = new S3Client({ ...common, endpoint: endpoints.s3, forcePathStyle: true });
  const doc = documentClientFor(dynamo);
  const archive = createRawArchive(s3, LOCAL_NAMES.bucket);
  return {
    articles: createArticleStore(doc, LOCAL_NAMES.articlesTable),
    feedStates: createFeedStateStore(doc, LOCAL_NAMES.feedStateTable),
    archive,
    s3,
    dynamo,
    // The archive's own listing (ListObjects with markers: s3rver's v2 continuation tokens need a
    // cipher Node 20 refuses), so the runner and the handlers page the same way.
    listRaw: (prefix) => archive.list(prefix),
    destroy() {
      // The lean clients share the process's keep-alive agents, whose idle sockets do not hold the
      // process open: nothing to release per client.
    },
  };
}
