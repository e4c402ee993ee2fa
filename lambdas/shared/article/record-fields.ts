/**
 * The derived fields of an article record: identity (articleId, contentHash), a title for a
 * document without one, the summary and the word count. Pure functions of their input, so the
 * same bytes always give the same record.
 */
import { hash } from 'node:crypto';

export const TITLE_MAX = 120;
export const SUMMARY_MAX = 300;

/** One-shot crypto.hash: no Hash object per digest (a string is hashed as UTF-8). */
function sha256Hex(s: string): string {
  return hash('sha256', s, 'hex');
}

/** sha256 (hex) of the article text: a changed hash on a known articleId is an update. */
export function contentHashOf(text: string): string {
  return sha256Hex(text);
}

/**
 * 32 hex characters: sha256 of the canonical URL, or for a document without one, of
 * `sourceId + contentHash` (joined by a newline so "a"+"bc" and "ab"+"c" differ).
 */
export function articleIdFor(key: string | { sourceId: string; contentHash: string }): string {
  const material = typeof key === 'string' ? key : `${key.sourceId}\n${key.contentHash}`;
  return sha256Hex(material).slice(0, 32);
}

/** Cuts `s` to at most `max` characters at a word boundary, marking the cut with "…". */
export function cutAtWord(s: string, max: number): string {
  if (s.length <= max) return s;
  const room = s.slice(0, max); // "…" takes the last character
  const space = room.lastIndexOf(' ', max - 1);
  // A single word longer than half the room (URLs, CJK without spaces) is cut where it stands.
  const head = space > max / 2 ? room.slice(0, space) : room.slice(0, max - 1);
  return `${head.replace(/[\s,;:–—-]+$/u, '')}…`;
}

// Words after which a period does not end a sentence ("Oct. 12", "U.S. President", "Mr. Tokayev").
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof gen col lt sgt capt st sen rep gov pres amb no nos vol fig inc ltd co corp jr sr vs etc jan feb mar apr jun jul aug sep sept oct nov dec approx dept est'.split(
    ' ',
  ),
);

/** The first sentence of a text (its first paragraph when no sentence end is found). */
export function firstSentence(text: string): string {
  const para = (text.split('\n\n')[0] ?? '').replace(/\n/g, ' ');
  const re = /([.!?…]+)(["'’”»)]*)(\s+|$)|([。！？])/gu;
  for (const m of para.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].length;
    if (m[4] !== undefined || m[3] === '') return para.slice(0, end).trim();
    const before = /([\p{L}.]+)$/u.exec(para.slice(0, m.index))?.[1] ?? '';
    const word = before.toLowerCase().replace(/\./g, '');
    const next = para.charAt(end);
    // Initials and abbreviations, or a lower-case/digit continuation, do not end the sentence.
    if (m[1] === '.' && (ABBREVIATIONS.has(word) || /^(\p{L}\.)*\p{L}$/u.test(before))) continue;
    if (next !== '' && !/[\p{Lu}"'“‘«(\p{Lo}]/u.test(next)) continue;
    return para.slice(0, end).trim();
  }
  return para.trim();
}

/** Title for a document that has none: its first sentence, at most 120 characters. */
export function deriveTitle(text: string): string {
  const sentence = firstSentence(text).replace(/[.。]$/u, '');
  return cutAtWord(sentence, TITLE_MAX);
}

/**
 * `s.replace(/\s+/g, ' ')`, touching only the runs that change: two or more whitespace characters,
 * or one that is not a plain space. (A run's start is the first place either alternative can
 * match, and `\s{2,}` takes the whole run.) Replacing every space was most of summarize's cost.
 */
export function collapseSpaces(s: string): string {
  return s.replace(/\s{2,}|[^\S ]/g, ' ');
}

/** At most 300 characters of clean text, from the given summary or else from the text. */
export function summarize(text: string, given?: string): string {
  const source = given !== undefined && given.trim() !== '' ? given : text;
  // Only the head can end up in the summary: collapse whitespace there, not in the whole text.
  return cutAtWord(collapseSpaces(source.slice(0, SUMMARY_MAX * 2)).trim(), SUMMARY_MAX);
}

/** Han ideographs and kana: written without spaces, each counts as one word (as word processors count). */
function isCjk(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xf900 && c <= 0xfaff)
  );
}

function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x3000 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f
  );
}

const WORDLIKE = /[\p{L}\p{N}]/u;
/** WORDLIKE's answer per BMP code unit, filled on first sight (0 unknown, 1 word, 2 not). */
const WORD_TABLE = new Uint8Array(65536);

/**
 * Letter or digit; the regex only for characters outside the common ranges, and once per
 * character (this is hot: a one-character string per character was most of its cost).
 */
function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  if (c >= 0x2000 && c <= 0x206f) return false;
  if ((c >= 0xc0 && c <= 0x24f) || (c >= 0x370 && c <= 0x52f)) return c !== 0xd7 && c !== 0xf7;
  if (c >= 0xd800 && c <= 0xdfff) return false; // half of a pair: the regex saw it alone too
  let known = WORD_TABLE[c] as number;
  if (known === 0) {
    known = WORDLIKE.test(String.fromCharCode(c)) ? 1 : 2;
    WORD_TABLE[c] = known;
  }
  return known === 1;
}

const SPACE = 1;
const CJK = 2;
const WORD = 3;
const OTHER = 4;
/** What each BMP code unit is to countWords, filled on first sight (0 unknown). */
const CLASS_TABLE = new Uint8Array(65536);

function classify(c: number): number {
  const k = isSpace(c) ? SPACE : isCjk(c) ? CJK : isWordChar(c) ? WORD : OTHER;
  CLASS_TABLE[c] = k;
  return k;
}

/*
 * countWords as a state machine, one table lookup per character. States (multiples of 8, so a
 * state plus a class indexes STEP):
 *  BETWEEN: after a space, or in a chunk that has had no letter or digit yet;
 *  IN_WORD: in a run of letters/digits and what follows it up to a space or a CJK character;
 *  AFTER_CJK: right after a CJK character (a letter here starts a new word);
 *  SEEN: in a chunk that has counted, not in a run, not right after CJK (a letter here does not
 *  count: "中文-abc" is two words, the Han characters).
 * STEP[state + class] is the next state, plus 1 when the character starts a word.
 */
const BETWEEN = 0;
const IN_WORD = 8;
const AFTER_CJK = 16;
const SEEN = 24;
const STEP = new Uint8Array(32);
for (const state of [BETWEEN, IN_WORD, AFTER_CJK, SEEN]) {
  STEP[state + SPACE] = BETWEEN;
  STEP[state + CJK] = AFTER_CJK + 1;
}
STEP[BETWEEN + WORD] = IN_WORD + 1;
STEP[BETWEEN + OTHER] = BETWEEN;
STEP[IN_WORD + WORD] = IN_WORD;
STEP[IN_WORD + OTHER] = IN_WORD;
STEP[AFTER_CJK + WORD] = IN_WORD + 1;
STEP[AFTER_CJK + OTHER] = SEEN;
STEP[SEEN + WORD] = IN_WORD;
STEP[SEEN + OTHER] = SEEN;

/**
 * Words in `text`: whitespace-separated chunks holding a letter or digit (so "Türkiye-Kazakhstan"
 * and "$10" are one word each, a lone dash none). Each CJK character is a word of its own; Korean
 * uses spaces, so Hangul words count like any other; Latin words inside a CJK run count once each.
 */
export function countWords(text: string): number {
  const n = countClassified(text);
  if (n >= 0) return n;
  // Characters seen for the first time: classify them all, then count again.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (CLASS_TABLE[c] === 0) classify(c);
  }
  return countClassified(text);
}

/**
 * The count, or -1 when a character is not in CLASS_TABLE yet. A loop with no call in it: V8
 * then keeps the string's checks out of the loop, a third faster than classifying on the way.
 */
function countClassified(text: string): number {
  let n = 0;
  let state = BETWEEN;
  for (let i = 0; i < text.length; i++) {
    const k = CLASS_TABLE[text.charCodeAt(i)] as number;
    if (k === 0) return -1;
    const step = STEP[state + k] as number;
    n += step & 1;
    state = step & 0x18;
  }
  return n;
}
