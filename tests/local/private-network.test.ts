/**
 * Without --allow-private-network, the runner's fetchers refuse private addresses on every hop.
 * The test server on 127.0.0.1 is exempted by name (allowPrivateHosts) so the first hop works and
 * the redirects can be seen being refused. Its own file: handlers read this setting at cold start.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalPipeline } from '../../local/pipeline';
import { allArticles } from '../../local/queries';
import { runOnce } from '../../local/run';
import { type FeedServer, startFeedServer } from '../support/feed-server';
import { registry, rss, serve } from './support/feeds';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-private-'));
let server: FeedServer;
let pipeline: LocalPipeline;
let summary: Awaited<ReturnType<typeof runOnce>>;

const redirect =
  (location: string, status = 302) =>
  (_req: unknown, res: { writeHead(s: number, h: Record<string, string>): void; end(): void }) => {
    res.writeHead(status, { location });
    res.end();
  };

beforeAll(async () => {
  server = await startFeedServer();
  const item = {
    title: 'Ministers meet in Astana',
    link: 'https://news.example.org/2026/11/24/astana',
    pubDate: 'Tue, 24 Nov 2026 09:00:00 GMT',
    html: '<p>The ministers met in Astana.</p>',
  };
  server.routes.set('/ok.xml', serve(rss([item]), 'application/rss+xml; charset=utf-8'));
  server.routes.set('/to-private.xml', redirect('http://10.0.0.1/feed.xml'));
  server.routes.set('/to-metadata.xml', redirect('http://169.254.169.254/latest/meta-data/', 301));
  const port = new URL(server.origin).port;
  const sourcesFile = path.join(tmp, 'sources.json');
  writeFileSync(
    sourcesFile,
    registry([
      { id: 'ok', url: `${server.origin}/ok.xml`, language: 'en' },
      { id: 'to-private', url: `${server.origin}/to-private.xml`, language: 'en' },
      { id: 'to-metadata', url: `${server.origin}/to-metadata.xml`, language: 'en' },
      // Not exempt: a name that resolves to loopback is refused after DNS.
      { id: 'localhost', url: `http://localhost:${port}/ok.xml`, language: 'en' },
    ]),
  );
  pipeline = await LocalPipeline.start({
    dataDir: path.join(tmp, 'data'),
    sourcesFile,
    allowPrivateNetwork: false,
    allowPrivateHosts: ['127.0.0.1'],
    retryBaseMs: 10,
  });
  summary = await runOnce(pipeline, sourcesFile);
});

afterAll(async () => {
  await pipeline?.stop();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a run without --allow-private-network', () => {
  it('refuses a redirect to a private address and to the metadata address, each feed alone', () => {
    const byId = new Map(summary.feeds.map((f) => [f.feedId, f]));
    expect(byId.get('ok')?.status).toBe('ok');
    for (const id of ['to-private', 'to-metadata', 'localhost']) {
      expect(byId.get(id)).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^refused-private-address: /),
      });
    }
    // Nothing was fetched from the refused targets: only the redirects themselves were answered.
    expect(server.hits.get('/to-private.xml')).toBe(1);
    expect(server.hits.get('/ok.xml')).toBe(1);
  });

  it('stores the healthy feed and records the refusal in the failing feeds state', async () => {
    const records = await allArticles(pipeline.stores.articles, {});
    expect(records.map((r) => r.url)).toEqual(['https://news.example.org/2026/11/24/astana']);
    const state = await pipeline.stores.feedStates.get('to-metadata');
    expect(state?.consecutiveFailures).toBe(1);
    expect(state?.lastError?.code).toBe('refused-private-address');
    expect(summary.deadLettered).toEqual([]);
  });
});
