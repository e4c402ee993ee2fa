/**
 * Main text of a page too large for Readability over linkedom, whose cost grows faster than the
 * page (a 1 MB page took 10–40 s on a loaded machine). One streaming pass of htmlparser2, no DOM,
 * so time and memory stay linear in the page:
 *  - hidden and boilerplate subtrees (the same tags and class/id patterns as the DOM path) are
 *    skipped while they are open;
 *  - each paragraph-like element (p, h2–h6, blockquote, li, pre) is scored by its text minus twice
 *    its link text, credited to its parent and, at half, its grandparent (Readability's scheme);
 *  - the best-scored container's paragraphs are the text.
 */
import { Tokenizer } from 'htmlparser2';
import { cleanText } from '../text/clean';
import { VOID_ELEMENTS } from '../text/html-void';

/**
 * Over this many characters (inline scripts and styles not counted: news pages carry megabytes of
 * JSON state that Readability drops at once), or this many tags, a page goes here instead of to
 * Readability. Real article pages hold 1,000–6,000 elements.
 */
export const LARGE_PAGE_CHARS = 1_000_000;
export const LARGE_PAGE_TAGS = 10_000;

/** Characters inside `<script>…</script>` and `<style>…</style>` (lower-case tags; linear scan). */
function scriptChars(html: string): number {
  let n = 0;
  for (const [open, close] of [
    ['<script', '</script'],
    ['<style', '</style'],
  ] as const) {
    let i = html.indexOf(open);
    while (i !== -1) {
      const end = html.indexOf(close, i + open.length);
      if (end === -1) break;
      n += end - i;
      i = html.indexOf(open, end);
    }
  }
  return n;
}

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'nav',
  'footer',
  'aside',
  'dialog',
  'button',
  'select',
  'head',
]);
/** Never skipped for their class: the article itself, or the whole page. */
const KEEP = new Set(['article', 'main', 'body', 'html']);
const PARAGRAPH = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'li', 'pre']);

/**
 * True when a page should skip Readability: many characters, or many tags (counted by a bounded
 * scan that stops at the limit, so the check itself stays cheap).
 */
export function isLargePage(html: string): boolean {
  if (html.length > LARGE_PAGE_CHARS && html.length - scriptChars(html) > LARGE_PAGE_CHARS) return true;
  let tags = 0;
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    const c = html.charCodeAt(i + 1) | 0x20;
    if (c >= 0x61 && c <= 0x7a && ++tags > LARGE_PAGE_TAGS) return true;
  }
  return false;
}

interface Open {
  name: string;
  /** Index of the nearest container at or above this element (-1: none), kept so lookups are O(1). */
  nearest: number;
  skips: boolean;
}

/** Closing tags are matched this far down the stack; a stray one further away is ignored. */
const CLOSE_SEARCH = 64;
/** Opening one of these ends an open <p> (HTML's implied end tag). */
const ENDS_P = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'table',
  'section',
  'article',
  'blockquote',
  'pre',
]);

/**
 * The main text of `html`, paragraphs separated by a blank line; '' when there is none.
 * Built on htmlparser2's Tokenizer rather than its Parser: the Parser keeps open elements with
 * Array.unshift, which is quadratic in nesting depth (100,000 nested divs took 8 s).
 */
export function extractLargePage(html: string, boilerplate: RegExp): string {
  const stack: Open[] = [];
  const parentOf: number[] = [];
  const scores: number[] = [];
  const paragraphs: Array<{ text: string; parent: number; grandparent: number }> = [];
  let skipDepth = 0;
  let para: string[] | undefined;
  let paraName = '';
  let paraDepth = 0;
  let linkChars = 0;
  let inLink = 0;
  let tagName = '';
  let attrName = '';
  let attrValue = '';
  let attribs: Record<string, string> = {};
  const nearestContainer = (): number => stack[stack.length - 1]?.nearest ?? -1;

  const endParagraph = () => {
    if (!para) return;
    const text = cleanText(para.join(''), { keepLines: true });
    para = undefined;
    if (text === '') return;
    const parent = nearestContainer();
    const grandparent = parent >= 0 ? (parentOf[parent] ?? -1) : -1;
    const score = Math.max(0, text.length - 2 * linkChars);
    if (parent >= 0) scores[parent] = (scores[parent] ?? 0) + score;
    if (grandparent >= 0) scores[grandparent] = (scores[grandparent] ?? 0) + score / 2;
    paragraphs.push({ text, parent, grandparent });
  };
  const pop = () => {
    const open = stack.pop();
    if (!open) return;
    if (open.name === 'a' && inLink > 0) inLink--;
    if (open.skips) skipDepth--;
    if (para && stack.length === paraDepth) endParagraph();
  };
  const open = (name: string) => {
    if (para && paraName === 'p' && ENDS_P.has(name)) while (stack.length > paraDepth) pop();
    if (VOID_ELEMENTS.has(name)) {
      if (name === 'br' && para && skipDepth === 0) para.push('\n');
      return;
    }
    const label = `${attribs.class ?? ''} ${attribs.id ?? ''}`;
    const skips =
      SKIP.has(name) ||
      attribs.hidden !== undefined ||
      attribs['aria-hidden'] === 'true' ||
      (label.length > 1 && !KEEP.has(name) && boilerplate.test(label));
    let container = -1;
    if (skips) skipDepth++;
    else if (PARAGRAPH.has(name) && !para) {
      para = [];
      paraName = name;
      paraDepth = stack.length;
      linkChars = 0;
    } else if (!para && !PARAGRAPH.has(name) && name !== 'a' && name !== 'span') {
      container = parentOf.length;
      parentOf.push(nearestContainer());
      scores.push(0);
    }
    if (name === 'a') inLink++;
    stack.push({ name, nearest: container >= 0 ? container : nearestContainer(), skips });
  };
  const close = (name: string) => {
    if (VOID_ELEMENTS.has(name)) return;
    for (let i = stack.length - 1; i >= Math.max(0, stack.length - CLOSE_SEARCH); i--) {
      if ((stack[i] as Open).name !== name) continue;
      while (stack.length > i) pop();
      return;
    }
  };
  const text = (s: string) => {
    if (skipDepth > 0 || !para) return;
    // Newlines in source HTML are spaces; only <br> breaks a line.
    para.push(s.replace(/[\t\n\r\f ]+/g, ' '));
    if (inLink > 0) linkChars += s.length;
  };

  const tokenizer = new Tokenizer(
    { decodeEntities: true, recognizeSelfClosing: true },
    {
      onopentagname(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        attribs = {};
      },
      onattribname(start, end) {
        attrName = html.slice(start, end).toLowerCase();
        attrValue = '';
      },
      onattribdata(start, end) {
        attrValue += html.slice(start, end);
      },
      onattribentity(codepoint) {
        attrValue += String.fromCodePoint(codepoint);
      },
      onattribend() {
        attribs[attrName] = attrValue;
      },
      onopentagend() {
        open(tagName);
      },
      onselfclosingtag() {
        open(tagName);
        close(tagName);
      },
      onclosetag(start, end) {
        close(html.slice(start, end).toLowerCase());
      },
      ontext(start, end) {
        text(html.slice(start, end));
      },
      ontextentity(codepoint) {
        text(String.fromCodePoint(codepoint));
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  while (stack.length > 0) pop();
  endParagraph();
  let best = -1;
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) > (scores[best] ?? 0)) best = i;
  if (best < 0) return '';
  return paragraphs
    .filter((p) => p.parent === best || p.grandparent === best)
    .map((p) => p.text)
    .join('\n\n');
}
