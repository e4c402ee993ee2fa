import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../lambdas/shared/http';
import { failure, hostsTable, startServer, type TestServer } from './helpers/test-server';

/**
 * The refusal paths through the real client. Servers listen on loopback, so each request that
 * reaches one when private networks are refused is a hole in the guard: the tests check both the
 * exact error and that the server saw nothing.
 */
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createHttpClient: private addresses', () => {
  it('refuses a loopback literal before connecting', async () => {
    server = await startServer((_req, res) => res.end('secret'));
    const url = `http://2130706433:${server.port}/`;
    const error = await failure(createHttpClient().get({ url }));
    expect(error.code).toBe('refused-private-address');
    expect(error.message).toBe(`refused: ${url} points to 127.0.0.1, a loopback address`);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['10.0.0.5', 'a private address'],
    ['127.0.0.1', 'a loopback address'],
    ['169.254.169.254', 'the cloud instance metadata address'],
    ['100.64.1.1', 'a carrier-grade NAT (shared) address'],
    ['::1', 'a loopback address'],
    ['fd00:ec2::254', 'the cloud instance metadata address'],
    ['::ffff:10.0.0.5', 'an IPv4-mapped form of 10.0.0.5, a private address'],
  ])('refuses a name that resolves to %s, after DNS', async (address, reason) => {
    const client = createHttpClient({ lookup: hostsTable({ 'feeds.example': address }) });
    const error = await failure(client.get({ url: 'https://feeds.example/rss' }));
    expect(error.code).toBe('refused-private-address');
    expect(error.message).toBe(`refused: feeds.example resolves to ${address}, ${reason}`);
    expect(error.url).toBe('https://feeds.example/rss');
  });

  it('refuses a name when any of its addresses is private', async () => {
    const lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    const error = await failure(createHttpClient({ lookup }).get({ url: 'http://mixed.example/' }));
    expect(error.message).toBe('refused: mixed.example resolves to 10.0.0.5, a private address');
  });

  it('refuses localhost through the system resolver', async () => {
    server = await startServer((_req, res) => res.end('secret'));
    const error = await failure(createHttpClient().get({ url: `http://localhost:${server.port}/` }));
    expect(error.code).toBe('refused-private-address');
    expect(error.message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
    expect(server.requests).toHaveLength(0);
  });

  // The loopback server stands in for a public feed host: `allowPrivateHosts` exempts feed.test
  // alone, so every other name and literal is judged by the policy, exactly as for a public host.
  it('refuses a redirect to http://127.0.0.1 when private networks are not allowed', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(302, { Location: `http://127.0.0.1:${server!.port}/internal` });
        return res.end();
      }
      res.end('internal data');
    });
    const client = createHttpClient({
      lookup: hostsTable({ 'feed.test': '127.0.0.1' }),
      allowPrivateHosts: ['feed.test'],
    });
    const error = await failure(client.get({ url: `http://feed.test:${server.port}/feed` }));
    expect(error.code).toBe('refused-private-address');
    expect(error.message).toBe(
      `refused: http://127.0.0.1:${server.port}/internal points to 127.0.0.1, a loopback address`,
    );
    expect(server.requests.map((r) => r.path)).toEqual(['/feed']);
  });

  it.each([
    ['http://2130706433:{port}/internal', '127.0.0.1', 'a loopback address'],
    [
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      '::ffff:a9fe:a9fe',
      'an IPv4-mapped form of 169.254.169.254, the cloud instance metadata address',
    ],
    ['http://0xa9fea9fe/latest/meta-data/', '169.254.169.254', 'the cloud instance metadata address'],
  ])('refuses a redirect to %s', async (target, host, reason) => {
    server = await startServer((_req, res) => {
      res.writeHead(301, { Location: target.replace('{port}', String(server!.port)) });
      res.end();
    });
    const client = createHttpClient({
      lookup: hostsTable({ 'feed.test': '127.0.0.1' }),
      allowPrivateHosts: ['feed.test'],
    });
    const error = await failure(client.get({ url: `http://feed.test:${server.port}/feed` }));
    expect(error.code).toBe('refused-private-address');
    expect(error.message).toMatch(/^refused: http:\/\/\S+ points to /);
    expect(error.message.endsWith(` points to ${host}, ${reason}`)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a redirect to a name that resolves to a private address, after DNS', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(301, { Location: `http://internal.test:${server!.port}/admin` });
        return res.end();
      }
      res.end('admin');
    });
    const lookup = hostsTable({ 'feed.test': '127.0.0.1', 'internal.test': '10.0.0.5' });
    const client = createHttpClient({ lookup, allowPrivateHosts: ['feed.test'] });
    const error = await failure(client.get({ url: `http://feed.test:${server.port}/feed` }));
    expect(error.code).toBe('refused-private-address');
    expect(error.message).toBe('refused: internal.test resolves to 10.0.0.5, a private address');
    expect(server.requests.map((r) => r.path)).toEqual(['/feed']);
  });

  it('follows the same redirects when private networks are allowed', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(301, { Location: `http://internal.test:${server!.port}/admin` });
        return res.end();
      }
      res.end('admin');
    });
    const lookup = hostsTable({ 'feed.test': '127.0.0.1', 'internal.test': '127.0.0.1' });
    const response = await createHttpClient({ lookup, allowPrivateNetwork: true }).get({
      url: `http://feed.test:${server.port}/feed`,
    });
    expect(response.url).toBe(`http://internal.test:${server.port}/admin`);
  });

  it('connects only to the address it checked (no second DNS answer for the connection)', async () => {
    server = await startServer((_req, res) => res.end('feed'));
    let calls = 0;
    // A rebinding resolver: the checked answer first (the loopback server, exempted for this host),
    // another loopback address afterwards where nothing listens. A client that checked one answer and
    // connected with a second lookup would fail to connect instead of reaching the server.
    const lookup = async () => {
      calls += 1;
      return [{ address: calls === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    const client = createHttpClient({ lookup, allowPrivateHosts: ['rebind.test'] });
    const response = await client.get({ url: `http://rebind.test:${server.port}/` });
    expect(response.status).toBe(200);
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(1);
  });
});
