/**
 * A small, forgiving XML reader for feeds: htmlparser2's tokenizer in XML mode (fast, never throws)
 * builds a light tree with namespaces resolved to canonical prefixes ("dc:creator" whatever prefix
 * the document chose), xml:base and xml:lang inherited, and entities decoded by our own rules.
 * Everything that was not well formed is recorded in `warnings` rather than rejected, the way
 * feedparser's "bozo" flag works.
 */
import { Parser } from 'htmlparser2';
import { VOID_ELEMENTS } from '../text/html-void';
import { CP1252, decodeEntities, type EntityContext, readDoctype } from './entities';

export interface XNode {
  /** Canonical name: "title", "dc:creator", "atom:link", "rdf:rdf"; local part lower-cased. */
  name: string;
  /** The name as written, kept to re-serialize inline XHTML. */
  raw: string;
  /** Canonical attribute names ("href", "xml:base", "rdf:about") → decoded values. */
  attrs: Record<string, string>;
  children: Array<XNode | string>;
  /** Absolute base URL in effect (xml:base chain over the document's base), if known. */
  base?: string;
  /** xml:lang in effect. */
  lang?: string;
  /** True when the document ended before this element was closed (a truncated document). */
  cut?: boolean;
}

export interface XmlDocument {
  root?: XNode;
  doctype?: string;
  warnings: string[];
  /** The document ended inside its root element: cut off in transfer or by the server. */
  truncated: boolean;
}

export const ATOM_10 = 'http://www.w3.org/2005/Atom';
export const ATOM_03 = 'http://purl.org/atom/ns#';

const PREFIXES: Record<string, string> = {
  [ATOM_10]: 'atom',
  [ATOM_03]: 'atom',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/XML/1998/namespace': 'xml',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://purl.org/rss/1.0/modules/slash/': 'slash',
  'http://prismstandard.org/namespaces/basic/2.0/': 'prism',
};

type NsMap = Record<string, string | undefined>;

function canonicalName(raw: string, ns: NsMap, isAttr: boolean): string {
  const colon = raw.indexOf(':');
  const prefix = colon === -1 ? undefined : raw.slice(0, colon);
  const local = (colon === -1 ? raw : raw.slice(colon + 1)).toLowerCase();
  if (prefix === 'xml') return `xml:${local}`;
  // Unprefixed attributes belong to no namespace, whatever the default namespace is.
  if (prefix === undefined && isAttr) return local;
  const uri = ns[prefix ?? ''];
  const canon = uri === undefined ? (prefix ?? '') : (PREFIXES[uri] ?? prefix ?? '');
  return canon === '' ? local : `${canon}:${local}`;
}

function resolve(href: string, base: string | undefined): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

const MAX_DEPTH = 256;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const C1 = /[\u0080-\u009F]/g;

export function readXml(input: string, opts: { baseUrl?: string } = {}): XmlDocument {
  const warnings = new Set<string>();
  const warn = (message: string) => warnings.add(message);
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (CONTROL.test(text)) {
    warn('control characters removed');
    text = text.replace(CONTROL, '');
  }
  // C1 controls in text are windows-1252 punctuation decoded as Latin-1 somewhere upstream.
  if (C1.test(text)) {
    warn('windows-1252 characters read from C1 control codes');
    text = text.replace(C1, (c) => CP1252[c.charCodeAt(0) - 0x80]!);
  }
  const doctype = readDoctype(text);
  text = doctype.text;
  const ctx: EntityContext = { declared: doctype.entities, budget: { left: 1_000_000 }, warn };

  const rootHolder: XNode = { name: '#document', raw: '', attrs: {}, children: [], base: opts.baseUrl };
  const stack: Array<{ node: XNode; ns: NsMap }> = [{ node: rootHolder, ns: {} }];
  let inCdata = false;
  let justOpened: string | undefined;
  let ending = false;
  let truncated = false;
  let root: XNode | undefined;
  let flattened = 0;

  const parser = new Parser(
    {
      onopentag(raw, rawAttrs) {
        justOpened = raw;
        // No feed nests hundreds of elements; flattening what is deeper keeps every later step
        // (serializing, text extraction) far from the call-stack limit.
        if (stack.length > MAX_DEPTH) {
          flattened++;
          warn(`elements nested more than ${MAX_DEPTH} levels deep were flattened`);
          return;
        }
        const parent = stack[stack.length - 1]!;
        let ns = parent.ns;
        for (const key in rawAttrs) {
          if (key === 'xmlns' || key.startsWith('xmlns:')) {
            if (ns === parent.ns) ns = { ...parent.ns };
            ns[key === 'xmlns' ? '' : key.slice(6)] = decodeEntities(rawAttrs[key]!, ctx).trim();
          }
        }
        // A bare <feed> root without a namespace is still Atom (0.3 era feeds often omit it).
        if (stack.length === 1 && raw.toLowerCase() === 'feed' && ns[''] === undefined)
          ns = { ...ns, '': ATOM_03 };
        const attrs: Record<string, string> = {};
        for (const key in rawAttrs) {
          if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
          attrs[canonicalName(key, ns, true)] = decodeEntities(rawAttrs[key]!, ctx);
        }
        const xmlBase = attrs['xml:base'];
        const node: XNode = {
          name: canonicalName(raw, ns, false),
          raw,
          attrs,
          children: [],
          base:
            xmlBase === undefined
              ? parent.node.base
              : (resolve(xmlBase.trim(), parent.node.base) ?? parent.node.base),
          lang: attrs['xml:lang'] ?? parent.node.lang,
        };
        if (stack.length === 1) {
          if (root) warn('more than one root element; the first one was read');
          root ??= node;
        }
        parent.node.children.push(node);
        stack.push({ node, ns });
      },
      onclosetag(raw, isImplied) {
        if (flattened > 0) {
          flattened--;
          return;
        }
        if (isImplied && justOpened !== raw) {
          warn(
            ending ? `<${raw}> is never closed (truncated document?)` : `</${raw}> is missing or misplaced`,
          );
        }
        justOpened = undefined;
        if (ending && isImplied && stack.length > 1) {
          stack[stack.length - 1]!.node.cut = true;
          truncated = true;
        }
        if (stack.length > 1) stack.pop();
      },
      ontext(data) {
        justOpened = undefined;
        const value = inCdata ? data : decodeEntities(data, ctx);
        const children = stack[stack.length - 1]!.node.children;
        const last = children[children.length - 1];
        if (typeof last === 'string') children[children.length - 1] = last + value;
        else children.push(value);
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  ending = true;
  parser.end();
  return { root, doctype: doctype.name, warnings: [...warnings], truncated };
}

/** Children of `node` with the given canonical name. */
export function childrenNamed(node: XNode, name: string): XNode[] {
  const out: XNode[] = [];
  for (const child of node.children) if (typeof child !== 'string' && child.name === name) out.push(child);
  return out;
}

/** First child with one of the names, in the order of the names (a preference list). */
export function firstChild(node: XNode, ...names: string[]): XNode | undefined {
  for (const name of names) {
    for (const child of node.children) if (typeof child !== 'string' && child.name === name) return child;
  }
  return undefined;
}

/** All text below the node, markup removed. */
export function textOf(node: XNode): string {
  let out = '';
  for (const child of node.children) out += typeof child === 'string' ? child : textOf(child);
  return out;
}

export function hasElementChildren(node: XNode): boolean {
  return node.children.some((c) => typeof c !== 'string');
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/**
 * Inline markup (Atom xhtml content, HTML pasted unescaped into RSS) back to an HTML string, with
 * href/src resolved against the xml:base in effect on each element (it can change inside content).
 * `textIsHtml`: in RSS the text between pasted tags is itself HTML source (often escaped once more),
 * while in XHTML it is text and must be escaped again.
 */
export function innerMarkup(node: XNode, textIsHtml = false): string {
  let out = '';
  for (const child of node.children) {
    if (typeof child === 'string') {
      out += textIsHtml ? child : escapeText(child);
      continue;
    }
    const colon = child.raw.indexOf(':');
    const tag = colon === -1 ? child.raw : child.raw.slice(colon + 1);
    let attrs = '';
    for (const [k, v] of Object.entries(child.attrs)) {
      if (k.startsWith('xml:')) continue;
      const value = (k === 'href' || k === 'src') && child.base ? (resolve(v.trim(), child.base) ?? v) : v;
      attrs += ` ${k}="${escapeAttr(value)}"`;
    }
    out += VOID_ELEMENTS.has(tag.toLowerCase())
      ? `<${tag}${attrs}>`
      : `<${tag}${attrs}>${innerMarkup(child, textIsHtml)}</${tag}>`;
  }
  return out;
}
