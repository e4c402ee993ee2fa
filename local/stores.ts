/**
 * The runner's own view of the local store (for the CLI: articles, import, replay, the summary),
 * through the same adapters the handlers use, on clients pointed at the emulators' front doors.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { createArticleStore } from '../lambdas/shared/aws/article-store';
import { documentClientFor } from '../lambdas/shared/aws/dynamodb-client';
import { createFeedStateStore } from '../lambdas/shared/aws/feed-state-store';
import { createRawArchive } from '../lambdas/shared/aws/raw-archive';
import { s3ClientConfig } from '../lambdas/shared/aws/s3-client';
import type { ArticleStore, FeedStateStore, RawArchive, RawListing } from '../lambdas/shared/ports';
import { LOCAL_CREDENTIALS, LOCAL_NAMES } from './emulators';

export interface LocalStores {
  articles: ArticleStore;
  feedStates: FeedStateStore;
  archive: RawArchive;
  s3: S3Client;
  dynamo: DynamoDBClient;
  /** Every raw object under a prefix (ListObjects v1 with markers: s3rver's v2 continuation tokens need a legacy cipher). */
  listRaw(prefix: string): AsyncIterable<RawListing>;
  destroy(): void;
}

export function localStores(endpoints: { s3: string; dynamodb: string }): LocalStores {
  const common = { region: LOCAL_NAMES.region, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb });
  const s3 = new S3Client({
    ...s3ClientConfig({ DIPLOWIRE_S3_FORCE_PATH_STYLE: 'true' }),
    ...common,
    endpoint: endpoints.s3,
  });
  const doc = documentClientFor(dynamo);
  return {
    articles: createArticleStore(doc, LOCAL_NAMES.articlesTable),
    feedStates: createFeedStateStore(doc, LOCAL_NAMES.feedStateTable),
    archive: createRawArchive(s3, LOCAL_NAMES.bucket),
    s3,
    dynamo,
    async *listRaw(prefix) {
      let marker: string | undefined;
      do {
        const out = await s3.send(
          new ListObjectsCommand({ Bucket: LOCAL_NAMES.bucket, Prefix: prefix, Marker: marker }),
        );
        const contents = out.Contents ?? [];
        for (const entry of contents) {
          if (!entry.Key) continue;
          yield { key: entry.Key, size: entry.Size ?? 0, lastModified: entry.LastModified };
        }
        marker = out.IsTruncated ? (out.NextMarker ?? contents.at(-1)?.Key) : undefined;
      } while (marker);
    },
    destroy() {
      dynamo.destroy();
      s3.destroy();
    },
  };
}
