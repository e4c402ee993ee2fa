/**
 * Serves the bundled sample feeds and pages on loopback, as `samples/demo-routes.json` describes:
 * each path's file with its Content-Type, every `{{base}}` in a body replaced by the server's origin.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { listenOnLoopback } from './loopback';

interface RouteFile {
  routes: Record<string, { file: string; contentType: string }>;
}

export interface SampleServer {
  origin: string;
  /** Requests answered, per path (tests check what was fetched). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Listens on `preferredPort` when it is free (so article URLs stay the same between demo runs), else anywhere. */
export async function serveSamples(samplesDir: string, preferredPort = 0): Promise<SampleServer> {
  const routes = (JSON.parse(readFileSync(path.join(samplesDir, 'demo-routes.json'), 'utf8')) as RouteFile)
    .routes;
  const hits = new Map<string, number>();
  let origin = '';
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    const route = routes[pathname] ?? routes[decodeURIComponent(pathname)];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const bytes = readFileSync(path.join(samplesDir, route.file));
    const body = bytes.includes('{{base}}')
      ? Buffer.from(bytes.toString('latin1').replaceAll('{{base}}', origin), 'latin1')
      : bytes;
    // Validators like a real publisher's, so a second run takes the conditional-GET (304) path.
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 20)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': route.contentType, 'content-length': body.length, etag });
    res.end(body);
  });
  try {
    origin = await listenOnLoopback(server, preferredPort);
  } catch {
    origin = await listenOnLoopback(server, 0);
  }
  return {
    origin,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
