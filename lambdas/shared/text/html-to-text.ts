/**
 * HTML (a fragment or a page) to clean text: block elements become paragraphs separated by one
 * blank line, `<br>` a line break, entities decoded, script/style dropped, whitespace collapsed,
 * Unicode NFC. A streaming tokenizer (htmlparser2) rather than a DOM: it is several times faster
 * and feeds carry thousands of small fragments.
 */
import { Parser, Tokenizer } from 'htmlparser2';
import { cleanText } from './clean';

const LT = 0x3c;
const AMP = 0x26;

/** htmlparser2's private Tokenizer fields that TextRunTokenizer reads, and its own. */
interface ScanState {
  buffer: string;
  index: number;
  offset: number;
  nextLt: number;
  nextAmp: number;
  scanned: string | undefined;
}

/**
 * htmlparser2's Tokenizer with one change: in text it jumps to the next `<` or `&` with indexOf
 * instead of visiting every character through its state machine (with entity decoding on, the
 * stock tokenizer has no such fast path, and that walk was half the cost of htmlToText). Every
 * other character in the Text state is a no-op for the stock tokenizer, so the events are the
 * same; tests/text/equivalence.test.ts checks this against the stock tokenizer.
 */
class TextRunTokenizer extends Tokenizer {
  /** Where the next `<` and `&` are in `scanned` (its length when there is none). */
  nextLt = -1;
  nextAmp = -1;
  scanned: string | undefined = undefined;
}

const stockStateText = (Tokenizer.prototype as unknown as { stateText(c: number): void }).stateText;

(TextRunTokenizer.prototype as unknown as { stateText(c: number): void }).stateText = function (
  this: ScanState,
  c: number,
): void {
  if (c === LT || c === AMP) {
    stockStateText.call(this, c);
    return;
  }
  const buffer = this.buffer;
  const at = this.index - this.offset;
  if (this.scanned !== buffer) {
    this.scanned = buffer;
    this.nextLt = -1;
    this.nextAmp = -1;
  }
  if (this.nextLt <= at) {
    const i = buffer.indexOf('<', at + 1);
    this.nextLt = i === -1 ? buffer.length : i;
  }
  if (this.nextAmp <= at) {
    const i = buffer.indexOf('&', at + 1);
    this.nextAmp = i === -1 ? buffer.length : i;
  }
  // The parse loop adds one after each state call.
  this.index = this.offset + Math.min(this.nextLt, this.nextAmp) - 1;
};

export const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
  'body',
  'html',
]);

/**
 * Elements whose content is never text a reader sees. (The content of iframe/object is fallback
 * text that readers do see when the embed is missing, and SVG/MathML titles are real text.)
 */
export const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'head']);

export const CELL = new Set(['td', 'th']);

/**
 * Tags the fast path (simpleTextParts) handles itself: no raw-text content (script, style, title,
 * textarea, iframe…), no tables, forms or SVG/MathML, whose parsing rules it does not repeat.
 */
const SIMPLE = new Set([
  ...['a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i'],
  ...['ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time'],
  ...['tt', 'u', 'var', 'br', 'hr', 'img', 'wbr'],
  ...['address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'div', 'dl', 'dt'],
  ...['figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'li'],
  ...['main', 'nav', 'ol', 'p', 'pre', 'section', 'ul'],
]);
const VOID = new Set(['br', 'hr', 'img', 'wbr']);
const P_ONLY = new Set(['p']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const DD_DT = new Set(['dd', 'dt']);
/** htmlparser2's openImpliesClose for the SIMPLE tags: opening the key closes these when on top. */
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h): [string, Set<string>] => [h, HEADINGS]),
  ...[
    ...['p', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'figcaption', 'figure'],
    ...['footer', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'ul'],
  ].map((t): [string, Set<string>] => [t, P_ONLY]),
]);
/**
 * A start or end tag in the plainest form: a name of letters and digits, attributes separated by
 * whitespace with quoted or simple unquoted values. Anything else makes the fast path give up.
 */
const TAG =
  /<(\/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;

const SLASH = 0x2f;
const GT = 0x3e;

function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

function isAsciiAlnum(c: number): boolean {
  return isAsciiLetter(c) || (c >= 0x30 && c <= 0x39);
}

/** Newlines in source HTML are just spaces; only elements make line breaks. */
function sourceText(text: string): string {
  if (text === '\n') return ' ';
  // cleanText collapses the other spaces, so only the line breaks need replacing here.
  return text.includes('\n') || text.includes('\r') ? text.replace(/[\n\r]/g, ' ') : text;
}

/** Text with entities, decoded by the same tokenizer as the full parse (it has no `<`). */
function decodeText(text: string): string {
  const parts: string[] = [];
  const parser = new Parser(
    { ontext: (t) => parts.push(t) },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true, Tokenizer: TextRunTokenizer },
  );
  parser.write(text);
  parser.end();
  return parts.join('');
}

/**
 * What the full parse (parsedTextParts) would push, for HTML made only of text and SIMPLE tags,
 * which is what feed items carry: the element stack and implied closes of htmlparser2's Parser for
 * those tags, without its per-character tokenizer states and per-tag bookkeeping. undefined for
 * anything else (a comment, a stray `<`, another tag), which then goes to the full parse.
 * tests/text/equivalence.test.ts checks both give the same text (exported so that it can tell the
 * fast path was taken).
 */
export function simpleTextParts(html: string): string[] | undefined {
  const out: string[] = [];
  const stack: string[] = [];
  const opened = (name: string) => {
    if (BLOCK.has(name)) out.push('\n\n');
    else if (name === 'br') out.push('\n');
  };
  const closed = (name: string | undefined, implied: boolean) => {
    if (name !== undefined && BLOCK.has(name)) out.push('\n\n');
    else if (name === 'br' && !implied) out.push('\n');
  };
  const open = (name: string) => {
    const implies = IMPLIES_CLOSE.get(name);
    if (implies)
      while (stack.length > 0 && implies.has(stack[stack.length - 1] as string)) closed(stack.pop(), true);
    if (!VOID.has(name)) stack.push(name);
    opened(name);
  };
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf('<', at);
    const end = lt === -1 ? html.length : lt;
    if (end > at) {
      const text = html.slice(at, end);
      out.push(sourceText(text.includes('&') ? decodeText(text) : text));
    }
    if (lt === -1) break;
    // `<p>` and `</p>` by hand, anything with attributes, spaces or a slash by the TAG pattern.
    const isEnd = html.charCodeAt(lt + 1) === SLASH;
    const nameStart = isEnd ? lt + 2 : lt + 1;
    let nameEnd = nameStart;
    while (nameEnd < html.length && isAsciiAlnum(html.charCodeAt(nameEnd))) nameEnd++;
    let name: string | undefined;
    let attributes = '';
    let selfClosing = false;
    if (nameEnd > nameStart && html.charCodeAt(nameEnd) === GT && isAsciiLetter(html.charCodeAt(nameStart))) {
      name = html.slice(nameStart, nameEnd).toLowerCase();
      at = nameEnd + 1;
    } else {
      TAG.lastIndex = lt;
      const m = TAG.exec(html);
      if (!m) return undefined;
      name = m[2]?.toLowerCase();
      attributes = m[3] ?? '';
      selfClosing = m[4] === '/';
      at = TAG.lastIndex;
    }
    if (name === undefined || !SIMPLE.has(name)) return undefined;
    if (!isEnd) {
      open(name);
      // The end of the start tag: a void element closes at once; `<x/>` closes x.
      if (VOID.has(name)) closed(name, true);
      else if (selfClosing && stack[stack.length - 1] === name) closed(stack.pop(), true);
      continue;
    }
    if (attributes !== '' || selfClosing) return undefined;
    if (VOID.has(name)) {
      // `</br>` is a line break; other void end tags are ignored.
      if (name === 'br') {
        opened('br');
        closed('br', false);
      }
      continue;
    }
    const pos = stack.lastIndexOf(name);
    if (pos !== -1) {
      while (stack.length - 1 > pos) closed(stack.pop(), true);
      closed(stack.pop(), false);
    } else if (name === 'p') {
      // `</p>` without a `<p>` is an empty paragraph.
      open('p');
      closed(stack.pop(), false);
    }
  }
  // Elements left open close here: only paragraph breaks after the last text, which cleanText drops.
  return out;
}

/** The text and break pieces of any HTML, through htmlparser2's Parser. */
function parsedTextParts(html: string): string[] {
  const out: string[] = [];
  let hiddenDepth = 0;
  let inIframe = false;
  const parser = new Parser(
    {
      // onopentagname rather than onopentag: the same place in the event order (only attributes
      // come between), without building an attributes object per tag.
      onopentagname(name) {
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
        out.push(sourceText(inIframe && text.includes('<') ? htmlToText(text) : text));
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true, Tokenizer: TextRunTokenizer },
  );
  parser.write(html);
  parser.end();
  return out;
}

export function htmlToText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return cleanText(html);
  const parts = simpleTextParts(html) ?? parsedTextParts(html);
  return cleanText(parts.join(''), { keepLines: true });
}
