import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  articleIdFor,
  contentHashOf,
  documentKind,
  NormalizeError,
  normalizeDocument,
} from '../../lambdas/shared/article/normalize';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixture = path.resolve(
  repoRoot,
  '../shared/fixtures/articles/dailysabah-2022-11-09-turkiye-kazakhstan-consulate.txt',
);
const clock = { now: () => new Date('2026-11-25T12:00:00.000Z') };
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('normalizeDocument on the Daily Sabah plain-text fixture', () => {
  const bytes = readFileSync(fixture);
  const record = normalizeDocument({ bytes, sourceId: 'dailysabah-diplomacy' }, clock);
  const raw = bytes.toString('utf8');

  it('takes the date head as the publication date, at day precision', () => {
    expect(record.publishedAt).toBe('2022-11-09T00:00:00.000Z');
    expect(record.datePrecision).toBe('day');
  });

  it('detects English', () => {
    expect(record.language).toBe('en');
    expect(record.languageSource).toBe('detected');
  });

  it('tags Türkiye then Kazakhstan first, and the Turkic states named later', () => {
    expect(record.countries.slice(0, 2)).toEqual(['TR', 'KZ']);
    for (const cc of ['AZ', 'KG', 'UZ', 'HU', 'TM']) expect(record.countries).toContain(cc);
  });

  it('derives the title from the first sentence, cut at a word boundary', () => {
    expect(record.titleSource).toBe('derived');
    expect(record.title.startsWith('Türkiye’s new honorary consulate')).toBe(true);
    expect(record.title.length).toBeLessThanOrEqual(120);
    // The first sentence is 164 characters; the cut falls after "relations" (a whole word).
    expect(record.title).toBe(
      "Türkiye’s new honorary consulate in Kazakhstan's Shymkent will contribute to the furthering of bilateral relations…",
    );
  });

  it('keeps every paragraph, with Turkish letters and typographic quotes intact (NFC)', () => {
    const paragraphs = raw
      .replace(/^ date 2022-11-09 /, '')
      .trim()
      .split(/\n\s*\n/);
    expect(paragraphs).toHaveLength(17);
    for (const p of paragraphs) expect(record.text).toContain(p.trim());
    expect(record.text.split('\n\n')).toHaveLength(17);
    expect(record.text).toContain('Mevlüt Çavuşoğlu');
    expect(record.text).toContain('Gülenist Terror Group (FETÖ)');
    expect(record.text).toContain('a “milestone” and said');
    expect(record.text).toBe(record.text.normalize('NFC'));
    expect(record.text.startsWith('date')).toBe(false);
  });

  it('counts words within 2% of a hand count (515: wc -w on the body, no punctuation-only tokens)', () => {
    expect(Math.abs(record.wordCount - 515) / 515).toBeLessThanOrEqual(0.02);
  });

  it('has a summary of at most 300 characters ending at a word boundary', () => {
    expect(record.summary.length).toBeLessThanOrEqual(300);
    expect(record.summary.startsWith('Türkiye’s new honorary consulate')).toBe(true);
    expect(record.summary.endsWith('…')).toBe(true);
    // The summary runs across paragraphs, joined by a space.
    expect(record.text.replace(/\s+/g, ' ')).toContain(record.summary.slice(0, -1).trim());
  });

  it('identifies a document without URL by source and content hash', () => {
    expect(record.url).toBeUndefined();
    expect(record.contentHash).toBe(contentHashOf(record.text));
    expect(record.articleId).toBe(
      articleIdFor({ sourceId: 'dailysabah-diplomacy', contentHash: record.contentHash }),
    );
    expect(record.articleId).toMatch(/^[0-9a-f]{32}$/);
    expect(record.version).toBe(1);
  });

  it('gives the same record for the same bytes, except ingestedAt', () => {
    const again = normalizeDocument(
      { bytes, sourceId: 'dailysabah-diplomacy' },
      { now: () => new Date('2030-01-01T00:00:00Z') },
    );
    expect({ ...again, ingestedAt: 'x' }).toEqual({ ...record, ingestedAt: 'x' });
    expect(again.ingestedAt).toBe('2030-01-01T00:00:00.000Z');
  });
});

describe('normalizeDocument: the three kinds of input', () => {
  it('reads a feed item JSON: feed title and date win, text from its HTML content', () => {
    const item = {
      guid: 'tag:mfa.gov.tr,2024:1',
      url: 'https://www.mfa.gov.tr/no_-12.en.mfa?utm_source=rss#top',
      title: 'Press Release Regarding the Earthquake in Afghanistan',
      contentHtml:
        '<p>We are deeply saddened by the earthquake in Afghanistan.</p><p>Türkiye stands ready to help.</p>',
      authors: [],
      categories: ['Press Releases'],
      publishedAt: '2024-01-12T09:30:00+03:00',
      language: 'en',
    };
    const r = normalizeDocument(
      {
        bytes: utf8(JSON.stringify(item)),
        contentType: 'application/json',
        sourceId: 'tr-mfa',
        feedId: 'tr-mfa-press-en',
        sourceCountry: 'TR',
      },
      clock,
    );
    expect(r.title).toBe('Press Release Regarding the Earthquake in Afghanistan');
    expect(r.titleSource).toBe('feed');
    expect(r.publishedAt).toBe('2024-01-12T06:30:00.000Z');
    expect(r.datePrecision).toBe('time');
    expect(r.text).toBe(
      'We are deeply saddened by the earthquake in Afghanistan.\n\nTürkiye stands ready to help.',
    );
    expect(r.url).toBe('https://www.mfa.gov.tr/no_-12.en.mfa');
    expect(r.articleId).toBe(articleIdFor('https://www.mfa.gov.tr/no_-12.en.mfa'));
    expect(r.guid).toBe('tag:mfa.gov.tr,2024:1');
    expect(r.languageSource).toBe('declared');
    expect(r.countries).toEqual(['AF', 'TR']);
    expect(r.categories).toEqual(['Press Releases']);
    expect(r.sourceCountry).toBe('TR');
    expect(r.feedId).toBe('tr-mfa-press-en');
  });

  it('reads a feed item stored with its page: text from the page, title and date from the feed', () => {
    const html = readFileSync(path.join(repoRoot, 'tests/fixtures/pages/mid-ru-statement.html'), 'utf8');
    const item = {
      title: 'Лавров и Тлеуберди провели телефонный разговор',
      publishedAt: '2022-11-09T18:45:00+03:00',
      authors: [],
      categories: [],
    };
    const r = normalizeDocument(
      {
        bytes: utf8(JSON.stringify({ item, html })),
        contentType: 'application/vnd.diplowire.feed-item+json',
        sourceId: 'ru-mfa',
        declaredLanguage: 'ru',
      },
      clock,
    );
    expect(r.title).toBe('Лавров и Тлеуберди провели телефонный разговор');
    expect(r.titleSource).toBe('feed');
    expect(r.publishedAt).toBe('2022-11-09T15:45:00.000Z');
    expect(r.text.startsWith('9 ноября состоялся телефонный разговор')).toBe(true);
    expect(r.text).not.toMatch(/cookie|Поделиться|Главная/);
    // The page's og:url is the article's address when the item has none.
    expect(r.url).toBe('https://mid.ru/ru/foreign_policy/news/1885032/');
    // "Российской Федерации" comes before "Республики Казахстан" in the first sentence.
    expect(r.countries.slice(0, 2)).toEqual(['RU', 'KZ']);
    expect(r.language).toBe('ru');
  });

  it('fills what a page lacks from the feed item that led to it', () => {
    const html =
      '<html><body><article><p>The ministers of Azerbaijan and Kazakhstan met in Baku to discuss the Middle Corridor.</p></article></body></html>';
    const feedItem = {
      guid: 'g-1',
      title: 'Baku talks',
      publishedAt: '2023-04-01',
      authors: ['Press Office'],
      categories: [],
    };
    const r = normalizeDocument(
      { bytes: utf8(html), contentType: 'text/html; charset=utf-8', sourceId: 'az-mfa', feedItem },
      clock,
    );
    expect(r.title).toBe('Baku talks');
    expect(r.guid).toBe('g-1');
    expect(r.authors).toEqual(['Press Office']);
    expect(r.publishedAt).toBe('2023-04-01T00:00:00.000Z');
    expect(r.datePrecision).toBe('day');
    expect(r.countries).toEqual(['AZ', 'KZ']);
  });

  it('reads an HTML page without a content type, by sniffing', () => {
    const html = `<!DOCTYPE html><html lang="fr"><head><title>Communiqué</title>
      <meta property="article:published_time" content="2023-03-02T10:00:00+01:00"></head>
      <body><nav><a href="/">Accueil</a></nav><article><h1>Entretien avec le ministre turc</h1>
      <p>La ministre de l’Europe et des Affaires étrangères s’est entretenue ce jour avec son homologue turc à Paris.</p>
      <p>Les deux ministres ont évoqué la situation en Ukraine et la coopération bilatérale entre la France et la Turquie.</p>
      </article><footer>© 2023 France Diplomatie</footer></body></html>`;
    const r = normalizeDocument(
      { bytes: utf8(html), sourceId: 'fr-mfa', url: 'https://www.diplomatie.gouv.fr/fr/a.html' },
      clock,
    );
    expect(r.title).toBe('Entretien avec le ministre turc');
    expect(r.titleSource).toBe('page');
    expect(r.publishedAt).toBe('2023-03-02T09:00:00.000Z');
    expect(r.language).toBe('fr');
    expect(r.languageSource).toBe('declared');
    expect(r.countries).toEqual(['TR', 'UA', 'FR']);
    expect(r.text).not.toContain('Accueil');
    expect(r.text).not.toContain('©');
  });

  it('marks a declared language that the text contradicts as detected', () => {
    const text =
      'date 2023-05\nMinistrul de externe s-a întâlnit cu omologul său la Ankara pentru a discuta despre comerț și energie.';
    const r = normalizeDocument({ bytes: utf8(text), sourceId: 'x', declaredLanguage: 'en' }, clock);
    expect(r.language).toBe('ro');
    expect(r.languageSource).toBe('detected');
    expect(r.publishedAt).toBe('2023-05-01T00:00:00.000Z');
    expect(r.datePrecision).toBe('month');
  });

  it('gives a plain-text document without a date line no date at all (never "now")', () => {
    const r = normalizeDocument(
      { bytes: utf8('The ministers met in Astana on Monday. They signed two agreements.'), sourceId: 'x' },
      clock,
    );
    expect(r.publishedAt).toBeUndefined();
    expect(r.datePrecision).toBeUndefined();
    expect(r.title).toBe('The ministers met in Astana on Monday');
  });

  it('rejects an empty document, a document with no text, and broken feed JSON with typed errors', () => {
    const run = (s: string, contentType?: string) => () =>
      normalizeDocument({ bytes: utf8(s), sourceId: 'x', ...(contentType ? { contentType } : {}) }, clock);
    expect(run('')).toThrow(NormalizeError);
    expect(run('')).toThrow(/empty/);
    expect(run('<html><body><nav>Home</nav></body></html>', 'text/html')).toThrow(/no article text/);
    expect(run('{"title": 42}')).toThrow(/field "title" must be a string/);
    expect(run('{not json', 'application/json')).toThrow(/not valid JSON/);
  });

  it('refuses binary data and whole feed documents instead of making a record of them', () => {
    const attempt = (bytes: Uint8Array) => () => normalizeDocument({ bytes, sourceId: 'x' }, clock);
    // A PNG header: the NUL bytes and controls are what no text document holds.
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(attempt(png)).toThrow('the document is binary data, not text or HTML');
    // Controls without a NUL, one in eight characters, as in random bytes.
    expect(attempt(utf8('abcdefg\u0001'.repeat(100)))).toThrow(/binary data/);
    const rss =
      '<?xml version="1.0"?>\n<!-- generator -->\n<rss version="2.0"><channel><title>MFA</title></channel></rss>';
    expect(attempt(utf8(rss))).toThrow(/a feed, not an article: read it with `diplowire parse-feed`/);
    expect(attempt(utf8('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'))).toThrow(
      expect.objectContaining({ code: 'feed-document' }),
    );
    // Labelled as a feed item: JSON that does not parse is still checked for binary data first
    // (parsed JSON skips that check), and one stray control character is broken JSON, not binary.
    const asJson = (bytes: Uint8Array) => () =>
      normalizeDocument({ bytes, contentType: 'application/json', sourceId: 'x' }, clock);
    expect(asJson(png)).toThrow(expect.objectContaining({ code: 'not-text' }));
    // (one control in 160 characters is under the 2% that marks binary data)
    expect(asJson(utf8(`{"title": "a\u0001b", "contentText": "${'text '.repeat(24)}"}`))).toThrow(
      expect.objectContaining({ code: 'bad-feed-item' }),
    );
    // A tab-indented plain-text document is still text.
    expect(
      normalizeDocument(
        { bytes: utf8('\tThe minister met his counterpart in Ankara.'), sourceId: 'x' },
        clock,
      ).text,
    ).toBe('The minister met his counterpart in Ankara.');
  });
});

describe('documentKind', () => {
  it('trusts a specific content type and sniffs otherwise', () => {
    expect(documentKind('<p>x</p>', 'application/json')).toBe('feed-item');
    expect(documentKind('{"a":1}', 'text/plain')).toBe('feed-item');
    expect(documentKind('  <!doctype html><html>', undefined)).toBe('html');
    expect(documentKind(' date 2022-11-09 Text', undefined)).toBe('text');
    expect(documentKind('Tom <tom@x.org> wrote', 'text/plain')).toBe('text');
    expect(documentKind('<div class="a">x</div>', 'application/octet-stream')).toBe('html');
  });
});

describe('normalizeDocument merges a feed item with its fetched page', () => {
  const pageHtml = (head: string) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
    <title>Minister meets Kazakh counterpart in Astana | Ministry of Foreign Affairs</title>${head}</head>
    <body><div id="content"><p>The Minister of Foreign Affairs met the Foreign Minister of Kazakhstan in Astana today to discuss trade and transport links across the Caspian.</p>
    <p>Both ministers welcomed the growth of trade between the two countries and agreed to meet again next year.</p></div></body></html>`;
  const run = (item: Record<string, unknown>, head = '') =>
    normalizeDocument(
      {
        bytes: utf8(JSON.stringify({ item: { authors: [], categories: [], ...item }, html: pageHtml(head) })),
        contentType: 'application/json',
        sourceId: 'xx-mfa',
      },
      clock,
    );

  it('keeps the feed title and the feed’s time over the page’s day', () => {
    const r = run(
      { title: 'Minister meets Kazakh counterpart', publishedAt: '2026-11-24T16:20:00+03:00' },
      '<meta property="article:published_time" content="2026-11-24">',
    );
    expect(r.title).toBe('Minister meets Kazakh counterpart');
    expect(r.titleSource).toBe('feed');
    expect(r.publishedAt).toBe('2026-11-24T13:20:00.000Z');
    expect(r.datePrecision).toBe('time');
  });

  it('takes the page’s time when the feed gives only a day', () => {
    const r = run(
      { title: 'Minister meets Kazakh counterpart', publishedAt: '2026-11-24' },
      '<meta property="article:published_time" content="2026-11-24T09:15:00Z">',
    );
    expect(r.publishedAt).toBe('2026-11-24T09:15:00.000Z');
    expect(r.datePrecision).toBe('time');
  });

  it('keeps the feed’s date when both are equally precise, and the page’s updatedAt when the feed has none', () => {
    const r = run(
      { title: 'Minister meets Kazakh counterpart', publishedAt: '2026-11-24T13:20:00Z' },
      '<meta property="article:published_time" content="2026-11-24T13:00:00Z"><meta property="article:modified_time" content="2026-11-25T08:00:00Z">',
    );
    expect(r.publishedAt).toBe('2026-11-24T13:20:00.000Z');
    expect(r.updatedAt).toBe('2026-11-25T08:00:00.000Z');
  });

  it('uses the page title without the site name when the feed item has no title', () => {
    const r = run({ publishedAt: '2026-11' }, '');
    expect(r.title).toBe('Minister meets Kazakh counterpart in Astana');
    expect(r.titleSource).toBe('page');
    // A month from the feed, nothing on the page: the month stays, at month precision.
    expect(r.publishedAt).toBe('2026-11-01T00:00:00.000Z');
    expect(r.datePrecision).toBe('month');
  });
});
