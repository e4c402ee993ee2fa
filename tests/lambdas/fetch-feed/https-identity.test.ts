/**
 * One article, one identity: an http link to a host known to serve https is announced, archived and
 * stored under its https URL, by fetch-feed, archive-article and normalize-article alike. Over real
 * dynalite/s3rver and a loopback feed server (plain http, so the "known https host" comes from the
 * registry, or from a response relabelled as an https origin's).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArticleStore } from '../../../lambdas/shared/aws/article-store';
import { MAX_INLINE_CONTENT_BYTES } from '../../../lambdas/shared/events';
import { loadRegistry, type Registry } from '../../../lambdas/shared/sources/registry';
import { httpsHostsOf } from '../../../lambdas/shared/url';
import { type CorePipeline, corePipeline, TestClock } from '../../support/core-pipeline';
import { emulateCreateOnly, startEmulators, type TestEmulators } from '../../support/emulators';
import { type FeedServer, startFeedServer } from '../../support/feed-server';

// Worked out independently of the code under test: sha256 of the canonical URL, 32 hex characters.
const idOf = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 32);

const item = (link: string, title: string, content = `<p>${title}. The ministers met in Ankara.</p>`) =>
  `<item><title>${title}</title><link>${link}</link><pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[${content}]]></content:encoded></item>`;
const rss = (items: string) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>${items}</channel></rss>`;

let stack: TestEmulators;
let server: FeedServer;
let registry: Registry;
let pipeline: CorePipeline;

beforeAll(async () => {
  [stack, server] = await Promise.all([startEmulators(), startFeedServer()]);
  emulateCreateOnly(stack.s3);
  const feed = (id: string, url: string, extra: Record<string, unknown> = {}) => ({
    id,
    url,
    language: 'en',
    fullText: 'feed',
    pollMinutes: 60,
    timezone: 'UTC',
    maxAgeDays: null,
    ...extra,
  });
  registry = loadRegistry({
    sources: [
      {
        id: 'press',
        name: 'Press office',
        kind: 'media',
        feeds: [
          feed('press-loopback', `${server.origin}/press.xml`),
          // Never polled here: it only tells that press.example.org serves https.
          feed('press-https', 'https://press.example.org/rss.xml', { enabled: false }),
        ],
      },
      {
        id: 'other',
        name: 'Another source',
        kind: 'media',
        feeds: [feed('other-https', 'https://other.example.org/rss.xml', { enabled: false })],
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
  pipeline = corePipeline(stack, () => registry, new TestClock(new Date('2026-11-25T12:00:00Z')));
});

const serveFeed = (items: string) =>
  server.routes.set('/press.xml', { contentType: 'application/rss+xml', body: rss(items) });
const stored = (id: string) => createArticleStore(stack.doc, stack.names.articlesTable).get(id);

describe('https identity through fetch, archive and normalize', () => {
  it('announces an http link to a host the registry names over https under its https URL, once', async () => {
    const page = 'https://press.example.org/2026/11/23/ankara';
    serveFeed(
      item('http://press.example.org/2026/11/23/ankara', 'Ankara talks') +
        item(page, 'Ankara talks, https copy') +
        item(`${server.origin}/local/b`, 'Local page'),
    );
    const report = await pipeline.poll('press-loopback');
    // The loopback host itself was reached over http only: its link stays http.
    expect(report.discovered.map((d) => [d.url, d.articleId])).toEqual([
      [page, idOf(page)],
      [`${server.origin}/local/b`, idOf(`${server.origin}/local/b`)],
    ]);
    expect(report.archived.map((a) => a.key.split('/')[3])).toEqual([
      idOf(page),
      idOf(`${server.origin}/local/b`),
    ]);
    expect(report.normalized.map((n) => n.status)).toEqual(['new', 'new']);
    const record = await stored(idOf(page));
    expect(record?.url).toBe(page);
    expect(record?.title).toBe('Ankara talks');
  });

  it('finds the article stored under the https id when the next document links it over http', async () => {
    const page = 'https://press.example.org/2026/11/23/ankara';
    serveFeed(item(page, 'Ankara talks'));
    expect((await pipeline.poll('press-loopback')).normalized.map((n) => n.status)).toEqual(['new']);
    serveFeed(item('http://press.example.org/2026/11/23/ankara', 'Ankara talks'));
    const again = await pipeline.poll('press-loopback');
    expect(again.fetch.status).toBe('ok');
    expect(again.discovered).toEqual([]);
  });

  it('archives an item too large for the event under the https id it was announced with', async () => {
    const big = `<p>${'The ministers signed a memorandum in Ankara. '.repeat(Math.ceil(MAX_INLINE_CONTENT_BYTES / 40))}</p>`;
    serveFeed(item('http://press.example.org/2026/11/23/memo', 'Memorandum', big));
    const report = await pipeline.poll('press-loopback');
    const page = 'https://press.example.org/2026/11/23/memo';
    expect(report.discovered[0]?.feedRawKey).toBeDefined();
    expect(report.discovered[0]?.item).toBeUndefined();
    // The stored document's own URL is loopback http: archive-article still matches the item.
    expect(report.archived[0]?.key).toMatch(new RegExp(`^raw/press/2026-11-23/${idOf(page)}/`));
    expect(report.normalized.map((n) => n.status)).toEqual(['new']);
    expect((await stored(idOf(page)))?.url).toBe(page);
  });

  it('takes the whole registry’s https hosts when given, not only the feed’s own source', async () => {
    serveFeed(item('http://other.example.org/n/1', 'Other'));
    expect((await pipeline.fetchOnly('press-loopback')).status).toBe('ok');
    expect(pipeline.events.ofType('Article.Discovered').map((d) => d.url)).toEqual([
      'http://other.example.org/n/1',
    ]);
    await stack.clear();
    pipeline.events.clear();
    pipeline.fetchDeps.registryHttpsHosts = () =>
      httpsHostsOf(registry.sources.flatMap((s) => s.feeds.map((f) => f.url)));
    expect((await pipeline.fetchOnly('press-loopback')).status).toBe('ok');
    expect(pipeline.events.ofType('Article.Discovered').map((d) => [d.url, d.articleId])).toEqual([
      ['https://other.example.org/n/1', idOf('https://other.example.org/n/1')],
    ]);
  });

  it('upgrades links to the host a feed was fetched from over https (its final URL)', async () => {
    serveFeed(item('http://news.example.net/x', 'X') + item('http://www.news.example.net/y', 'Y'));
    // The loopback server speaks http only: its answer is relabelled as the https origin's, which is
    // all fetch-feed knows of a response (the client reports the URL after redirects).
    const real = pipeline.fetchDeps.http;
    pipeline.fetchDeps.http = {
      get: async (request) => ({ ...(await real.get(request)), url: 'https://news.example.net/rss.xml' }),
    };
    const report = await pipeline.poll('press-loopback');
    expect(report.discovered.map((d) => [d.url, d.articleId])).toEqual([
      ['https://news.example.net/x', idOf('https://news.example.net/x')],
      ['http://www.news.example.net/y', idOf('http://www.news.example.net/y')],
    ]);
    expect(report.normalized.map((n) => n.status)).toEqual(['new', 'new']);
    expect((await stored(idOf('https://news.example.net/x')))?.url).toBe('https://news.example.net/x');
  });
});
