/**
 * One feed document (bytes or text, plus what HTTP said about it) → a ParsedFeed, or a FeedError that
 * says in plain words what the server sent instead. Synchronous and pure: no I/O, no clock.
 *
 * Pipeline: decode (BOM / HTTP charset / XML declaration / sniffing) → recognise what the document
 * is (empty, JSON, HTML, XML) → read the XML forgivingly → map RSS/RDF/Atom/CDF → clean, sanitize.
 */

import { decode } from '../text/decode';
import { htmlToText } from '../text/html-to-text';
import { canonicalUrl, type HttpsHosts, httpsHostsOf } from '../url';
import { FeedError } from './errors';
import { feedFormatOf, mapFeed } from './map-feed';
import type { ParsedFeed } from './types';
import { readXml } from './xml-tree';

export interface ParseFeedOptions {
  /**
   * The document's URL (after redirects): the last base for relative links. When it is https, its
   * host is known to serve https, so the items' http links to that same host are written https.
   */
  url?: string;
  /** More hosts known to serve https (the registry's https feed URLs); see lambdas/shared/url.ts. */
  httpsHosts?: HttpsHosts;
  contentType?: string;
  /** IANA zone for dates that carry none. */
  timezone?: string;
  /** The registry's locale (`en-US`): orders numeric dates when the feed declares no region. */
  locale?: string;
  /** Response headers; Content-Location, Content-Language and Content-Type are used. */
  headers?: Record<string, string>;
  /** Refuse larger documents (default 20 MB): a feed is not a data dump. */
  maxBytes?: number;
}

export const DEFAULT_MAX_FEED_BYTES = 20 * 1024 * 1024;

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

const shorten = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Says what the document is when it is not a feed, before any XML reading. */
function refuseNonFeed(text: string, contentType: string | undefined): void {
  const start = text.replace(/^\ufeff/, '').trimStart();
  if (start === '') throw new FeedError('empty-body', 'the server returned an empty body, not a feed');
  const first = start[0];
  if (first === '{' || first === '[') {
    let json = false;
    try {
      JSON.parse(start);
      json = true;
    } catch {
      json = /^\{\s*"/.test(start);
    }
    if (json) {
      const hint = /"version"\s*:\s*"https:\/\/jsonfeed\.org/.test(start.slice(0, 2000))
        ? ' (a JSON Feed)'
        : '';
      throw new FeedError('json-instead-of-feed', `the server returned JSON${hint}, not an RSS or Atom feed`);
    }
  }
  const head = start.slice(0, 2048).toLowerCase();
  if (
    /^(<!--[\s\S]*?-->\s*)*<!doctype\s+html/.test(head) ||
    /^(<!--[\s\S]*?-->\s*)*<(html|head|body)[\s>]/.test(head)
  ) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(start.slice(0, 65536))?.[1];
    const titleText = title === undefined ? '' : htmlToText(title);
    throw new FeedError(
      'html-instead-of-feed',
      `the server returned an HTML page, not a feed${titleText ? `: <title>${shorten(titleText)}</title>` : ''}`,
    );
  }
  if (first !== '<') {
    const what = contentType ? ` (${contentType.split(';')[0]!.trim()})` : '';
    throw new FeedError(
      'not-a-feed',
      `the document${what} is not XML: it starts with ${JSON.stringify(shorten(start, 40))}`,
    );
  }
}

export function parseFeed(input: Uint8Array | string, opts: ParseFeedOptions = {}): ParsedFeed {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FEED_BYTES;
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > maxBytes) {
    throw new FeedError(
      'too-large',
      `the document is ${size} bytes, more than the ${maxBytes} bytes a feed may have`,
    );
  }
  const contentType = opts.contentType ?? header(opts.headers, 'content-type');
  const decoded =
    typeof input === 'string'
      ? { text: input, encoding: 'utf-8' }
      : decode(input, { contentType, kind: 'xml' });
  refuseNonFeed(decoded.text, contentType);

  // Base for relative links: Content-Location (itself relative to the document URL), else the URL.
  const docUrl = opts.url === undefined ? undefined : canonicalUrl(opts.url);
  const location = header(opts.headers, 'content-location');
  const baseUrl = (location && canonicalUrl(location, docUrl)) || docUrl;
  // Content-Location is only a name the server gives the document: what was fetched is `opts.url`.
  const httpsHosts = httpsHostsOf([docUrl], opts.httpsHosts);

  const doc = readXml(decoded.text, { baseUrl });
  const warnings = [...doc.warnings];
  const root = doc.root;
  if (!root)
    throw new FeedError('malformed-xml', 'the document holds no XML element, so it cannot be a feed');
  if (/^(html|head|body)$/i.test(root.raw) || /^xhtml:/.test(root.name)) {
    throw new FeedError('html-instead-of-feed', 'the server returned an HTML page, not a feed');
  }
  if (!feedFormatOf(root)) {
    throw new FeedError(
      'not-a-feed',
      `the document is XML whose root element is <${root.raw}>, not <rss>, <feed> or <rdf:RDF>`,
    );
  }
  const { feed, items, cutItems } = mapFeed(root, {
    timezone: opts.timezone,
    locale: opts.locale,
    encoding: decoded.encoding,
    httpsHosts,
    contentLanguage: header(opts.headers, 'content-language'),
    warn: (message) => {
      if (warnings.length < 50 && !warnings.includes(message)) warnings.push(message);
    },
  });
  const wellFormed = doc.warnings.length === 0;
  if (!wellFormed && items.length === 0 && feed.title === undefined && feed.url === undefined) {
    throw new FeedError(
      'malformed-xml',
      `the feed is broken and nothing could be recovered: ${doc.warnings[0]}`,
    );
  }
  return { feed, items, wellFormed, warnings, ...(doc.truncated ? { truncated: { cutItems } } : {}) };
}
