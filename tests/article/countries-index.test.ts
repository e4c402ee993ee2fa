/**
 * The generated country index and the fast matcher over it. The index must be what the generator
 * makes from the installed packages today (so it cannot drift or be edited by hand), and the matcher
 * must agree with the plain reference matcher (countries-reference.ts) on any text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCountries } from '../../lambdas/shared/article/countries';
import { renderCountryIndexData } from '../../lambdas/shared/article/countries/build-index';
import { countryIndexData, indexText } from '../../lambdas/shared/article/countries/trie';
import { referenceFindCountries } from './countries-reference';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const INDEX_FILE = path.join(repoRoot, 'lambdas/shared/article/countries/index-data.json');
const { tries: TRIE_INDEX, unspaced: UNSPACED_INDEX } = countryIndexData();
const linesOf = (data: string | undefined) => indexText(data ?? '').split('\n');
const LANGS = ['en', 'fr', 'de', 'es', 'ru', 'uk', 'tr', 'ar', 'it', 'pl', 'zh', 'ja', 'xx'];

describe('generated country index', () => {
  it('is what scripts/generate-country-index.ts makes from the installed packages', () => {
    // Compared as a boolean first: a diff of two 200 KB strings is no help to anyone.
    const same = readFileSync(INDEX_FILE, 'utf8') === renderCountryIndexData();
    expect(same, 'index-data.json differs: run node --import tsx scripts/generate-country-index.ts').toBe(
      true,
    );
  });

  it('holds names, demonyms, acronyms and stop phrases with their case rules', () => {
    const en = linesOf(TRIE_INDEX.en);
    // Checked by hand against i18n-iso-countries en.json, world-countries and country-hand-added.ts.
    expect(en).toContain('1kazakhstan|KZC');
    expect(en).toContain('1kazakh|KZC'); // hand-added demonym
    expect(en).toContain('1us|USE'); // acronym: capitals only
    expect(en).toContain('1latin'); // "Latin America" is a stop phrase below it
    expect(en[en.indexOf('1latin') + 1]).toBe('2america|-C');
    // French adjectives match in any case; Turkish demonyms need a capital.
    expect(linesOf(TRIE_INDEX.fr)).toContain('1turc|TRA');
    expect(linesOf(TRIE_INDEX.tr)).toContain('1özbek|UZC');
    // Russian names are also stored by stem: Турция → турц.
    expect(linesOf(TRIE_INDEX.ru)).toContain('1турц|TRC');
    expect(linesOf(UNSPACED_INDEX.zh)).toContain('哈萨克斯坦|KZ');
    expect(Object.keys(UNSPACED_INDEX).sort()).toEqual(['ja', 'zh']);
  });
});

describe('fast matcher agrees with the reference matcher', () => {
  it('on every test page and fixture text, in its own and other languages', () => {
    const texts: string[] = [];
    for (const dir of [
      path.join(repoRoot, 'tests/fixtures/pages'),
      path.resolve(repoRoot, '../shared/fixtures'),
    ]) {
      for (const f of readdirSync(dir).filter((n) => /\.(json|txt|html)$/.test(n)))
        texts.push(readFileSync(path.join(dir, f), 'utf8').replace(/<[^>]*>/g, ' '));
    }
    expect(texts.length).toBeGreaterThan(20);
    let found = 0;
    for (const text of texts) {
      for (const lang of LANGS) {
        const expected = referenceFindCountries(text, lang);
        found += expected.length;
        expect(findCountries(text, lang), `${lang}: ${text.slice(0, 60)}`).toEqual(expected);
      }
    }
    // The texts are about countries: an index that matched nothing would agree trivially.
    expect(found).toBeGreaterThan(200);
  });

  it('on random texts made of index words, inflections, cases and separators', () => {
    const words = new Set<string>(['Jordan', 'Chad', 'Georgia', 'Atlanta', 'Michael', 'state', 'of', 'U.S.']);
    for (const data of Object.values(TRIE_INDEX))
      for (const line of linesOf(data).slice(1)) words.add(line.slice(1).split('|')[0] as string);
    for (const data of Object.values(UNSPACED_INDEX))
      for (const line of linesOf(data).slice(1)) words.add(line.split('|')[0] as string);
    // İ and a combining dot fold to other lengths, Σ folds by context: the matcher's slow path.
    const odd = ['İstanbul', 'I\u0307ngiltere', 'ΣΣ', 'Ё', 'x'.repeat(60), '😀', 'ß'];
    const word = fc
      .tuple(
        fc.constantFrom(...words, ...odd),
        fc.constantFrom('lower', 'upper', 'capital', 'as is'),
        fc.constantFrom('', '', 'а', 'ой', 'ом', 'е', 'ы', 'лар', 'nin', 'in', 'e', 'es', 's', 'n', 'ами'),
        fc.constantFrom(' ', ' ', ' ', ', ', '-', '’', "'", '. ', '\n', ''),
      )
      .map(([w, c, ending, sep]) => {
        const cased =
          c === 'lower'
            ? w.toLowerCase()
            : c === 'upper'
              ? w.toUpperCase()
              : c === 'capital'
                ? w.charAt(0).toUpperCase() + w.slice(1)
                : w;
        return cased + ending + sep;
      });
    let found = 0;
    fc.assert(
      fc.property(fc.array(word, { maxLength: 24 }), fc.constantFrom(...LANGS), (ws, lang) => {
        const text = ws.join('');
        const expected = referenceFindCountries(text, lang);
        found += expected.length;
        expect(findCountries(text, lang)).toEqual(expected);
      }),
      { numRuns: 3000, seed: 20261125 },
    );
    expect(found).toBeGreaterThan(150);
  });

  it('on a text longer than the matcher keeps a buffer for', () => {
    const text = `${'Kazakhstan and Türkiye. '.repeat(3000)}Chad, Niger.`;
    expect(text.length).toBeGreaterThan(1 << 16);
    expect(findCountries(text)).toEqual(['KZ', 'TR', 'TD', 'NE']);
    expect(findCountries('Japan')).toEqual(['JP']);
  });
});
