/**
 * A page that answered 404 when its feed item was first announced is asked for again on a back-off,
 * with the four cores over real dynalite and s3rver and the feed and pages served over loopback HTTP.
 * The clock is the cores' `clock` dep (no sleeping). Expected texts are written from the fixtures here.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArticleStore } from '../../../lambdas/shared/aws/article-store';
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
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const SUMMARY = 'Japan and Türkiye issued a joint statement on maritime security.';
const PARAGRAPH_1 =
  'Japan and Türkiye issued a joint statement on maritime security in the Eastern Mediterranean today.';
const PARAGRAPH_2 =
  'Both ministers agreed to meet again in Ankara next spring to review progress on the commitments they made.';
const PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Joint statement on maritime security</title></head>
<body><nav><a href="/">Home</a> <a href="/press">Press</a></nav>
<article><h1>Joint statement on maritime security</h1><p>${PARAGRAPH_1}</p><p>${PARAGRAPH_2}</p></article>
<footer>Ministry of Foreign Affairs</footer></body></html>`;

/** A summaries-only feed with one item (no validators: every poll is a 200 the core parses). */
function feedWith(origin: string, pubDate?: string) {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Ministry press releases</title><link>${origin}/</link><language>en</language>
<item><title>Joint statement on maritime security</title><link>${origin}/p/1</link><guid isPermaLink="false">p-1</guid>
${pubDate ? `<pubDate>${pubDate}</pubDate>` : ''}<description>${SUMMARY}</description></item>
</channel></rss>`;
}

let stack: TestEmulators;
let server: FeedServer;
let dynamo: CallCounter;
let s3: CallCounter;
let registry: Registry;
let pipeline: CorePipeline;
let pageStatus: number;

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
          {
            id: 'xx-mfa-pages',
            url: `${server.origin}/pages.xml`,
            language: 'en',
            fullText: 'page',
            pollMinutes: 30,
            timezone: 'UTC',
            maxAgeDays: null,
          },
        ],
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
  pageStatus = 404;
  // The page as the publisher's site serves it: missing until the test says it is live.
  server.routes.set('/p/1', (_req, res) => {
    if (pageStatus === 200) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    else res.writeHead(pageStatus, { 'content-type': 'text/plain' }).end('not found');
  });
  server.routes.set('/pages.xml', {
    body: feedWith(server.origin, 'Tue, 24 Nov 2026 10:00:00 GMT'),
    contentType: 'application/rss+xml',
  });
  pipeline = corePipeline(stack, () => registry, new TestClock(new Date('2026-11-25T12:00:00Z')));
  dynamo.reset();
  s3.reset();
});

const articleId = () => idOf(`${server.origin}/p/1`);
/** The table item as stored, bookkeeping attributes included. */
const storedItem = async () =>
  (await stack.doc.call('GetItem', { TableName: stack.names.articlesTable, Key: { articleId: articleId() } }))
    .Item;
const articleWrites = () =>
  dynamo.total('succeeded', 'PutItemCommand@articles', 'UpdateItemCommand@articles');

/** Polls at these offsets from the clock's current time; returns the offsets at which the page was fetched. */
async function pollAt(offsets: number[]): Promise<number[]> {
  const fetchedPageAt: number[] = [];
  let at = 0;
  for (const offset of offsets) {
    pipeline.clock.advance(offset - at);
    at = offset;
    const hitsBefore = server.hits.get('/p/1') ?? 0;
    const report = await pipeline.poll('xx-mfa-pages');
    expect(report.fetch.status).toBe('ok');
    if ((server.hits.get('/p/1') ?? 0) > hitsBefore) fetchedPageAt.push(offset);
  }
  return fetchedPageAt;
}

describe('a page missing when first announced', () => {
  it('is marked on the table item in the same single write that stores the feed item as the article', async () => {
    const report = await pipeline.poll('xx-mfa-pages');
    expect(report.archived[0]?.pageUnavailable?.code).toBe('http-404');
    expect(report.normalized.map((n) => n.status)).toEqual(['new']);
    expect(dynamo.succeeded['PutItemCommand@articles']).toBe(1);
    expect(articleWrites()).toBe(1);
    const item = await storedItem();
    expect(item?.pageError).toBe('http-404');
    expect(item?.text).toBe(SUMMARY);
    // The mark is bookkeeping: the record handed back by the store does not carry it.
    const record = await createArticleStore(stack.doc, stack.names.articlesTable).get(articleId());
    expect(record?.text).toBe(SUMMARY);
    expect(record && 'pageError' in record).toBe(false);
  });

  it('is archived and replaces the summary when a later retry finds it, which clears the mark', async () => {
    await pipeline.poll('xx-mfa-pages');
    const firstKey = (await storedItem())?.rawKey;
    pageStatus = 200;
    dynamo.reset();
    s3.reset();
    pipeline.events.clear();
    pipeline.clock.advance(30 * MINUTE);

    const retry = await pipeline.poll('xx-mfa-pages');
    expect(retry.fetch.status === 'ok' && retry.fetch.pageRetries).toBe(1);
    expect(retry.discovered).toHaveLength(1);
    expect(retry.discovered[0]?.contentInFeed).toBe(false);
    const sha = createHash('sha256').update(PAGE).digest('hex').slice(0, 16);
    expect(retry.archived.map((a) => [a.key, a.outcome])).toEqual([
      [`raw/xx-mfa/2026-11-24/${articleId()}/${sha}.html`, 'created'],
    ]);
    expect(retry.normalized.map((n) => n.status)).toEqual(['updated']);
    expect(s3.succeeded.PutObjectCommand).toBe(1);
    expect(articleWrites()).toBe(1);
    const item = await storedItem();
    expect(item?.text).toBe(`${PARAGRAPH_1}\n\n${PARAGRAPH_2}`);
    expect(item?.rawKey).not.toBe(firstKey);
    expect(item?.pageError).toBeUndefined();
    expect(pipeline.events.ofType('Article.Ingested').map((e) => e.change)).toEqual(['updated']);

    // Found: no further retry at the later thresholds (1 h, 6 h).
    expect(await pollAt([30 * MINUTE, 90 * MINUTE, 7 * HOUR])).toEqual([]);
  });

  it('that stays missing is asked for only at 10 min, 1 h, 6 h, 24 h and 72 h, writing nothing new', async () => {
    await pipeline.poll('xx-mfa-pages');
    expect(server.hits.get('/p/1')).toBe(1);
    const before = await storedItem();
    dynamo.reset();
    s3.reset();
    pipeline.events.clear();

    const offsets = [5, 30, 50, 65, 120, 180, 7 * 60, 20 * 60, 25 * 60, 48 * 60, 73 * 60, 100 * 60, 200 * 60];
    const retried = await pollAt(offsets.map((m) => m * MINUTE));
    expect(retried.map((ms) => ms / MINUTE)).toEqual([30, 65, 7 * 60, 25 * 60, 73 * 60]);
    // Each retry archived the same feed item again: same key, so no raw object, no Object Created,
    // no table write (the feed state is the only item written per poll).
    expect(s3.succeeded.PutObjectCommand ?? 0).toBe(0);
    expect(articleWrites()).toBe(0);
    // Not even a conditional write that fails (DynamoDB bills those too).
    expect(dynamo.total('sent', 'PutItemCommand@articles', 'UpdateItemCommand@articles')).toBe(0);
    expect(dynamo.succeeded['PutItemCommand@feed-state']).toBe(offsets.length);
    expect(pipeline.events.ofType('Article.Ingested')).toEqual([]);
    expect(pipeline.events.ofType('Article.Discovered')).toHaveLength(5);
    expect(await storedItem()).toEqual(before);
  });

  it('keeps the key of its first copy when the item is undated and the retry comes on another day', async () => {
    server.routes.set('/pages.xml', { body: feedWith(server.origin), contentType: 'application/rss+xml' });
    const first = await pipeline.poll('xx-mfa-pages');
    const firstKey = first.archived[0]?.key ?? '';
    expect(firstKey.startsWith(`raw/xx-mfa/2026-11-25/${articleId()}/`)).toBe(true);
    s3.reset();
    dynamo.reset();
    pipeline.clock.advance(23 * HOUR);
    await pipeline.poll('xx-mfa-pages');
    pipeline.clock.advance(2 * HOUR); // 25 h after the first copy: 2026-11-26, the 24 h retry
    const retry = await pipeline.poll('xx-mfa-pages');
    expect(retry.archived.map((a) => [a.key, a.outcome])).toEqual([[firstKey, 'exists']]);
    expect(s3.succeeded.PutObjectCommand ?? 0).toBe(0);
    expect(articleWrites()).toBe(0);
  });

  it('on a feed that answers 304, skips the validators once per threshold so the page is still asked for', async () => {
    const feedV1 = feedWith(server.origin, 'Tue, 24 Nov 2026 10:00:00 GMT');
    server.routes.set('/pages.xml', { body: feedV1, contentType: 'application/rss+xml', etag: '"v1"' });
    const first = await pipeline.poll('xx-mfa-pages');
    // The poll that announced the page cannot know yet that it is missing: it asks for a parse 10 min on.
    expect(first.fetch.status === 'ok' && first.fetch.state.pageRetryAt).toBe('2026-11-25T12:10:00.000Z');
    expect(server.hits.get('/p/1')).toBe(1);
    // 30 min: past the 10 min threshold, the feed is fetched without If-None-Match (a 200, parsed) and
    // the page asked for; the next threshold is 1 h after the first copy (13:00).
    pipeline.clock.advance(30 * MINUTE);
    const at30 = await pipeline.poll('xx-mfa-pages');
    expect(at30.fetch.status === 'ok' && at30.fetch.pageRetries).toBe(1);
    expect(at30.fetch.status === 'ok' && at30.fetch.state.pageRetryAt).toBe('2026-11-25T13:00:00.000Z');
    expect(server.hits.get('/p/1')).toBe(2);
    // 45 min: before 13:00, the validators go out again and the feed answers 304; no page GET.
    pipeline.clock.advance(15 * MINUTE);
    expect((await pipeline.poll('xx-mfa-pages')).fetch.status).toBe('not-modified');
    expect(server.hits.get('/p/1')).toBe(2);
    // 65 min: the 1 h threshold; the page is live now, and the retry stores it as an update.
    pageStatus = 200;
    pipeline.clock.advance(20 * MINUTE);
    const at65 = await pipeline.poll('xx-mfa-pages');
    expect(at65.fetch.status === 'ok' && at65.fetch.pageRetries).toBe(1);
    expect(at65.normalized.map((n) => n.status)).toEqual(['updated']);
    expect(server.hits.get('/p/1')).toBe(3);
    expect((await storedItem())?.pageError).toBeUndefined();
    // The hint was worked out before this retry's outcome (18:00, the 6 h threshold): one more parse
    // then, which finds nothing to retry and clears it; from there the validators go out, 304s.
    expect(at65.fetch.status === 'ok' && at65.fetch.state.pageRetryAt).toBe('2026-11-25T18:00:00.000Z');
    pipeline.clock.advance(6 * HOUR);
    const at6h = await pipeline.poll('xx-mfa-pages');
    expect(at6h.fetch.status === 'ok' && at6h.fetch.pageRetries).toBe(0);
    expect(at6h.fetch.status === 'ok' && at6h.fetch.state.pageRetryAt).toBeUndefined();
    pipeline.clock.advance(HOUR);
    expect((await pipeline.poll('xx-mfa-pages')).fetch.status).toBe('not-modified');
    expect(server.hits.get('/p/1')).toBe(3);
  });
});

describe('an article whose page was there at first', () => {
  it('is not announced again by later polls of an unchanged feed', async () => {
    pageStatus = 200;
    const first = await pipeline.poll('xx-mfa-pages');
    expect(first.normalized.map((n) => n.status)).toEqual(['new']);
    expect((await storedItem())?.pageError).toBeUndefined();
    pipeline.events.clear();
    expect(await pollAt([30 * MINUTE, 65 * MINUTE, 7 * HOUR, 25 * HOUR, 73 * HOUR])).toEqual([]);
    expect(server.hits.get('/p/1')).toBe(1);
    expect(pipeline.events.ofType('Article.Discovered')).toEqual([]);
  });
});
