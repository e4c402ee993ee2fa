import { readFileSync } from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../lambdas/shared/http';
import { failure, hostsTable } from './helpers/test-server';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const lookup = hostsTable({ 'feed.test': '127.0.0.1' });
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('createHttpClient over TLS', () => {
  it('verifies certificates: a self-signed one is a tls error, not a response', async () => {
    const server = https.createServer(
      {
        key: readFileSync(path.join(fixtures, 'self-signed-key.pem')),
        cert: readFileSync(path.join(fixtures, 'self-signed-cert.pem')),
      },
      (_req, res) => res.end('should not be read'),
    );
    const port = await listen(server);
    closers.push(() => {
      server.closeAllConnections();
      server.close();
    });
    const client = createHttpClient({ allowPrivateNetwork: true, lookup, deadlineMs: 5_000 });
    const error = await failure(client.get({ url: `https://feed.test:${port}/feed` }));
    expect(error.code).toBe('tls');
    expect(error.message).toBe(`TLS with feed.test:${port} failed: self-signed certificate`);
  });

  it('counts the TLS handshake in the connect timeout', async () => {
    // Accepts TCP and then says nothing: the TCP connect succeeds, the handshake never does.
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    const port = await listen(server);
    closers.push(() => {
      for (const socket of sockets) socket.destroy();
      server.close();
    });
    const client = createHttpClient({
      allowPrivateNetwork: true,
      lookup,
      connectTimeoutMs: 300,
      deadlineMs: 10_000,
    });
    const error = await failure(client.get({ url: `https://feed.test:${port}/feed` }));
    expect(error.code).toBe('connect-timeout');
    expect(error.message).toBe(`could not connect to feed.test:${port} within 300 ms`);
  });
});
