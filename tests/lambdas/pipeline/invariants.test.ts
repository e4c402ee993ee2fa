/**
 * The pipeline's invariants, with the four cores over real dynalite and s3rver and feeds served
 * over loopback HTTP. Expected ids are computed here from their definition (sha256 of the URL),
 * not taken from the code under test.
 */
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArticleStore } from '../../../lambdas/shared/aws/article-store';
import { createFeedStateStore } from '../../../lambdas/shared/aws/feed-state-store';
import { loadRegistry, type Registry } from '../../../lambdas/shared/sources/registry';
import { type CorePipeline, corePipeline, TestClock } from '../../support/core-pipeline';
import {
  type CallCounter,
  countCalls,
  emulateCreateOnly,
  startEmulators,
  type TestEmulators,
} from '../../support/emulators';
import { type FeedServer, startFeedServer } from '../../support/feed-server';

const idOf = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 32);

function rss(
  items: { path: string; title: string; body: string; date: string; guid?: string }[],
  origin: string,
) {
  const entries = items
    .map(
      (i) => `<item><title>${i.title}</title><link>${origin}${i.path}</link>
<guid isPermaLink="false">${i.guid ?? i.path}</guid><pubDate>${i.date}</pubDate>
<description>${i.title}.</description><content:encoded><![CDATA[<p>${i.body}</p>]]></content:encoded></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Ministry press releases</title><link>${origin}/</link><language>en</language>
${entries}
</channel></rss>`;
}

function govukAtom(origin: string, version: 1 | 2) {
  const updated = version === 1 ? '2026-11-24T17:31:06Z' : '2026-11-24T19:02:00Z';
  const body =
    version === 1
      ? 'The United Kingdom and Kazakhstan agreed a partnership on critical minerals.'
      : 'The United Kingdom and Kazakhstan agreed a partnership on critical minerals. Corrected: the agreement runs for ten years.';
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>${origin}/fcdo.atom</id><title>FCDO - Activity on GOV.UK</title><updated>${updated}</updated>
<link rel="self" href="${origin}/fcdo.atom"/>
<entry><id>tag:www.gov.uk,2005:/government/news/uk-kz-minerals#${updated}</id>
<updated>${updated}</updated><published>2026-11-24T17:31:06Z</published>
<link rel="alternate" type="text/html" href="${origin}/government/news/uk-kz-minerals"/>
<title>UK and Kazakhstan agree new critical minerals partnership</title>
<summary type="html">${body}</summary><content type="html">&lt;p&gt;${body}&lt;/p&gt;</content></entry>
</feed>`;
}

let stack: TestEmulators;
let server: FeedServer;
let dynamo: CallCounter;
let s3: CallCounter;
let registry: Registry;
let pipeline: CorePipeline;

const feed = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
  id,
  url: `${server.origin}${path}`,
  language: 'en',
  fullText: 'feed',
  pollMinutes: 30,
  timezone: 'UTC',
  maxAgeDays: null,
  ...extra,
});

beforeAll(async () => {
  [stack, server] = await Promise.all([startEmulators(), startFeedServer()]);
  emulateCreateOnly(stack.s3);
  dynamo = countCalls(stack.dynamo);
  s3 = countCalls(stack.s3);
  registry = loadRegistry({
    sources: [
      {
        id: 'xx-mfa',
        name: 'Ministry',
        kind: 'ministry',
        country: 'TR',
        feeds: [
          feed('xx-mfa-press', '/press.xml'),
          feed('xx-mfa-broken', '/broken.xml'),
          feed('xx-mfa-pages', '/pages.xml', { fullText: 'page' }),
        ],
      },
      {
        id: 'gb-fcdo',
        name: 'FCDO',
        kind: 'ministry',
        country: 'GB',
        feeds: [feed('gb-fcdo-activity', '/fcdo.atom')],
      },
      {
        id: 'ru-media',
        name: 'Russian media',
        kind: 'media',
        feeds: [feed('ru-media-news', '/ru.xml', { language: 'ru', timezone: 'Europe/Moscow' })],
      },
    ],
  });
});
afterAll(async () => {
  await Promise.all([stack?.stop(), server?.close()]);
});
beforeEach(async () => {
  await stack.clear();
  server.routes.clear();
  server.hits.clear();
  server.notModified.clear();
  pipeline = corePipeline(stack, () => registry, new TestClock(new Date('2026-11-25T12:00:00Z')));
  dynamo.reset();
  s3.reset();
});

const pressItems = (origin: string) =>
  [
    {
      path: '/news/1',
      title: 'Statement on the Black Sea',
      body: 'Türkiye welcomes the talks in Istanbul.',
      date: 'Mon, 23 Nov 2026 09:00:00 GMT',
    },
    {
      path: '/news/2',
      title: 'Visit to Astana',
      body: 'The Minister met his Kazakh counterpart in Astana.',
      date: 'Tue, 24 Nov 2026 10:00:00 GMT',
    },
    {
      path: '/news/3?utm_source=rss',
      title: 'Readout of a call',
      body: 'A call with the Foreign Minister of Japan.',
      date: 'Tue, 24 Nov 2026 15:30:00 GMT',
    },
  ].map((i) => ({ ...i, origin }));

describe('first and second fetch', () => {
  it('first fetch announces and stores every article once: one S3 PUT and one table write each', async () => {
    server.routes.set('/press.xml', {
      body: rss(pressItems(server.origin), server.origin),
      contentType: 'application/rss+xml',
      etag: '"v1"',
    });
    const report = await pipeline.poll('xx-mfa-press');
    expect(report.fetch.status).toBe('ok');
    expect(report.discovered.map((d) => d.articleId).sort()).toEqual(
      [`${server.origin}/news/1`, `${server.origin}/news/2`, `${server.origin}/news/3`].map(idOf).sort(),
    );
    expect(report.normalized.map((n) => n.status)).toEqual(['new', 'new', 'new']);
    expect(s3.succeeded.PutObjectCommand).toBe(3);
    expect(dynamo.succeeded['PutItemCommand@articles']).toBe(3);
    expect(dynamo.succeeded['PutItemCommand@feed-state']).toBe(1);
    const stored = await createArticleStore(stack.doc, stack.names.articlesTable).get(
      idOf(`${server.origin}/news/2`),
    );
    expect(stored?.title).toBe('Visit to Astana');
    expect(stored?.url).toBe(`${server.origin}/news/2`);
    expect(stored?.sourceCountry).toBe('TR');
    expect(stored?.text).toContain('The Minister met his Kazakh counterpart in Astana.');
    expect(pipeline.events.ofType('Article.Ingested')).toHaveLength(3);
  });

  it('a second fetch answered 304 announces nothing and writes only the feed state', async () => {
    server.routes.set('/press.xml', {
      body: rss(pressItems(server.origin), server.origin),
      contentType: 'application/rss+xml',
      etag: '"v1"',
    });
    await pipeline.poll('xx-mfa-press');
    dynamo.reset();
    s3.reset();
    pipeline.events.clear();
    pipeline.clock.advance(30 * 60_000);
    const report = await pipeline.poll('xx-mfa-press');
    expect(report.fetch.status).toBe('not-modified');
    expect(server.notModified.get('/press.xml')).toBe(1);
    expect(pipeline.events.published).toEqual([]);
    expect(s3.succeeded.PutObjectCommand ?? 0).toBe(0);
    expect(dynamo.total('succeeded', 'PutItemCommand', 'UpdateItemCommand', 'BatchWriteItemCommand')).toBe(1);
    expect(dynamo.succeeded['PutItemCommand@feed-state']).toBe(1);
    const state = await createFeedStateStore(stack.doc, stack.names.feedStateTable).get('xx-mfa-press');
    expect(state?.lastStatus).toBe(304);
    // Items 5.5 h and 25 h apart: half the median gap (458 min) capped at 8 × 30 min = 4 h after 12:30.
    expect(state?.nextCheckAt).toBe('2026-11-25T16:30:00.000Z');
    expect(state?.pollMinutes).toBe(240);
  });

  it('a second 200 with identical content (no validators) announces nothing and writes only the feed state', async () => {
    server.routes.set('/press.xml', {
      body: rss(pressItems(server.origin), server.origin),
      contentType: 'application/rss+xml',
    });
    await pipeline.poll('xx-mfa-press');
    dynamo.reset();
    s3.reset();
    pipeline.events.clear();
    const report = await pipeline.poll('xx-mfa-press');
    expect(report.fetch.status).toBe('ok');
    expect(pipeline.events.published).toEqual([]);
    expect(s3.succeeded.PutObjectCommand ?? 0).toBe(0);
    expect(dynamo.total('succeeded', 'PutItemCommand', 'UpdateItemCommand')).toBe(1);
  });
});

describe('idempotence and updates', () => {
  it('the same Article.Discovered delivered twice leaves the same state and the same number of writes', async () => {
    server.routes.set('/press.xml', {
      body: rss(pressItems(server.origin), server.origin),
      contentType: 'application/rss+xml',
    });
    const first = await pipeline.poll('xx-mfa-press');
    const event = first.discovered[0];
    if (!event) throw new Error('nothing discovered');
    const store = createArticleStore(stack.doc, stack.names.articlesTable);
    const before = await store.get(event.articleId);
    dynamo.reset();
    s3.reset();
    const again = await pipeline.deliver(event);
    expect(again.archived.outcome).toBe('exists');
    expect(again.normalized).toBeUndefined();
    expect(s3.succeeded.PutObjectCommand ?? 0).toBe(0);
    expect(dynamo.total('succeeded', 'PutItemCommand', 'UpdateItemCommand')).toBe(0);
    expect(await store.get(event.articleId)).toEqual(before);
  });

  it('the same Feed.Due delivered again after it was served fetches nothing and writes nothing', async () => {
    server.routes.set('/press.xml', {
      body: rss(pressItems(server.origin), server.origin),
      contentType: 'application/rss+xml',
    });
    const { fetchFeed } = await import('../../../lambdas/fetch-feed/core');
    const due = {
      feedId: 'xx-mfa-press',
      url: `${server.origin}/press.xml`,
      scheduledAt: '2026-11-25T11:59:00Z',
    };
    expect((await fetchFeed(pipeline.fetchDeps, due)).status).toBe('ok');
    dynamo.reset();
    pipeline.events.clear();
    pipeline.clock.advance(5 * 60_000);
    expect((await fetchFeed(pipeline.fetchDeps, due)).status).toBe('already-served');
    expect(server.hits.get('/press.xml')).toBe(1);
    expect(pipeline.events.published).toEqual([]);
    expect(dynamo.total('succeeded', 'PutItemCommand', 'UpdateItemCommand')).toBe(0);
  });

  it('the same S3 Object Created delivered twice writes the table once', async () => {
    server.routes.set('/press.xml', {
      body: rss(pressItems(server.origin), server.origin),
      contentType: 'application/rss+xml',
    });
    const first = await pipeline.poll('xx-mfa-press');
    const key = first.archived[0]?.key ?? '';
    dynamo.reset();
    const { normalizeArticle } = await import('../../../lambdas/normalize-article/core');
    const again = await normalizeArticle(pipeline.normalizeDeps, {
      bucket: { name: stack.names.bucket },
      object: { key },
    });
    // The stored record already points at this object: a crash before publishing is healed by re-announcing.
    expect(again.status).toBe('re-emitted');
    expect(dynamo.total('succeeded', 'PutItemCommand', 'UpdateItemCommand')).toBe(0);
  });

  it('changed content on a known URL is one update of the same article, not a second article', async () => {
    const items = pressItems(server.origin);
    server.routes.set('/press.xml', { body: rss(items, server.origin), contentType: 'application/rss+xml' });
    await pipeline.poll('xx-mfa-press');
    const edited = items.map((i) =>
      i.path === '/news/2' ? { ...i, body: `${i.body} They signed a visa agreement.` } : i,
    );
    server.routes.set('/press.xml', { body: rss(edited, server.origin), contentType: 'application/rss+xml' });
    dynamo.reset();
    pipeline.events.clear();
    pipeline.clock.advance(60 * 60_000);
    const report = await pipeline.poll('xx-mfa-press');
    expect(report.discovered.map((d) => d.articleId)).toEqual([idOf(`${server.origin}/news/2`)]);
    expect(report.normalized.map((n) => n.status)).toEqual(['updated']);
    expect(pipeline.events.ofType('Article.Ingested').map((e) => e.change)).toEqual(['updated']);
    expect(dynamo.succeeded['PutItemCommand@articles']).toBe(1);
    const page = await createArticleStore(stack.doc, stack.names.articlesTable).list({ sourceId: 'xx-mfa' });
    expect(page.items).toHaveLength(3);
    expect(page.items.find((a) => a.articleId === idOf(`${server.origin}/news/2`))?.text).toContain(
      'visa agreement',
    );
  });

  it('a GOV.UK-style feed whose entry id changes on every edit makes no duplicate', async () => {
    server.routes.set('/fcdo.atom', {
      body: govukAtom(server.origin, 1),
      contentType: 'application/atom+xml',
    });
    const first = await pipeline.poll('gb-fcdo-activity');
    server.routes.set('/fcdo.atom', {
      body: govukAtom(server.origin, 2),
      contentType: 'application/atom+xml',
    });
    pipeline.clock.advance(60 * 60_000);
    const second = await pipeline.poll('gb-fcdo-activity');
    const id = idOf(`${server.origin}/government/news/uk-kz-minerals`);
    expect(first.discovered.map((d) => d.articleId)).toEqual([id]);
    expect(second.discovered.map((d) => d.articleId)).toEqual([id]);
    expect(second.normalized.map((n) => n.status)).toEqual(['updated']);
    const page = await createArticleStore(stack.doc, stack.names.articlesTable).list({ sourceId: 'gb-fcdo' });
    expect(page.items.map((a) => a.articleId)).toEqual([id]);
    expect(page.items[0]?.text).toContain('ten years');
  });
});

describe('failures and encodings', () => {
  it('an HTML page where a feed should be fails that feed alone: Feed.Failed, error and backoff in its state', async () => {
    server.routes.set('/press.xml', {
      body: rss(pressItems(server.origin), server.origin),
      contentType: 'application/rss+xml',
    });
    server.routes.set('/broken.xml', {
      body: '<!DOCTYPE html><html><head><title>Technical Difficulties</title></head><body><p>Sorry</p></body></html>',
      contentType: 'text/html; charset=utf-8',
    });
    const broken = await pipeline.poll('xx-mfa-broken');
    const ok = await pipeline.poll('xx-mfa-press');
    expect(ok.normalized).toHaveLength(3);
    expect(broken.fetch.status).toBe('failed');
    const failed = pipeline.events.ofType('Feed.Failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.feedId).toBe('xx-mfa-broken');
    expect(failed[0]?.consecutiveFailures).toBe(1);
    expect(failed[0]?.error.code).toMatch(/html/);
    const states = createFeedStateStore(stack.doc, stack.names.feedStateTable);
    const state = await states.get('xx-mfa-broken');
    expect(state?.lastError?.code).toBe(failed[0]?.error.code);
    expect(state?.lastError?.at).toBe('2026-11-25T12:00:00.000Z');
    expect(state?.nextCheckAt).toBe('2026-11-25T12:30:00.000Z');
    // A second failure doubles the wait: 60 minutes.
    pipeline.clock.advance(30 * 60_000);
    await pipeline.poll('xx-mfa-broken');
    const twice = await states.get('xx-mfa-broken');
    expect(twice?.consecutiveFailures).toBe(2);
    expect(twice?.nextCheckAt).toBe('2026-11-25T13:30:00.000Z');
  });

  it('a 503 with Retry-After records when the server lets us back and defers until then', async () => {
    server.routes.set('/press.xml', {
      status: 503,
      body: 'busy',
      contentType: 'text/plain',
      headers: { 'retry-after': '7200' },
    });
    const report = await pipeline.poll('xx-mfa-press');
    expect(report.fetch.status).toBe('failed');
    const state = await createFeedStateStore(stack.doc, stack.names.feedStateTable).get('xx-mfa-press');
    expect(state?.retryAfterUntil).toBe('2026-11-25T14:00:00.000Z');
    expect(state?.lastError?.code).toBe('http-503');
    pipeline.clock.advance(60 * 60_000);
    expect((await pipeline.poll('xx-mfa-press')).fetch.status).toBe('deferred');
    expect(server.hits.get('/press.xml')).toBe(1);
  });

  it('decodes a windows-1251 feed right from the bytes to the stored article', async () => {
    const title = 'Заявление МИД России о переговорах в Стамбуле';
    const body = 'Министр иностранных дел провёл переговоры с коллегой из Турции.';
    const xml = `<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Новости</title><link>${server.origin}/</link>
<item><title>${title}</title><link>${server.origin}/ru/1</link><pubDate>Tue, 24 Nov 2026 12:00:00 +0300</pubDate>
<content:encoded><![CDATA[<p>${body}</p>]]></content:encoded></item></channel></rss>`;
    server.routes.set('/ru.xml', {
      body: iconv.encode(xml, 'windows-1251'),
      contentType: 'application/rss+xml',
    });
    const report = await pipeline.poll('ru-media-news');
    expect(report.normalized.map((n) => n.status)).toEqual(['new']);
    const stored = await createArticleStore(stack.doc, stack.names.articlesTable).get(
      idOf(`${server.origin}/ru/1`),
    );
    expect(stored?.title).toBe(title);
    expect(stored?.text).toContain(body);
    expect(stored?.publishedAt).toBe('2026-11-24T09:00:00.000Z');
    expect(stored?.sourceCountry).toBeUndefined();
  });

  it('fetches and archives the page itself, bytes as served, when the feed carries only summaries', async () => {
    const page =
      '<!DOCTYPE html><html lang="en"><head><title>Joint statement</title></head><body><article><h1>Joint statement</h1><p>Japan and Türkiye issued a joint statement on maritime security in the Eastern Mediterranean today.</p><p>Both ministers agreed to meet again in Ankara next spring to review progress on the commitments.</p></article></body></html>';
    server.routes.set('/pages.xml', {
      body: rss(
        [
          {
            path: '/p/1',
            title: 'Joint statement',
            body: 'Summary only.',
            date: 'Tue, 24 Nov 2026 10:00:00 GMT',
          },
        ],
        server.origin,
      ),
      contentType: 'application/rss+xml',
    });
    server.routes.set('/p/1', { body: page, contentType: 'text/html; charset=utf-8' });
    const report = await pipeline.poll('xx-mfa-pages');
    expect(report.discovered[0]?.contentInFeed).toBe(false);
    expect(server.hits.get('/p/1')).toBe(1);
    const key = report.archived[0]?.key ?? '';
    const sha = createHash('sha256').update(page).digest('hex').slice(0, 16);
    expect(key).toBe(`raw/xx-mfa/2026-11-24/${idOf(`${server.origin}/p/1`)}/${sha}.html`);
    expect(report.normalized.map((n) => n.status)).toEqual(['new']);
  });
});
