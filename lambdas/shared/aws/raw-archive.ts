/** RawArchive on S3: create-only writes (`If-None-Match: *`), so an archived object never changes. */
import type { RawArchive, RawListing, RawObject } from '../ports';
import { decodeRawMetadata } from '../store/raw-metadata';
import { isAwsError } from './client/errors';
import type { S3Client } from './client/s3';

export function createRawArchive(s3: S3Client, bucket: string): RawArchive {
  return {
    async putIfAbsent(key, body, contentType, metadata) {
      try {
        await s3.call('PutObject', {
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          Metadata: metadata,
          IfNoneMatch: '*',
        });
        return 'created';
      } catch (error) {
        // 412: the key exists. 409: another writer is creating it right now; theirs wins, and
        // since keys are content-addressed it holds the same bytes.
        if (isAwsError(error) && (error.status === 412 || error.status === 409)) return 'exists';
        throw error;
      }
    },

    async get(key): Promise<RawObject | undefined> {
      try {
        const out = await s3.call('GetObject', { Bucket: bucket, Key: key });
        const object: RawObject = { key, body: out.Body, metadata: decodeRawMetadata(out.Metadata) };
        if (out.ContentType) object.contentType = out.ContentType;
        if (out.LastModified) object.lastModified = out.LastModified;
        return object;
      } catch (error) {
        if (isAwsError(error, 'NoSuchKey', 'NotFound')) return undefined;
        throw error;
      }
    },

    async *list(prefix): AsyncIterable<RawListing> {
      let token: string | undefined;
      do {
        const out = await s3.call('ListObjectsV2', {
          Bucket: bucket,
          Prefix: prefix,
          ContinuationToken: token,
        });
        for (const entry of out.Contents) {
          if (!entry.Key) continue;
          const listing: RawListing = { key: entry.Key, size: entry.Size };
          if (entry.LastModified) listing.lastModified = entry.LastModified;
          yield listing;
        }
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
