import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../lambdas/shared/http';
import { failure, hostsTable, startServer, type TestServer, text } from './helpers/test-server';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const loopback = () => createHttpClient({ allowPrivateNetwork: true, deadlineMs: 5_000 });

/** `/hop/<n>/<status>` redirects to `/hop/<n-1>/<status>`; `/hop/0/…` answers 200. */
function hopServer() {
  return startServer((req, res) => {
    const [, , n, status] = (req.url ?? '').split('/');
    const left = Number(n);
    if (left === 0) return res.end(`arrived via ${req.url}`);
    res.writeHead(Number(status), { Location: `/hop/${left - 1}/${status}` });
    res.end('moved');
  });
}

describe('createHttpClient: redirects', () => {
  it('follows five redirects and reports the final URL', async () => {
    server = await hopServer();
    const response = await loopback().get({ url: `${server.origin}/hop/5/302` });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${server.origin}/hop/0/302`);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/hop/5/302',
      '/hop/4/302',
      '/hop/3/302',
      '/hop/2/302',
      '/hop/1/302',
      '/hop/0/302',
    ]);
    expect(response.permanentRedirect).toBeUndefined();
  });

  it('refuses a sixth redirect with too-many-redirects, without following it', async () => {
    server = await hopServer();
    const error = await failure(loopback().get({ url: `${server.origin}/hop/6/302` }));
    expect(error.code).toBe('too-many-redirects');
    expect(error.message).toBe(
      `more than 5 redirects starting at ${server.origin}/hop/6/302 (next was ${server.origin}/hop/0/302)`,
    );
    expect(server.requests).toHaveLength(6);
  });

  it('honours a lower maxRedirects', async () => {
    server = await hopServer();
    const client = createHttpClient({ allowPrivateNetwork: true, maxRedirects: 1 });
    expect((await client.get({ url: `${server.origin}/hop/1/301` })).status).toBe(200);
    expect((await failure(client.get({ url: `${server.origin}/hop/2/301` }))).code).toBe(
      'too-many-redirects',
    );
  });

  it('stops a redirect loop as soon as it comes back to a URL it has seen', async () => {
    server = await startServer((req, res) => {
      res.writeHead(302, { Location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const error = await failure(loopback().get({ url: `${server.origin}/a` }));
    expect(error.code).toBe('too-many-redirects');
    expect(error.message).toBe(`redirect loop: ${server.origin}/a → ${server.origin}/b → ${server.origin}/a`);
    expect(server.requests).toHaveLength(2);
  });

  it('stops a self-redirect', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(301, { Location: '/same' });
      res.end();
    });
    expect((await failure(loopback().get({ url: `${server.origin}/same` }))).code).toBe('too-many-redirects');
  });

  it('reports permanentRedirect when every hop was 301 or 308', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/old') res.writeHead(301, { Location: '/older' });
      else if (req.url === '/older') res.writeHead(308, { Location: '/new' });
      else res.writeHead(200);
      res.end();
    });
    const response = await loopback().get({ url: `${server.origin}/old` });
    expect(response.url).toBe(`${server.origin}/new`);
    expect(response.permanentRedirect).toBe(`${server.origin}/new`);
  });

  it('reports no permanentRedirect when any hop was temporary', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/old') res.writeHead(301, { Location: '/tmp' });
      else if (req.url === '/tmp') res.writeHead(307, { Location: '/new' });
      else res.writeHead(200);
      res.end();
    });
    const response = await loopback().get({ url: `${server.origin}/old` });
    expect(response.url).toBe(`${server.origin}/new`);
    expect(response.permanentRedirect).toBeUndefined();
  });

  it('returns a redirect without Location as the response it is', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(302);
      res.end('nowhere to go');
    });
    const response = await loopback().get({ url: `${server.origin}/` });
    expect(response.status).toBe(302);
    expect(text(response.body)).toBe('nowhere to go');
  });

  it('fails with invalid-url on a Location that is not a URL', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(302, { Location: 'http://[bad' });
      res.end();
    });
    const error = await failure(loopback().get({ url: `${server.origin}/` }));
    expect(error.code).toBe('invalid-url');
    expect(error.message).toBe(`${server.origin}/ redirected to "http://[bad", which is not a valid URL`);
  });

  it.each([
    ['file:///etc/passwd', 'file'],
    ['ftp://127.0.0.1/feed.xml', 'ftp'],
    ['gopher://127.0.0.1:70/_GET', 'gopher'],
  ])('refuses a redirect to %s', async (target, scheme) => {
    server = await startServer((_req, res) => {
      res.writeHead(302, { Location: target });
      res.end();
    });
    const error = await failure(loopback().get({ url: `${server.origin}/` }));
    expect(error.code).toBe('unsupported-scheme');
    expect(error.message).toMatch(
      new RegExp(`^refused: ${scheme} URLs are not fetched, only http and https`),
    );
  });

  it('drops Authorization and Cookie when a redirect leaves the host, keeps them on the same host', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/start') res.writeHead(302, { Location: '/same-host' });
      else if (req.url === '/same-host')
        res.writeHead(302, { Location: `http://other.test:${server!.port}/x` });
      else res.writeHead(200);
      res.end();
    });
    const client = createHttpClient({
      allowPrivateNetwork: true,
      lookup: hostsTable({ 'feed.test': '127.0.0.1', 'other.test': '127.0.0.1' }),
    });
    await client.get({
      url: `http://feed.test:${server.port}/start`,
      headers: { Authorization: 'Bearer secret', Cookie: 'a=b' },
    });
    const seen = server.requests.map((r) => [r.path, r.headers.authorization, r.headers.cookie]);
    expect(seen).toEqual([
      ['/start', 'Bearer secret', 'a=b'],
      ['/same-host', 'Bearer secret', 'a=b'],
      ['/x', undefined, undefined],
    ]);
  });
});
