/**
 * Country tagging: ISO 3166-1 alpha-2 codes of the countries a text mentions, in order of first
 * mention. Names come from i18n-iso-countries (every language) and world-countries (alternate
 * spellings, English/French demonyms); `country-hand-added.ts` holds what they lack.
 *
 * Matching is token based, over one trie per language built once on first use: a text is split into
 * letter runs (apostrophes and hyphens split, so "Türkiye’s" and "Türkiye-Kazakhstan" work), and
 * the longest phrase wins, which is what keeps "Papua New Guinea" from yielding Guinea and "Latin
 * American" from yielding the US. Inflected languages (ru, tr, de, es, fr) also match a token by its
 * stem: the token minus one of the language's endings must equal a name's stem.
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
import {
  GEORGIA_CITIES,
  GEORGIA_STATE_AFTER,
  GIVEN_NAME_COUNTRIES,
  HAND_DEMONYMS,
  STOP_PHRASES,
} from './country-hand-added';

// Static imports, so the bundler ships them: a runtime require of a computed path works from
// node_modules (tests, local runs) but not from a deployed single-file bundle.
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

/** Languages with hand-added demonyms; any other language uses its i18n-iso-countries names. */
export const COUNTRY_LANGUAGES = ['en', 'fr', 'de', 'es', 'ru', 'tr'] as const;

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

/** Case endings, longest first; a stem must keep at least MIN_STEM letters. */
const ENDINGS: Record<string, string[]> = {
  ru: 'ями ами ого его ому ему ыми ими ией ией ия ии ию ой ей ом ем ою ею ам ям ах ях ий ый ая яя ое ее ую юю ие ые их ых им ым ов ев а я у ю е и ы ь й'
    .split(' ')
    .sort((a, b) => b.length - a.length),
  tr: 'lılar liler lular lüler ların lerin ları leri lı li lu lü ler lar nın nin nun nün ın in un ün ı i u ü'
    .split(' ')
    .sort((a, b) => b.length - a.length),
  // Ukrainian declines like Russian, with і/ї/ів/ою where Russian has и/ы/ов/ой.
  uk: 'ями ами ого ього ому ьому ими ією ія ії ію ою ею ом ем ам ям ах ях ий ій ая яя ую юю ів їв ої ої а я у ю е є і ї и ь й єм'
    .split(' ')
    .sort((a, b) => b.length - a.length),
  de: ['ern', 'en', 'em', 'er', 'es', 'e', 'n', 's'],
  es: ['as', 'os', 'es', 'a', 'o', 's'],
  fr: ['es', 's', 'e'],
};
const MIN_STEM = 4;

type Match = { code: string | null; form: 'exact' | 'capital' | 'any'; original: string };
interface Node {
  next: Map<string, Node>;
  match?: Match;
  /** Root only: the first MIN_STEM letters of every key at any depth, to skip most words cheaply. */
  prefixes?: PrefixFilter;
}

/**
 * A bit per hash of the first MIN_STEM (4) letters of the trie's keys (a Bloom filter with one hash): a
 * clear bit proves no key starts like the word, a set bit may be a collision, which only costs the
 * word a trie lookup. Bits rather than a Set of numbers: no heap number per word of the text.
 */
type PrefixFilter = Uint32Array;
const PREFIX_BITS = 20;
const PREFIX_FILTER_WORDS = (1 << PREFIX_BITS) >>> 5;

/**
 * Hash of the first four UTF-16 units of s[start, end), PREFIX_BITS wide, without a substring.
 * Four because a stem keeps at least MIN_STEM letters: a word matches a key only by being it or by
 * a stem of it, so a word of four or more letters shares its first four with any key it matches,
 * and a shorter one must equal the key.
 */
function prefixCode(s: string, start: number, end: number): number {
  const a = s.charCodeAt(start);
  const b = start + 1 < end ? s.charCodeAt(start + 1) : 0;
  const c = start + 2 < end ? s.charCodeAt(start + 2) : 0;
  const d = start + 3 < end ? s.charCodeAt(start + 3) : 0;
  const h =
    Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35) ^ Math.imul(d, 0x27d4eb2f);
  return h >>> (32 - PREFIX_BITS);
}

function mayStartKey(filter: PrefixFilter, h: number): boolean {
  return ((filter[h >>> 5] as number) & (1 << (h & 31))) !== 0;
}

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;

const FOLD_AFTER_LOWER = /[\u0307ё]/;

/** Lower case that treats Turkish İ and Russian ё the way writers treat them interchangeably. */
function fold(word: string): string {
  // Whole texts go through here: test before replacing, since most texts have none of these.
  const lower = (word.includes('İ') ? word.replace(/İ/g, 'i') : word).toLowerCase();
  return FOLD_AFTER_LOWER.test(lower) ? lower.replace(/\u0307/g, '').replace(/ё/g, 'е') : lower;
}

/** Each language's endings by their last UTF-16 unit, longest first still: most never apply. */
const ENDINGS_BY_LAST = new Map<string, Map<number, string[]>>();

function endingsFor(lang: string, last: number): string[] | undefined {
  let byLast = ENDINGS_BY_LAST.get(lang);
  if (!byLast) {
    byLast = new Map();
    for (const e of ENDINGS[lang] ?? []) {
      const key = e.charCodeAt(e.length - 1);
      const list = byLast.get(key);
      if (list) list.push(e);
      else byLast.set(key, [e]);
    }
    ENDINGS_BY_LAST.set(lang, byLast);
  }
  return byLast.get(last);
}

function stemsOf(folded: string, lang: string): string[] {
  const out = [folded];
  if (!ENDINGS[lang] || folded === '') return out;
  const endings = endingsFor(lang, folded.charCodeAt(folded.length - 1));
  if (!endings) return out;
  for (const e of endings) {
    if (folded.length - e.length >= MIN_STEM && folded.endsWith(e)) out.push(folded.slice(0, -e.length));
  }
  return out;
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function add(
  root: Node,
  phrase: string,
  code: string | null,
  lang: string,
  defaultForm: Match['form'],
): void {
  const tokens = phrase.match(TOKEN);
  if (!tokens || phrase.includes(',')) return;
  const letters = tokens.join('');
  // Acronyms (US, UK, ABD, США) only count in capitals: "us" is a pronoun.
  const form: Match['form'] =
    letters.length <= 5 && letters === letters.toUpperCase() && /\p{Lu}/u.test(letters)
      ? 'exact'
      : defaultForm;
  // A stem is only stored for the form as written; the text side tries every ending.
  const keys = tokens.map((t) => {
    const f = fold(t);
    // The most stripped stem: every inflected form of the word yields it too.
    return stemsOf(f, lang).reduce((a, b) => (b.length < a.length ? b : a));
  });
  for (const variant of [tokens.map(fold), keys]) {
    let node = root;
    root.prefixes ??= new Uint32Array(PREFIX_FILTER_WORDS);
    for (const k of variant) {
      const h = prefixCode(k, 0, k.length);
      root.prefixes[h >>> 5] = (root.prefixes[h >>> 5] as number) | (1 << (h & 31));
      let child = node.next.get(k);
      if (!child) {
        child = { next: new Map() };
        node.next.set(k, child);
      }
      node = child;
    }
    // The first writer of a phrase wins, except that a stop phrase always wins.
    if (!node.match || code === null) node.match = { code, form, original: tokens.join(' ') };
  }
}

function namesFor(lang: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const data = ISO_NAMES[lang];
  for (const [code, names] of Object.entries(data?.countries ?? {})) {
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
  return out;
}

const tries = new Map<string, Node>();

/** Builds (once) the trie of a language; languages without names fall back to English. */
function trieFor(lang: string): Node {
  const cached = tries.get(lang);
  if (cached) return cached;
  const root: Node = { next: new Map() };
  for (const p of STOP_PHRASES[lang] ?? []) add(root, p, null, lang, 'capital');
  // Demonyms and adjectives are lower case in fr/de/es/ru ("turc", "türkisch"): any case matches.
  const demonymForm = lang === 'en' || lang === 'tr' ? 'capital' : 'any';
  // Hand-added forms first: they settle the ambiguous cases (bare "Congo", "Korea").
  for (const [code, f] of demonymsFor(lang).reverse())
    add(root, f, code, lang, /^\p{Lu}/u.test(f) ? 'capital' : demonymForm);
  const names = namesFor(lang);
  if (names.length === 0 && lang !== 'en') {
    const en = trieFor('en');
    tries.set(lang, en);
    return en;
  }
  for (const [code, n] of names) add(root, n, code, lang, 'capital');
  tries.set(lang, root);
  return root;
}

/** Warms the tries of the given languages (a Lambda does this at cold start). */
export function prepareCountryTries(langs: readonly string[] = COUNTRY_LANGUAGES): void {
  for (const l of langs) trieFor(l);
}

/** A word of the text; its text and folded form are cut out only when a rule needs them. */
class Token {
  constructor(
    private readonly source: string,
    private readonly lower: string | undefined,
    readonly index: number,
    readonly end: number,
    readonly keys: string[],
  ) {}

  get text(): string {
    return this.source.slice(this.index, this.end);
  }

  get folded(): string {
    return this.lower === undefined ? fold(this.text) : this.lower.slice(this.index, this.end);
  }
}

const OTHER_WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** isWordChar's answer per BMP code unit, filled on first sight (0 unknown, 1 word, 2 not). */
const WORD_TABLE = new Uint8Array(65536);

/** Letter, mark or digit: the common ranges by rule, the rest by regex. */
function wordCharByRule(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  if (c >= 0x300 && c <= 0x52f) return c !== 0x37e && c !== 0x387;
  if (c >= 0x2000 && c <= 0x206f) return false; // punctuation: quotes, dashes, spaces
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return OTHER_WORD_CHAR.test(String.fromCharCode(c));
}

/**
 * Letter, mark or digit, decided once per code unit and then looked up (this runs per character,
 * and cutting a one-character string per character of a Cyrillic or Arabic text was most of its
 * cost).
 */
function isWordChar(c: number): boolean {
  let known = WORD_TABLE[c] as number;
  if (known === 0) {
    known = wordCharByRule(c) ? 1 : 2;
    WORD_TABLE[c] = known;
  }
  return known === 1;
}

const NO_KEYS: string[] = [];

/**
 * The words of a text as parallel arrays, not one object per word: a text has thousands of words
 * and only the few that start a name are ever looked at as a Token.
 */
interface Tokens {
  source: string;
  lower: string | undefined;
  starts: number[];
  ends: number[];
  keys: string[][];
}

function tokenAt(tokens: Tokens, i: number): Token | undefined {
  const start = tokens.starts[i];
  const end = tokens.ends[i];
  if (start === undefined || end === undefined) return undefined;
  return new Token(tokens.source, tokens.lower, start, end, tokens.keys[i] ?? NO_KEYS);
}

/** Every word as a Token: only for the rare context checks that look around a match. */
function allTokens(tokens: Tokens): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.starts.length; i++) out.push(tokenAt(tokens, i) as Token);
  return out;
}

export function tokenize(text: string, lang: string, prefixes?: PrefixFilter): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  const allKeys: string[][] = [];
  // Folding the whole text at once is much faster than per token; it is only usable when lower
  // casing kept every offset (it does unless the text has İ or similar).
  const folded = fold(text);
  const lower = folded.length === text.length ? folded : undefined;
  const inflected = ENDINGS[lang] !== undefined;
  let start = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    if (i < n && isWordChar(text.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      // Stems only cut endings, so a word whose first letters start no key can match nothing.
      let keys = NO_KEYS;
      if (!lower || !prefixes || mayStartKey(prefixes, prefixCode(lower, start, i))) {
        const word = lower ? lower.slice(start, i) : fold(text.slice(start, i));
        keys = inflected ? stemsOf(word, lang) : [word];
      }
      starts.push(start);
      ends.push(i);
      allKeys.push(keys);
      start = -1;
    }
  }
  return { source: text, lower, starts, ends, keys: allKeys };
}

function caseAllows(match: Match, all: Tokens, start: number, end: number): boolean {
  if (match.form === 'any') return true;
  const first = tokenAt(all, start)?.text ?? '';
  // Scripts without case (Arabic, CJK) have no capital to require.
  const c = first.charAt(0);
  if (match.form === 'capital') return isUpper(c) || c.toLowerCase() === c.toUpperCase();
  let written = '';
  for (let i = start; i < end; i++) written += tokenAt(all, i)?.text ?? '';
  return written === written.toUpperCase();
}

/** English context guards for words that are also given names or a US state. */
function isFalsePositive(code: string, all: Tokens, start: number, end: number, text: string): boolean {
  const word = tokenAt(all, start)?.text ?? '';
  if (end - start !== 1 || !GIVEN_NAME_COUNTRIES.has(word)) return false;
  const tokens = allTokens(all);
  const prev = tokens[start - 1];
  const next = tokens[end];
  // "Michael Jordan", "Jordan Henderson": a capitalised neighbour in the same sentence is a name.
  const between = (a: Token, b: Token) => text.slice(a.end, b.index);
  const capital = (t: Token | undefined) => t !== undefined && isUpper(t.text.charAt(0));
  const sameClause = (a: Token, b: Token) => /^[\s]+$/.test(between(a, b));
  if (
    prev &&
    capital(prev) &&
    sameClause(prev, tokens[start] as Token) &&
    !trieFor('en').next.has(prev.folded)
  )
    return true;
  if (next && capital(next) && sameClause(tokens[start] as Token, next)) return true;
  if (code === 'GE') {
    if (prev && GEORGIA_CITIES.has(prev.folded) && /^,\s*$/.test(between(prev, tokens[start] as Token)))
      return true;
    const after = next?.folded === 's' ? tokens[end + 1] : next;
    if (after && GEORGIA_STATE_AFTER.has(after.folded)) return true;
    const before2 = tokens
      .slice(Math.max(0, start - 3), start)
      .map((t) => t.folded)
      .join(' ');
    if (/\bstate of$/.test(before2)) return true;
  }
  return false;
}

// Hot path: plain loops and top-level functions (tsx wraps every closure it creates).
function startsName(root: Node, keys: string[]): boolean {
  for (const k of keys) if (root.next.has(k)) return true;
  return false;
}

type Best = { match: Match; end: number } | undefined;

/** Depth-first over the trie: each token may match by its full form or one of its stems. */
function walk(node: Node, tokens: Tokens, start: number, j: number, best: Best): Best {
  let out = best;
  if (node.match && j > start && caseAllows(node.match, tokens, start, j) && (!out || j > out.end))
    out = { match: node.match, end: j };
  const keys = tokens.keys[j];
  if (!keys || j - start >= 8) return out;
  for (const k of keys) {
    const child = node.next.get(k);
    if (child) out = walk(child, tokens, start, j + 1, out);
  }
  return out;
}

function longestMatch(root: Node, tokens: Tokens, start: number): Best {
  return walk(root, tokens, start, start, undefined);
}

/** Chinese and Japanese have no spaces between words: one alternation, longest name first. */
const unspaced = new Map<string, { re: RegExp; codes: Map<string, string> }>();

function findUnspaced(text: string, lang: string): string[] {
  let m = unspaced.get(lang);
  if (!m) {
    const codes = new Map<string, string>();
    for (const [code, n] of namesFor(lang)) if (!codes.has(n) && n.length >= 2) codes.set(n, code);
    const alternation = [...codes.keys()]
      .sort((a, b) => b.length - a.length)
      .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    m = { re: new RegExp(alternation.join('|'), 'gu'), codes };
    unspaced.set(lang, m);
  }
  const out = new Set<string>();
  for (const hit of text.matchAll(m.re)) {
    const code = m.codes.get(hit[0]);
    if (code) out.add(code);
  }
  return [...out];
}

/** Countries mentioned in `text` (in language `lang`), in order of first mention, no repeats. */
export function findCountries(text: string, lang = 'en'): string[] {
  if (lang === 'zh' || lang === 'ja') return findUnspaced(text, lang);
  const root = trieFor(lang);
  const tokens = tokenize(text, lang, root.prefixes);
  const seen = new Set<string>();
  const out: string[] = [];
  let i = 0;
  const count = tokens.keys.length;
  while (i < count) {
    // Most tokens start no name: skip them without the walk.
    const best = startsName(root, tokens.keys[i] as string[]) ? longestMatch(root, tokens, i) : undefined;
    if (!best) {
      i++;
      continue;
    }
    const code = best.match.code;
    if (code && !(lang === 'en' && isFalsePositive(code, tokens, i, best.end, text)) && !seen.has(code)) {
      seen.add(code);
      out.push(code);
    }
    i = best.end;
  }
  return out;
}
