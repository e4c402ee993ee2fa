/**
 * Country tagging: ISO 3166-1 alpha-2 codes of the countries a text mentions, in order of first
 * mention. The names come from i18n-iso-countries, world-countries and `country-hand-added.ts`,
 * compiled by `countries/build-index.ts` into `countries/index-data.json` (generated, checked by a
 * test), so a cold start reads one compact string per language instead of 1.4 MB of JSON.
 *
 * Matching is word based, over one trie per language: words are runs of letters, marks and digits
 * (apostrophes and hyphens split, so "Türkiye’s" and "Türkiye-Kazakhstan" work), and the longest
 * phrase wins, which is what keeps "Papua New Guinea" from yielding Guinea and "Latin American" from
 * yielding the US. Inflected languages (ru, uk, tr, de, es, fr) also match a word by its stem: the
 * word minus one of the language's endings must equal a name's stem.
 *
 * Speed (this runs on every article): one pass over the text's UTF-16 units with a table that folds
 * case, no token arrays and no strings cut out. Only a word whose first four folded units hash into
 * the language's filter of first words (a few in a hundred) is looked up, by an integer hash of its
 * folded units; the words after it are read only as far as the trie goes.
 */

import { isFalsePositive } from './countries/context-guards';
import {
  fold,
  isWordChar,
  MAX_ENDING_UNITS,
  MAX_KEY_UNITS,
  MAX_PHRASE_WORDS,
  MIN_STEM,
  prefixHash,
} from './countries/fold';
import {
  ANY,
  CAPITAL,
  childrenOf,
  firstNode,
  hasBit,
  type Match,
  nextWordBit,
  pairBit,
  type Trie,
  type TrieNode,
  trieFor,
} from './countries/trie';
import { unitsOf } from './countries/units';
import { findUnspaced, isUnspaced } from './countries/unspaced';

/** Languages with hand-added demonyms; any other language uses its i18n-iso-countries names. */
export const COUNTRY_LANGUAGES = ['en', 'fr', 'de', 'es', 'ru', 'tr'] as const;

/** Reads the tries of the given languages now (a Lambda can do this at cold start). */
export function prepareCountryTries(langs: readonly string[] = COUNTRY_LANGUAGES): void {
  for (const l of langs) trieFor(l);
}

/**
 * Per UTF-16 unit: 0 not yet known, 1 not a word character, 2 a word character whose folded form is
 * not one unit of its own (a combining dot above; Σ, whose lower case depends on its neighbours),
 * else the folded unit. Filled on first sight, so the scan costs one array read per character.
 */
const FOLDED = new Uint16Array(65536);
// Enums, not consts: esbuild writes their values into the code even unminified (tsx, the bench),
// where a module-level const is a variable read on every character.
enum Fold {
  Separator = 1,
  Irregular = 2,
}

function learnUnit(c: number): number {
  let f: number = Fold.Separator;
  if (isWordChar(c)) {
    const s = fold(String.fromCharCode(c));
    f = s.length === 1 && c !== 0x3a3 && s.charCodeAt(0) > Fold.Irregular ? s.charCodeAt(0) : Fold.Irregular;
  }
  FOLDED[c] = f;
  return f;
}

function unitClass(c: number): number {
  const f = FOLDED[c] as number;
  return f === 0 ? learnUnit(c) : f;
}

/**
 * The candidate word (index 0) and the words after it, found as the trie walk reaches them: positions
 * in the text, then (once a filter lets the word through) its folded units and the lengths and hashes
 * of its keys (the word, then its stems). Module scope and reused: findCountries is synchronous.
 */
const MAX_WORD_UNITS = MAX_KEY_UNITS + MAX_ENDING_UNITS;
const MAX_KEYS = 16;
/** Arabic words without their clitics (cliticBases in fold.ts) are written after the words' units. */
const MAX_CLITIC_BASES = 5;
const CLITIC_REGION = MAX_PHRASE_WORDS * MAX_WORD_UNITS;
const wordStart = new Int32Array(MAX_PHRASE_WORDS);
const wordEnd = new Int32Array(MAX_PHRASE_WORDS);
const keysRead = new Uint8Array(MAX_PHRASE_WORDS);
const wordUnits = new Uint16Array((MAX_PHRASE_WORDS + MAX_CLITIC_BASES) * MAX_WORD_UNITS);
const keyCount = new Int32Array(MAX_PHRASE_WORDS);
const keyLength = new Int32Array(MAX_PHRASE_WORDS * MAX_KEYS);
/** Where each key starts in wordUnits: in its word's units, or (first word) in one of its clitic bases. */
const keyBase = new Int32Array(MAX_PHRASE_WORDS * MAX_KEYS);
const keyHashes = new Int32Array(MAX_PHRASE_WORDS * MAX_KEYS);
const prefixHashes = new Int32Array(MAX_WORD_UNITS + 1);
let wordsFound = 0;
let scanText = '';
let scanUnits: Uint16Array = new Uint16Array(0);
let scanTrie: Trie;

/** prefixHash of the word at [start, end), or -1 when a unit among its first four folds irregularly. */
function wordPrefix(start: number, end: number): number {
  const u = scanUnits;
  const len = end - start;
  const a = FOLDED[u[start] as number] as number;
  const b = len > 1 ? (FOLDED[u[start + 1] as number] as number) : 0;
  const c = len > 2 ? (FOLDED[u[start + 2] as number] as number) : 0;
  const d = len > 3 ? (FOLDED[u[start + 3] as number] as number) : 0;
  if (a === Fold.Irregular || b === Fold.Irregular || c === Fold.Irregular || d === Fold.Irregular) return -1;
  return prefixHash(a, b, c, d);
}

/** Whether the word after `from` may be the second word of a name whose first word has prefix `first`. */
function mayContinue(first: number, from: number, n: number): boolean {
  const units = scanUnits;
  let i = from;
  while (i < n && unitClass(units[i] as number) === Fold.Separator) i++;
  if (i >= n) return false;
  const start = i;
  for (i++; i < n; i++) if (unitClass(units[i] as number) === Fold.Separator) break;
  const p = wordPrefix(start, i);
  return p < 0 || hasBit(scanTrie.pairWords, pairBit(first, p));
}

/** Finds the words up to `d` after the candidate; false when the text ends first. */
function locateWord(d: number): boolean {
  const units = scanUnits;
  const n = scanText.length;
  while (wordsFound <= d) {
    let i = wordEnd[wordsFound - 1] as number;
    while (i < n && unitClass(units[i] as number) === Fold.Separator) i++;
    if (i >= n) return false;
    const start = i;
    for (i++; i < n; i++) if (unitClass(units[i] as number) === Fold.Separator) break;
    wordStart[wordsFound] = start;
    wordEnd[wordsFound] = i;
    keysRead[wordsFound] = 0;
    wordsFound++;
  }
  return true;
}

function unitsEndWith(base: number, len: number, ending: string): boolean {
  const from = base + len - ending.length;
  for (let k = 0; k < ending.length; k++) if (wordUnits[from + k] !== ending.charCodeAt(k)) return false;
  return true;
}

/** Adds the key of `len` units at `at` in wordUnits and its stems to word `d`'s `n` keys; the new count. */
function addKeys(d: number, n: number, at: number, len: number): number {
  const keys = d * MAX_KEYS;
  if (n >= MAX_KEYS) return n;
  keyBase[keys + n] = at;
  keyLength[keys + n++] = len;
  const endings = scanTrie.endings?.get(wordUnits[at + len - 1] as number);
  if (endings) {
    for (let k = 0; k < endings.length; k++) {
      const e = endings[k] as string;
      if (len - e.length >= MIN_STEM && n < MAX_KEYS && unitsEndWith(at, len, e)) {
        keyBase[keys + n] = at;
        keyLength[keys + n++] = len - e.length;
      }
    }
  }
  return n;
}

const WAW = 0x648;
const FA = 0x641;
const BA = 0x628;
const LAM = 0x644;
const ALEF = 0x627;
let cliticBasesMade = 0;

/** Writes units [from, len) of word 0 as a clitic base (first unit replaced by `first` unless 0) and adds its keys. */
function addCliticBase(n: number, from: number, len: number, first: number): number {
  const at = CLITIC_REGION + cliticBasesMade++ * MAX_WORD_UNITS;
  for (let k = from; k < len; k++) wordUnits[at + k - from] = wordUnits[k] as number;
  if (first !== 0) wordUnits[at] = first;
  return addKeys(0, n, at, len - from);
}

/** The preposition ب or ل at `from` (cliticBases in fold.ts, in the same order). */
function addPrepositionBases(n: number, from: number, len: number): number {
  if (len - from - 1 < 3) return n;
  const c = wordUnits[from] as number;
  let out = n;
  if (c === BA || c === LAM) out = addCliticBase(out, from + 1, len, 0);
  if (c === LAM && wordUnits[from + 1] === LAM) out = addCliticBase(out, from, len, ALEF);
  return out;
}

/** Whether units [from, end) of the text, with the first replaced by `first` unless 0, may start a name. */
function baseMayStart(from: number, end: number, first: number): boolean {
  const u = scanUnits;
  const len = end - from;
  const a = first !== 0 ? first : (FOLDED[u[from] as number] as number);
  const b = FOLDED[u[from + 1] as number] as number;
  const c = FOLDED[u[from + 2] as number] as number;
  const d = len > 3 ? (FOLDED[u[from + 3] as number] as number) : 0;
  if (a === Fold.Irregular || b === Fold.Irregular || c === Fold.Irregular || d === Fold.Irregular)
    return true;
  return scanTrie.firstHead[prefixHash(a, b, c, d)] !== 0;
}

function prepositionBaseMayStart(from: number, end: number): boolean {
  if (end - from - 1 < 3) return false;
  const c = FOLDED[scanUnits[from] as number] as number;
  if ((c === BA || c === LAM) && baseMayStart(from + 1, end, 0)) return true;
  return c === LAM && FOLDED[scanUnits[from + 1] as number] === LAM && baseMayStart(from, end, ALEF);
}

/**
 * The filter of first words for a word that starts with a clitic letter: whether one of its clitic
 * bases (the same as addCliticKeys makes) may start a name. Reads the text, not wordUnits.
 */
function cliticBaseMayStart(start: number, end: number): boolean {
  const c = FOLDED[scanUnits[start] as number] as number;
  if ((c === WAW || c === FA) && end - start - 1 >= 3) {
    if (baseMayStart(start + 1, end, 0) || prepositionBaseMayStart(start + 1, end)) return true;
  }
  return prepositionBaseMayStart(start, end);
}

/** Word 0's keys without the clitics glued before it, after its own keys. */
function addCliticKeys(n: number, len: number): number {
  cliticBasesMade = 0;
  let out = n;
  const c = wordUnits[0] as number;
  if ((c === WAW || c === FA) && len - 1 >= 3) {
    out = addCliticBase(out, 1, len, 0);
    out = addPrepositionBases(out, 1, len);
  }
  return addPrepositionBases(out, 0, len);
}

/** Reads word `d`: its folded units and its keys. */
function readWord(d: number): void {
  const start = wordStart[d] as number;
  const end = wordEnd[d] as number;
  keysRead[d] = 1;
  keyCount[d] = 0;
  const base = d * MAX_WORD_UNITS;
  let len = 0;
  let irregular = false;
  for (let p = start; p < end; p++) {
    const f = FOLDED[scanUnits[p] as number] as number;
    if (f === Fold.Irregular) {
      irregular = true;
      break;
    }
    // Too long to be a key or a key plus an ending: no keys.
    if (len === MAX_WORD_UNITS) return;
    wordUnits[base + len++] = f;
  }
  if (irregular) {
    const s = fold(scanText.slice(start, end));
    if (s.length > MAX_WORD_UNITS) return;
    len = s.length;
    for (let k = 0; k < len; k++) wordUnits[base + k] = s.charCodeAt(k);
  }
  if (len === 0) return;
  const keys = d * MAX_KEYS;
  const n = addKeys(d, 0, base, len);
  // First words are looked up by prefix (Trie.firstHead), later ones by the hash of the whole key.
  if (d === 0) {
    keyCount[0] = scanTrie.clitics ? addCliticKeys(n, len) : n;
    return;
  }
  keyCount[d] = n;
  let h = 0;
  for (let k = 0; k < len; k++) {
    h = (Math.imul(h, 31) + (wordUnits[base + k] as number)) | 0;
    prefixHashes[k + 1] = h;
  }
  for (let k = 0; k < n; k++)
    keyHashes[keys + k] = (prefixHashes[keyLength[keys + k] as number] as number) & 0x3fffffff;
}

/** The child of `node` under key `k` of word `d`, compared unit by unit. */
function childFor(node: TrieNode, d: number, k: number): TrieNode | undefined {
  const len = keyLength[d * MAX_KEYS + k] as number;
  if (node.depth === 0) {
    const base = keyBase[d * MAX_KEYS + k] as number;
    const trie = scanTrie;
    const p = prefixHash(
      wordUnits[base] as number,
      len > 1 ? (wordUnits[base + 1] as number) : 0,
      len > 2 ? (wordUnits[base + 2] as number) : 0,
      len > 3 ? (wordUnits[base + 3] as number) : 0,
    );
    const data = trie.data;
    for (let i = trie.firstHead[p] as number; i !== 0; i = trie.nextFirst[i] as number) {
      if (trie.keyLength[i] !== len) continue;
      const at = trie.keyStart[i] as number;
      let same = true;
      for (let u = 0; u < len && same; u++) same = data.charCodeAt(at + u) === wordUnits[base + u];
      if (same) return firstNode(trie, i);
    }
    return undefined;
  }
  const base = d * MAX_WORD_UNITS;
  for (let c = node.next?.get(keyHashes[d * MAX_KEYS + k] as number); c; c = c.other) {
    const key = c.key;
    if (key.length !== len) continue;
    let same = true;
    for (let u = 0; u < len && same; u++) same = key.charCodeAt(u) === wordUnits[base + u];
    if (same) return c.node;
  }
  return undefined;
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** Per UTF-16 unit: 0 not yet known, 1 may start a capitalised name (upper case, or no case), 2 not. */
const CAPITAL_OK = new Uint8Array(65536);

function mayStartCapitalised(c: number): boolean {
  let ok = CAPITAL_OK[c] as number;
  if (ok === 0) {
    // Scripts without case (Arabic, CJK) have no capital to require.
    const ch = String.fromCharCode(c);
    ok = isUpper(ch) || ch.toLowerCase() === ch.toUpperCase() ? 1 : 2;
    CAPITAL_OK[c] = ok;
  }
  return ok === 1;
}

/** Per UTF-16 unit, for languages whose names all need a capital: 0 not yet known, then: */
const SCAN_CLASS = new Uint8Array(65536);
enum Scan {
  NotWord = 1,
  CannotStart = 2,
  MayStart = 3,
}

function learnScanClass(c: number): number {
  const k =
    unitClass(c) === Fold.Separator
      ? Scan.NotWord
      : mayStartCapitalised(c)
        ? Scan.MayStart
        : Scan.CannotStart;
  SCAN_CLASS[c] = k;
  return k;
}

/** Whether words 0..words-1 are written the way the name's case rule asks. */
function caseAllows(match: Match, words: number): boolean {
  if (match.form === ANY) return true;
  if (match.form === CAPITAL) return mayStartCapitalised(scanUnits[wordStart[0] as number] as number);
  let written = '';
  for (let d = 0; d < words; d++) written += scanText.slice(wordStart[d], wordEnd[d]);
  return written === written.toUpperCase();
}

let bestMatch: Match | undefined;
let bestWords = 0;

/** Depth first over the trie: each word may match by its folded form or one of its stems. */
function walk(node: TrieNode, d: number): void {
  if (d >= MAX_PHRASE_WORDS) return;
  if (d >= wordsFound && !locateWord(d)) return;
  if (keysRead[d] === 0) {
    // Word d is only read when some key below this node may start like it.
    const p = wordPrefix(wordStart[d] as number, wordEnd[d] as number);
    if (p >= 0) {
      const bit = nextWordBit(node.id, p);
      if (((scanTrie.nextWords[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return;
    }
    readWord(d);
  }
  const count = keyCount[d] as number;
  for (let k = 0; k < count; k++) {
    const child = childFor(node, d, k);
    if (!child) continue;
    const m = child.match;
    if (m && d + 1 > bestWords && caseAllows(m, d + 1)) {
      bestMatch = m;
      bestWords = d + 1;
    }
    if (childrenOf(scanTrie, child)) walk(child, d + 1);
  }
}

/** Countries mentioned in `text` (in language `lang`), in order of first mention, no repeats. */
export function findCountries(text: string, lang = 'en'): string[] {
  if (isUnspaced(lang)) return findUnspaced(text, lang);
  const trie = trieFor(lang);
  const { firstHead, soloWords, anyCaseWords, needsCapital, clitics } = trie;
  const units = unitsOf(text);
  // Locals: a module-level binding is read from memory on every use in the loops below.
  const folded = FOLDED;
  const scanClass = SCAN_CLASS;
  scanText = text;
  scanUnits = units;
  scanTrie = trie;
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (needsCapital) {
      // Every name here starts with a capital (or an uncased letter): jump to the next unit that may
      // start one. Capitals are rare, so this loop's one branch is nearly always predicted, unlike a
      // branch at every word boundary.
      let k = scanClass[units[i] as number] as number;
      while (k !== Scan.MayStart) {
        if (k === 0) k = learnScanClass(units[i] as number);
        else if (++i < n) k = scanClass[units[i] as number] as number;
        else break;
      }
      if (i >= n) break;
      // A capital inside a word ("McDonald") starts no word.
      if (i > 0 && scanClass[units[i - 1] as number] !== Scan.NotWord) {
        i++;
        continue;
      }
    }
    // One comparison per unit: below Irregular is a separator or a unit not seen yet (learnt, then read again).
    let f = folded[units[i] as number] as number;
    if (f < Fold.Irregular) {
      if (f === 0) learnUnit(units[i] as number);
      else i++;
      continue;
    }
    const start = i;
    for (i++; i < n; i++) {
      f = folded[units[i] as number] as number;
      if (f < Fold.Irregular) {
        if (f !== 0) break;
        learnUnit(units[i] as number);
        i--;
      }
    }
    // Stems only cut endings and keep four units: a word whose first four start no name matches none.
    const p = wordPrefix(start, i);
    // An Arabic word may start with a clitic ("والصين"): then a base without it may start a name.
    if (p >= 0 && !(clitics && cliticBaseMayStart(start, i))) {
      if (firstHead[p] === 0) continue;
      // A lower-case word ("la", "guerre") only starts names written in any case ("turc").
      if (!hasBit(anyCaseWords, p) && !mayStartCapitalised(units[start] as number)) continue;
      // A word that only starts longer names needs a next word that may continue one.
      if (!hasBit(soloWords, p) && !mayContinue(p, i, n)) continue;
    }
    wordStart[0] = start;
    wordEnd[0] = i;
    wordsFound = 1;
    readWord(0);
    bestMatch = undefined;
    bestWords = 0;
    walk(trie.rootNode, 0);
    const match = bestMatch as Match | undefined;
    if (!match) continue;
    const end = wordEnd[bestWords - 1] as number;
    const code = match.code;
    if (
      code &&
      !(lang === 'en' && bestWords === 1 && isFalsePositive(code, text, start, end)) &&
      !out.includes(code)
    )
      out.push(code);
    i = end;
  }
  scanText = '';
  return out;
}
