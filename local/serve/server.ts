/**
 * `diplowire serve`'s HTTP side: node:http, the bundled static page, and the JSON API over the same
 * article and feed-state stores the handlers write (through `LocalStores`).
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Registry } from '../../lambdas/shared/sources/registry';
import { sourcesReport } from '../../lambdas/shared/sources/status';
import { allArticles } from '../queries';
import type { LocalStores } from '../stores';
import { type ApiDeps, handleApi } from './api';
import { type ArchiveSnapshot, snapshotOf } from './archive-view';

export const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/common.js': { file: 'common.js', type: 'text/javascript; charset=utf-8' },
  '/articles.js': { file: 'articles.js', type: 'text/javascript; charset=utf-8' },
  '/countries.js': { file: 'countries.js', type: 'text/javascript; charset=utf-8' },
  '/sources.js': { file: 'sources.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/** Everything the page needs comes from this origin: no CDN, no fonts, no inline script. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * How long one read of every article serves later requests. A page view makes a few API calls in a
 * row; caching them briefly reads the store once per view while new articles still show within seconds.
 */
export const SNAPSHOT_TTL_MS = 3000;

export interface ServeOptions {
  stores: Pick<LocalStores, 'articles' | 'feedStates' | 'archive'>;
  registry: Registry;
  port?: number;
  host?: string;
  now?: () => Date;
}

export interface ArchiveServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

export function storeDeps(options: Pick<ServeOptions, 'stores' | 'registry' | 'now'>): ApiDeps {
  const { stores, registry } = options;
  const now = options.now ?? (() => new Date());
  let cached: { at: number; snapshot: Promise<ArchiveSnapshot> } | undefined;
  return {
    snapshot() {
      const t = Date.now();
      if (!cached || t - cached.at > SNAPSHOT_TTL_MS) {
        const snapshot = allArticles(stores.articles, {}).then(snapshotOf);
        cached = { at: t, snapshot };
        // A failed read must not be served from the cache.
        snapshot.catch(() => {
          if (cached?.snapshot === snapshot) cached = undefined;
        });
      }
      return cached.snapshot;
    },
    article: (id) => stores.articles.get(id),
    raw: (key) => stores.archive.get(key),
    sources: async () => sourcesReport(registry, await stores.feedStates.list(), now()),
  };
}

export async function startArchiveServer(options: ServeOptions): Promise<ArchiveServer> {
  const deps = storeDeps(options);
  const server = http.createServer((req, res) => {
    respond(deps, req, res).catch((error: unknown) => {
      console.error(`serve: ${req.method} ${req.url} failed:`, error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: `the store could not be read: ${(error as Error).message}` }));
      } else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${options.port} on ${host} is in use: pick another with --port (0 picks a free one)`,
            )
          : error,
      );
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    origin: `http://${shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function respond(deps: ApiDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith('/api/')) {
    const answer = await handleApi(deps, method, url);
    res.writeHead(answer.status, answer.headers);
    res.end(method === 'HEAD' ? undefined : answer.body);
    return;
  }
  const entry = STATIC_FILES[url.pathname];
  if (!entry || (method !== 'GET' && method !== 'HEAD')) {
    res.writeHead(entry ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(entry ? 'read-only: use GET\n' : `not found: ${url.pathname} (the page is at /)\n`);
    return;
  }
  const body = await readFile(path.join(PUBLIC_DIR, entry.file));
  res.writeHead(200, {
    'content-type': entry.type,
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  res.end(method === 'HEAD' ? undefined : body);
}
