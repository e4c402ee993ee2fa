/**
 * The fetcher on loopback: how many feed fetches per second it sustains (fresh connection per
 * request, as in production), how fast it inflates a large gzip feed, and how soon it stops a
 * decompression bomb at the default 10 MiB cap.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { createHttpClient } from '../lambdas/shared/http';
import type { BenchRow } from './types';

const MiB = 1024 * 1024;

export async function run(): Promise<BenchRow[]> {
  const feed = Buffer.from(
    `<rss><channel>${'<item><title>Statement</title></item>'.repeat(500)}</channel></rss>`,
  );
  const bigFeed = zlib.gzipSync(
    Buffer.concat(Array(Math.ceil((5 * MiB) / feed.length)).fill(feed)).subarray(0, 5 * MiB),
  );
  const bomb = zlib.gzipSync(Buffer.alloc(64 * MiB));
  const server = http.createServer((req, res) => {
    if (req.url === '/304' && req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304, { ETag: '"v1"' });
      return res.end();
    }
    if (req.url === '/big') {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      return res.end(bigFeed);
    }
    if (req.url === '/bomb') {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      for (let i = 0; i < 16 && !res.destroyed; i += 1) res.write(bomb);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    res.end(feed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createHttpClient({ allowPrivateNetwork: true });
  const rows: BenchRow[] = [];
  try {
    for (const [path, label] of [
      ['/200', `200 with a ${Math.round(feed.length / 1024)} KiB body`],
      ['/304', '304 (conditional GET)'],
    ] as const) {
      const n = 800;
      const started = performance.now();
      await inParallel(16, n, () => client.get({ url: `${origin}${path}`, etag: '"v1"' }));
      rows.push({
        area: 'http',
        metric: `fetches/s, ${label}, 16 concurrent`,
        value: n / ((performance.now() - started) / 1000),
        unit: 'req/s',
        note: 'loopback, new connection per request',
      });
    }
    let started = performance.now();
    for (let i = 0; i < 5; i += 1) await client.get({ url: `${origin}/big` });
    rows.push({
      area: 'http',
      metric: 'gzip feed inflate + read (5 MiB)',
      value: (5 * 5) / ((performance.now() - started) / 1000),
      unit: 'MiB/s',
    });
    started = performance.now();
    await client.get({ url: `${origin}/bomb` }).catch(() => undefined);
    rows.push({
      area: 'http',
      metric: 'time to refuse a 1 GiB gzip bomb at the 10 MiB cap',
      value: performance.now() - started,
      unit: 'ms',
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
  return rows;
}

async function inParallel(width: number, total: number, task: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < total) {
        next += 1;
        await task();
      }
    }),
  );
}
