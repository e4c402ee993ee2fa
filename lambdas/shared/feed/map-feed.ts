/**
 * The XML tree of an RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 or CDF document → FeedInfo + FeedItems.
 * One table of element preferences per field, so each format's quirks sit in one place.
 */
import { dateLocale } from '../dates/locale';
import { type ParsedDate, parseDate } from '../dates/parse-date';
import { cleanText } from '../text/clean';
import { canonicalUrl, type HttpsHosts } from '../url';
import { type Body, bodyOf, bodyText, titleText } from './content';
import { renderFeedHtml } from './sanitize';
import type { FeedFormat, FeedInfo, FeedItem } from './types';
import { childrenNamed, firstChild, textOf, type XNode } from './xml-tree';

export interface MapOptions {
  timezone?: string;
  encoding: string;
  /** Content-Language of the response, the last resort for the feed's language. */
  contentLanguage?: string;
  /** The registry's locale (`en-US`): its region orders numeric dates when the document names none. */
  locale?: string;
  /** Hosts known to serve https: their http links (items' and the feed's) are written https. */
  httpsHosts?: HttpsHosts;
  warn(message: string): void;
}

type Flavour = 'rss' | 'atom';

export function feedFormatOf(root: XNode): FeedFormat | 'cdf' | undefined {
  switch (root.name) {
    case 'rss':
      return 'rss';
    case 'rdf:rdf':
      return 'rdf';
    case 'atom:feed':
    case 'feed':
      return 'atom';
    case 'channel':
      return 'cdf';
    default:
      return undefined;
  }
}

const trimmed = (node: XNode | undefined): string | undefined => {
  const value = node ? textOf(node).trim() : '';
  return value === '' ? undefined : value;
};

function resolveId(value: string | undefined, base: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // An id that is already absolute is kept byte for byte (Atom ids are compared as strings); a
  // relative one is resolved only when it looks like a path, not an opaque token like "t3_42tizy".
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || base === undefined || !value.includes('/')) return value;
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}

/** The best Atom link: rel=alternate (or none), HTML first; else any link that is not self/edit. */
function atomLink(node: XNode, prefix: string): XNode | undefined {
  const links = childrenNamed(node, `${prefix}link`).filter((l) => l.attrs.href !== undefined);
  const rel = (l: XNode) => (l.attrs.rel ?? 'alternate').trim().toLowerCase();
  const alternates = links.filter((l) => rel(l) === 'alternate');
  return (
    alternates.find((l) => /html/i.test(l.attrs.type ?? 'text/html')) ??
    alternates[0] ??
    links.find((l) => !['self', 'edit', 'enclosure', 'replies', 'hub', 'next', 'previous'].includes(rel(l)))
  );
}

/** `locale` (the feed's or item's language) orders an ambiguous numeric date: en-US reads 7/11 as July. */
function parsedDateOf(
  node: XNode,
  names: string[],
  opts: MapOptions,
  where: string,
  locale?: string,
): ParsedDate | undefined {
  for (const name of names) {
    for (const child of childrenNamed(node, name)) {
      const value = textOf(child).trim();
      if (value === '') continue;
      const parsed = parseDate(value, { timezone: opts.timezone, locale });
      if (parsed) return parsed;
      opts.warn(`unreadable date ${JSON.stringify(value.slice(0, 60))} in ${where}`);
    }
  }
  return undefined;
}

function dateOf(node: XNode, names: string[], opts: MapOptions, where: string, locale?: string) {
  return parsedDateOf(node, names, opts, where, locale)?.iso;
}

function attrDate(node: XNode, opts: MapOptions, locale?: string): ParsedDate | undefined {
  const value = node.attrs.lastmod;
  return value ? parseDate(value, { timezone: opts.timezone, locale }) : undefined;
}

/** "jane@example.org (Jane Doe)" and "Jane Doe <jane@example.org>" are both Jane Doe. */
function personName(value: string): string {
  const text = cleanText(value);
  const paren = /^\S+@\S+\s*\((.+)\)$/.exec(text);
  if (paren) return paren[1]!.trim();
  const angle = /^(.+?)\s*<[^>]*@[^>]*>$/.exec(text);
  return angle ? angle[1]!.trim() : text;
}

function unique(values: Array<string | undefined>): string[] {
  const seen = new Set<string>();
  for (const v of values) if (v !== undefined && v !== '') seen.add(v);
  return [...seen];
}

function authorsOf(node: XNode, prefix: string): string[] {
  const names: Array<string | undefined> = [];
  for (const a of childrenNamed(node, `${prefix}author`)) {
    const name = trimmed(firstChild(a, `${prefix}name`)) ?? trimmed(firstChild(a, `${prefix}email`));
    names.push(name === undefined ? trimmed(a) && personName(textOf(a)) : cleanText(name));
  }
  for (const name of ['dc:creator', 'itunes:author', 'author']) {
    for (const c of childrenNamed(node, name))
      if (prefix === '' || name !== 'author') names.push(trimmed(c) && personName(textOf(c)));
  }
  return unique(names);
}

function categoriesOf(node: XNode, prefix: string): string[] {
  const values: Array<string | undefined> = [];
  for (const c of childrenNamed(node, `${prefix}category`)) {
    const label = c.attrs.label ?? c.attrs.term ?? textOf(c);
    values.push(cleanText(label));
  }
  if (prefix !== '') for (const c of childrenNamed(node, 'category')) values.push(cleanText(textOf(c)));
  for (const c of childrenNamed(node, 'dc:subject')) values.push(cleanText(textOf(c)));
  return unique(values);
}

function normalizeLanguage(value: string | undefined): string | undefined {
  const v = value?.trim().replace(/_/g, '-');
  return v === '' ? undefined : v;
}

interface Context {
  flavour: Flavour;
  prefix: string;
  base?: string;
  language?: string;
  opts: MapOptions;
}

const SUMMARY = ['description', 'summary', 'dc:description', 'abstract', 'itunes:summary'];
const CONTENT = ['content:encoded', 'content', 'xhtml:body', 'body', 'fullitem'];

function mapItem(item: XNode, ctx: Context, index: number): FeedItem {
  const p = ctx.prefix;
  const at = (names: string[]) => firstChild(item, ...names.map((n) => (n.includes(':') ? n : p + n)));
  const bodyFlavour = (n: XNode | undefined): Flavour => (n?.name.startsWith('atom:') ? 'atom' : ctx.flavour);
  const media = firstChild(item, 'media:group');
  const titleNode =
    at(['title']) ??
    firstChild(item, 'dc:title', 'media:title') ??
    (media && firstChild(media, 'media:title'));
  const summaryNode =
    at(SUMMARY) ?? firstChild(item, 'media:description') ?? (media && firstChild(media, 'media:description'));
  const contentNode = at(CONTENT);
  const summary: Body | undefined = bodyOf(summaryNode, bodyFlavour(summaryNode));
  const content: Body | undefined = bodyOf(contentNode, bodyFlavour(contentNode));
  const base = item.base ?? ctx.base;

  let rawUrl: string | undefined;
  let urlBase = base;
  // FeedBurner's origLink is the publisher's own URL; <link> is a tracking redirect to it.
  const link = firstChild(item, 'feedburner:origlink') ?? (p === '' ? firstChild(item, 'link') : undefined);
  if (link) rawUrl = trimmed(link) ?? link.attrs.href;
  if (rawUrl === undefined) {
    const alt = atomLink(item, p === '' ? 'atom:' : p);
    if (alt) [rawUrl, urlBase] = [alt.attrs.href, alt.base ?? ctx.base];
  }
  if (rawUrl === undefined && item.attrs.href) rawUrl = item.attrs.href; // CDF
  const guidNode = firstChild(item, 'guid', `${p}id`);
  let guid = resolveId(trimmed(guidNode), guidNode?.base ?? base) ?? item.attrs['rdf:about'];
  if (guid !== undefined && guidNode?.name === 'guid') guid = trimmed(guidNode);
  if (rawUrl === undefined && guidNode?.name === 'guid' && guidNode.attrs.ispermalink?.trim() !== 'false')
    rawUrl = guid;
  const url = rawUrl === undefined ? undefined : canonicalUrl(rawUrl, urlBase, ctx.opts);

  const rendered =
    content?.html !== undefined ? renderFeedHtml(content.html, content.base ?? base) : undefined;
  const contentHtml = rendered?.html;
  const contentText = rendered ? rendered.text || undefined : bodyText(content);
  const summaryText = bodyText(summary) ?? contentText;
  // The language of the headline (xml:lang on it or inherited), else of the body; xml:lang="" means unknown.
  const declared = (titleNode ?? contentNode ?? summaryNode ?? item).lang;
  const language =
    normalizeLanguage(trimmed(firstChild(item, 'dc:language'))) ??
    (declared === undefined ? ctx.language : normalizeLanguage(declared));
  const where = `item ${index + 1}`;
  const locale = dateLocale(language, ctx.opts.locale);
  const updated =
    parsedDateOf(item, [`${p}updated`, `${p}modified`, 'dcterms:modified'], ctx.opts, where, locale) ??
    attrDate(item, ctx.opts, locale);
  const published =
    parsedDateOf(
      item,
      [
        'pubdate',
        'dc:date',
        'dcterms:issued',
        'dcterms:created',
        `${p}published`,
        `${p}issued`,
        `${p}created`,
        'prism:publicationdate',
      ],
      ctx.opts,
      where,
      locale,
    ) ?? updated;

  const out: FeedItem = {
    guid,
    url,
    title: titleText(bodyOf(titleNode, bodyFlavour(titleNode))),
    summary: summaryText,
    contentText,
    contentHtml: contentHtml === '' ? undefined : contentHtml,
    authors: authorsOf(item, p),
    categories: categoriesOf(item, p),
    publishedAt: published?.iso,
    updatedAt: updated?.iso,
    language,
    // A bare day or month must not pass for midnight UTC downstream (normalization keeps it).
    datePrecision: published && published.precision !== 'time' ? published.precision : undefined,
  };
  for (const key of Object.keys(out) as Array<keyof FeedItem>) if (out[key] === undefined) delete out[key];
  return out;
}

export function mapFeed(
  root: XNode,
  opts: MapOptions,
): { feed: FeedInfo; items: FeedItem[]; cutItems: number } {
  const kind = feedFormatOf(root);
  if (!kind) throw new Error(`not a feed root: ${root.name}`);
  const flavour: Flavour = kind === 'atom' ? 'atom' : 'rss';
  const prefix = kind === 'atom' ? (root.name === 'feed' ? '' : 'atom:') : '';
  const channel = kind === 'atom' || kind === 'cdf' ? root : (firstChild(root, 'channel') ?? root);
  const at = (...names: string[]) =>
    firstChild(channel, ...names.map((n) => (n.includes(':') ? n : prefix + n)));

  // The feed's own link: for RSS the <link> text, for Atom the alternate link, for CDF its HREF.
  let rawLink: string | undefined;
  let linkBase = channel.base;
  if (flavour === 'rss') rawLink = trimmed(firstChild(channel, 'link')) ?? channel.attrs.href;
  if (rawLink === undefined) {
    const alt = atomLink(channel, flavour === 'rss' ? 'atom:' : prefix);
    if (alt) [rawLink, linkBase] = [alt.attrs.href, alt.base];
  }
  const feedUrl = rawLink === undefined ? undefined : canonicalUrl(rawLink, linkBase, opts);

  const titleNode = at('title') ?? firstChild(channel, 'dc:title');
  // As for items: the language of the feed's title, else of its other text, else of the document.
  const textNode = titleNode ?? at('subtitle', 'tagline') ?? at('rights', 'copyright') ?? at('info');
  const declared = (textNode ?? channel).lang;
  const language =
    normalizeLanguage(trimmed(firstChild(channel, 'language', 'dc:language'))) ??
    (declared === undefined
      ? normalizeLanguage(opts.contentLanguage?.split(',')[0])
      : normalizeLanguage(declared));

  const ctx: Context = { flavour, prefix, base: feedUrl, language, opts };
  const feedLocale = dateLocale(language, opts.locale);
  const itemNodes =
    kind === 'atom'
      ? childrenNamed(root, `${prefix}entry`)
      : kind === 'rdf'
        ? [...childrenNamed(root, 'item'), ...childrenNamed(channel, 'item')]
        : [...childrenNamed(channel, 'item'), ...(channel === root ? [] : childrenNamed(root, 'item'))];
  if (kind === 'cdf')
    for (const sub of childrenNamed(channel, 'channel')) itemNodes.push(...childrenNamed(sub, 'item'));
  // Every item is kept, even one with nothing to identify it: dropping is the caller's decision.
  const items = itemNodes.map((node, index) => mapItem(node, ctx, index));

  const ttl = Number.parseInt(trimmed(firstChild(channel, 'ttl')) ?? '', 10);
  const feed: FeedInfo = {
    title: titleText(bodyOf(titleNode, titleNode?.name.startsWith('atom:') ? 'atom' : flavour)),
    url: feedUrl,
    language,
    format: kind === 'cdf' ? 'cdf' : kind,
    encoding: opts.encoding,
    updatedAt:
      dateOf(
        channel,
        ['lastbuilddate', 'dc:date', 'dcterms:modified', `${prefix}updated`, `${prefix}modified`],
        opts,
        'the feed',
        feedLocale,
      ) ?? attrDate(channel, opts, feedLocale)?.iso,
    publishedAt: dateOf(
      channel,
      ['pubdate', 'dcterms:issued', `${prefix}published`, `${prefix}issued`],
      opts,
      'the feed',
      feedLocale,
    ),
    ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : undefined,
  };
  for (const key of Object.keys(feed) as Array<keyof FeedInfo>) if (feed[key] === undefined) delete feed[key];
  return { feed, items, cutItems: itemNodes.filter((n) => n.cut).length };
}
