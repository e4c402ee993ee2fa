/**
 * Mutated real input for property tests: the rss-parser corpus read in place (never copied), and
 * fast-check arbitraries that damage it the way the network and careless publishers do: flipped
 * bytes, truncation, stray `&`, `<`, NUL and byte order marks, duplicated and deleted ranges.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus/rss-parser/test/input');

/** Corpus feeds small enough that a hundred mutated parses stay well inside the file's budget. */
export function corpusFeeds(maxBytes = 160_000): Array<{ name: string; bytes: Uint8Array }> {
  return readdirSync(corpusDir)
    .filter((name) => statSync(path.join(corpusDir, name)).size <= maxBytes)
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(corpusDir, name))) }));
}

const enc = new TextEncoder();

/** Byte sequences that break naive parsers: markup openers, NUL, BOMs, entity starts, CDATA ends. */
export const HOSTILE_TOKENS: readonly Uint8Array[] = [
  '&',
  '<',
  '\u0000',
  '&#0;',
  '&#xD800;',
  '&amp',
  ']]>',
  '<![CDATA[',
  '<!--',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '<__proto__>',
  '\uFEFF',
].map((s) => enc.encode(s));
const EXTRA: readonly Uint8Array[] = [
  Uint8Array.of(0xef, 0xbb, 0xbf),
  Uint8Array.of(0xff, 0xfe),
  Uint8Array.of(0xfe, 0xff),
  Uint8Array.of(0xc3),
  Uint8Array.of(0xff),
];
const TOKENS = [...HOSTILE_TOKENS, ...EXTRA];

export type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; token: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number };

/** Positions are fractions of the length, so one mutation list applies to any document. */
const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: frac, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: frac }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: frac,
    token: fc.integer({ min: 0, max: TOKENS.length - 1 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: frac, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: frac,
    length: fc.integer({ min: 1, max: 256 }),
  }),
);

export function applyMutations(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = bytes;
  for (const m of mutations) {
    const at = Math.floor(m.at * out.length);
    switch (m.kind) {
      case 'flip': {
        out = out.slice();
        if (out.length > 0) out[at] = (out[at] ?? 0) ^ m.mask;
        break;
      }
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'insert': {
        const token = TOKENS[m.token] ?? new Uint8Array();
        out = concat(out.subarray(0, at), token, out.subarray(at));
        break;
      }
      case 'delete':
        out = concat(out.subarray(0, at), out.subarray(at + m.length));
        break;
      case 'duplicate':
        out = concat(out.subarray(0, at + m.length), out.subarray(at));
        break;
    }
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A corpus document and 1–6 mutations of it. */
export function mutatedCorpusArb(
  feeds: ReadonlyArray<{ name: string; bytes: Uint8Array }>,
): fc.Arbitrary<{ name: string; bytes: Uint8Array }> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: feeds.length - 1 }),
      fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
    )
    .map(([i, ms]) => {
      const feed = feeds[i]!;
      const name = `${feed.name} ${JSON.stringify(ms)}`;
      // A counterexample prints as the file and its mutations, not as a megabyte of numbers.
      return { name, bytes: applyMutations(feed.bytes, ms), [fc.toStringMethod]: () => name };
    });
}

/** Runs `fn`, returns its result or the error it threw, and how long it took. */
export function timed<T>(fn: () => T): { value?: T; error?: unknown; ms: number } {
  const start = performance.now();
  try {
    const value = fn();
    return { value, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}
