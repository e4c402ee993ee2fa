/** RawArchive on S3: create-only writes (`If-None-Match: *`), so an archived object never changes. */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { RawArchive, RawListing, RawObject } from '../ports';
import { decodeRawMetadata } from '../store/raw-metadata';

export function createRawArchive(s3: S3Client, bucket: string): RawArchive {
  return {
    async putIfAbsent(key, body, contentType, metadata) {
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
            Metadata: metadata,
            IfNoneMatch: '*',
          }),
        );
        return 'created';
      } catch (error) {
        // 412: the key exists. 409: another writer is creating it right now; theirs wins, and
        // since keys are content-addressed it holds the same bytes.
        const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
        if (status === 412 || status === 409) return 'exists';
        throw error;
      }
    },

    async get(key): Promise<RawObject | undefined> {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
        const object: RawObject = { key, body, metadata: decodeRawMetadata(out.Metadata ?? {}) };
        if (out.ContentType) object.contentType = out.ContentType;
        if (out.LastModified) object.lastModified = out.LastModified;
        return object;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },

    async *list(prefix): AsyncIterable<RawListing> {
      let token: string | undefined;
      do {
        const out = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const entry of out.Contents ?? []) {
          if (!entry.Key) continue;
          const listing: RawListing = { key: entry.Key, size: entry.Size ?? 0 };
          if (entry.LastModified) listing.lastModified = entry.LastModified;
          yield listing;
        }
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
