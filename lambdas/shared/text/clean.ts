/**
 * Clean text, the form every text field of an article takes: Unicode NFC, runs of whitespace
 * collapsed to one space, no control characters, trimmed. Paragraph breaks ("\n\n") and line
 * breaks ("\n") survive when `keepLines` is set, which html-to-text uses.
 */

/**
 * Characters outside these ranges may change under NFC; text made only of them is already NFC and
 * skips normalize(). The ranges hold no combining marks, no Hangul jamo and no NFC singletons
 * (Latin up to U+02FF, Cyrillic and Arabic letters, Hebrew letters, punctuation, kana without the
 * voicing marks, CJK ideographs, Hangul syllables).
 */
const NFC_SAFE: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x02ff],
  [0x0400, 0x0482],
  [0x048a, 0x052f],
  [0x05d0, 0x05ea],
  [0x0600, 0x064a],
  [0x0660, 0x066f],
  [0x2002, 0x206f],
  [0x20a0, 0x20c0],
  [0x3000, 0x3098],
  [0x309b, 0x30ff],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
];

const CONTENT = 0;
const SPACE = 1;
const NEWLINE = 2;
const CR = 3;
const INVISIBLE = 4;
/** Added to a kind for a code unit that may change under NFC (see NFC_SAFE). */
const NOT_NFC_SAFE = 8;

/**
 * What each BMP code unit is to cleanText. Spaces: JS `\s` (which covers NBSP, the Unicode spaces,
 * line and paragraph separators) and the C0/C1 controls. Invisible, dropped outright: zero-width
 * spaces and stray BOMs carry no meaning and break comparisons; the soft hyphen splits words
 * invisibly ("Deutsch\u00ADland"). Kept: ZWJ/ZWNJ (emoji, Persian, Indic scripts) and the LRM/RLM
 * direction marks that Arabic and Hebrew text with numbers relies on.
 */
const KIND = new Uint8Array(65536);
for (let c = 0; c <= 0x9f; c++) if (c < 0x20 || c >= 0x7f) KIND[c] = SPACE;
for (const c of [0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) KIND[c] = SPACE;
for (let c = 0x2000; c <= 0x200a; c++) KIND[c] = SPACE;
KIND[0x0a] = NEWLINE;
KIND[0x0d] = CR;
for (const c of [0xad, 0x200b, 0x2060, 0xfeff]) KIND[c] = INVISIBLE;
/** Every code unit whose kind is not CONTENT (the tables below are built from this short list). */
const NOT_CONTENT: number[] = [];
for (let c = 0; c <= 0x9f; c++) if (KIND[c] !== CONTENT) NOT_CONTENT.push(c);
NOT_CONTENT.push(0xa0, 0xad, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x2060, 0x3000, 0xfeff, 0x200b);
for (let c = 0x2000; c <= 0x200a; c++) NOT_CONTENT.push(c);

// Tables are built with native fill/set and the short NOT_CONTENT list, not with a loop or a callback
// over all 65,536 code units: this runs at every cold start (a callback version cost ~30 ms).

/** KIND plus the NFC flag: what the pass reads until it meets a flagged code unit. */
const KIND_OR_NOT_NFC = new Uint8Array(65536).fill(NOT_NFC_SAFE);
for (const c of NOT_CONTENT) KIND_OR_NOT_NFC[c] = (KIND[c] as number) + NOT_NFC_SAFE;
for (const [from, to] of NFC_SAFE) KIND_OR_NOT_NFC.set(KIND.subarray(from, to + 1), from);

const IN_RUN = 0;
const RUN_SPACE = 1;
const RUN_END = 2;
/*
 * The kinds tables as seen by the content-run loop: content stays in the run, a plain space may (when
 * content follows), anything else ends it. One table lookup and one well-predicted comparison per
 * character, instead of a branch at every space; the run loop was most of cleanText's cost.
 */
const RUN = new Uint8Array(65536).fill(IN_RUN);
for (const c of NOT_CONTENT) RUN[c] = RUN_END;
RUN[0x20] = RUN_SPACE;
/** RUN, where a code unit that may change under NFC also ends the run. */
const RUN_OR_NOT_NFC = new Uint8Array(65536).fill(RUN_END);
for (const [from, to] of NFC_SAFE) RUN_OR_NOT_NFC.set(RUN.subarray(from, to + 1), from);
RUN_OR_NOT_NFC[0x20] = RUN_SPACE;

/**
 * One pass over the text: each run of spaces becomes one space, each line is trimmed, and with
 * `keepLines` one line break stays "\n" while two or more (an empty line between) become "\n\n".
 * Without it line breaks are spaces too. "\r\n" and a lone "\r" are one line break. Text with a
 * code unit that may change under NFC is normalized first and the pass starts again, so NFC costs
 * nothing for text that cannot change.
 */
export function cleanText(input: string, options: { keepLines?: boolean } = {}): string {
  return (
    clean(input, options.keepLines === true, KIND_OR_NOT_NFC, RUN_OR_NOT_NFC) ??
    (clean(input.normalize('NFC'), options.keepLines === true, KIND, RUN) as string)
  );
}

/** undefined when `kinds` flags a code unit as not NFC-safe. */
function clean(s: string, keepLines: boolean, kinds: Uint8Array, run: Uint8Array): string | undefined {
  // The pieces are joined at the end: one flat string, which the character loops that read the
  // text next (word count, country and language scans, hashing) walk faster than a concatenation.
  const out: string[] = [];
  let pendingSpace = false;
  let pendingBreaks = 0; // line breaks since the last content character
  let afterCr = false; // "\r\n" is one break, even with an invisible character between
  const n = s.length;
  let i = 0;
  while (i < n) {
    const kind = kinds[s.charCodeAt(i)] as number;
    if (kind === CONTENT) {
      // A run of content, single spaces between words included: they stay as they are, so the
      // run is copied in one piece.
      let j = i + 1;
      let afterSpace = 0; // 1 right after a space: another space or the end then ends the run
      while (j < n) {
        const r = run[s.charCodeAt(j)] as number;
        if (r > RUN_SPACE - afterSpace) break;
        afterSpace = r;
        j++;
      }
      if (afterSpace === RUN_SPACE) j--; // the space before the end is not part of the run
      if (out.length > 0) {
        if (pendingBreaks > 0) out.push(pendingBreaks === 1 ? '\n' : '\n\n');
        else if (pendingSpace) out.push(' ');
      }
      if (i === 0 && j === n) return s;
      out.push(s.slice(i, j));
      pendingSpace = false;
      pendingBreaks = 0;
      afterCr = false;
      i = j;
      continue;
    }
    if (kind >= NOT_NFC_SAFE) return undefined;
    i++;
    if (kind === INVISIBLE) continue;
    if (kind === SPACE || !keepLines) {
      pendingSpace = true;
      afterCr = false;
    } else if (kind === CR) {
      pendingBreaks++;
      afterCr = true;
    } else {
      if (!afterCr) pendingBreaks++;
      afterCr = false;
    }
  }
  return out.length === 1 ? out[0] : out.join('');
}
