/**
 * Entity references in feed XML. XML itself knows five named entities; feeds also use HTML ones
 * (&nbsp;, &eacute;) without declaring them, and bare ampersands. Like feedparser, we decode the HTML
 * ones and keep a bare "&" as text, and say so in a warning, instead of rejecting the document.
 * Entities the document declares itself are expanded only when their value is plain text: a value
 * that refers to other entities is how "billion laughs" bombs are built, and external entities (XXE)
 * are never fetched.
 */
import { decodeHTMLStrict } from 'entities';
import { FeedError } from './errors';

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** HTML5 maps numeric references 0x80–0x9F to the windows-1252 characters people meant. */
export const CP1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const REF = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z_][\w.-]{0,40}))(;?)/g;

export interface EntityContext {
  declared: Map<string, string>;
  /** Characters that declared entities may still add; a flood of references cannot blow up memory. */
  budget: { left: number };
  warn(message: string): void;
}

function fromCodePoint(code: number, ctx: EntityContext): string {
  if (code >= 0x80 && code <= 0x9f) return CP1252[code - 0x80]!;
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    ctx.warn(`invalid character reference &#${code};`);
    return '\ufffd';
  }
  return String.fromCodePoint(code);
}

export function decodeEntities(text: string, ctx: EntityContext): string {
  if (!text.includes('&')) return text;
  let bare = false;
  const out = text.replace(REF, (whole, dec: string, hex: string, name: string, semi: string) => {
    if (dec !== undefined || hex !== undefined) {
      if (!semi) ctx.warn('character reference without ";"');
      return fromCodePoint(dec !== undefined ? Number(dec) : Number.parseInt(hex, 16), ctx);
    }
    if (semi) {
      const xml = XML_ENTITIES[name];
      if (xml !== undefined) return xml;
      const declared = ctx.declared.get(name);
      if (declared !== undefined) {
        ctx.budget.left -= declared.length;
        if (ctx.budget.left < 0) {
          throw new FeedError(
            'entity-expansion',
            'declared entities would expand the document too far; stopped',
          );
        }
        return declared;
      }
      const html = decodeHTMLStrict(whole);
      if (html !== whole) {
        ctx.warn(`undeclared entity &${name}; read as its HTML meaning`);
        return html;
      }
    }
    bare = true;
    return whole;
  });
  if (bare || /&(?![#A-Za-z_])/.test(text)) ctx.warn('bare "&" kept as text');
  return out;
}

export interface Doctype {
  /** The document without its DOCTYPE (htmlparser2 cannot read an internal subset). */
  text: string;
  name?: string;
  entities: Map<string, string>;
}

/**
 * Finds the DOCTYPE before the root element, reads its internal subset and refuses what could expand
 * or fetch: entity values that reference other entities, and SYSTEM/PUBLIC entities.
 */
export function readDoctype(text: string): Doctype {
  const entities = new Map<string, string>();
  // Walk the prolog (XML declaration, comments, processing instructions) to the DOCTYPE, if any, so
  // that "<!DOCTYPE" quoted in a comment or in the content is never mistaken for one.
  let start = 0;
  for (;;) {
    while (start < text.length && /\s/.test(text[start]!)) start++;
    if (text.startsWith('<?', start)) start = text.indexOf('?>', start) + 2;
    else if (text.startsWith('<!--', start)) start = text.indexOf('-->', start) + 3;
    else break;
    if (start < 2) return { text, entities };
  }
  if (!/^<!DOCTYPE/i.test(text.slice(start, start + 9))) return { text, entities };
  const open = text.indexOf('[', start);
  const close = text.indexOf('>', start);
  let end: number;
  if (open !== -1 && (close === -1 || open < close)) {
    const subsetEnd = text.indexOf(']', open);
    if (subsetEnd === -1) throw new FeedError('malformed-xml', 'the DOCTYPE internal subset is never closed');
    const subset = text.slice(open + 1, subsetEnd);
    for (const m of subset.matchAll(/<!ENTITY\s+(%\s*)?([\w.-]+)\s+([^>]*)>/g)) {
      const [, parameter, name, rest] = m;
      if (parameter || /^\s*(SYSTEM|PUBLIC)\b/.test(rest!)) {
        throw new FeedError(
          'entity-expansion',
          `the document declares an external or parameter entity (${name}); such entities are never loaded`,
        );
      }
      const value = /^\s*(?:"([^"]*)"|'([^']*)')/.exec(rest!);
      const v = value?.[1] ?? value?.[2] ?? '';
      if (v.includes('&') || v.includes('%')) {
        throw new FeedError(
          'entity-expansion',
          `the document declares an entity (${name}) that expands other entities, the pattern of an entity bomb; it was not expanded`,
        );
      }
      if (v.length > 10_000)
        throw new FeedError('entity-expansion', `the entity ${name} is suspiciously large`);
      entities.set(name!, v);
    }
    end = text.indexOf('>', subsetEnd);
  } else {
    end = close;
  }
  if (end === -1) throw new FeedError('malformed-xml', 'the DOCTYPE declaration is never closed');
  const name = /^<!DOCTYPE\s+([^\s[>]+)/i.exec(text.slice(start, start + 200))?.[1];
  return { text: text.slice(0, start) + text.slice(end + 1), name, entities };
}
