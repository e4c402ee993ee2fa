import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createS3rver, hasRequestLogger, s3rverOptions } from '../../local/s3rver-options';

const dir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-s3rver-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createS3rver', () => {
  it('starts s3rver without its request logger, and a plain one still has it', async () => {
    const { default: S3rver } = await import('s3rver');
    // If an s3rver upgrade renames the middleware, the first assertion fails rather than the
    // runner silently paying for request logs nobody sees again.
    expect(hasRequestLogger(new S3rver(s3rverOptions(dir, 'plain')))).toBe(true);
    expect(hasRequestLogger(await createS3rver(dir, 'lean'))).toBe(false);
  });

  it('still stores and serves objects, with metadata, once the logger is gone', async () => {
    const server = await createS3rver(path.join(dir, 'served'), 'bucket');
    const { port } = await server.run();
    try {
      const url = `http://127.0.0.1:${port}/bucket/raw/a.txt`;
      const put = await fetch(url, {
        method: 'PUT',
        body: 'héllo',
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-amz-meta-source': 'tr-mfa' },
      });
      expect(put.status).toBe(200);
      const got = await fetch(url);
      expect(got.status).toBe(200);
      expect(await got.text()).toBe('héllo');
      expect(got.headers.get('x-amz-meta-source')).toBe('tr-mfa');
      // "héllo" is 6 bytes in UTF-8 (é is two).
      expect(got.headers.get('content-length')).toBe('6');
      expect((await fetch(`http://127.0.0.1:${port}/bucket/raw/missing.txt`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
