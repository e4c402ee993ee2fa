/**
 * HTML (a fragment or a page) to clean text: block elements become paragraphs separated by one
 * blank line, `<br>` a line break, entities decoded, script/style dropped, whitespace collapsed,
 * Unicode NFC. A streaming tokenizer (htmlparser2) rather than a DOM: it is several times faster
 * and feeds carry thousands of small fragments.
 */
import { Parser } from 'htmlparser2';
import { cleanText } from './clean';

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

export function htmlToText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return cleanText(html);
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
        if (inIframe && text.includes('<')) text = htmlToText(text);
        // Newlines in source HTML are just spaces; only elements make line breaks. (cleanText
        // collapses the other spaces, so only the line breaks need replacing here.)
        out.push(text.includes('\n') || text.includes('\r') ? text.replace(/[\n\r]/g, ' ') : text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return cleanText(out.join(''), { keepLines: true });
}
