/**
 * The plain matcher the fast one replaced, kept as the tests' reference: it splits the whole text
 * into words, folds each with `fold`, and walks the in-memory trie that build-index.ts makes from
 * the packages, by string keys. The fast matcher (lambdas/shared/article/countries.ts) reads the
 * generated index instead, hashes folded UTF-16 units and skips words by filters; for any text the
 * two must agree.
 */
import {
  type BuildNode,
  buildTrie,
  UNSPACED_LANGUAGES,
  unspacedNames,
} from '../../lambdas/shared/article/countries/build-index';
import {
  cliticBases,
  fold,
  isWordChar,
  MAX_PHRASE_WORDS,
  stemsOf,
} from '../../lambdas/shared/article/countries/fold';
import {
  GEORGIA_CITIES,
  GEORGIA_STATE_AFTER,
  GIVEN_NAME_COUNTRIES,
} from '../../lambdas/shared/article/country-hand-added';

const tries = new Map<string, BuildNode>();
function trieFor(lang: string): BuildNode {
  let t = tries.get(lang);
  if (!t) {
    t = buildTrie(lang);
    // Languages without names use English, like the index.
    if (t.next.size === 0) t = trieFor('en');
    tries.set(lang, t);
  }
  return t;
}

interface Word {
  start: number;
  end: number;
  text: string;
  folded: string;
  keys: string[];
  /** The keys as the first word of a name: with those of the word without its clitics (Arabic). */
  firstKeys: string[];
}

function words(text: string, lang: string): Word[] {
  const out: Word[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && isWordChar(text.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const w = text.slice(start, i);
      const folded = fold(w);
      const keys = stemsOf(folded, lang);
      const firstKeys = [...keys, ...cliticBases(folded, lang).flatMap((b) => stemsOf(b, lang))];
      out.push({ start, end: i, text: w, folded, keys, firstKeys });
      start = -1;
    }
  }
  return out;
}

const isUpper = (ch: string) => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

function caseAllows(form: string, ws: Word[], start: number, end: number): boolean {
  if (form === 'A') return true;
  const c = ws[start]?.text.charAt(0) ?? '';
  if (form === 'C') return isUpper(c) || c.toLowerCase() === c.toUpperCase();
  const written = ws
    .slice(start, end)
    .map((w) => w.text)
    .join('');
  return written === written.toUpperCase();
}

type Best = { code: string | null; end: number } | undefined;

function walk(node: BuildNode, ws: Word[], start: number, j: number, best: Best): Best {
  let out = best;
  const m = node.match;
  if (m && j > start && caseAllows(m.form, ws, start, j) && (!out || j > out.end))
    out = { code: m.code, end: j };
  const w = ws[j];
  if (!w || j - start >= MAX_PHRASE_WORDS) return out;
  for (const k of j === start ? w.firstKeys : w.keys) {
    const child = node.next.get(k);
    if (child) out = walk(child, ws, start, j + 1, out);
  }
  return out;
}

function isFalsePositive(code: string, ws: Word[], i: number, text: string): boolean {
  const word = ws[i] as Word;
  if (!GIVEN_NAME_COUNTRIES.has(word.text)) return false;
  const prev = ws[i - 1];
  const next = ws[i + 1];
  const capital = (w: Word | undefined) => w !== undefined && isUpper(w.text.charAt(0));
  const sameClause = (a: Word, b: Word) => /^\s+$/.test(text.slice(a.end, b.start));
  if (prev && capital(prev) && sameClause(prev, word) && !trieFor('en').next.has(prev.folded)) return true;
  if (next && capital(next) && sameClause(word, next)) return true;
  if (code === 'GE') {
    if (prev && GEORGIA_CITIES.has(prev.folded) && /^,\s*$/.test(text.slice(prev.end, word.start)))
      return true;
    const after = next?.folded === 's' ? ws[i + 2] : next;
    if (after && GEORGIA_STATE_AFTER.has(after.folded)) return true;
    const before = ws
      .slice(Math.max(0, i - 3), i)
      .map((w) => w.folded)
      .join(' ');
    if (/\bstate of$/.test(before)) return true;
  }
  return false;
}

const unspaced = new Map<string, { re: RegExp; codes: Map<string, string> }>();

function findUnspaced(text: string, lang: string): string[] {
  let m = unspaced.get(lang);
  if (!m) {
    const names = unspacedNames(lang);
    const alternation = names.map(([n]) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    m = { re: new RegExp(alternation.join('|'), 'gu'), codes: new Map(names) };
    unspaced.set(lang, m);
  }
  const out = new Set<string>();
  for (const hit of text.matchAll(m.re)) out.add(m.codes.get(hit[0]) as string);
  return [...out];
}

export function referenceFindCountries(text: string, lang = 'en'): string[] {
  if (UNSPACED_LANGUAGES.includes(lang)) return findUnspaced(text, lang);
  const root = trieFor(lang);
  const ws = words(text, lang);
  const out: string[] = [];
  let i = 0;
  while (i < ws.length) {
    const best = walk(root, ws, i, i, undefined);
    if (!best) {
      i++;
      continue;
    }
    const code = best.code;
    if (
      code &&
      !(lang === 'en' && best.end - i === 1 && isFalsePositive(code, ws, i, text)) &&
      !out.includes(code)
    )
      out.push(code);
    i = best.end;
  }
  return out;
}
