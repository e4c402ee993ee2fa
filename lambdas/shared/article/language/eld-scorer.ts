/**
 * ELD's language scoring (Nito-ELD 2.1, `eld/small`, src/languageDetector.js), reimplemented over
 * the packed copy of its database (eld-small-data.ts, made by scripts/generate-language-data.ts). It
 * returns what `eld.detect(text).language` returns, for every input: tests/article/language-eld.test.ts
 * compares the two on every test text and on random strings. Loading reads eld-small-data.bin and
 * uses its arrays in place (a few milliseconds), instead of ELD's ~350 ms object literal.
 *
 * ELD's steps, and how they are done here:
 *  1. the first 1000 characters; each run of non-letters becomes one space, except an apostrophe
 *     (' ` ’) ending the run, which stays; trim; lower case. Here one pass over the characters with
 *     ELD's letter class as a bitmap, lower-casing character by character (through a cache); the
 *     one context-dependent mapping (final sigma) sends the text through String#toLowerCase.
 *  2. the text as UTF-8 bytes, each written as the character ELD's dictionary gives it, cut at a
 *     space after 350 bytes or anywhere after 380; words split on spaces.
 *  3. per word, byte n-grams of 4 with a stride of 3, a leading space on the first, a trailing one
 *     on the last; each distinct n-gram adds (score + 53) to every language it lists. Here the
 *     n-gram is a pair of numbers, found by binary search among the n-grams of its first byte.
 *  4. the language with the highest positive total, the first one on a tie; none when all are zero.
 */
import { readFileSync } from 'node:fs';
import { BLOCK, LANGUAGES, LAYOUT, NGRAM_COUNT, PAIR_COUNT, PAYLOAD_BYTES } from './eld-small-data';

/** ELD stores scores minus this (the smallest score), to keep the database small. */
const BASE_NGRAM_SCORE = 53;
const MAX_CHARS = 1000;
const CUT_AFTER = 350;
const ENFORCE_CUT_AFTER = 380;
/** ELD caps a word at 70 bytes for its n-grams. */
const MAX_WORD = 70;
/** The longest n-gram in the database: a longer one cannot score. */
const MAX_NGRAM = 6;
const SPACE = 0x20;
const CAPITAL_SIGMA = 0x3a3;
/** In `lower`: not looked up yet, and "lower-cases to more than one character". */
const UNKNOWN = 0;
const SEVERAL = 0xffff;

interface Tables {
  languages: string[];
  /** The character code ELD gives each UTF-8 byte value. */
  codes: Uint8Array;
  /** ELD's letters: a bitmap over UTF-16 code units. */
  letters: Uint8Array;
  /** N-gram keys in sorted order, one plane per byte but the first (see the generator). */
  high1: Uint8Array;
  high2: Uint8Array;
  high3: Uint8Array;
  low0: Uint8Array;
  low1: Uint8Array;
  /** Per first key byte, its first n-gram (the search starts there); 257 entries. */
  firstByteStart: Uint32Array;
  /** Pairs per n-gram, and the first pair of every BLOCK-th n-gram. */
  counts: Uint8Array;
  blockStarts: Uint32Array;
  pairLanguage: Uint8Array;
  pairScore: Uint8Array;
  /** Per n-gram: the call that last counted it (ELD counts each distinct n-gram once). */
  seen: Uint32Array;
  scores: Int32Array;
  /** Lower-case code unit per code unit, filled as characters are met. */
  lower: Uint16Array;
}

function load(): Tables {
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
    throw new Error('eld-scorer: the packed language data are little-endian and this machine is not');
  }
  // Beside this module: in a bundle, the construct copies it beside the output file that holds this
  // code (DATA_FILES in lib/constructs/pipeline-function.ts). The literal name keeps it greppable.
  // Stored as used, not deflated: node:zlib would cost ~5 ms of every cold start (see the generator).
  let bytes: Uint8Array = readFileSync(new URL('./eld-small-data.bin', import.meta.url));
  if (bytes.length !== PAYLOAD_BYTES)
    throw new Error('eld-small-data.bin is not PAYLOAD_BYTES long: regenerate the language data');
  if (bytes.byteOffset % 4 !== 0) bytes = new Uint8Array(bytes);
  const { buffer, byteOffset } = bytes;
  const u8 = (at: number, length: number) => new Uint8Array(buffer, byteOffset + at, length);
  const u32 = (at: number, length: number) => new Uint32Array(buffer, byteOffset + at, length);
  const n = NGRAM_COUNT;
  const languages = LANGUAGES.split(' ');
  return {
    languages,
    codes: u8(LAYOUT.byteCodes, 256),
    letters: u8(LAYOUT.letters, 0x10000 / 8),
    high1: u8(LAYOUT.high1, n),
    high2: u8(LAYOUT.high2, n),
    high3: u8(LAYOUT.high3, n),
    low0: u8(LAYOUT.low0, n),
    low1: u8(LAYOUT.low1, n),
    firstByteStart: u32(LAYOUT.firstByteStart, 257),
    counts: u8(LAYOUT.counts, n),
    blockStarts: u32(LAYOUT.blockStarts, Math.ceil(n / BLOCK)),
    pairLanguage: u8(LAYOUT.languages, PAIR_COUNT),
    pairScore: u8(LAYOUT.scores, PAIR_COUNT),
    seen: new Uint32Array(n),
    scores: new Int32Array(languages.length),
    lower: new Uint16Array(0x10000),
  };
}

let tables: Tables | undefined;

/** Loads the data now rather than on the first call (for a warm-up, or to measure it). */
export function loadEldTables(): void {
  tables ??= load();
}

// Per-call state, module-wide so the hot loops allocate nothing.
let call = 0;
/** The prepared text (step 1) as code units. */
const units = new Uint16Array(MAX_CHARS * 3);
let unitCount = 0;
/** The current word as character codes (step 2), and the bytes counted so far. */
const word = new Uint8Array(ENFORCE_CUT_AFTER + 4);
let wordLength = 0;
let byteCount = 0;

const isLetter = (t: Tables, c: number) => ((t.letters[c >> 3] as number) >> (c & 7)) & 1;
const isApostrophe = (c: number) => c === 0x27 || c === 0x60 || c === 0x2019;

function emit(c: number): void {
  units[unitCount++] = c;
}

/** Appends the lower case of letter `c`; false when that depends on context (capital sigma). */
function emitLower(t: Tables, c: number): boolean {
  if (c < 0x80) {
    emit(c >= 0x41 && c <= 0x5a ? c + 32 : c);
    return true;
  }
  if (c === CAPITAL_SIGMA) return false;
  let lowered = t.lower[c] as number;
  if (lowered === UNKNOWN) {
    const text = String.fromCharCode(c).toLowerCase();
    lowered = text.length === 1 ? text.charCodeAt(0) : SEVERAL;
    t.lower[c] = lowered;
  }
  if (lowered !== SEVERAL) {
    emit(lowered);
    return true;
  }
  const several = String.fromCharCode(c).toLowerCase(); // İ → i + combining dot
  for (let k = 0; k < several.length; k++) emit(several.charCodeAt(k));
  return true;
}

/** Step 1 into `units`; lower-cases only when `lowerCase`; false when it met a capital sigma. */
function prepare(t: Tables, text: string, lowerCase: boolean): boolean {
  unitCount = 0;
  const end = Math.min(text.length, MAX_CHARS);
  let i = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isLetter(t, c)) {
      if (!lowerCase) emit(c);
      else if (!emitLower(t, c)) return false;
      i++;
      continue;
    }
    let runEnd = i + 1;
    while (runEnd < end && !isLetter(t, text.charCodeAt(runEnd))) runEnd++;
    // The match may not end just after an apostrophe: a trailing run of them stays as it is.
    let kept = runEnd;
    while (kept > i && isApostrophe(text.charCodeAt(kept - 1))) kept--;
    if (kept > i && unitCount > 0) emit(SPACE); // a leading space is trimmed
    for (let k = kept; k < runEnd; k++) emit(text.charCodeAt(k));
    i = runEnd;
  }
  return true;
}

/**
 * The number of the n-gram with this key, or -1: binary search among the n-grams of its first byte,
 * on the rest of the key (bytes 2–4 of `high`, then `low`: a 40-bit number, exact in a double).
 */
function find(t: Tables, high: number, low: number): number {
  const rest = (high & 0xffffff) * 65536 + low;
  let a = t.firstByteStart[high >>> 24] as number;
  let b = (t.firstByteStart[(high >>> 24) + 1] as number) - 1;
  while (a <= b) {
    const mid = (a + b) >>> 1;
    const key =
      (((t.high1[mid] as number) << 16) | ((t.high2[mid] as number) << 8) | (t.high3[mid] as number)) *
        65536 +
      (((t.low0[mid] as number) << 8) | (t.low1[mid] as number));
    if (key < rest) a = mid + 1;
    else if (key > rest) b = mid - 1;
    else return mid;
  }
  return -1;
}

/** Counts the n-gram [space] word[from..to) [space] once per call. */
function scoreNgram(
  t: Tables,
  from: number,
  to: number,
  leadingSpace: boolean,
  trailingSpace: boolean,
): void {
  const length = to - from + (leadingSpace ? 1 : 0) + (trailingSpace ? 1 : 0);
  if (length > MAX_NGRAM) return;
  // The key: the first (up to) 4 bytes, and the rest.
  let high = leadingSpace ? SPACE : 0;
  let low = 0;
  let at = leadingSpace ? 1 : 0;
  for (let i = from; i < to; i++, at++) {
    if (at < 4) high = high * 256 + (word[i] as number);
    else low = low * 256 + (word[i] as number);
  }
  if (trailingSpace && at < 4) high = high * 256 + SPACE;
  else if (trailingSpace) low = low * 256 + SPACE;
  const n = find(t, high, low);
  if (n < 0 || t.seen[n] === call) return;
  t.seen[n] = call;
  let pair = t.blockStarts[Math.floor(n / BLOCK)] as number;
  for (let m = n - (n % BLOCK); m < n; m++) pair += t.counts[m] as number;
  const end = pair + (t.counts[n] as number);
  for (; pair < end; pair++) {
    const language = t.pairLanguage[pair] as number;
    t.scores[language] = (t.scores[language] as number) + (t.pairScore[pair] as number) + BASE_NGRAM_SCORE;
  }
}

/** Step 3 for the word in `word`. */
function scoreWord(t: Tables): void {
  const len = Math.min(wordLength, MAX_WORD);
  let j = 0;
  for (; j + 4 < len; j += 3) scoreNgram(t, j, j + 4, j === 0, false);
  // The last n-gram runs to the end of the word, even past the 70-byte cap (ELD's substring does).
  scoreNgram(t, Math.max(len - 4, 0), wordLength, j === 0, true);
}

/** Step 2 for one code unit (`next` is the one after it); false once ELD would stop reading. */
function feed(t: Tables, c: number, next: number): boolean {
  const codes = t.codes;
  if (c < 0x80) {
    if (c === SPACE) {
      if (wordLength > 0) scoreWord(t);
      wordLength = 0;
      if (byteCount > CUT_AFTER) return false;
    } else {
      word[wordLength++] = c;
    }
    byteCount++;
  } else if (c < 0x800) {
    word[wordLength++] = codes[0xc0 | (c >> 6)] as number;
    word[wordLength++] = codes[0x80 | (c & 0x3f)] as number;
    byteCount += 2;
  } else if (c < 0xd800 || c >= 0xe000) {
    word[wordLength++] = codes[0xe0 | (c >> 12)] as number;
    word[wordLength++] = codes[0x80 | ((c >> 6) & 0x3f)] as number;
    word[wordLength++] = codes[0x80 | (c & 0x3f)] as number;
    byteCount += 3;
  } else {
    // Not reached through step 1 (surrogates are separators); kept for parity with ELD.
    const u = 0x10000 + (((c & 0x3ff) << 10) | (next & 0x3ff));
    word[wordLength++] = codes[0xf0 | (u >> 18)] as number;
    word[wordLength++] = codes[0x80 | ((u >> 12) & 0x3f)] as number;
    word[wordLength++] = codes[0x80 | ((u >> 6) & 0x3f)] as number;
    word[wordLength++] = codes[0x80 | (u & 0x3f)] as number;
    byteCount += 4;
  }
  return byteCount <= ENFORCE_CUT_AFTER;
}

/** The language ELD's small database gives `text` (ISO 639-1), or '' when no n-gram scores. */
export function eldLanguage(text: string): string {
  tables ??= load();
  const t = tables;
  call = (call + 1) >>> 0;
  if (call === 0) {
    t.seen.fill(0);
    call = 1;
  }
  t.scores.fill(0);
  wordLength = 0;
  byteCount = 0;
  if (prepare(t, text, true)) {
    for (let i = 0; i < unitCount; i++) {
      const c = units[i] as number;
      const surrogate = c >= 0xd800 && c < 0xe000;
      if (surrogate) i++;
      if (!feed(t, c, surrogate && i < unitCount ? (units[i] as number) : 0)) break;
    }
  } else {
    // A capital sigma lower-cases by its context: let String#toLowerCase see the whole text.
    prepare(t, text, false);
    const prepared = String.fromCharCode(...units.subarray(0, unitCount)).toLowerCase();
    for (let i = 0; i < prepared.length; i++) {
      const c = prepared.charCodeAt(i);
      const surrogate = c >= 0xd800 && c < 0xe000;
      if (surrogate) i++;
      if (!feed(t, c, prepared.charCodeAt(i) | 0)) break;
    }
  }
  if (wordLength > 0) scoreWord(t);
  let best = -1;
  let bestScore = 0;
  for (let l = 0; l < t.scores.length; l++) {
    const s = t.scores[l] as number;
    if (s > bestScore) {
      bestScore = s;
      best = l;
    }
  }
  return best < 0 ? '' : (t.languages[best] as string);
}
