/**
 * Page-mode articles through the real pipeline path: fetch-feed announces the item, archive-article
 * fetches the page and stores the item's title and date as S3 metadata, normalize-article reads
 * them back. The feed's title and its more precise date must win over the page's (issue 3 follow-up).
 * Real dynalite, s3rver and a loopback HTTP server; the expected values are written from the feed.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedContextOf } from '../../lambdas/normalize-article/core';
import { createArticleStore } from '../../lambdas/shared/aws/article-store';
import { loadRegistry, type Registry } from '../../lambdas/shared/sources/registry';
import { encodeRawMetadata, META } from '../../lambdas/shared/store/raw-metadata';
import { corePipeline, TestClock } from '../support/core-pipeline';
import { startEmulators, type TestEmulators } from '../support/emulators';
import { type FeedServer, startFeedServer } from '../support/feed-server';

const idOf = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 32);

// A ministry page as mfa.gov.tr serves it: the headline and the site name in <title>, the date
// only as a day in the headline, no meta tags.
const page = (headline: string) => `<!DOCTYPE html><html lang="tr"><head><meta charset="utf-8">
<title>${headline} / T.C. Dışişleri Bakanlığı</title></head><body>
<div id="header"><ul class="menu"><li><a href="/">Ana Sayfa</a></li><li><a href="/b">Bakanlık</a></li></ul></div>
<div id="icerik"><h2 class="sub_lstitle">${headline}</h2>
<p>Kazakistan'ın güneyindeki Şımkent şehrinde Fahri Başkonsolosluğumuz, 24 Kasım 2026 tarihinde düzenlenen törenle hizmete açılmıştır.</p>
<p>Türkiye ile Kazakistan arasındaki Genişletilmiş Stratejik Ortaklık ilişkisinin her alanda derinleşmeye devam edeceğine inanıyoruz.</p>
</div></body></html>`;

let stack: TestEmulators;
let server: FeedServer;
let registry: Registry;

beforeAll(async () => {
  [stack, server] = await Promise.all([startEmulators(), startFeedServer()]);
  registry = loadRegistry({
    sources: [
      {
        id: 'tr-mfa',
        name: 'T.C. Dışişleri Bakanlığı',
        kind: 'ministry',
        country: 'TR',
        feeds: [
          {
            id: 'tr-mfa-press',
            url: `${server.origin}/press.xml`,
            language: 'tr',
            fullText: 'page',
            pollMinutes: 60,
            timezone: 'Europe/Istanbul',
            maxAgeDays: null,
          },
        ],
      },
    ],
  });
}, 60_000);
afterAll(async () => Promise.all([stack?.stop(), server?.close()]));

describe('page-mode articles keep the feed item’s title and date', () => {
  it('stores the feed title and the feed’s 13:20Z over the page’s title and day-only date', async () => {
    const headline =
      "No: 261, 24 Kasım 2026, Kazakistan'ın Şımkent Şehrinde Fahri Başkonsolosluğumuzun Açılması Hk.";
    server.routes.set('/press.xml', {
      contentType: 'application/rss+xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Basın</title>
<link>${server.origin}/</link><language>tr</language><item><title>${headline}</title>
<link>${server.origin}/no-261.tr.mfa</link><pubDate>Tue, 24 Nov 2026 16:20:00 +0300</pubDate>
<description>Fahri Başkonsolosluğumuz hizmete açılmıştır.</description></item></channel></rss>`,
    });
    server.routes.set('/no-261.tr.mfa', { contentType: 'text/html; charset=utf-8', body: page(headline) });
    const pipeline = corePipeline(stack, () => registry, new TestClock(new Date('2026-11-25T12:00:00Z')));
    const report = await pipeline.poll('tr-mfa-press');
    expect(report.normalized.map((n) => n.status)).toEqual(['new']);

    const url = `${server.origin}/no-261.tr.mfa`;
    const record = await createArticleStore(stack.doc, stack.names.articlesTable).get(idOf(url));
    expect(record?.rawKey?.endsWith('.html')).toBe(true); // the page, not the item, was normalized
    expect(record?.title).toBe(headline);
    expect(record?.titleSource).toBe('feed');
    // 16:20 at +03:00 is 13:20 UTC; the page only says "24 Kasım 2026".
    expect(record?.publishedAt).toBe('2026-11-24T13:20:00.000Z');
    expect(record?.datePrecision).toBe('time');
    expect(record?.text.startsWith("Kazakistan'ın güneyindeki Şımkent")).toBe(true);
  }, 60_000);
});

describe('a page that is gone for good does not cost the article', () => {
  it('archives the feed item instead of a 404 or 410 page, and retries a 503', async () => {
    const item = (
      n: string,
      title: string,
    ) => `<item><title>${title}</title><link>${server.origin}/gone-${n}</link>
<pubDate>Wed, 25 Nov 2026 09:00:00 +0300</pubDate><description>${title}: özet metni.</description></item>`;
    server.routes.set('/gone.xml', {
      contentType: 'application/rss+xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Basın</title>
<link>${server.origin}/</link>${item('404', 'Bakan Fidan Astana’da')}${item('410', 'Ortak bildiri')}</channel></rss>`,
    });
    server.routes.set('/gone-404', { status: 404, contentType: 'text/html', body: '<h1>Not found</h1>' });
    server.routes.set('/gone-410', { status: 410, contentType: 'text/html', body: '<h1>Gone</h1>' });
    const local = loadRegistry({
      sources: [
        {
          ...registry.sources[0],
          feeds: [{ ...registry.sources[0]?.feeds[0], id: 'tr-mfa-gone', url: `${server.origin}/gone.xml` }],
        },
      ],
    });
    const pipeline = corePipeline(stack, () => local, new TestClock(new Date('2026-11-25T12:00:00Z')));
    const report = await pipeline.poll('tr-mfa-gone');
    expect(report.archived.map((a) => a.pageUnavailable?.code).sort()).toEqual(['http-404', 'http-410']);
    expect(report.normalized.map((n) => n.status)).toEqual(['new', 'new']);

    const store = createArticleStore(stack.doc, stack.names.articlesTable);
    const record = await store.get(idOf(`${server.origin}/gone-404`));
    expect(record?.rawKey?.endsWith('.json')).toBe(true); // the feed item, not the 404 page
    expect(record?.title).toBe('Bakan Fidan Astana’da');
    expect(record?.text).toBe('Bakan Fidan Astana’da: özet metni.');
    // 09:00 at +03:00.
    expect(record?.publishedAt).toBe('2026-11-25T06:00:00.000Z');

    // A 503 may pass: the event fails, so EventBridge/Lambda retry it and finally dead-letter it.
    server.routes.set('/gone-404', { status: 503, contentType: 'text/html', body: 'busy' });
    const [again] = report.discovered.filter((d) => d.url.endsWith('/gone-404'));
    await expect(pipeline.deliver({ ...again!, articleId: 'x'.repeat(32) })).rejects.toMatchObject({
      code: 'http-503',
    });
  }, 60_000);
});

describe('feedContextOf', () => {
  it('reads title, date and guid from the stored metadata', () => {
    expect(
      feedContextOf({
        [META.title]: 'Talks in Astana',
        [META.publishedAt]: '2026-11-24T13:20:00Z',
        [META.guid]: 'g1',
      }),
    ).toEqual({
      title: 'Talks in Astana',
      publishedAt: '2026-11-24T13:20:00Z',
      guid: 'g1',
      authors: [],
      categories: [],
    });
    expect(feedContextOf({ [META.sourceId]: 'x', [META.url]: 'https://a.example/1' })).toBeUndefined();
  });

  it('leaves out a title that was cut to fit S3’s 2 KB of metadata', () => {
    // 700 "ş" are 4,200 percent-encoded characters: encodeRawMetadata must cut the title.
    const long = 'ş'.repeat(700);
    const stored = encodeRawMetadata({
      sourceId: 'tr-mfa',
      title: long,
      publishedAt: '2026-11-24T13:20:00Z',
    });
    const decoded = Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, decodeURIComponent(v)]));
    expect((decoded[META.title] ?? '').length).toBeLessThan(700);
    expect(feedContextOf(decoded)).toEqual({
      publishedAt: '2026-11-24T13:20:00Z',
      authors: [],
      categories: [],
    });
  });
});
