/**
 * The module-scope S3 client. Endpoint from the SDK's `AWS_ENDPOINT_URL_S3`; path-style addressing
 * when `DIPLOWIRE_S3_FORCE_PATH_STYLE=true` (s3rver). Checksums only when an operation requires them:
 * s3rver would otherwise store streamed bodies with their aws-chunked framing.
 * Exported so the local runner can add middleware (write counters, fault injection) to it.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export function s3ClientConfig(env: Record<string, string | undefined> = process.env): S3ClientConfig {
  return {
    forcePathStyle: env.DIPLOWIRE_S3_FORCE_PATH_STYLE === 'true',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export const s3Client = new S3Client(s3ClientConfig());
