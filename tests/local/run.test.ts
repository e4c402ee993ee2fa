/**
 * The whole pipeline end to end on the embedded default: the real handlers, dynalite and s3rver,
 * routed by the synthesized stack's rules, over feeds served on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../lambdas/shared/article';
import { listDeadLetters, takeDeadLetters } from '../../local/dead-letters';
import type { BusEvent } from '../../local/event-bus';
import { importDocuments } from '../../local/import';
import { LocalPipeline } from '../../local/pipeline';
import { allArticles } from '../../local/queries';
import { replayArchive } from '../../local/replay';
import { runOnce } from '../../local/run';
import { REPO_ROOT } from '../../local/templates';
import { type FeedServer, startFeedServer } from '../support/feed-server';
import { type Item, registry, rss, serve } from './support/feeds';

const english: Item[] = [
  {
    title: 'Türkiye and Kazakhstan sign a consular agreement',
    link: 'https://news.example.org/2026/11/24/consular-agreement',
    pubDate: 'Tue, 24 Nov 2026 09:00:00 GMT',
    html: '<p>Türkiye and Kazakhstan signed a consular agreement in Astana on Tuesday.</p><p>The ministers also discussed trade.</p>',
  },
  {
    title: 'Foreign ministers meet in Baku',
    link: 'https://news.example.org/2026/11/23/baku-meeting',
    pubDate: 'Mon, 23 Nov 2026 12:30:00 GMT',
    html: '<p>The foreign ministers of Azerbaijan and Uzbekistan met in Baku to discuss the Middle Corridor.</p>',
  },
  {
    title: 'Statement on the Sudan talks',
    link: 'https://news.example.org/2026/11/22/sudan-talks',
    pubDate: 'Sun, 22 Nov 2026 18:00:00 GMT',
    html: '<p>The ministry welcomed the resumption of talks on Sudan in Jeddah.</p>',
  },
];

const russian: Item[] = [
  {
    title: 'Заявление МИД России о ситуации в Судане',
    link: 'https://mid.example.org/ru/news/2061457/',
    pubDate: 'Tue, 24 Nov 2026 10:00:00 +0300',
    html: '<p>Министерство иностранных дел России выражает обеспокоенность ситуацией в Судане.</p>',
  },
  {
    title: 'О встрече с послом Казахстана',
    link: 'https://mid.example.org/ru/news/2061402/',
    pubDate: 'Mon, 23 Nov 2026 15:00:00 +0300',
    html: '<p>Состоялась встреча с Чрезвычайным и Полномочным Послом Республики Казахстан.</p>',
  },
];

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('run --once over feeds on loopback', () => {
  let server: FeedServer;
  let pipeline: LocalPipeline;
  const sourcesFile = path.join(tmp, 'sources.json');
  const recorded: BusEvent[] = [];
  const hanging: ServerResponse[] = [];
  let firstRun: Awaited<ReturnType<typeof runOnce>>;

  beforeAll(async () => {
    server = await startFeedServer();
    server.routes.set(
      '/good.xml',
      serve(rss(english), 'application/rss+xml; charset=utf-8', { etag: '"good-1"' }),
    );
    // windows-1251 declared only inside the document, as many Russian-language feeds do.
    server.routes.set(
      '/cyrillic.xml',
      serve(rss(russian, 'windows-1251'), 'application/rss+xml', { etag: '"cyr-1"' }),
    );
    server.routes.set(
      '/html.xml',
      serve(Buffer.from('<!doctype html><html><body><h1>News</h1></body></html>'), 'text/html'),
    );
    // 11 MiB, over the 10 MiB cap.
    server.routes.set('/huge.xml', serve(Buffer.alloc(11 * 1024 * 1024, 'a'), 'application/rss+xml'));
    server.routes.set('/hang.xml', (_req, res) => void hanging.push(res));
    const feeds = [
      { id: 'good', url: `${server.origin}/good.xml`, language: 'en' },
      { id: 'cyrillic', url: `${server.origin}/cyrillic.xml`, language: 'ru' },
      { id: 'html', url: `${server.origin}/html.xml`, language: 'en' },
      { id: 'huge', url: `${server.origin}/huge.xml`, language: 'en' },
      { id: 'hang', url: `${server.origin}/hang.xml`, language: 'en' },
    ];
    writeFileSync(sourcesFile, registry(feeds));
    pipeline = await LocalPipeline.start({
      dataDir: path.join(tmp, 'data'),
      sourcesFile,
      allowPrivateNetwork: true,
      retryBaseMs: 10,
      onEvent: (event) => recorded.push(event),
    });
    firstRun = await runOnce(pipeline, sourcesFile);
    // Later runs poll only the healthy feeds (the hanging one costs the fetcher's idle timeout).
    writeFileSync(sourcesFile, registry(feeds.slice(0, 2)));
    // The hanging feed holds the run for the fetcher's 15 s idle timeout; leave room on a busy machine.
  }, 120_000);

  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await pipeline?.stop();
    await server?.close();
  });

  const stored = () => allArticles(pipeline.stores.articles, {});
  const rawKeys = async () => {
    const keys: string[] = [];
    for await (const o of pipeline.stores.listRaw('raw/')) keys.push(o.key);
    return keys.sort();
  };

  it('stores every article of the healthy feeds, once', async () => {
    const records = await stored();
    expect(records.map((r) => r.title).sort()).toEqual([...english, ...russian].map((i) => i.title).sort());
    expect(new Set(records.map((r) => r.articleId)).size).toBe(5);
    expect(firstRun.articles).toMatchObject({ new: 5, updated: 0 });
    expect(firstRun.deadLettered).toEqual([]);
    expect(await rawKeys()).toHaveLength(5);
  });

  it('decodes a windows-1251 feed right', async () => {
    const record = (await stored()).find(
      (r) => r.url === 'https://mid.example.org/ru/news/2061457/',
    ) as ArticleRecord;
    expect(record.title).toBe('Заявление МИД России о ситуации в Судане');
    expect(record.text).toBe(
      'Министерство иностранных дел России выражает обеспокоенность ситуацией в Судане.',
    );
    expect(record.publishedAt).toBe('2026-11-24T07:00:00.000Z');
  });

  it('fails a feed serving HTML, an oversized body and a server that never answers, each alone', () => {
    const byId = new Map(firstRun.feeds.map((f) => [f.feedId, f]));
    expect(byId.get('good')?.status).toBe('ok');
    expect(byId.get('cyrillic')?.status).toBe('ok');
    expect(byId.get('html')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^html-instead-of-feed: /),
    });
    expect(byId.get('huge')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^(body-too-large|too-large): /),
    });
    expect(byId.get('hang')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^(idle-timeout|timeout): /),
    });
  });

  it('stores nothing new and puts nothing in S3 on a second run (conditional GET, 304)', async () => {
    const before = (await stored()).map((r) => `${r.articleId}:${r.contentHash}`).sort();
    pipeline.emulators.doors.s3.resetCounts();
    const second = await runOnce(pipeline, sourcesFile);
    expect(second.feeds.map((f) => [f.feedId, f.status])).toEqual([
      ['good', 'not-modified'],
      ['cyrillic', 'not-modified'],
    ]);
    expect(second.articles).toMatchObject({ discovered: 0, new: 0, updated: 0 });
    expect(pipeline.emulators.doors.s3.counts().calls.PutObject).toBeUndefined();
    expect((await stored()).map((r) => `${r.articleId}:${r.contentHash}`).sort()).toEqual(before);
  });

  it('changes nothing when every event of the first run is delivered again', async () => {
    const before = (await stored()).map((r) => `${r.articleId}:${r.contentHash}:${r.ingestedAt}`).sort();
    const keys = await rawKeys();
    const healthy = recorded.filter(
      (e) =>
        e.event['detail-type'] !== 'Feed.Due' || ['good', 'cyrillic'].includes(String(e.event.detail.feedId)),
    );
    expect(healthy.filter((e) => e.event['detail-type'] === 'Object Created')).toHaveLength(5);
    const again = await pipeline.deliverAll(healthy);
    expect(again.articles).toMatchObject({ new: 0, updated: 0 });
    expect(again.deadLettered).toEqual([]);
    expect((await stored()).map((r) => `${r.articleId}:${r.contentHash}:${r.ingestedAt}`).sort()).toEqual(
      before,
    );
    expect(await rawKeys()).toEqual(keys);
  });
});

describe('import', () => {
  const fixture = path.resolve(
    REPO_ROOT,
    '../shared/fixtures/articles/dailysabah-2022-11-09-turkiye-kazakhstan-consulate.txt',
  );

  it('archives a document under raw/import/ once; importing it again or replaying it adds no article', async () => {
    // Same network setting as the other pipelines of this process (handlers read it at cold start).
    const pipeline = await LocalPipeline.start({
      dataDir: path.join(tmp, 'import'),
      allowPrivateNetwork: true,
      retryBaseMs: 10,
    });
    try {
      const first = await importDocuments(pipeline, [fixture], 'dailysabah');
      expect(first.summary.articles).toMatchObject({ new: 1, updated: 0, unchanged: 0 });
      expect(first.files[0]?.key).toMatch(/^raw\/import\/dailysabah\/[0-9a-f]{16}\.txt$/);
      const again = await importDocuments(pipeline, [fixture], 'dailysabah');
      expect(again.files[0]?.key).toBe(first.files[0]?.key);
      expect(again.summary.articles).toMatchObject({ new: 0, updated: 0, unchanged: 1 });
      const replayed = await replayArchive(pipeline, { source: 'dailysabah' });
      expect(replayed.objects).toBe(1);
      expect(replayed.summary.articles).toMatchObject({ new: 0, updated: 0, unchanged: 1 });
      expect((await replayArchive(pipeline, { source: 'dailysabah', since: '2999-01-01' })).objects).toBe(0);
      const records = await allArticles(pipeline.stores.articles, { country: 'KZ' });
      expect(records).toHaveLength(1);
      expect(records[0]?.rawKey).toBe(first.files[0]?.key);
      await expect(importDocuments(pipeline, [path.join(tmp, 'missing.txt')], 'dailysabah')).rejects.toThrow(
        `${path.join(tmp, 'missing.txt')}: no such file`,
      );
    } finally {
      await pipeline.stop();
    }
  });
});

describe('the S3 server stopped in the middle of a run', () => {
  let server: FeedServer;
  let pipeline: LocalPipeline;
  const dataDir = path.join(tmp, 'outage');
  const sourcesFile = path.join(tmp, 'outage-sources.json');

  beforeAll(async () => {
    server = await startFeedServer();
    // No validators: the next run reads the feed again and finds what is missing from the store.
    const feed = serve(rss(english), 'application/rss+xml; charset=utf-8');
    server.routes.set('/feed.xml', (req, res) => {
      // S3 goes away right when the feed is fetched, so every archive write of this run fails.
      if (pipeline.emulators.s3Running && server.hits.get('/feed.xml') === 1)
        void pipeline.emulators.stopS3();
      feed(req, res);
    });
    writeFileSync(
      sourcesFile,
      registry([{ id: 'outage', url: `${server.origin}/feed.xml`, language: 'en' }]),
    );
    pipeline = await LocalPipeline.start({
      dataDir,
      sourcesFile,
      allowPrivateNetwork: true,
      retryBaseMs: 10,
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await server?.close();
  });

  it('reports the failures, loses nothing, and the next run completes them without duplicates', async () => {
    const first = await runOnce(pipeline, sourcesFile);
    expect(first.articles.new).toBe(0);
    expect(first.deadLettered.map((d) => d.function)).toEqual([
      'archive-article',
      'archive-article',
      'archive-article',
    ]);
    expect(listDeadLetters(dataDir)).toHaveLength(3);

    await pipeline.emulators.startS3();
    const next = await runOnce(pipeline, sourcesFile);
    expect(next.articles).toMatchObject({ new: 3, updated: 0 });
    expect(next.deadLettered).toEqual([]);

    // Replaying the dead letters as well must not duplicate anything.
    const taken = takeDeadLetters(dataDir);
    const replay = await pipeline.redeliver(taken.letters);
    taken.done();
    expect(replay.articles).toMatchObject({ new: 0, updated: 0 });
    const records = await allArticles(pipeline.stores.articles, {});
    expect(records.map((r) => r.url).sort()).toEqual(english.map((i) => i.link).sort());
    const keys: string[] = [];
    for await (const o of pipeline.stores.listRaw('raw/')) keys.push(o.key);
    expect(keys).toHaveLength(3);
  });
});
