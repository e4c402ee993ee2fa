/**
 * Builds the country index from the maintained datasets: i18n-iso-countries (names in every language
 * we tag), world-countries (alternate spellings, English/French demonyms) and `country-hand-added.ts`
 * (what both lack). Not imported at run time: `scripts/generate-country-index.ts` writes its output to
 * `index-data.ts`, which the matcher loads in well under a millisecond per language instead of
 * parsing 1.4 MB of JSON and rebuilding the tries on every cold start. A test rebuilds it in memory
 * and compares, so the committed file cannot drift from the packages.
 *
 * One trie per language, keyed by folded words: a phrase is stored twice, as written (folded) and
 * with every word cut to its shortest stem, so an inflected word in a text finds it by any of its
 * stems. Names with a comma ("Korea, Republic of") are inverted forms nobody writes in running text.
 */
import arNames from 'i18n-iso-countries/langs/ar.json' with { type: 'json' };
import deNames from 'i18n-iso-countries/langs/de.json' with { type: 'json' };
import enNames from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import esNames from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import faNames from 'i18n-iso-countries/langs/fa.json' with { type: 'json' };
import frNames from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import itNames from 'i18n-iso-countries/langs/it.json' with { type: 'json' };
import jaNames from 'i18n-iso-countries/langs/ja.json' with { type: 'json' };
import koNames from 'i18n-iso-countries/langs/ko.json' with { type: 'json' };
import nlNames from 'i18n-iso-countries/langs/nl.json' with { type: 'json' };
import plNames from 'i18n-iso-countries/langs/pl.json' with { type: 'json' };
import ptNames from 'i18n-iso-countries/langs/pt.json' with { type: 'json' };
import ruNames from 'i18n-iso-countries/langs/ru.json' with { type: 'json' };
import trNames from 'i18n-iso-countries/langs/tr.json' with { type: 'json' };
import ukNames from 'i18n-iso-countries/langs/uk.json' with { type: 'json' };
import zhNames from 'i18n-iso-countries/langs/zh.json' with { type: 'json' };
import worldCountries from 'world-countries';
import { ARABIC_NISBA, arabicNisbaForms, HAND_DEMONYMS, STOP_PHRASES } from '../country-hand-added';
import { fold, MAX_KEY_UNITS, MAX_PHRASE_WORDS, stemsOf } from './fold';

type CountryNames = { countries: Record<string, string | string[]> };
const ISO_NAMES: Record<string, CountryNames> = {
  en: enNames,
  fr: frNames,
  de: deNames,
  es: esNames,
  ru: ruNames,
  tr: trNames,
  ar: arNames,
  fa: faNames,
  ja: jaNames,
  ko: koNames,
  zh: zhNames,
  it: itNames,
  pt: ptNames,
  nl: nlNames,
  pl: plNames,
  uk: ukNames,
};

/** Chinese and Japanese have no spaces between words: matched by name, not by word. */
export const UNSPACED_LANGUAGES = ['zh', 'ja'];

const WC_LANG: Record<string, string> = {
  fr: 'fra',
  de: 'deu',
  es: 'spa',
  ru: 'rus',
  tr: 'tur',
  ar: 'ara',
  fa: 'per',
  ja: 'jpn',
  ko: 'kor',
  zh: 'zho',
  it: 'ita',
  pt: 'por',
  nl: 'nld',
  pl: 'pol',
  uk: 'ukr',
};

/** Case rule of a name: E all capitals as written (acronyms), C capital first letter, A any case. */
export type Form = 'E' | 'C' | 'A';
export interface BuildNode {
  next: Map<string, BuildNode>;
  match?: { code: string | null; form: Form };
}

/** How many writings a case rule accepts: a duplicate entry keeps the more tolerant rule. */
const LOOSENESS: Record<Form, number> = { E: 0, C: 1, A: 2 };

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;

function add(root: BuildNode, phrase: string, code: string | null, lang: string, defaultForm: Form): void {
  const tokens = phrase.match(TOKEN);
  if (!tokens || phrase.includes(',')) return;
  const letters = tokens.join('');
  // Acronyms (US, UK, ABD, США) only count in capitals: "us" is a pronoun.
  const form: Form =
    letters.length <= 5 && letters === letters.toUpperCase() && /\p{Lu}/u.test(letters) ? 'E' : defaultForm;
  // The most stripped stem: every inflected form of the word yields it too.
  const keys = tokens.map((t) => stemsOf(fold(t), lang).reduce((a, b) => (b.length < a.length ? b : a)));
  for (const variant of [tokens.map(fold), keys]) {
    let node = root;
    for (const k of variant) {
      let child = node.next.get(k);
      if (!child) {
        child = { next: new Map() };
        node.next.set(k, child);
      }
      node = child;
    }
    // The first writer of a phrase wins, except that a stop phrase always wins. A later writer of the
    // same code keeps the code but may relax the case rule: "deutsch" (any case) and "Deutsche"
    // (capital) share the stem node deutsch, and "die deutsche Ministerin" must still match.
    if (!node.match || code === null) node.match = { code, form };
    else if (node.match.code === code && LOOSENESS[form] > LOOSENESS[node.match.form])
      node.match = { code, form };
  }
}

function namesFor(lang: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [code, names] of Object.entries(ISO_NAMES[lang]?.countries ?? {})) {
    for (const n of Array.isArray(names) ? names : [names]) out.push([code, n]);
  }
  const wcLang = WC_LANG[lang];
  for (const c of worldCountries) {
    if (lang === 'en') {
      out.push([c.cca2, c.name.common], [c.cca2, c.name.official]);
      // Alternate spellings mix languages and two-letter codes; keep the Latin ones of 3+ letters.
      for (const alt of c.altSpellings)
        if (alt.length >= 3 && /^[\p{Script=Latin}\s.'’-]+$/u.test(alt)) out.push([c.cca2, alt]);
    } else if (wcLang) {
      const t = c.translations[wcLang];
      if (t) out.push([c.cca2, t.common], [c.cca2, t.official]);
    }
  }
  return out;
}

function demonymsFor(lang: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const wcLang = lang === 'en' ? 'eng' : lang === 'fr' ? 'fra' : undefined;
  if (wcLang) {
    for (const c of worldCountries) {
      const d = (c.demonyms as Record<string, { f: string; m: string }> | undefined)?.[wcLang];
      if (!d) continue;
      // French demonyms are adjectives too ("la diplomatie française"): stored lower case, any case matches.
      for (const form of new Set(lang === 'fr' ? [d.m.toLowerCase(), d.f.toLowerCase()] : [d.m, d.f])) {
        out.push([c.cca2, form]);
        // English plurals of -an/-i demonyms (Americans, Iraqis); French ones come from the endings.
        if (lang === 'en' && /[ni]$/.test(form)) out.push([c.cca2, `${form}s`]);
      }
    }
  }
  const hand = (HAND_DEMONYMS as Record<string, Record<string, string[]>>)[lang] ?? {};
  for (const [code, forms] of Object.entries(hand)) for (const f of forms) out.push([code, f]);
  if (lang === 'ar')
    for (const [code, bases] of Object.entries(ARABIC_NISBA))
      for (const b of bases) for (const f of arabicNisbaForms(b)) out.push([code, f]);
  return out;
}

/** The trie of a language, in memory (the tests' reference matcher walks it too). */
export function buildTrie(lang: string): BuildNode {
  const root: BuildNode = { next: new Map() };
  for (const p of STOP_PHRASES[lang] ?? []) add(root, p, null, lang, 'C');
  // Demonyms and adjectives are lower case in fr/de/es/ru ("turc", "türkisch"): any case matches.
  const demonymForm: Form = lang === 'en' || lang === 'tr' ? 'C' : 'A';
  // Hand-added forms first: they settle the ambiguous cases (bare "Congo", "Korea").
  for (const [code, f] of demonymsFor(lang).reverse())
    add(root, f, code, lang, /^\p{Lu}/u.test(f) ? 'C' : demonymForm);
  for (const [code, n] of namesFor(lang)) add(root, n, code, lang, 'C');
  return root;
}

/**
 * One line per trie node, depth first: the depth (1-8), the key, and when a name ends there `|`, the
 * code (`-` for a stop phrase) and the form. Nodes deeper than the matcher looks are left out.
 */
function serializeTrie(root: BuildNode): string {
  const lines: string[] = [];
  const visit = (node: BuildNode, depth: number) => {
    for (const [key, child] of node.next) {
      if (/[|`\\]/.test(key) || key.length > MAX_KEY_UNITS) throw new Error(`country index: bad key ${key}`);
      const m = child.match;
      lines.push(m ? `${depth}${key}|${m.code ?? '-'}${m.form}` : `${depth}${key}`);
      if (depth < MAX_PHRASE_WORDS) visit(child, depth + 1);
    }
  };
  visit(root, 1);
  return lines.join('\n');
}

/** Names of a language written without spaces, longest first (the first of equal names wins). */
export function unspacedNames(lang: string): Array<[string, string]> {
  const codes = new Map<string, string>();
  // One character names ("中") would match inside every other word.
  for (const [code, n] of namesFor(lang)) if (!codes.has(n) && n.length >= 2) codes.set(n, code);
  return [...codes].sort((a, b) => b[0].length - a[0].length);
}

/** `name|code` per line. */
function serializeUnspaced(lang: string): string {
  return unspacedNames(lang)
    .map(([n, code]) => {
      if (/[|`\\\n]|\$\{/.test(n)) throw new Error(`country index: bad name ${n}`);
      return `${n}|${code}`;
    })
    .join('\n');
}

export interface CountryIndex {
  tries: Record<string, string>;
  unspaced: Record<string, string>;
}

export function buildCountryIndex(): CountryIndex {
  const tries: Record<string, string> = {};
  const unspaced: Record<string, string> = {};
  for (const lang of Object.keys(ISO_NAMES)) {
    if (UNSPACED_LANGUAGES.includes(lang)) unspaced[lang] = serializeUnspaced(lang);
    else tries[lang] = serializeTrie(buildTrie(lang));
  }
  return { tries, unspaced };
}

/**
 * The text of `index-data.json`, read by trie.ts on first use: a file beside the code rather than
 * string literals in it (the bundle scanned ~240 KB of them at every cold start, ~4 ms; reading and
 * parsing the file on first use costs about a millisecond). Each text starts with a newline (see
 * `indexText` in trie.ts); one language per line keeps a regeneration's diff readable.
 */
export function renderCountryIndexData(index: CountryIndex = buildCountryIndex()): string {
  const section = (data: Record<string, string>) =>
    Object.entries(data)
      .map(([lang, s]) => `    ${JSON.stringify(lang)}: ${JSON.stringify(`\n${s}`)}`)
      .join(',\n');
  return `{
  "$comment": "GENERATED by scripts/generate-country-index.ts from i18n-iso-countries, world-countries and country-hand-added.ts (see build-index.ts): do not edit. Tries: one line per node, depth first: depth, folded key, and where a name ends '|', its code ('-' for a stop phrase) and its case rule (E all capitals, C capital first letter, A any case). Unspaced (zh, ja): 'name|code', longest first.",
  "tries": {
${section(index.tries)}
  },
  "unspaced": {
${section(index.unspaced)}
  }
}
`;
}
