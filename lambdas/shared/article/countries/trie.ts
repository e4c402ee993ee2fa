/**
 * The run-time form of a language's trie, read from `index-data.json`. Children are keyed by the
 * integer `keyHash` of their key, so the matcher looks a word up from its folded UTF-16 units without
 * cutting a string out of the text; the key itself is kept to confirm the hit.
 */

import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { CountryIndex } from './build-index';
import {
  CLITIC_LANGUAGES,
  ENDINGS,
  endingsByLastUnit,
  keyHash,
  keyPrefixHash,
  PREFIX_BITS,
  prefixHash,
} from './fold';

export const EXACT = 0;
export const CAPITAL = 1;
export const ANY = 2;
export type Form = typeof EXACT | typeof CAPITAL | typeof ANY;
const FORMS: Record<string, Form> = { E: EXACT, C: CAPITAL, A: ANY };

export interface Match {
  /** null for a stop phrase: it names no country but still wins as the longest phrase. */
  readonly code: string | null;
  readonly form: Form;
}

export interface Child {
  readonly key: string;
  readonly node: TrieNode;
  /** Another child whose key has the same hash. */
  other: Child | undefined;
}

export interface TrieNode {
  /** Its line in the index: the id for the filter of next words, and where its children follow. */
  readonly id: number;
  readonly depth: number;
  readonly match: Match | undefined;
  /** Undefined until the walk first reaches the node (most never are), then null when it has none. */
  next: Map<number, Child> | null | undefined;
}

export interface Trie {
  /** The index's lines: children are read from them when the walk first needs them. */
  readonly lines: readonly string[];
  /**
   * First words by prefixHash: the line of the last one with that prefix (0: none, so a word whose
   * prefix has none starts no name), the others chained through `nextFirst`. Reading a first word
   * costs a few operations at load, no hashing of the whole key nor any object.
   */
  readonly firstHead: Uint16Array;
  readonly nextFirst: Uint16Array;
  /** Key length of each first word's line, and where its key starts in `data`. */
  readonly keyLength: Uint8Array;
  readonly keyStart: Int32Array;
  /** The index text itself: one flat string reads faster than the lines cut from it. */
  readonly data: string;
  /** The nodes of first words, made when a text first reaches them. */
  readonly firstNodes: Array<TrieNode | undefined>;
  /** The root as a node (id 0), for the walk. */
  readonly rootNode: TrieNode;
  /** The same for first words that are a whole name (or stop phrase) on their own. */
  readonly soloWords: Uint32Array;
  /** The same for first words under which some name matches in any case: a lower-case word needs one. */
  readonly anyCaseWords: Uint32Array;
  /** A bit per pairBit(prefixHash of a first key, prefixHash of a key below it). */
  readonly pairWords: Uint32Array;
  /** A bit per nextWordBit(node id, prefixHash) of every key below the root: the same for later words. */
  readonly nextWords: Uint32Array;
  readonly lang: string;
  /** No name matches in any case (form A): every match starts with a capital or an uncased letter. */
  readonly needsCapital: boolean;
  /** The language glues clitics before words (Arabic): first words are also read without them. */
  readonly clitics: boolean;
  /** The language's inflection endings by their last unit; undefined when it has none. */
  readonly endings: Map<number, string[]> | undefined;
}

const NEXT_WORD_BITS = 16;

/** The bit of `nextWords` for a word with prefix hash `prefix` read below the node `id`. */
export function nextWordBit(id: number, prefix: number): number {
  return (Math.imul(id, 0x9e3779b1) ^ Math.imul(prefix, 0x85ebca6b)) >>> (32 - NEXT_WORD_BITS);
}

/**
 * The bit of `pairWords` for a first word and the word after it. With `soloWords` this settles most
 * first words that only start longer names ("the", "la", "new") without reading either word.
 */
export function pairBit(first: number, second: number): number {
  return (Math.imul(first, 0x27d4eb2f) ^ Math.imul(second, 0x165667b1)) >>> (32 - NEXT_WORD_BITS);
}

/** Whether `bits` has bit `b`. */
export function hasBit(bits: Uint32Array, b: number): boolean {
  return ((bits[b >>> 5] as number) & (1 << (b & 31))) !== 0;
}

function setBit(bits: Uint32Array, b: number): void {
  bits[b >>> 5] = (bits[b >>> 5] as number) | (1 << (b & 31));
}

function addChild(next: Map<number, Child>, key: string, node: TrieNode): void {
  const h = keyHash(key);
  next.set(h, { key, node, other: next.get(h) });
}

function nodeAt(lines: readonly string[], i: number, depth: number): TrieNode {
  const line = lines[i] as string;
  const bar = line.indexOf('|');
  const match: Match | undefined =
    bar < 0
      ? undefined
      : {
          code: line.charAt(bar + 1) === '-' ? null : line.slice(bar + 1, bar + 3),
          form: FORMS[line.charAt(line.length - 1)] as Form,
        };
  return { id: i, depth, match, next: undefined };
}

const keyAt = (line: string) => {
  const bar = line.indexOf('|');
  return bar < 0 ? line.slice(1) : line.slice(1, bar);
};

/**
 * The children of `node`, read from the lines below it on first use: a cold start reads the first
 * words only (about half the lines), and a text reaches few of the rest.
 */
export function childrenOf(trie: Trie, node: TrieNode): Map<number, Child> | null {
  if (node.next !== undefined) return node.next;
  const { lines, nextWords } = trie;
  let next: Map<number, Child> | null = null;
  const depth = node.depth + 1;
  for (let i = node.id + 1; i < lines.length; i++) {
    const d = (lines[i] as string).charCodeAt(0) - 48;
    if (d < depth) break;
    if (d > depth) continue;
    const key = keyAt(lines[i] as string);
    next ??= new Map();
    addChild(next, key, nodeAt(lines, i, depth));
    setBit(nextWords, nextWordBit(node.id, keyPrefixHash(key)));
  }
  node.next = next;
  return next;
}

/** The node of the first word on line `i`. */
export function firstNode(trie: Trie, i: number): TrieNode {
  let node = trie.firstNodes[i];
  if (!node) {
    node = nodeAt(trie.lines, i, 1);
    trie.firstNodes[i] = node;
  }
  return node;
}

/** The node of a first word given as a string, for the context rules. */
export function firstNodeByKey(trie: Trie, key: string): TrieNode | undefined {
  for (let i = trie.firstHead[keyPrefixHash(key)] as number; i !== 0; i = trie.nextFirst[i] as number)
    if (keyAt(trie.lines[i] as string) === key) return firstNode(trie, i);
  return undefined;
}

function loadTrie(lang: string, data: string): Trie {
  const lines = data.split('\n');
  if (lines.length > 0xffff) throw new Error(`country index for ${lang} has too many lines for 16-bit ids`);
  const firstHead = new Uint16Array(1 << PREFIX_BITS);
  const nextFirst = new Uint16Array(lines.length);
  const keyLength = new Uint8Array(lines.length);
  const keyStart = new Int32Array(lines.length);
  // Offset of line i in data: line 0 is the empty string before the first newline.
  let offset = 0;
  const soloWords = new Uint32Array((1 << PREFIX_BITS) >>> 5);
  const anyCaseWords = new Uint32Array((1 << PREFIX_BITS) >>> 5);
  const pairWords = new Uint32Array((1 << NEXT_WORD_BITS) >>> 5);
  const nextWords = new Uint32Array((1 << NEXT_WORD_BITS) >>> 5);
  let firstPrefix = 0;
  // Line 0 is empty (the data starts with a newline); lines below depth 2 wait for childrenOf.
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    offset += (lines[i - 1] as string).length + 1;
    const depth = line.charCodeAt(0) - 48;
    // A name below the first word that matches in any case (form A, the line's last letter).
    if (depth > 1 && line.charCodeAt(line.length - 1) === 65) setBit(anyCaseWords, firstPrefix);
    if (depth > 2) continue;
    const bar = line.indexOf('|');
    const len = (bar < 0 ? line.length : bar) - 1;
    const prefix = prefixHash(
      line.charCodeAt(1),
      len > 1 ? line.charCodeAt(2) : 0,
      len > 2 ? line.charCodeAt(3) : 0,
      len > 3 ? line.charCodeAt(4) : 0,
    );
    if (depth === 2) {
      setBit(pairWords, pairBit(firstPrefix, prefix));
      continue;
    }
    keyLength[i] = len;
    keyStart[i] = offset + 1;
    nextFirst[i] = firstHead[prefix] as number;
    firstHead[prefix] = i;
    if (bar >= 0) setBit(soloWords, prefix);
    if (line.charCodeAt(line.length - 1) === 65) setBit(anyCaseWords, prefix);
    firstPrefix = prefix;
  }
  return {
    lines,
    firstHead,
    nextFirst,
    keyLength,
    keyStart,
    data,
    firstNodes: [],
    rootNode: { id: 0, depth: 0, match: undefined, next: null },
    soloWords,
    anyCaseWords,
    pairWords,
    nextWords,
    lang,
    // Every line with a name ends with its form.
    needsCapital: !/A$/m.test(data),
    clitics: CLITIC_LANGUAGES.has(lang),
    endings: ENDINGS[lang] === undefined ? undefined : endingsByLastUnit(lang),
  };
}

let countryIndex: CountryIndex | undefined;

/**
 * The generated index (scripts/generate-country-index.ts), read on first use from the file beside
 * this module; in a bundle the construct copies it beside the output that holds this code
 * (DATA_FILES in lib/constructs/pipeline-function.ts). As string literals it cost every cold start.
 */
export function countryIndexData(): CountryIndex {
  countryIndex ??= JSON.parse(
    readFileSync(new URL('./index-data.json', import.meta.url), 'utf8'),
  ) as CountryIndex;
  return countryIndex;
}

/** The text of an index entry: as written when it starts with a newline, else base64 of its UTF-8. */
export function indexText(data: string): string {
  return data.charCodeAt(0) === 10 ? data : Buffer.from(data, 'base64').toString('utf8');
}

const tries = new Map<string, Trie>();

/** The trie of a language, read from the index on first use; languages without names use English. */
export function trieFor(lang: string): Trie {
  let trie = tries.get(lang);
  if (!trie) {
    const data = countryIndexData().tries[lang];
    trie = data === undefined ? trieFor('en') : loadTrie(lang, indexText(data));
    tries.set(lang, trie);
  }
  return trie;
}
