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

    // ListObjects (v1) with markers, not v2's continuation tokens: s3rver 3.7 makes those with DES,
    // which Node 17+ refuses without --openssl-legacy-provider, so any listing past one page (1,000
    // keys) failed on the embedded default (jamhall/s3rver#818). S3 serves v1 with the same
    // permission (s3:ListBucket) and order; without a delimiter the next marker is the last key.
    async *list(prefix): AsyncIterable<RawListing> {
      let marker: string | undefined;
      do {
        const out = await s3.call('ListObjects', { Bucket: bucket, Prefix: prefix, Marker: marker });
        for (const entry of out.Contents) {
          if (!entry.Key) continue;
          const listing: RawListing = { key: entry.Key, size: entry.Size };
          if (entry.LastModified) listing.lastModified = entry.LastModified;
          yield listing;
        }
        const last = out.NextMarker ?? out.Contents.at(-1)?.Key;
        // A truncated page that names no next key would list the same page forever: stop loudly.
        if (out.IsTruncated && (last === undefined || last === marker))
          throw new Error(`S3 listing of ${bucket}/${prefix} is truncated but gives no next key`);
        marker = out.IsTruncated ? last : undefined;
      } while (marker);
    },
  };
}
