/**
 * How the runner starts s3rver, in one place: the emulator's worker thread uses it, and the bench's
 * same-thread reference rate starts an identical server so the two figures compare like with like.
 */
import type S3rver from 's3rver';

export function s3rverOptions(directory: string, bucket: string): ConstructorParameters<typeof S3rver>[0] {
  return {
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    allowMismatchedSignatures: true,
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  };
}
