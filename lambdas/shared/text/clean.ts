/**
 * Clean text, the form every text field of an article takes: Unicode NFC, runs of whitespace
 * collapsed to one space, no control characters, trimmed. Paragraph breaks ("\n\n") and line
 * breaks ("\n") survive when `keepLines` is set, which html-to-text uses.
 */

/**
 * Characters outside these ranges may change under NFC; text made only of them is already NFC and
 * skips normalize(), the costliest step. The ranges hold no combining marks, no Hangul jamo and no
 * NFC singletons (Latin up to U+02FF, Cyrillic and Arabic letters, Hebrew letters, punctuation,
 * kana without the voicing marks, CJK ideographs, Hangul syllables).
 */
const MAY_CHANGE_UNDER_NFC =
  /[^\u0000-\u02FF\u0400-\u0482\u048A-\u052F\u05D0-\u05EA\u0600-\u064A\u0660-\u066F\u2002-\u206F\u20A0-\u20C0\u3000-\u3098\u309B-\u30FF\u4E00-\u9FFF\uAC00-\uD7A3]/;

const CONTENT = 0;
const SPACE = 1;
const NEWLINE = 2;
const CR = 3;
const INVISIBLE = 4;

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

/**
 * One pass over the text: each run of spaces becomes one space, each line is trimmed, and with
 * `keepLines` one line break stays "\n" while two or more (an empty line between) become "\n\n".
 * Without it line breaks are spaces too. "\r\n" and a lone "\r" are one line break.
 */
export function cleanText(input: string, options: { keepLines?: boolean } = {}): string {
  const s = MAY_CHANGE_UNDER_NFC.test(input) ? input.normalize('NFC') : input;
  const keepLines = options.keepLines === true;
  let out = '';
  let pendingSpace = false;
  let pendingBreaks = 0; // line breaks since the last content character
  let afterCr = false; // "\r\n" is one break, even with an invisible character between
  const n = s.length;
  let i = 0;
  while (i < n) {
    const kind = KIND[s.charCodeAt(i)] as number;
    if (kind === CONTENT) {
      // A run of content, single spaces between words included: they stay as they are, so the
      // run is copied in one piece.
      let j = i + 1;
      while (j < n) {
        const c = s.charCodeAt(j);
        if (KIND[c] === CONTENT) j++;
        else if (c === 0x20 && j + 1 < n && KIND[s.charCodeAt(j + 1)] === CONTENT) j += 2;
        else break;
      }
      if (out !== '') {
        if (pendingBreaks > 0) out += pendingBreaks === 1 ? '\n' : '\n\n';
        else if (pendingSpace) out += ' ';
      }
      out += i === 0 && j === n ? s : s.slice(i, j);
      pendingSpace = false;
      pendingBreaks = 0;
      afterCr = false;
      i = j;
      continue;
    }
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
  return out;
}
