/**
 * The text functions as they were before they were made faster (diplowire at commit 3671528),
 * kept verbatim as oracles: the equivalence tests feed the same input to these and to the
 * current code and require the same output. Not used by the product.
 */
import { Parser } from 'htmlparser2';
import { BLOCK, CELL, HIDDEN } from '../../lambdas/shared/text/html-to-text';

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
export function referenceCleanText(input: string, options: { keepLines?: boolean } = {}): string {
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

export function referenceHtmlToText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return referenceCleanText(html);
  const out: string[] = [];
  let hiddenDepth = 0;
  let inIframe = false;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'iframe') inIframe = true;
        if (HIDDEN.has(name)) hiddenDepth++;
        else if (BLOCK.has(name)) out.push('\n\n');
        else if (name === 'br') out.push('\n');
        else if (CELL.has(name)) out.push(' ');
      },
      onclosetag(name, isImplied) {
        if (name === 'iframe') inIframe = false;
        if (HIDDEN.has(name)) {
          if (hiddenDepth > 0) hiddenDepth--;
        } else if (BLOCK.has(name)) out.push('\n\n');
        else if (CELL.has(name)) out.push(' ');
        else if (name === 'br' && !isImplied) out.push('\n');
      },
      ontext(text) {
        if (hiddenDepth > 0) return;
        // The tokenizer hands over an iframe's fallback content unparsed.
        if (inIframe && text.includes('<')) text = referenceHtmlToText(text);
        // Newlines in source HTML are just spaces; only elements make line breaks. (cleanText
        // collapses the other spaces, so only the line breaks need replacing here.)
        out.push(text.includes('\n') || text.includes('\r') ? text.replace(/[\n\r]/g, ' ') : text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return referenceCleanText(out.join(''), { keepLines: true });
}

/** Han ideographs and kana: written without spaces, each counts as one word (as word processors count). */
function isCjk(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xf900 && c <= 0xfaff)
  );
}

function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x3000 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f
  );
}

const WORDLIKE = /[\p{L}\p{N}]/u;
/** WORDLIKE's answer per BMP code unit, filled on first sight (0 unknown, 1 word, 2 not). */
const WORD_TABLE = new Uint8Array(65536);

/**
 * Letter or digit; the regex only for characters outside the common ranges, and once per
 * character (this is hot: a one-character string per character was most of its cost).
 */
function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  if (c >= 0x2000 && c <= 0x206f) return false;
  if ((c >= 0xc0 && c <= 0x24f) || (c >= 0x370 && c <= 0x52f)) return c !== 0xd7 && c !== 0xf7;
  if (c >= 0xd800 && c <= 0xdfff) return false; // half of a pair: the regex saw it alone too
  let known = WORD_TABLE[c] as number;
  if (known === 0) {
    known = WORDLIKE.test(String.fromCharCode(c)) ? 1 : 2;
    WORD_TABLE[c] = known;
  }
  return known === 1;
}

// SPACE (1) is declared with cleanText's kinds above and means the same here.
const CJK = 2;
const WORD = 3;
const OTHER = 4;
/** What each BMP code unit is to countWords, filled on first sight (0 unknown). */
const CLASS_TABLE = new Uint8Array(65536);

function classOf(c: number): number {
  let k = CLASS_TABLE[c] as number;
  if (k === 0) {
    k = isSpace(c) ? SPACE : isCjk(c) ? CJK : isWordChar(c) ? WORD : OTHER;
    CLASS_TABLE[c] = k;
  }
  return k;
}

/**
 * Words in `text`: whitespace-separated chunks holding a letter or digit (so "Türkiye-Kazakhstan"
 * and "$10" are one word each, a lone dash none). Each CJK character is a word of its own; Korean
 * uses spaces, so Hangul words count like any other; Latin words inside a CJK run count once each.
 */
export function referenceCountWords(text: string): number {
  let n = 0;
  let inWord = false; // inside a non-CJK run of the current chunk that already counted
  let chunkHasWord = false;
  for (let i = 0; i < text.length; i++) {
    const k = classOf(text.charCodeAt(i));
    if (k === SPACE) {
      inWord = false;
      chunkHasWord = false;
      continue;
    }
    if (k === CJK) {
      n++;
      inWord = false;
      chunkHasWord = true;
      continue;
    }
    if (!inWord && k === WORD) {
      // A chunk counts once unless CJK characters split it into several runs.
      if (!chunkHasWord || i === 0 || isCjk(text.charCodeAt(i - 1))) n++;
      inWord = true;
      chunkHasWord = true;
    }
  }
  return n;
}
