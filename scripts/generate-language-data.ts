/**
 * Packs ELD's "small" n-gram database (the installed `eld` package, Apache-2.0) into
 * lambdas/shared/article/language/eld-small-data.bin (the packed payload) and eld-small-data.ts (its
 * layout), which our own scorer (eld-scorer.ts) reads.
 *
 * Why: `import('eld/small')` evaluates a 1.6 MB object literal (81k n-grams as ~80k small objects),
 * ~350 ms at every cold start. Here the same data are byte columns (0.8 MB) used in place as typed
 * arrays. They are stored uncompressed: inflating them needed node:zlib, whose load alone cost ~5 ms
 * of every cold start of normalize-article (nothing else there uses it), and the deployment zip
 * compresses the file anyway (to ~0.3 MB). They are a file beside the code, not a string in it:
 * as a 370 KB base64 literal, scanning them cost ~5 ms of every cold start of normalize-article
 * (every byte of a bundle is read and scanned at import), reading the file costs ~0.1 ms. The
 * construct's bundling copies the file beside the bundle (DATA_FILES in lib/constructs/pipeline-function.ts).
 *
 * Run after upgrading eld: `node --import tsx scripts/generate-language-data.ts`.
 * tests/article/language-data.test.ts regenerates the data in memory and fails when they differ.
 *
 * Layout. An n-gram's key bytes are the character codes ELD uses for its UTF-8 bytes (1..255).
 * The n-grams are sorted by key: first (up to) 4 bytes as a base-256 number ("high"), then the
 * remaining 0–2 bytes ("low"); (high, low) is unique across lengths as no byte is 0. The .bin is the
 * concatenation of these sections (little-endian, each padded to 4 bytes, LAYOUT says
 * where each starts), all used in place as typed arrays, so loading walks nothing:
 *   high1, high2, high3 (bytes 2–4 of "high", a plane each; byte 1 is implied by firstByteStart) |
 *   low0, low1 (the two bytes of "low") | counts (u8: pairs per n-gram) |
 *   blockStarts (u32: first pair of every BLOCK-th n-gram) | firstByteStart (u32 × 257: first
 *   n-gram per first key byte) | languages, scores (u8 per pair, pairs in n-gram order) |
 *   letters (ELD's letter class, a bitmap over UTF-16 code units) | byteCodes (ELD's character per
 *   UTF-8 byte value)
 * Sorted keys compress well (neighbours share leading bytes): the zipped asset holds ~0.3 MB.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ELD_DIR = path.join(REPO_ROOT, 'node_modules', 'eld');
export const LANGUAGE_DATA_FILE = path.join(REPO_ROOT, 'lambdas/shared/article/language/eld-small-data.ts');
export const LANGUAGE_PACKED_FILE = path.join(
  REPO_ROOT,
  'lambdas/shared/article/language/eld-small-data.bin',
);
const MAX_NGRAM = 6;

interface EldSmallData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

async function importEld<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(path.join(ELD_DIR, 'src', file)).href)) as T;
}

function fail(message: string): never {
  throw new Error(`generate-language-data: ${message}; the packed format needs a new look`);
}

/** A single-quoted TypeScript string literal, as the formatter writes it. */
function quote(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

/** `export const NAME = value;`, broken after `=` when too long for one line, as the formatter does. */
function constant(name: string, value: string | number): string {
  const literal = typeof value === 'string' ? quote(value) : String(value);
  const line = `export const ${name} = ${literal};`;
  return line.length <= 110 ? line : `export const ${name} =\n  ${literal};`;
}

/** An n-gram's key as the scorer computes it: first (up to) 4 bytes, and the rest. */
export function keyParts(ngram: string): { high: number; low: number } {
  const codes = [...ngram].map((c) => c.charCodeAt(0));
  if (codes.length < 1 || codes.length > MAX_NGRAM) fail(`n-gram of ${codes.length} characters`);
  if (codes.some((c) => c < 1 || c > 255)) fail(`a character code out of 1..255 in ${JSON.stringify(ngram)}`);
  const number = (digits: number[]) => digits.reduce((v, c) => v * 256 + c, 0);
  return { high: number(codes.slice(0, 4)), low: number(codes.slice(4)) };
}

/** N-grams per entry of the block index: finding an n-gram's first pair adds up to BLOCK - 1 counts. */
export const BLOCK = 16;

/** Little-endian bytes of `values` as `bytesEach`-byte unsigned integers. */
function littleEndian(values: ArrayLike<number>, bytesEach: 1 | 2 | 4): Uint8Array {
  const out = Buffer.alloc(values.length * bytesEach);
  for (let i = 0; i < values.length; i++) out.writeUIntLE(values[i] as number, i * bytesEach, bytesEach);
  return out;
}

/** The sections described above, uncompressed. */
export function packNgrams(data: EldSmallData): {
  sections: Array<[string, Uint8Array]>;
  ngrams: number;
  pairs: number;
} {
  const ngrams = Object.keys(data.ngrams)
    .map((ngram) => ({ ngram, ...keyParts(ngram) }))
    .sort((a, b) => a.high - b.high || a.low - b.low);
  const counts: number[] = [];
  const blockStarts: number[] = [];
  const firstByteStart: number[] = [];
  const languages: number[] = [];
  const scores: number[] = [];
  ngrams.forEach(({ ngram, high }, i) => {
    while (firstByteStart.length <= high >>> 24) firstByteStart.push(i);
    if (i % BLOCK === 0) blockStarts.push(languages.length);
    const pairs = Object.entries(data.ngrams[ngram] ?? {});
    if (pairs.length < 1 || pairs.length > 255) fail(`${pairs.length} scores for one n-gram`);
    counts.push(pairs.length);
    for (const [language, score] of pairs) {
      const index = Number(language);
      if (!Number.isInteger(score) || score < 0 || score > 255) fail(`score ${score}`);
      if (!Number.isInteger(index) || index < 0 || index > 255) fail(`language index ${language}`);
      languages.push(index);
      scores.push(score);
    }
  });
  while (firstByteStart.length <= 256) firstByteStart.push(ngrams.length);
  return {
    sections: [
      // Byte planes of the key (the first byte is implied by firstByteStart): they zip to half the
      // size of 4- and 2-byte records, and the scorer reads them in place all the same.
      ['high1', Uint8Array.from(ngrams, (g) => (g.high >>> 16) & 0xff)],
      ['high2', Uint8Array.from(ngrams, (g) => (g.high >>> 8) & 0xff)],
      ['high3', Uint8Array.from(ngrams, (g) => g.high & 0xff)],
      ['low0', Uint8Array.from(ngrams, (g) => g.low >>> 8)],
      ['low1', Uint8Array.from(ngrams, (g) => g.low & 0xff)],
      ['counts', Uint8Array.from(counts)],
      ['blockStarts', littleEndian(blockStarts, 4)],
      ['firstByteStart', littleEndian(firstByteStart, 4)],
      ['languages', Uint8Array.from(languages)],
      ['scores', Uint8Array.from(scores)],
    ],
    ngrams: ngrams.length,
    pairs: languages.length,
  };
}

/**
 * ELD's separator pattern, `[^<letters>]+(?<![\x27\x60\u2019])` with flags `gu`, as a bitmap of the
 * letter class; the scorer applies the pattern's rule itself (tests compare it with ELD's regex).
 */
export function letterBitmap(separators: RegExp): Uint8Array {
  const match = /^\[\^([^\]]*)\]\+\(\?<!\[\\x27\\x60\\u2019\]\)$/.exec(separators.source);
  if (!match || separators.flags !== 'gu') fail(`separator pattern /${separators.source.slice(0, 40)}…/`);
  const letter = new RegExp(`^[${match[1]}]$`, 'u');
  const bits = new Uint8Array(0x10000 / 8);
  for (let c = 0; c < 0x10000; c++) {
    if (letter.test(String.fromCharCode(c))) bits[c >> 3] = (bits[c >> 3] as number) | (1 << (c & 7));
  }
  return bits;
}

export interface LanguageData {
  version: string;
  type: string;
  languages: string[];
  /** The character code ELD gives each UTF-8 byte value. */
  byteCodes: Uint8Array;
  letters: Uint8Array;
  sections: Array<[string, Uint8Array]>;
  ngrams: number;
  pairs: number;
}

/** Everything the scorer needs, read from the installed eld. */
export async function readEldData(): Promise<LanguageData> {
  const pkg = JSON.parse(readFileSync(path.join(ELD_DIR, 'package.json'), 'utf8')) as { version: string };
  const { ngramsData } = await importEld<{ ngramsData: EldSmallData }>('ngrams/small.js');
  const { dictionary } = await importEld<{ dictionary: string[] }>('dictionary.js');
  const { separators } = await importEld<{ separators: RegExp }>('regexPatterns.js');
  const languages = Object.keys(ngramsData.languages).map((k, i) => {
    if (Number(k) !== i) fail('language indexes are not 0..n-1');
    return ngramsData.languages[k] as string;
  });
  if (dictionary.length !== 256 || dictionary.some((c) => c.length !== 1 || c.charCodeAt(0) > 255)) {
    fail('the byte dictionary is not 256 single Latin-1 characters');
  }
  return {
    version: pkg.version,
    type: ngramsData.type,
    languages,
    byteCodes: Uint8Array.from(dictionary, (c) => c.charCodeAt(0)),
    letters: letterBitmap(separators),
    ...packNgrams(ngramsData),
  };
}

/** The payload (sections padded to 4 bytes, so each can be viewed as a typed array) and where each starts. */
export function payloadOf(data: LanguageData): { payload: Buffer; offsets: Record<string, number> } {
  const offsets: Record<string, number> = {};
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const [name, bytes] of [
    ...data.sections,
    ['letters', data.letters],
    ['byteCodes', data.byteCodes],
  ] as const) {
    offsets[name] = at;
    const padded = Math.ceil(bytes.length / 4) * 4;
    parts.push(bytes, new Uint8Array(padded - bytes.length));
    at += padded;
  }
  return { payload: Buffer.concat(parts), offsets };
}

/** The content of eld-small-data.bin: the payload as it is used. */
export function packedOf(data: LanguageData): Buffer {
  return payloadOf(data).payload;
}

/** The generated module's source text. */
export function renderLanguageData(data: LanguageData): string {
  const { payload, offsets } = payloadOf(data);
  const layout = Object.entries(offsets)
    .map(([name, at]) => `  ${name}: ${at},`)
    .join('\n');
  return `// Generated by scripts/generate-language-data.ts from eld ${data.version} (src/ngrams/small.js), do not edit.
// Data: ELD, Efficient Language Detector, by Nito T.M., Apache-2.0 (https://github.com/nitotm/efficient-language-detector-js).
// Layout: see the generator.

${constant('ELD_VERSION', data.version)}
${constant('ELD_DATA_TYPE', data.type)}
/** ISO 639-1 codes by language index. */
${constant('LANGUAGES', data.languages.join(' '))}
${constant('NGRAM_COUNT', data.ngrams)}
${constant('PAIR_COUNT', data.pairs)}
${constant('BLOCK', BLOCK)}
${constant('PAYLOAD_BYTES', payload.length)}
/** Where each section starts in the payload (bytes). */
export const LAYOUT = {
${layout}
} as const;
/** The payload: a file beside this module, read as bytes by eld-scorer.ts. */
${constant('PACKED_FILE', path.basename(LANGUAGE_PACKED_FILE))}
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const data = await readEldData();
  const text = renderLanguageData(data);
  const packed = packedOf(data);
  writeFileSync(LANGUAGE_DATA_FILE, text);
  writeFileSync(LANGUAGE_PACKED_FILE, packed);
  console.log(
    `wrote ${path.relative(REPO_ROOT, LANGUAGE_DATA_FILE)} (${(text.length / 1024).toFixed(0)} KB) and ` +
      `${path.relative(REPO_ROOT, LANGUAGE_PACKED_FILE)} (${(packed.length / 1024).toFixed(0)} KB)`,
  );
}
