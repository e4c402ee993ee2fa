import { execFile } from 'node:child_process';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../lambdas/shared/http';
import { failure, startServer, type TestServer } from './helpers/test-server';

/**
 * Size and time limits. Timings use small limits (200–400 ms) and only assert upper bounds that are
 * many times the limit, so a loaded machine slows the tests down without making them flaky.
 */
let server: TestServer | undefined;
const sockets = new Set<import('node:net').Socket>();
afterEach(async () => {
  await server?.close();
  server = undefined;
  sockets.clear();
});

/** Starts a server and records its sockets, so a test can prove the client closed its side. */
async function serve(handler: http.RequestListener) {
  server = await startServer((req, res) => {
    sockets.add(req.socket);
    handler(req, res);
  });
  return server;
}

async function allSocketsClosed(): Promise<boolean> {
  for (let i = 0; i < 100; i += 1) {
    if ([...sockets].every((s) => s.destroyed)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

const KiB = 1024;
const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('createHttpClient: body cap', () => {
  const client = () =>
    createHttpClient({ allowPrivateNetwork: true, maxBodyBytes: 64 * KiB, deadlineMs: 10_000 });

  it('accepts a body of exactly the cap', async () => {
    await serve((_req, res) => res.end(Buffer.alloc(64 * KiB, 'a')));
    expect((await client().get({ url: `${server!.origin}/` })).body.byteLength).toBe(64 * KiB);
  });

  it('refuses a body that declares more than the cap, before reading it', async () => {
    await serve((_req, res) => res.end(Buffer.alloc(64 * KiB + 1, 'a')));
    const error = await failure(client().get({ url: `${server!.origin}/big` }));
    expect(error.code).toBe('body-too-large');
    expect(error.message).toBe(
      `the body of ${server!.origin}/big is larger than the 65536-byte limit (it declares 65537 bytes)`,
    );
    expect(await allSocketsClosed()).toBe(true);
  });

  it('stops a chunked body without Content-Length at the cap', async () => {
    let written = 0;
    await serve((_req, res) => {
      // An endless chunked stream: only the cap can end this request.
      const pump = () => {
        while (!res.destroyed && res.write(Buffer.alloc(8 * KiB, 'b'))) written += 8 * KiB;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const error = await failure(client().get({ url: `${server!.origin}/endless` }));
    expect(error.code).toBe('body-too-large');
    expect(error.message).toBe(`the body of ${server!.origin}/endless is larger than the 65536-byte limit`);
    expect(await allSocketsClosed()).toBe(true);
    expect(written).toBeLessThan(64 * 1024 * KiB);
  });

  it('applies the cap after decompression: a small gzip body that inflates past it is refused', async () => {
    const payload = zlib.gzipSync(Buffer.alloc(64 * KiB + 1, 'c'));
    expect(payload.length).toBeLessThan(1 * KiB);
    await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': payload.length });
      res.end(payload);
    });
    const error = await failure(client().get({ url: `${server!.origin}/small.gz` }));
    expect(error.code).toBe('body-too-large');
    expect(error.message).toBe(
      `the body of ${server!.origin}/small.gz is larger than the 65536-byte limit (after decompression)`,
    );
  });

  it.each([
    ['gzip', (b: Buffer) => zlib.gzipSync(b, { level: 9 })],
    [
      'br',
      (b: Buffer) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }),
    ],
    ['deflate', (b: Buffer) => zlib.deflateSync(b, { level: 9 })],
  ])('stops a %s decompression bomb (1 GiB of zeros) at the cap, quickly', async (encoding, compress) => {
    // 16 MiB compressed once, then sent 64 times: 1 GiB inflated, about 1 MiB on the wire for gzip.
    const block = compress(Buffer.alloc(16 * 1024 * KiB));
    await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': encoding });
      // Concatenated gzip members are one valid gzip stream; for br/deflate the first block alone
      // inflates to 16 MiB, far past the cap.
      const copies = encoding === 'gzip' ? 64 : 1;
      for (let i = 0; i < copies && !res.destroyed; i += 1) res.write(block);
      res.end();
    });
    const started = Date.now();
    const error = await failure(client().get({ url: `${server!.origin}/bomb` }));
    expect(error.code).toBe('body-too-large');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await allSocketsClosed()).toBe(true);
  });

  it('caps the compressed bytes too: endless empty deflate blocks that inflate to nothing', async () => {
    // A gzip header followed by non-final stored blocks of length 0 (00 | 0000 | ffff): valid
    // gzip that never produces a byte, so only a cap on the wire can stop it before the deadline.
    const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    const emptyBlocks = Buffer.from([0, 0, 0, 0xff, 0xff].concat(...Array(1000).fill([0, 0, 0, 0xff, 0xff])));
    await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      res.write(header);
      const pump = () => {
        while (!res.destroyed && res.write(emptyBlocks)) {}
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const error = await failure(client().get({ url: `${server!.origin}/nothing.gz` }));
    expect(error.code).toBe('body-too-large');
    expect(error.message).toBe(
      `the body of ${server!.origin}/nothing.gz is larger than the 65536-byte limit (before decompression)`,
    );
    expect(await allSocketsClosed()).toBe(true);
  });
});

describe('createHttpClient: failed reads close their connection', () => {
  it('closes a connection whose endless body it refuses to decode', async () => {
    await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'compress' });
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('x')), 20);
      res.on('close', () => clearInterval(drip));
    });
    const client = createHttpClient({ allowPrivateNetwork: true, deadlineMs: 60_000, idleTimeoutMs: 60_000 });
    const error = await failure(client.get({ url: `${server!.origin}/` }));
    expect(error.code).toBe('unsupported-encoding');
    expect(await allSocketsClosed()).toBe(true);
  });
});

describe('createHttpClient: time limits', () => {
  it('cuts off a server that sends one byte at a time at the total deadline', async () => {
    await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('x')), 50);
      res.on('close', () => clearInterval(drip));
    });
    // The idle timeout never fires (a byte arrives every 50 ms); only the deadline can stop this.
    const client = createHttpClient({ allowPrivateNetwork: true, deadlineMs: 400, idleTimeoutMs: 5_000 });
    const started = Date.now();
    const error = await failure(client.get({ url: `${server!.origin}/drip` }));
    const elapsed = Date.now() - started;
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(`gave up on ${server!.origin}/drip after the 400 ms deadline`);
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(4_000);
    expect(await allSocketsClosed()).toBe(true);
  });

  it('cuts off a server that never answers at the deadline', async () => {
    await serve(() => {});
    const client = createHttpClient({ allowPrivateNetwork: true, deadlineMs: 300 });
    const error = await failure(client.get({ url: `${server!.origin}/silent` }));
    expect(error.code).toBe('timeout');
    expect(await allSocketsClosed()).toBe(true);
  });

  it('cuts off a silent server at the idle timeout when that comes first', async () => {
    await serve(() => {});
    const client = createHttpClient({ allowPrivateNetwork: true, deadlineMs: 10_000, idleTimeoutMs: 200 });
    const started = Date.now();
    const error = await failure(client.get({ url: `${server!.origin}/silent` }));
    expect(error.code).toBe('idle-timeout');
    expect(error.message).toBe(`${server!.origin.slice(7)} sent nothing for 200 ms`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails with connect-timeout when connecting (DNS included) takes longer than allowed', async () => {
    const hangingDns = () => new Promise<never>(() => {});
    const client = createHttpClient({ lookup: hangingDns, connectTimeoutMs: 200, deadlineMs: 10_000 });
    const error = await failure(client.get({ url: 'http://slow-dns.test/feed' }));
    expect(error.code).toBe('connect-timeout');
    expect(error.message).toBe('could not connect to slow-dns.test within 200 ms');
  });

  it('counts the deadline across redirect hops', async () => {
    await serve((req, res) => {
      const n = Number((req.url ?? '/0').slice(1));
      setTimeout(() => {
        res.writeHead(302, { Location: `/${n + 1}` });
        res.end();
      }, 150);
    });
    const client = createHttpClient({ allowPrivateNetwork: true, deadlineMs: 400, maxRedirects: 5 });
    const error = await failure(client.get({ url: `${server!.origin}/0` }));
    expect(error.code).toBe('timeout');
    expect(server!.requests.length).toBeLessThan(5);
  });

  it('reports a connection cut mid-body as connection-reset', async () => {
    await serve((req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('only part of it');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const client = createHttpClient({ allowPrivateNetwork: true, deadlineMs: 5_000 });
    const error = await failure(client.get({ url: `${server!.origin}/cut` }));
    expect(error.code).toBe('connection-reset');
  });

  it('lets the process exit right after a request: no deadline timer or socket left behind', async () => {
    await serve((_req, res) => res.end('fine'));
    // A child process that makes one request with a 120 s deadline and then has nothing left to do:
    // it exits at once only if the client cleared its timers and closed its socket.
    const script = `
      import { createHttpClient } from ${JSON.stringify(path.resolve(repoRoot, 'lambdas/shared/http/index.ts'))};
      const client = createHttpClient({ allowPrivateNetwork: true, deadlineMs: 120_000, idleTimeoutMs: 120_000 });
      const response = await client.get({ url: ${JSON.stringify(`${server!.origin}/`)} });
      console.log(response.status);
    `;
    // Killed after 60 s (half the deadline): generous for a loaded machine, fatal for a leaked timer.
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: repoRoot,
        timeout: 60_000,
      },
    );
    expect(stdout.trim()).toBe('200');
  }, 90_000);
});
