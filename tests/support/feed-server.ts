/**
 * A real HTTP server on 127.0.0.1 (port 0) serving feeds and pages that a test can change between
 * requests. A route is either a description (answered with 304 to a matching conditional GET, like a
 * well-behaved origin) or a handler for what a description cannot say (a server that hangs, a redirect,
 * bytes that change per hit).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export type Route = RouteSpec | Handler;

export interface RouteSpec {
  status?: number;
  body: string | Uint8Array;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  headers?: Record<string, string>;
}

export interface FeedServer {
  origin: string;
  routes: Map<string, Route>;
  /** Requests per path, and how many of them were answered 304. */
  hits: Map<string, number>;
  notModified: Map<string, number>;
  url(path: string): string;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const notModified = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') {
      route(req, res);
      return;
    }
    const headers: Record<string, string> = { ...(route.headers ?? {}) };
    if (route.contentType) headers['content-type'] = route.contentType;
    if (route.etag) headers.etag = route.etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    const fresh =
      (route.etag !== undefined && req.headers['if-none-match'] === route.etag) ||
      (route.etag === undefined &&
        route.lastModified !== undefined &&
        req.headers['if-modified-since'] === route.lastModified);
    if (fresh && (route.status ?? 200) === 200) {
      notModified.set(path, (notModified.get(path) ?? 0) + 1);
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(route.status ?? 200, headers).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    routes,
    hits,
    notModified,
    url: (path) => `${origin}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
