/**
 * Clean text, the form every text field of an article takes: Unicode NFC, runs of whitespace
 * collapsed to one space, no control characters, trimmed. Paragraph breaks ("\n\n") and line
 * breaks ("\n") survive when `keepLines` is set, which html-to-text uses.
 */

// Zero-width spaces and stray BOMs carry no meaning and break comparisons; the soft hyphen splits
// words invisibly ("Deutsch\u00ADland"). Kept: ZWJ/ZWNJ (emoji, Persian, Indic scripts) and the
// LRM/RLM direction marks that Arabic and Hebrew text with numbers relies on.
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF]/g;
const NON_ASCII = /[^\u0000-\u007f]/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// \s in JS covers NBSP, the Unicode spaces, line and paragraph separators.
const SPACES = /[^\S\n]+/g;

export function cleanText(input: string, options: { keepLines?: boolean } = {}): string {
  // NFC and the invisible characters only concern non-ASCII text; most feed text is checked once.
  const ascii = !NON_ASCII.test(input);
  const s = (ascii ? input : input.normalize('NFC').replace(INVISIBLE, ''))
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, ' ');
  if (!options.keepLines) return s.replace(/\s+/g, ' ').trim();
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
