/**
 * normalize-document.ts leaves page extraction out (normalize-article loads it with the first page):
 * feed items and plain text normalize without it, a page asks for it, and the loading path gives the
 * same record as the eager one. This file must not import normalize.ts before the last test: that
 * module registers extraction for the whole process.
 */
import { describe, expect, it } from 'vitest';
import {
  normalizeDocument,
  normalizeLoadingOnDemand,
  pageExtraction,
} from '../../lambdas/shared/article/normalize-document';
import { PartNotLoaded } from '../../lambdas/shared/lazy-part';
import { legacyCodecs } from '../../lambdas/shared/text/codecs';

const clock = { now: () => new Date('2026-11-25T12:00:00Z') };
const bytes = (s: string) => new TextEncoder().encode(s);
const page = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Entretien avec le ministre marocain</title>
<meta property="article:published_time" content="2026-11-24T18:00:00+01:00"></head><body>
<nav><a href="/">Accueil</a> <a href="/actualites">Actualités</a></nav><article><h1>Entretien avec le ministre marocain</h1>
<p>Le ministre de l’Europe et des Affaires étrangères s’est entretenu avec son homologue du Maroc à Paris.</p>
<p>Ils ont évoqué la coopération entre la France et le Maroc, ainsi que la situation au Sahel.</p></article>
<footer>© 2026 Ministère</footer></body></html>`;

describe('normalization without page extraction loaded', () => {
  it('normalizes a feed item and plain text without loading extraction', () => {
    const item = {
      url: 'https://www.example.gov/a',
      title: 'Talks in Astana',
      contentHtml:
        '<p>The foreign ministers of Kazakhstan and Türkiye signed an agreement on transport links during talks in Astana on Tuesday.</p>',
      authors: [],
      categories: [],
    };
    const record = normalizeDocument(
      { bytes: bytes(JSON.stringify(item)), contentType: 'application/json', sourceId: 's' },
      clock,
    );
    expect(record.title).toBe('Talks in Astana');
    expect(record.countries).toEqual(['KZ', 'TR']);
    normalizeDocument({ bytes: bytes(' date 2022-11-09 Türkiye opened a consulate.'), sourceId: 's' }, clock);
    expect(pageExtraction.loaded).toBe(false);
    // UTF-8 needs no legacy charset tables either, even when a page or header names it.
    normalizeDocument(
      {
        bytes: bytes('Kazakhstan and Türkiye signed an agreement.'),
        contentType: 'text/plain; charset=utf-8',
        sourceId: 's',
      },
      clock,
    );
    expect(legacyCodecs.loaded).toBe(false);
  });

  it('loads the legacy charsets for a windows-1251 document, and only then', async () => {
    // "Москва и Анкара" in windows-1251, written byte by byte: М=CC о=EE с=F1 к=EA в=E2 а=E0, и=E8, А=C0 н=ED р=F0
    const cp1251 = Uint8Array.from([
      0xcc, 0xee, 0xf1, 0xea, 0xe2, 0xe0, 0x20, 0xe8, 0x20, 0xc0, 0xed, 0xea, 0xe0, 0xf0, 0xe0,
    ]);
    const input = { bytes: cp1251, contentType: 'text/plain; charset=windows-1251', sourceId: 'ru' };
    expect(() => normalizeDocument(input, clock)).toThrow(
      /legacy charsets \(iconv-lite, chardet\) not loaded/,
    );
    const record = await normalizeLoadingOnDemand(input, clock);
    expect(legacyCodecs.loaded).toBe(true);
    expect(record.text).toBe('Москва и Анкара');
  });

  it('refuses a page with PartNotLoaded, then loads extraction for it once', async () => {
    const input = {
      bytes: bytes(page),
      contentType: 'text/html',
      url: 'https://www.example.gouv.fr/entretien',
      sourceId: 'fr',
    };
    expect(() => normalizeDocument(input, clock)).toThrow(PartNotLoaded);
    const lazy = await normalizeLoadingOnDemand(input, clock);
    expect(pageExtraction.loaded).toBe(true);
    expect(lazy.title).toBe('Entretien avec le ministre marocain');
    expect(lazy.text).not.toContain('Accueil'); // navigation removed: extraction really ran
    expect(lazy.countries).toEqual(['MA', 'FR']);
    // The eager module (what the CLI uses) gives the same record.
    const eager = (await import('../../lambdas/shared/article/normalize')).normalizeDocument(input, clock);
    expect(lazy).toEqual(eager);
  });
});
