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

/**
 * An s3rver as the runner uses it: silent, and without its request logger. `silent` only mutes
 * the console transport: s3rver still runs koa-logger on every request (timing, chalk colours, a
 * byte-counting stream piped through every response body) and hands each line to winston, which
 * drops it. That was a third of s3rver's CPU per PUT + GET (2.6 vs 3.3–4.1 ms per pair in a
 * same-thread loop, 7 KB objects), for lines nobody sees. Koa composes its middleware when the
 * server starts listening, so removing the entry before `run()` is enough.
 */
export async function createS3rver(directory: string, bucket: string): Promise<S3rver> {
  // Loaded here, not at the top: the dynalite thread imports this module's neighbours too.
  const { default: S3rverServer } = await import('s3rver');
  const server = new S3rverServer(s3rverOptions(directory, bucket));
  const middleware = (server as unknown as { middleware: Array<{ name?: string }> }).middleware;
  // koa-logger's middleware is the function named `logger`; s3rver installs it first.
  const logger = middleware.findIndex((m) => m.name === 'logger');
  if (logger >= 0) middleware.splice(logger, 1);
  return server;
}

/** Whether `createS3rver` found s3rver's request logger to remove (a test checks it still does). */
export function hasRequestLogger(server: S3rver): boolean {
  return (server as unknown as { middleware: Array<{ name?: string }> }).middleware.some(
    (m) => m.name === 'logger',
  );
}
