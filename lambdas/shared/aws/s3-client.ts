/**
 * The module-scope S3 client (the lean client in ./client, not SDK v3). Endpoint from the standard
 * `AWS_ENDPOINT_URL_S3`; path-style addressing when `DIPLOWIRE_S3_FORCE_PATH_STYLE=true` (s3rver).
 * Bodies are signed whole, without aws-chunked framing or extra checksums (s3rver would store the
 * framing). Exported so the local runner can add middleware (write counters, fault injection).
 */
import { S3Client } from './client/s3';

export const s3Client = new S3Client();
