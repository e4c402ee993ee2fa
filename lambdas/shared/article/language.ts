/**
 * Language identification: BCP 47 primary tags (`en`, `tr`, `zh`).
 *
 * Scripts that belong to one language are decided by counting characters (Hangul → ko, kana → ja,
 * Han without kana → zh, Hebrew, Greek, Thai, Georgian, Armenian); everything else goes to ELD
 * (Nito-ELD, n-gram tables, "small" database) on a bounded sample of the text, which is 3–4 times
 * faster than franc at equal accuracy on our samples (numbers in the README's design section).
 * ELD runs as our own scorer over a packed copy of its data (language/eld-scorer.ts): same answers,
 * a few ms to load instead of ~350 ms, ~5 times faster per sample.
 * ELD has no Kazakh: Cyrillic text with the letters only Kazakh uses is tagged `kk` before it; it
 * has no Indonesian either: its `ms` is split into `ms` and `id` by words only one of them uses.
 */
import { eldLanguage } from './language/eld-scorer';

/** Characters of text the detector sees: enough for a stable answer, bounded for speed. */
export const SAMPLE_CHARS = 250;

export type LanguageSource = 'declared' | 'detected';

/** Scripts used by one language only, by code point range. */
const SCRIPT_RANGES: Array<[number, number, string]> = [
  [0xac00, 0xd7af, 'ko'],
  [0x1100, 0x11ff, 'ko'],
  [0x3130, 0x318f, 'ko'],
  [0x3040, 0x30ff, 'ja'],
  [0x4e00, 0x9fff, 'zh'],
  [0x3400, 0x4dbf, 'zh'],
  [0x0590, 0x05ff, 'he'],
  [0x0370, 0x03ff, 'el'],
  [0x0e00, 0x0e7f, 'th'],
  [0x10a0, 0x10ff, 'ka'],
  [0x0530, 0x058f, 'hy'],
  [0x0400, 0x04ff, 'cyrillic'],
];
// Letters only Kazakh uses among Cyrillic alphabets: ә ғ қ ң ө ұ һ (and capitals).
const KAZAKH_ONLY = 'әғқңөұһӘҒҚҢӨҰҺ';

/**
 * What each UTF-16 code unit counts as, in one table (the pre-pass is hot): NOT_LETTER, LETTER
 * (no single-language script), KAZAKH (a Cyrillic letter only Kazakh uses), or FIRST_SCRIPT + the
 * index of its script in SCRIPTS.
 */
const NOT_LETTER = 0;
const LETTER = 1;
const KAZAKH = 2;
const FIRST_SCRIPT = 3;
const SCRIPTS = [...new Set(SCRIPT_RANGES.map(([, , script]) => script))];
const CYRILLIC = SCRIPTS.indexOf('cyrillic');
const JAPANESE = SCRIPTS.indexOf('ja');
const UNIT_CLASS = buildUnitClasses();

function buildUnitClasses(): Uint8Array {
  const table = new Uint8Array(0x10000).fill(LETTER);
  // Not letters: ASCII but A-Z a-z, Latin-1 punctuation and symbols, × ÷, general punctuation,
  // symbols and arrows, CJK punctuation, full-width punctuation and digits.
  table.fill(NOT_LETTER, 0, 0xc0);
  table.fill(LETTER, 0x41, 0x5b);
  table.fill(LETTER, 0x61, 0x7b);
  table[0xd7] = NOT_LETTER;
  table[0xf7] = NOT_LETTER;
  table.fill(NOT_LETTER, 0x2000, 0x2c00);
  table.fill(NOT_LETTER, 0x3000, 0x3040);
  table.fill(NOT_LETTER, 0xff00, 0xff21);
  // The ranges hold letters only and do not overlap. fill(), not a loop: this runs at cold start.
  for (const [lo, hi, script] of SCRIPT_RANGES)
    table.fill(FIRST_SCRIPT + SCRIPTS.indexOf(script), lo, hi + 1);
  for (const c of KAZAKH_ONLY) table[c.charCodeAt(0)] = KAZAKH;
  return table;
}

const scriptCounts = new Int32Array(SCRIPTS.length);
const scriptFirstSeen = new Int32Array(SCRIPTS.length);

/** A bounded sample that starts and ends on a word boundary. */
export function sampleOf(text: string, max = SAMPLE_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > max / 2 ? cut : max);
}

/**
 * The language of `text`, or undefined when it has too few letters to tell (fewer than 3).
 */
export function detectLanguage(text: string): string | undefined {
  const sample = sampleOf(text);
  scriptCounts.fill(0);
  let letters = 0;
  let kazakh = 0;
  for (let i = 0; i < sample.length; i++) {
    const kind = UNIT_CLASS[sample.charCodeAt(i)] as number;
    if (kind === NOT_LETTER) continue;
    letters++;
    if (kind === LETTER) continue;
    if (kind === KAZAKH) kazakh++;
    const script = kind === KAZAKH ? CYRILLIC : kind - FIRST_SCRIPT;
    if (scriptCounts[script] === 0) scriptFirstSeen[script] = i;
    scriptCounts[script] = (scriptCounts[script] as number) + 1;
  }
  if (letters < 3) return undefined;
  // Japanese mixes kanji and kana: any real share of kana makes it Japanese, not Chinese.
  if ((scriptCounts[JAPANESE] as number) >= Math.max(2, letters * 0.05)) return 'ja';
  // A script of its own language with 30% of the letters; the first met if there are two.
  let found = -1;
  for (let s = 0; s < SCRIPTS.length; s++) {
    const n = scriptCounts[s] as number;
    if (s === CYRILLIC || s === JAPANESE || n === 0 || n < letters * 0.3) continue;
    if (found < 0 || (scriptFirstSeen[s] as number) < (scriptFirstSeen[found] as number)) found = s;
  }
  if (found >= 0) return SCRIPTS[found];
  const cyrillic = scriptCounts[CYRILLIC] as number;
  if (cyrillic >= letters * 0.5 && kazakh >= Math.max(2, cyrillic * 0.01)) return 'kk';
  const result = eldLanguage(sample);
  if (result === 'ms') return malayOrIndonesian(sample);
  return result === '' ? undefined : result;
}

/**
 * ELD knows Malay (`ms`) only, and reads Indonesian as Malay. The two share most words; standard
 * spellings and terms that differ tell them apart: Malaysian bahawa, kerana, iaitu, antarabangsa,
 * kerjasama, mesyuarat… against Indonesian bahwa, karena, yaitu, internasional, pemerintah…
 * Without either kind of word the text is taken as Indonesian, by far the larger language.
 */
const MALAY_ONLY = new Set(
  'bahawa kerana iaitu antarabangsa kerjasama mesyuarat setiausaha sahaja menerusi julai ogos wang syarikat pelancongan'.split(
    ' ',
  ),
);
const INDONESIAN_ONLY = new Set(
  'bahwa karena yaitu internasional pemerintah sekretaris kebijakan pariwisata juli agustus uang serikat'.split(
    ' ',
  ),
);

function malayOrIndonesian(sample: string): 'ms' | 'id' {
  let malay = 0;
  let indonesian = 0;
  for (const word of sample.toLowerCase().split(/[^\p{L}]+/u)) {
    if (MALAY_ONLY.has(word)) malay++;
    else if (INDONESIAN_ONLY.has(word)) indonesian++;
  }
  return malay > indonesian ? 'ms' : 'id';
}

/** Tags that are close enough to count as the same language when checking a declaration. */
const SAME: Record<string, string> = { nb: 'no', nn: 'no', ms: 'id' };

export function primaryTag(tag: string | undefined): string | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/**
 * The record's language: a declared language (feed, page, caller) is kept when the text agrees
 * with it or is too short to judge; otherwise the detected one wins and says so.
 */
export function resolveLanguage(
  text: string,
  declared?: string,
): { language: string; languageSource: LanguageSource } {
  const tag = primaryTag(declared);
  const detected = detectLanguage(text);
  if (tag && (!detected || detected === tag || SAME[detected] === tag || SAME[tag] === detected)) {
    return { language: tag, languageSource: 'declared' };
  }
  // `und` (BCP 47 "undetermined") when nothing is known at all.
  return { language: detected ?? tag ?? 'und', languageSource: detected ? 'detected' : 'declared' };
}
