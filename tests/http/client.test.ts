import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../lambdas/shared/http';
import { failure, hostsTable, startServer, type TestServer, text } from './helpers/test-server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const loopback = () => createHttpClient({ allowPrivateNetwork: true, deadlineMs: 5_000 });

describe('createHttpClient: requests and responses', () => {
  it('sends an honest User-Agent, the feed Accept header and Accept-Encoding', async () => {
    server = await startServer((_req, res) => res.end('ok'));
    await loopback().get({ url: `${server.origin}/feed.xml` });
    const { headers, path } = server.requests[0]!;
    expect(path).toBe('/feed.xml');
    expect(headers['user-agent']).toBe('diplowire/0.1.0 (+https://github.com/diplowire/diplowire)');
    expect(headers.accept).toBe(
      'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.7, */*;q=0.5',
    );
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers['if-none-match']).toBeUndefined();
  });

  it('sends an HTML-first Accept header for article pages', async () => {
    server = await startServer((_req, res) => res.end('<html></html>'));
    await loopback().get({ url: `${server.origin}/article`, accept: 'page' });
    expect(server.requests[0]!.headers.accept).toBe(
      'text/html, application/xhtml+xml;q=0.9, application/xml;q=0.8, */*;q=0.5',
    );
  });

  it('returns status, lower-cased headers, the final URL and the body', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"v1"', 'X-Multi': ['a', 'b'] });
      res.end('<rss/>');
    });
    const response = await loopback().get({ url: `${server.origin}/rss?x=1` });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${server.origin}/rss?x=1`);
    expect(response.headers['content-type']).toBe('application/rss+xml');
    expect(response.headers.etag).toBe('"v1"');
    expect(response.headers['x-multi']).toBe('a, b');
    expect(text(response.body)).toBe('<rss/>');
    expect(response.permanentRedirect).toBeUndefined();
  });

  it('sends the validators and returns 304 as a normal response with an empty body', async () => {
    server = await startServer((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { ETag: '"v1"' });
        return res.end();
      }
      res.end('full body');
    });
    const response = await loopback().get({
      url: `${server.origin}/feed`,
      etag: '"v1"',
      lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT',
    });
    expect(response.status).toBe(304);
    expect(response.body.byteLength).toBe(0);
    expect(response.headers.etag).toBe('"v1"');
    expect(server.requests[0]!.headers['if-modified-since']).toBe('Tue, 24 Nov 2026 10:00:00 GMT');
  });

  it('returns 429 and 503 as responses so the caller can record Retry-After', async () => {
    server = await startServer((req, res) => {
      res.writeHead(req.url === '/busy' ? 503 : 429, { 'Retry-After': '120' });
      res.end('slow down');
    });
    const limited = await loopback().get({ url: `${server.origin}/limited` });
    const busy = await loopback().get({ url: `${server.origin}/busy` });
    expect([limited.status, busy.status]).toEqual([429, 503]);
    expect(limited.headers['retry-after']).toBe('120');
    expect(text(busy.body)).toBe('slow down');
  });

  it('resolves host names through the lookup and sends them as Host', async () => {
    server = await startServer((req, res) => res.end(req.headers.host));
    const client = createHttpClient({
      allowPrivateNetwork: true,
      lookup: hostsTable({ 'feed.test': '127.0.0.1' }),
    });
    const response = await client.get({ url: `http://feed.test:${server.port}/` });
    expect(text(response.body)).toBe(`feed.test:${server.port}`);
  });

  it('reaches an IPv6 literal and an IPv6 answer from DNS', async (context) => {
    const v6 = http.createServer((req, res) => res.end(req.headers.host));
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    // Some CI containers have no IPv6 loopback; there is nothing to connect to then.
    if (!listening) return context.skip();
    try {
      const { port } = v6.address() as AddressInfo;
      const literal = await loopback().get({ url: `http://[::1]:${port}/x` });
      expect(text(literal.body)).toBe(`[::1]:${port}`);
      const named = createHttpClient({ allowPrivateNetwork: true, lookup: hostsTable({ 'v6.test': '::1' }) });
      expect(text((await named.get({ url: `http://v6.test:${port}/x` })).body)).toBe(`v6.test:${port}`);
    } finally {
      v6.close();
    }
  });

  it('reports a name that does not resolve as a dns error', async () => {
    const client = createHttpClient({ lookup: hostsTable({}) });
    const error = await failure(client.get({ url: 'http://nowhere.test/feed' }));
    expect(error.code).toBe('dns');
    expect(error.message).toBe('DNS lookup failed for nowhere.test: no such host');
  });

  it('serializes a FetchError with its code, message and URL', async () => {
    const error = await failure(createHttpClient().get({ url: 'http://10.0.0.5/feed' }));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'FetchError',
      code: 'refused-private-address',
      message: 'refused: http://10.0.0.5/feed points to 10.0.0.5, a private address',
      url: 'http://10.0.0.5/feed',
    });
  });

  it('reports a closed port as connection-refused', async () => {
    server = await startServer((_req, res) => res.end());
    const { origin } = server;
    await server.close();
    server = undefined;
    const error = await failure(loopback().get({ url: `${origin}/` }));
    expect(error.code).toBe('connection-refused');
  });

  it('reports an https URL served by a plain-HTTP port as a tls error', async () => {
    server = await startServer((_req, res) => res.end('plain'));
    const error = await failure(loopback().get({ url: `https://127.0.0.1:${server.port}/` }));
    expect(error.code).toBe('tls');
    expect(error.message).toBe(`TLS with 127.0.0.1:${server.port} failed: wrong version number`);
  });

  it('reports a response with oversized headers as bad-response', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'X-Padding': 'a'.repeat(20_000) });
      res.end('x');
    });
    const error = await failure(loopback().get({ url: `${server.origin}/` }));
    expect(error.code).toBe('bad-response');
    expect(error.message).toBe(
      `127.0.0.1:${server.port} sent a response that is not valid HTTP (Parse Error: Header overflow)`,
    );
  });

  it('refuses to send a header value with a line break (no header injection)', async () => {
    server = await startServer((_req, res) => res.end());
    const error = await failure(
      loopback().get({ url: `${server.origin}/`, headers: { 'X-Token': 'a\r\nInjected: 1' } }),
    );
    expect(error.code).toBe('invalid-request');
    expect(error.message).toBe(
      `not sent to 127.0.0.1:${server.port}: Invalid character in header content ["x-token"]`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('rejects with aborted when the caller cancels', async () => {
    server = await startServer(() => {}); // never answers
    const controller = new AbortController();
    const pending = loopback().get({ url: `${server.origin}/`, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.code).toBe('aborted');
  });
});

describe('createHttpClient: content encodings', () => {
  const feed = '<rss><channel><title>Press releases</title></channel></rss>'.repeat(50);

  it.each([
    ['gzip', zlib.gzipSync(feed)],
    ['x-gzip', zlib.gzipSync(feed)],
    ['br', zlib.brotliCompressSync(feed)],
    ['deflate', zlib.deflateSync(feed)],
    ['deflate', zlib.deflateRawSync(feed)], // raw deflate, as some servers send it
    ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(feed))],
  ])('decodes %s', async (encoding, payload) => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': encoding });
      res.end(payload);
    });
    const response = await loopback().get({ url: `${server.origin}/` });
    expect(text(response.body)).toBe(feed);
  });

  it('decodes a chunked gzip body without Content-Length', async () => {
    const payload = zlib.gzipSync(feed);
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' });
      for (let i = 0; i < payload.length; i += 100) res.write(payload.subarray(i, i + 100));
      res.end();
    });
    const response = await loopback().get({ url: `${server.origin}/` });
    expect(text(response.body)).toBe(feed);
  });

  it('fails with bad-encoding on a corrupt gzip body', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip' });
      res.end('this is not gzip at all');
    });
    const error = await failure(loopback().get({ url: `${server.origin}/feed` }));
    expect(error.code).toBe('bad-encoding');
    expect(error.message).toMatch(new RegExp(`^the gzip body of ${server.origin}/feed is corrupt: `));
  });

  it('fails with unsupported-encoding on an encoding it cannot undo', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'compress' });
      res.end('xx');
    });
    const error = await failure(loopback().get({ url: `${server.origin}/f` }));
    expect(error.code).toBe('unsupported-encoding');
    expect(error.message).toBe(
      `${server.origin}/f is sent with Content-Encoding "compress", which is not supported`,
    );
  });
});
