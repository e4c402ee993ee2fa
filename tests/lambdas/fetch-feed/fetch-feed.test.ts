/** fetch-feed's finer rules, over real dynalite/s3rver and loopback HTTP. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../../lambdas/fetch-feed/core';
import { createFeedStateStore } from '../../../lambdas/shared/aws/feed-state-store';
import { createRawArchive } from '../../../lambdas/shared/aws/raw-archive';
import { MAX_INLINE_CONTENT_BYTES } from '../../../lambdas/shared/events';
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

let stack: TestEmulators;
let server: FeedServer;
let registry: Registry;
let pipeline: CorePipeline;
let s3: CallCounter;

function item(
  origin: string,
  path: string,
  title: string,
  date: string,
  content = `<p>${title}. Details follow.</p>`,
) {
  return `<item><title>${title}</title><link>${origin}${path}</link><pubDate>${date}</pubDate>
<description>${title}</description><content:encoded><![CDATA[${content}]]></content:encoded></item>`;
}
const rss = (items: string) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><link>http://x/</link>${items}</channel></rss>`;

beforeAll(async () => {
  [stack, server] = await Promise.all([startEmulators(), startFeedServer()]);
  emulateCreateOnly(stack.s3);
  s3 = countCalls(stack.s3);
  const f = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
    id,
    url: `${server.origin}${path}`,
    language: 'en',
    fullText: 'feed',
    pollMinutes: 60,
    timezone: 'UTC',
    ...extra,
  });
  registry = loadRegistry({
    sources: [
      {
        id: 'un',
        name: 'United Nations',
        kind: 'intergovernmental',
        feeds: [
          f('un-recent', '/recent.xml', { maxAgeDays: 30 }),
          f('un-large', '/large.xml', { maxAgeDays: null }),
          f('un-moved', '/old.xml', { maxAgeDays: null }),
          f('un-pages', '/pages.xml', { maxAgeDays: null, fullText: 'page' }),
          f('un-listing', '/listing.html', {
            maxAgeDays: null,
            fullText: 'page',
            format: 'listing',
            listing: { item: 'li.news', link: 'a', date: 'span.date', dateFormat: 'dd.MM.yyyy' },
          }),
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
  pipeline = corePipeline(stack, () => registry, new TestClock(new Date('2026-11-25T12:00:00Z')));
  s3.reset();
});

describe('fetch-feed', () => {
  it('skips items older than maxAgeDays on the first fetch, and keeps skipping them later', async () => {
    const o = server.origin;
    server.routes.set('/recent.xml', {
      contentType: 'application/rss+xml',
      body: rss(
        item(o, '/a', 'Fresh', 'Mon, 23 Nov 2026 09:00:00 GMT') +
          item(o, '/b', 'Old', 'Fri, 16 Oct 2026 09:00:00 GMT'),
      ),
    });
    const first = await pipeline.poll('un-recent');
    expect(first.discovered.map((d) => d.url)).toEqual([`${o}/a`]);
    // 40 days old > 30 (cutoff 2026-10-26T12:00Z): not announced on the next fetch either.
    const second = await pipeline.poll('un-recent');
    expect(second.discovered).toEqual([]);
    const state = await createFeedStateStore(stack.doc, stack.names.feedStateTable).get('un-recent');
    expect(state?.skipBefore).toBe('2026-10-26T12:00:00.000Z');
  });

  it('stores a feed too large for events once under feeds/ (not raw/) and archives the item from it', async () => {
    const big = `<p>${'The General Assembly adopted the resolution. '.repeat(Math.ceil(MAX_INLINE_CONTENT_BYTES / 40))}</p>`;
    const body = rss(item(server.origin, '/big', 'Resolution adopted', 'Mon, 23 Nov 2026 09:00:00 GMT', big));
    server.routes.set('/large.xml', { contentType: 'application/rss+xml', body });
    const report = await pipeline.poll('un-large');
    const sha = createHash('sha256').update(body).digest('hex');
    expect(report.discovered[0]?.item).toBeUndefined();
    expect(report.discovered[0]?.feedRawKey).toBe(`feeds/un-large/${sha}.xml`);
    expect(Buffer.byteLength(JSON.stringify(report.discovered[0]))).toBeLessThan(8 * 1024);
    expect(report.archived[0]?.key).toMatch(
      new RegExp(`^raw/un/2026-11-23/${idOf(`${server.origin}/big`)}/`),
    );
    expect(report.normalized.map((n) => n.status)).toEqual(['new']);
    expect(s3.succeeded.PutObjectCommand).toBe(2);
  });

  it('saves a permanent redirect and asks the new address next time', async () => {
    server.routes.set('/old.xml', {
      status: 301,
      body: '',
      headers: { location: `${server.origin}/new.xml` },
    });
    server.routes.set('/new.xml', {
      contentType: 'application/rss+xml',
      body: rss(item(server.origin, '/n', 'Moved', 'Mon, 23 Nov 2026 09:00:00 GMT')),
    });
    await pipeline.poll('un-moved');
    const state = await createFeedStateStore(stack.doc, stack.names.feedStateTable).get('un-moved');
    expect(state?.url).toBe(`${server.origin}/new.xml`);
    expect(state?.redirectedFrom).toBe(`${server.origin}/old.xml`);
    await pipeline.poll('un-moved');
    expect(server.hits.get('/old.xml')).toBe(1);
    expect(server.hits.get('/new.xml')).toBe(2);
  });

  it('a changed item whose page did not change is remembered, not announced on every poll', async () => {
    const page =
      '<html lang="en"><body><article><p>The Secretary-General welcomed the ceasefire agreement reached today between the parties.</p></article></body></html>';
    server.routes.set('/p', { contentType: 'text/html', body: page });
    const feedWith = (title: string) =>
      rss(
        `<item><title>${title}</title><link>${server.origin}/p</link><pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate></item>`,
      );
    server.routes.set('/pages.xml', {
      contentType: 'application/rss+xml',
      body: feedWith('Ceasefire welcomed'),
    });
    expect((await pipeline.poll('un-pages')).normalized.map((n) => n.status)).toEqual(['new']);
    server.routes.set('/pages.xml', {
      contentType: 'application/rss+xml',
      body: feedWith('Ceasefire welcomed by UN chief'),
    });
    const changed = await pipeline.poll('un-pages');
    expect(changed.discovered).toHaveLength(1);
    expect(changed.archived.map((a) => [a.outcome, a.fingerprintRefreshed])).toEqual([['exists', true]]);
    const third = await pipeline.poll('un-pages');
    expect(third.discovered).toEqual([]);
    expect(server.hits.get('/p')).toBe(2);
  });

  it('reads a listing page into the same Article.Discovered events', async () => {
    server.routes.set('/listing.html', {
      contentType: 'text/html; charset=utf-8',
      body: `<html><body><ul>
<li class="news"><a href="./2026/11/t1.html">Spokesperson's remarks on the G20 summit</a><span class="date">24.11.2026</span></li>
<li class="news"><a href="/2026/11/t2.html">Foreign Minister meets Brazilian counterpart</a><span class="date">23.11.2026</span></li>
</ul></body></html>`,
    });
    const report = await pipeline.fetchOnly('un-listing');
    expect(report.status).toBe('ok');
    expect(
      pipeline.events.ofType('Article.Discovered').map((d) => [d.url, d.title, d.contentInFeed]),
    ).toEqual([
      [`${server.origin}/2026/11/t1.html`, "Spokesperson's remarks on the G20 summit", false],
      [`${server.origin}/2026/11/t2.html`, 'Foreign Minister meets Brazilian counterpart', false],
    ]);
  });

  it('announces the complete items of a truncated feed, not the cut-off one, and reports the feed failed', async () => {
    const o = server.origin;
    const whole = rss(
      item(o, '/t1', 'Complete item', 'Mon, 23 Nov 2026 09:00:00 GMT') +
        item(o, '/t2', 'Cut item', 'Tue, 24 Nov 2026 09:00:00 GMT'),
    );
    // Cut inside the second item's content: its text would be half a sentence.
    server.routes.set('/large.xml', {
      contentType: 'application/rss+xml',
      body: whole.slice(0, whole.indexOf('Cut item. Details') + 8),
    });
    const result = await pipeline.fetchOnly('un-large');
    expect(result.status).toBe('failed');
    expect(pipeline.events.ofType('Article.Discovered').map((d) => d.url)).toEqual([`${o}/t1`]);
    const failed = pipeline.events.ofType('Feed.Failed')[0];
    expect(failed?.error.code).toBe('truncated-feed');
    expect(failed?.error.message).toContain('1 complete item(s) announced, 1 cut-off item(s)');
    const state = await createFeedStateStore(stack.doc, stack.names.feedStateTable).get('un-large');
    expect(state?.lastError?.code).toBe('truncated-feed');
    expect(state?.etag).toBeUndefined();
  });

  it('keeps an article’s first date when an Atom feed that states only <updated> re-serves it edited', async () => {
    const o = server.origin;
    const atom = (updated: string, text: string) =>
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>GOV</title><entry><id>${o}/g#${updated}</id><updated>${updated}</updated><link href="${o}/g"/><title>Statement</title><content type="html">&lt;p&gt;${text}&lt;/p&gt;</content></entry></feed>`;
    server.routes.set('/large.xml', {
      contentType: 'application/atom+xml',
      body: atom('2026-11-20T10:00:00Z', 'The ministry made a statement.'),
    });
    await pipeline.poll('un-large');
    server.routes.set('/large.xml', {
      contentType: 'application/atom+xml',
      body: atom('2026-11-24T08:00:00Z', 'The ministry made a corrected statement.'),
    });
    const edited = await pipeline.poll('un-large');
    expect(edited.discovered[0]?.publishedAt).toBe('2026-11-20T10:00:00.000Z');
    expect(edited.normalized.map((n) => n.status)).toEqual(['updated']);
    const { createArticleStore } = await import('../../../lambdas/shared/aws/article-store');
    const stored = await createArticleStore(stack.doc, stack.names.articlesTable).get(idOf(`${o}/g`));
    expect([stored?.publishedAt, stored?.updatedAt, stored?.text]).toEqual([
      '2026-11-20T10:00:00.000Z',
      '2026-11-24T08:00:00.000Z',
      'The ministry made a corrected statement.',
    ]);
  });

  it('a listing page whose selectors match nothing is a feed failure, not an empty success', async () => {
    server.routes.set('/listing.html', {
      contentType: 'text/html',
      body: '<html><body><p>Redesigned!</p></body></html>',
    });
    const result = await pipeline.fetchOnly('un-listing');
    expect(result.status).toBe('failed');
    expect(pipeline.events.ofType('Feed.Failed')[0]?.error.code).toBe('listing-no-match');
  });

  it('throws (for a retry) when the feed-state table cannot be read, and publishes nothing', async () => {
    server.routes.set('/recent.xml', { contentType: 'application/rss+xml', body: rss('') });
    const deps = {
      ...pipeline.fetchDeps,
      feedStates: createFeedStateStore(stack.doc, 'no-such-table'),
    };
    await expect(
      fetchFeed(deps, {
        feedId: 'un-recent',
        url: `${server.origin}/recent.xml`,
        scheduledAt: '2026-11-25T12:00:00Z',
      }),
    ).rejects.toThrow(/no-such-table|non-existent table|not found/i);
    expect(pipeline.events.published).toEqual([]);
  });

  it('throws when EventBridge refuses the events, and leaves the feed state unwritten so the retry redoes it', async () => {
    server.routes.set('/recent.xml', {
      contentType: 'application/rss+xml',
      body: rss(item(server.origin, '/a', 'Fresh', 'Mon, 23 Nov 2026 09:00:00 GMT')),
    });
    const deps = {
      ...pipeline.fetchDeps,
      events: {
        publish: async () => {
          throw new Error('EventBridge rejected 1 event(s) after 5 attempts (InternalFailure)');
        },
      },
    };
    await expect(
      fetchFeed(deps, {
        feedId: 'un-recent',
        url: `${server.origin}/recent.xml`,
        scheduledAt: '2026-11-25T12:00:00Z',
      }),
    ).rejects.toThrow('EventBridge rejected 1 event(s)');
    expect(
      await createFeedStateStore(stack.doc, stack.names.feedStateTable).get('un-recent'),
    ).toBeUndefined();
    const retried = await pipeline.poll('un-recent');
    expect(retried.discovered.map((d) => d.url)).toEqual([`${server.origin}/a`]);
  });

  it('never writes the raw archive for a feed document under raw/', async () => {
    const archive = createRawArchive(stack.s3, stack.names.bucket);
    server.routes.set('/large.xml', {
      contentType: 'application/rss+xml',
      body: rss(
        item(
          server.origin,
          '/x',
          'Big',
          'Mon, 23 Nov 2026 09:00:00 GMT',
          `<p>${'x '.repeat(MAX_INLINE_CONTENT_BYTES)}</p>`,
        ),
      ),
    });
    await pipeline.fetchOnly('un-large');
    const raw: string[] = [];
    for await (const o of archive.list('raw/')) raw.push(o.key);
    expect(raw).toEqual([]);
  });
});
