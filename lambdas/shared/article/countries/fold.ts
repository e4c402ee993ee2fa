/**
 * How a word becomes a lookup key, shared by the index generator and the matcher so that both sides
 * of a lookup are made the same way: case folding, inflection endings and word characters.
 */

/** Case endings, longest first; a stem must keep at least MIN_STEM letters. */
export const ENDINGS: Record<string, string[]> = {
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
  // Persian plural (ها، های، ان) and ezafe (ی): روس‌ها splits at the joiner, روسها needs the ending.
  fa: ['های', 'ها', 'ان', 'ی'],
};
export const MIN_STEM = 4;

const FOLD_AFTER_LOWER = /[\u0307ё]/;

/** Lower case that treats Turkish İ and Russian ё the way writers treat them interchangeably. */
export function fold(word: string): string {
  const lower = (word.includes('İ') ? word.replace(/İ/g, 'i') : word).toLowerCase();
  return FOLD_AFTER_LOWER.test(lower) ? lower.replace(/\u0307/g, '').replace(/ё/g, 'е') : lower;
}

/** Each language's endings by their last UTF-16 unit, longest first still: most never apply. */
const ENDINGS_BY_LAST = new Map<string, Map<number, string[]>>();

export function endingsByLastUnit(lang: string): Map<number, string[]> {
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
  return byLast;
}

/** The folded word itself, then the word minus each ending of `lang` that leaves MIN_STEM letters. */
export function stemsOf(folded: string, lang: string): string[] {
  const out = [folded];
  if (!ENDINGS[lang] || folded === '') return out;
  const endings = endingsByLastUnit(lang).get(folded.charCodeAt(folded.length - 1));
  if (!endings) return out;
  for (const e of endings) {
    if (folded.length - e.length >= MIN_STEM && folded.endsWith(e)) out.push(folded.slice(0, -e.length));
  }
  return out;
}

/** Languages that glue clitics before a word: the matcher also looks the first word up without them. */
export const CLITIC_LANGUAGES: ReadonlySet<string> = new Set(['ar']);

/**
 * A folded Arabic word without the clitics glued before it, in the order the matcher tries them:
 * the conjunction و or ف, then the preposition ب or ل, where ل before the article drops its alef
 * ("للسعودية" is ل + السعودية, "للبنان" may be ل + لبنان). Each base keeps three letters.
 */
export function cliticBases(folded: string, lang: string): string[] {
  const out: string[] = [];
  if (!CLITIC_LANGUAGES.has(lang)) return out;
  const preposition = (x: string) => {
    if (x.length - 1 < 3) return;
    if (x[0] === 'ب' || x[0] === 'ل') out.push(x.slice(1));
    if (x[0] === 'ل' && x[1] === 'ل') out.push(`ا${x.slice(1)}`);
  };
  if ((folded[0] === 'و' || folded[0] === 'ف') && folded.length - 1 >= 3) {
    out.push(folded.slice(1));
    preposition(folded.slice(1));
  }
  preposition(folded);
  return out;
}

/**
 * Width of the prefix filter's hash: one bit per hash of the first MIN_STEM (4) letters of a word.
 * Four because a stem keeps at least MIN_STEM letters: a word matches a key only by being it or by a
 * stem of it, so a word of four or more letters shares its first four with any key it matches, and
 * a shorter one must equal the key.
 */
export const PREFIX_BITS = 16;

/** Hash of four UTF-16 units (0 past the end of a short word), PREFIX_BITS wide. */
export function prefixHash(a: number, b: number, c: number, d: number): number {
  const h =
    Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35) ^ Math.imul(d, 0x27d4eb2f);
  return h >>> (32 - PREFIX_BITS);
}

/** prefixHash of a whole key. */
export function keyPrefixHash(key: string): number {
  const n = key.length;
  return prefixHash(
    key.charCodeAt(0),
    n > 1 ? key.charCodeAt(1) : 0,
    n > 2 ? key.charCodeAt(2) : 0,
    n > 3 ? key.charCodeAt(3) : 0,
  );
}

const OTHER_WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/**
 * Letter, mark or digit: the common ranges by rule, the rest by regex. Surrogates count as
 * separators (the matcher works on UTF-16 units and no country name needs an astral letter).
 */
export function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  if (c >= 0x300 && c <= 0x52f) return c !== 0x37e && c !== 0x387;
  if (c >= 0x2000 && c <= 0x206f) return false; // punctuation: quotes, dashes, spaces
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return OTHER_WORD_CHAR.test(String.fromCharCode(c));
}

/** The longest name the matcher tries, in words; the index keeps no deeper phrase. */
export const MAX_PHRASE_WORDS = 8;

/** The longest key the index may hold, in UTF-16 units; the matcher skips words too long to match. */
export const MAX_KEY_UNITS = 48;

/** Longest inflection ending of any language. */
export const MAX_ENDING_UNITS = Math.max(
  ...Object.values(ENDINGS).flatMap((list) => list.map((e) => e.length)),
);

/** Hash of a key, as the matcher computes it over a word's folded units: 30 bits, a small integer. */
export function keyHash(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h & 0x3fffffff;
}
