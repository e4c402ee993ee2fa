/**
 * Text and content constructs: the same element means plain text, escaped HTML, inline XHTML or
 * base64 depending on the format and its `type`/`mode` attributes (Atom 0.3 and 1.0 differ, RSS has
 * none). Everything becomes either `{ html }` or `{ text }`, so callers pick text or sanitized HTML.
 */
import { cleanText } from '../text/clean';
import { htmlToText } from '../text/html-to-text';
import { hasElementChildren, innerMarkup, textOf, type XNode } from './xml-tree';

export interface Body {
  html?: string;
  text?: string;
  base?: string;
  lang?: string;
}

function inline(node: XNode, textIsHtml = false): string {
  // Atom 1.0 xhtml content is wrapped in one xhtml:div that is not part of the content.
  const elements = node.children.filter((c): c is XNode => typeof c !== 'string');
  const onlyDiv =
    elements.length === 1 &&
    elements[0]!.name === 'xhtml:div' &&
    node.children.every((c) => typeof c !== 'string' || c.trim() === '');
  return innerMarkup(onlyDiv ? elements[0]! : node, textIsHtml);
}

/** `html` when the element's content is markup, `text` when it is plain text; undefined if out of line. */
export function bodyOf(node: XNode | undefined, flavour: 'rss' | 'atom'): Body | undefined {
  if (!node || node.attrs.src !== undefined) return undefined;
  const type = (node.attrs.type ?? '').trim().toLowerCase();
  const mode = (node.attrs.mode ?? '').trim().toLowerCase();
  const where = { base: node.base, lang: node.lang };
  const isHtmlType = type === 'html' || type.includes('html');
  if (mode === 'base64') {
    const decoded = Buffer.from(textOf(node).replace(/\s+/g, ''), 'base64').toString('utf8');
    return isHtmlType ? { html: decoded, ...where } : { text: decoded, ...where };
  }
  if (type === 'xhtml' || type.includes('xhtml') || mode === 'xml') return { html: inline(node), ...where };
  if (isHtmlType) return { html: hasElementChildren(node) ? inline(node, true) : textOf(node), ...where };
  if (type === 'text' || type === 'plain' || type === 'text/plain' || (flavour === 'atom' && type === '')) {
    return { text: textOf(node), ...where };
  }
  if (type !== '' && !type.startsWith('text/')) return undefined; // e.g. an image or binary payload
  // RSS says nothing: its elements carry escaped HTML, or (in broken feeds) raw inline markup.
  return { html: hasElementChildren(node) ? inline(node, true) : textOf(node), ...where };
}

/** Clean text of a body. RSS titles are plain text unless they visibly carry markup or entities. */
export function bodyText(body: Body | undefined): string | undefined {
  if (!body) return undefined;
  const value =
    body.html !== undefined ? htmlToText(body.html) : cleanText(body.text ?? '', { keepLines: true });
  return value === '' ? undefined : value;
}

export function titleText(body: Body | undefined): string | undefined {
  if (!body) return undefined;
  if (body.html !== undefined && !/[<&]/.test(body.html)) return cleanText(body.html) || undefined;
  const text = bodyText(body);
  return text === undefined ? undefined : cleanText(text) || undefined;
}
