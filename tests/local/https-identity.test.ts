/**
 * One article, one identity, end to end on the embedded default (real handlers, dynalite, s3rver):
 * a feed served over http on loopback whose source also names an https feed on press.example.org.
 * Its http links to press.example.org are that host's https pages; its links to its own loopback
 * host stay http (diplowire reached that host over http only).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INLINE_CONTENT_BYTES } from '../../lambdas/shared/events';
import { LocalPipeline } from '../../local/pipeline';
import { allArticles } from '../../local/queries';
import { runOnce } from '../../local/run';
import { type FeedServer, startFeedServer } from '../support/feed-server';
import { type Item, rss } from './support/feeds';

// Worked out independently of the code under test: sha256 of the canonical URL, 32 hex characters.
const idOf = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 32);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-identity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ankara = 'https://press.example.org/2026/11/24/ankara-talks';
const memo = 'https://press.example.org/2026/11/23/memorandum';

describe('one identity per article across http and https links', () => {
  let server: FeedServer;
  let pipeline: LocalPipeline;
  const sourcesFile = path.join(tmp, 'sources.json');
  let local: string;
  let items: Item[];

  beforeAll(async () => {
    server = await startFeedServer();
    local = `${server.origin}/2026/11/22/local-statement`;
    items = [
      {
        title: 'Ankara talks',
        link: 'http://press.example.org/2026/11/24/ankara-talks?utm_source=rss',
        pubDate: 'Tue, 24 Nov 2026 09:00:00 GMT',
        html: '<p>The ministers of Türkiye and Kazakhstan met in Ankara.</p>',
      },
      {
        title: 'Ankara talks (https copy)',
        link: ankara,
        pubDate: 'Tue, 24 Nov 2026 09:00:00 GMT',
        html: '<p>The ministers of Türkiye and Kazakhstan met in Ankara.</p>',
      },
      {
        // Too large for the event: archive-article re-reads it from the stored feed document.
        title: 'Memorandum signed',
        link: 'http://press.example.org/2026/11/23/memorandum',
        pubDate: 'Mon, 23 Nov 2026 09:00:00 GMT',
        html: `<p>${'Azerbaijan and Uzbekistan signed a memorandum in Baku. '.repeat(Math.ceil(MAX_INLINE_CONTENT_BYTES / 50))}</p>`,
      },
      {
        title: 'Local statement',
        link: local,
        pubDate: 'Sun, 22 Nov 2026 18:00:00 GMT',
        html: '<p>The ministry welcomed the talks on Sudan in Jeddah.</p>',
      },
    ];
    // No ETag: every run parses the document again, so the table alone must recognise the articles.
    server.routes.set('/press.xml', { contentType: 'application/rss+xml', body: rss(items) });
    const feed = (id: string, url: string, extra: Record<string, unknown> = {}) => ({
      id,
      url,
      language: 'en',
      fullText: 'feed',
      pollMinutes: 30,
      timezone: 'UTC',
      maxAgeDays: null,
      ...extra,
    });
    writeFileSync(
      sourcesFile,
      JSON.stringify({
        sources: [
          {
            id: 'press',
            name: 'Press office',
            kind: 'media',
            feeds: [
              feed('press-loopback', `${server.origin}/press.xml`),
              feed('press-https', 'https://press.example.org/rss.xml', { enabled: false }),
            ],
          },
        ],
      }),
    );
    pipeline = await LocalPipeline.start({
      dataDir: path.join(tmp, 'data'),
      sourcesFile,
      allowPrivateNetwork: true,
      retryBaseMs: 10,
    });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    await server?.close();
  });

  const stored = async () =>
    (await allArticles(pipeline.stores.articles, {}))
      .map((r) => [r.articleId, r.url, r.title])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  const rawIds = async () => {
    const ids: string[] = [];
    for await (const o of pipeline.stores.listRaw('raw/')) ids.push(o.key.split('/')[3] ?? '');
    return ids.sort();
  };

  it('stores each page once, under the https URL for the host the registry names over https', async () => {
    const first = await runOnce(pipeline, sourcesFile);
    expect(first.deadLettered).toEqual([]);
    expect(first.articles).toMatchObject({ new: 3, updated: 0 });
    expect(await stored()).toEqual(
      [
        [idOf(local), local, 'Local statement'],
        [idOf(memo), memo, 'Memorandum signed'],
        [idOf(ankara), ankara, 'Ankara talks'],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    expect(await rawIds()).toEqual([idOf(local), idOf(memo), idOf(ankara)].sort());
  }, 60_000);

  it('adds nothing when the feed is read again and its links are http only', async () => {
    const before = await stored();
    const httpOnly = items.filter((i) => i.link !== ankara);
    server.routes.set('/press.xml', { contentType: 'application/rss+xml', body: rss(httpOnly) });
    const second = await runOnce(pipeline, sourcesFile);
    expect(second.feeds.map((f) => [f.feedId, f.status])).toEqual([['press-loopback', 'ok']]);
    expect(second.articles).toMatchObject({ discovered: 0, new: 0, updated: 0 });
    expect(await stored()).toEqual(before);
    expect(await rawIds()).toHaveLength(3);
  }, 60_000);
});
