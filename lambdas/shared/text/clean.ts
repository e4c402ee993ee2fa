/**
 * Clean text, the form every text field of an article takes: Unicode NFC, runs of whitespace
 * collapsed to one space, no control characters, trimmed. Paragraph breaks ("\n\n") and line
 * breaks ("\n") survive when `keepLines` is set, which html-to-text uses.
 */

// Zero-width spaces and stray BOMs carry no meaning and break comparisons; the soft hyphen splits
// words invisibly ("Deutsch\u00ADland"). Kept: ZWJ/ZWNJ (emoji, Persian, Indic scripts) and the
// LRM/RLM direction marks that Arabic and Hebrew text with numbers relies on.
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF]/g;
/**
 * Characters outside these ranges may change under NFC; text made only of them is already NFC and
 * skips normalize(), the costliest step. The ranges hold no combining marks, no Hangul jamo and no
 * NFC singletons (Latin up to U+02FF, Cyrillic and Arabic letters, Hebrew letters, punctuation,
 * kana without the voicing marks, CJK ideographs, Hangul syllables).
 */
const MAY_CHANGE_UNDER_NFC =
  /[^\u0000-\u02FF\u0400-\u0482\u048A-\u052F\u05D0-\u05EA\u0600-\u064A\u0660-\u066F\u2002-\u206F\u20A0-\u20C0\u3000-\u3098\u309B-\u30FF\u4E00-\u9FFF\uAC00-\uD7A3]/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const SPACE_OR_CONTROL = /[\s\u0000-\u0008\u000E-\u001F\u007F-\u009F]+/g;
// \s in JS covers NBSP, the Unicode spaces, line and paragraph separators.
const SPACES = /[^\S\n]+/g;

export function cleanText(input: string, options: { keepLines?: boolean } = {}): string {
  const nfc = MAY_CHANGE_UNDER_NFC.test(input) ? input.normalize('NFC') : input;
  const normalized = nfc.replace(INVISIBLE, '');
  if (!options.keepLines) return normalized.replace(SPACE_OR_CONTROL, ' ').trim();
  const s = normalized.replace(/\r\n?/g, '\n').replace(CONTROL, ' ');
  const paragraphs: string[] = [];
  let lines: string[] = [];
  for (const raw of s.replace(SPACES, ' ').split('\n')) {
    const line = raw.trim();
    if (line !== '') {
      lines.push(line);
    } else if (lines.length > 0) {
      // An empty line ends the paragraph.
      paragraphs.push(lines.join('\n'));
      lines = [];
    }
  }
  if (lines.length > 0) paragraphs.push(lines.join('\n'));
  return paragraphs.join('\n\n');
}
