/**
 * `diplowire serve`'s JSON API over a store the real pipeline filled from the demo's sample feeds.
 * Expected values come from reading the sample feeds (samples/feeds/…), not from the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedArchive, servedArchive } from './support/archive';

let archive: ServedArchive;

// biome-ignore lint/suspicious/noExplicitAny: each endpoint answers JSON of its own shape
async function get(path: string): Promise<{ status: number; type: string; body: any }> {
  const response = await fetch(`${archive.origin}${path}`);
  const type = response.headers.get('content-type') ?? '';
  const body = type.startsWith('application/json') ? await response.json() : await response.text();
  return { status: response.status, type, body };
}

const titles = (body: { items: Array<{ title: string }> }) => body.items.map((i) => i.title);

beforeAll(async () => {
  archive = await servedArchive('diplowire-serve-api-');
}, 60_000);

afterAll(async () => {
  await archive?.stop();
});

describe('GET /api/articles', () => {
  it('lists all 17 sample articles newest first, without their full text', async () => {
    const { status, body } = await get('/api/articles?limit=200');
    expect(status).toBe(200);
    expect(body.total).toBe(17);
    expect(body.items).toHaveLength(17);
    // us-state-press.xml: Tue, 24 Nov 2026 21:58:02 GMT is the newest item of all the samples.
    expect(body.items[0].title).toBe('Secretary’s Meeting with Kazakhstan’s Foreign Minister');
    const dates = body.items.map((i: { publishedAt: string }) => i.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(body.items[0].text).toBeUndefined();
    expect(body.cursor).toBeUndefined();
    expect(body.facets.languages.map((l: { value: string }) => l.value).sort()).toEqual([
      'en',
      'fr',
      'ru',
      'tr',
      'zh',
    ]);
  });

  it('filters by source, language, country and a date range', async () => {
    expect((await get('/api/articles?source=ru-mid')).body.total).toBe(3);
    expect((await get('/api/articles?language=zh')).body.total).toBe(3);
    // Kazakhstan: the US, UK, Russian, Turkish, Chinese and French ministries each wrote about it once.
    const kz = await get('/api/articles?country=kz&limit=200');
    expect(kz.body.items.map((i: { sourceId: string }) => i.sourceId).sort()).toEqual([
      'cn-mfa',
      'fr-meae',
      'gb-fcdo',
      'ru-mid',
      'tr-mfa',
      'us-state',
    ]);
    // ru-mid-news.xml: two items on 24 November, the briefing on 20 November.
    const ruWeek = await get('/api/articles?source=ru-mid&since=2026-11-21&until=2026-11-24');
    expect(ruWeek.body.total).toBe(2);
    const ruBefore = await get('/api/articles?source=ru-mid&until=2026-11-23');
    expect(titles(ruBefore.body)).toEqual([
      expect.stringMatching(/^Брифинг официального представителя МИД России, Москва, 20 ноября 2026/),
    ]);
  });

  it('counts the countries of the matching articles apart from those of the whole store', async () => {
    const { body } = await get('/api/articles?since=2026-11-23&limit=1');
    // The week of Monday 23 November holds every Kazakhstan article; ru-mid's briefing of the 20th
    // (Russia, Sudan) and the UN's Armenia–Azerbaijan item of the 22nd fall before it.
    expect(body.matchFacets.countries[0]).toEqual({ value: 'KZ', count: 6 });
    const codes = body.matchFacets.countries.map((c: { value: string }) => c.value);
    expect(codes).not.toContain('AM');
    expect(body.facets.countries.map((c: { value: string }) => c.value)).toContain('AM');
  });

  it('searches titles and text, all words, ignoring case and accents', async () => {
    // "critical minerals": the UK–Kazakhstan partnership page, and the US readout mentions it too.
    const minerals = await get(`/api/articles?q=${encodeURIComponent('Minerals CRITICAL')}`);
    expect(titles(minerals.body).sort()).toEqual([
      'Secretary’s Meeting with Kazakhstan’s Foreign Minister',
      'UK and Kazakhstan agree new critical minerals partnership',
    ]);
    const onlyUk = await get('/api/articles?q=critical+minerals&source=gb-fcdo');
    expect(onlyUk.body.total).toBe(1);
    // "Şımkent" in the Turkish ministry's page, typed without Turkish letters.
    const simkent = await get('/api/articles?q=simkent');
    expect(simkent.body.total).toBe(1);
    expect(simkent.body.items[0].title).toMatch(/^No: 261, 24 Kasım 2026, Kazakistan'ın Şımkent/);
    expect((await get('/api/articles?q=zzqx-nowhere')).body.total).toBe(0);
  });

  it('pages with a cursor through every article exactly once, in the same order', async () => {
    const all = (await get('/api/articles?limit=200')).body.items.map(
      (i: { articleId: string }) => i.articleId,
    );
    const paged: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { body } = await get(`/api/articles?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(body.total).toBe(17);
      paged.push(...body.items.map((i: { articleId: string }) => i.articleId));
      cursor = body.cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4); // 5 + 5 + 5 + 2
    expect(paged).toEqual(all);
  });

  it('answers 400 with a clear message for bad parameters', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/articles?country=Turkey', /two-letter ISO 3166-1 code/],
      ['/api/articles?limit=0', /limit '0' must be a whole number from 1 to 200/],
      ['/api/articles?since=yesterday', /since 'yesterday' is not a date/],
      ['/api/articles?since=2026-11-24&until=2026-11-20', /since .* must be before until/],
      ['/api/articles?cursor=bm9wZQ', /cursor is not one this server gave out/],
      ['/api/articles?contry=TR', /unknown parameter 'contry'/],
      ['/api/articles?source=a&source=b', /'source' is given more than once/],
      ['/api/articles/not-an-id', /is not an article id/],
      ['/api/countries/timeline', /country is required/],
    ];
    for (const [path, message] of cases) {
      const { status, body } = await get(path);
      expect(status, path).toBe(400);
      expect(body.error, path).toMatch(message);
    }
  });
});

describe('GET /api/articles/:id and /raw', () => {
  it('returns the full record, and the raw archived page with its content type', async () => {
    const found = await get('/api/articles?q=simkent');
    const id = found.body.items[0].articleId;
    const { status, body } = await get(`/api/articles/${id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ articleId: id, sourceId: 'tr-mfa', language: 'tr', sourceCountry: 'TR' });
    expect(body.url).toBe(`${archive.samplesOrigin}/tr-mfa/no_-261_-simkent-fahri-baskonsoloslugu-hk.tr.mfa`);
    expect(body.text.length).toBeGreaterThan(100);

    const raw = await fetch(`${archive.origin}/api/articles/${id}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^text\/html/);
    // Someone else's HTML: served, but sandboxed so its scripts never run on this origin.
    expect(raw.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(await raw.text()).toContain('Şımkent');
  });

  it('answers 404 for an id the store does not hold', async () => {
    const { status, body } = await get('/api/articles/0123456789abcdef0123456789abcdef');
    expect(status).toBe(404);
    expect(body.error).toBe('no article with id 0123456789abcdef0123456789abcdef in this store');
    expect((await get('/api/articles/0123456789abcdef0123456789abcdef/raw')).status).toBe(404);
  });
});

describe('GET /api/countries/…', () => {
  it('counts mentions per ISO week, with the weeks between filled in', async () => {
    // Russia: ru-mid's briefing of Friday 20 November (week 47), two items on 24 November (week 48).
    const { body } = await get('/api/countries/timeline?country=RU');
    expect(body).toEqual({
      country: 'RU',
      total: 3,
      undated: 0,
      weeks: [
        { week: '2026-W47', start: '2026-11-16', mentions: 1 },
        { week: '2026-W48', start: '2026-11-23', mentions: 2 },
      ],
    });
    const kz = await get('/api/countries/timeline?country=KZ');
    expect(kz.body.weeks).toEqual([{ week: '2026-W48', start: '2026-11-23', mentions: 6 }]);
  });

  it('counts the countries mentioned together, and those mentioned with one country', async () => {
    const { body } = await get('/api/countries/pairs?limit=200');
    expect(body.articles).toBe(17);
    // Sudan and Chad: the UN News item and the UK statement at the Security Council.
    expect(body.pairs[0]).toEqual({ countries: ['SD', 'TD'], articles: 2 });
    const withTr = await get('/api/countries/pairs?country=TR');
    for (const pair of withTr.body.pairs) expect(pair.countries).toContain('TR');
    // Turkish ministry on Kazakhstan and on Sudan, Russia's meeting with the Turkish ambassador,
    // China on the Turkish minister's visit.
    expect(withTr.body.pairs.map((p: { countries: string[] }) => p.countries.join('-')).sort()).toEqual([
      'CN-TR',
      'KZ-TR',
      'RU-TR',
      'SD-TR',
    ]);
  });
});

describe('GET /api/sources and the page', () => {
  it('reports each demo feed as ok after the run', async () => {
    const { body } = await get('/api/sources');
    expect(body.totals).toMatchObject({ feeds: 7, ok: 7, failing: 0 });
    const feed = body.sources
      .flatMap((s: { feeds: Array<{ feedId: string; lastNewArticleAt?: string }> }) => s.feeds)
      .find((f: { feedId: string }) => f.feedId === 'ru-mid-news-ru');
    expect(feed).toMatchObject({ status: 'ok', sourceId: 'ru-mid' });
    expect(feed.lastNewArticleAt).toBeDefined();
  });

  it('serves the page and its script from this origin with a strict content policy; unknown paths 404', async () => {
    const page = await fetch(`${archive.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js">');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${archive.origin}/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/api/nope')).status).toBe(404);
    const post = await fetch(`${archive.origin}/api/articles`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
