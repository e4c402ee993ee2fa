/**
 * What an article page says about itself outside its text: title, authors, dates, language,
 * canonical URL, section. Sources, most trusted first: JSON-LD (schema.org NewsArticle & co.,
 * including `@graph`), meta tags (Open Graph, article:*, Dublin Core, Parse.ly, Sailthru, …),
 * microdata, `<time datetime>`, the URL (/2022/11/09/), and dates written in the page's language.
 */
import { doubleDateParts } from '../dates/local-forms';
import { dateLocale, withRegionFrom } from '../dates/locale';
import { type ParseDateOptions, type ParsedDate, parseDate } from '../dates/parse-date';
import { cleanText } from '../text/clean';
import type { DomDocument } from './dom';

export interface PageMetadata {
  title?: string;
  authors: string[];
  publishedAt?: ParsedDate;
  updatedAt?: ParsedDate;
  /** Primary tag the page declares (`<html lang>`, content-language, og:locale). */
  language?: string;
  canonicalUrl?: string;
  description?: string;
  section?: string;
  keywords: string[];
  siteName?: string;
}

type Json = Record<string, unknown>;

const ARTICLE_TYPES = /(Article|BlogPosting|Report|PressRelease|WebPage|LiveBlogPosting)$/;

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function names(v: unknown): string[] {
  const out: string[] = [];
  for (const a of asArray(v)) {
    const n = typeof a === 'string' ? a : str((a as Json | null)?.name);
    if (n) out.push(cleanText(n));
  }
  return out;
}

/** All JSON-LD objects of the page, `@graph` members flattened; broken blocks are skipped. */
function jsonLdObjects(doc: DomDocument): Json[] {
  const out: Json[] = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let parsed: unknown;
    try {
      // Some CMSs wrap the JSON in CDATA or leave trailing commas; strip what is safe to strip.
      parsed = JSON.parse((script.textContent ?? '').replace(/^\s*\/\/<!\[CDATA\[|\/\/\]\]>\s*$/g, ''));
    } catch {
      continue;
    }
    const stack = asArray(parsed);
    while (stack.length > 0) {
      const o = stack.shift();
      if (!o || typeof o !== 'object') continue;
      out.push(o as Json);
      stack.push(...asArray((o as Json)['@graph']));
    }
  }
  return out;
}

function articleLd(objects: Json[]): Json | undefined {
  const typed = objects.filter((o) =>
    asArray(o['@type']).some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t)),
  );
  // A real article type beats WebPage, which many sites put around everything.
  return (
    typed.find((o) => asArray(o['@type']).some((t) => typeof t === 'string' && !/WebPage$/.test(t))) ??
    typed[0]
  );
}

function metaMap(doc: DomDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of doc.querySelectorAll('meta')) {
    const key = (
      m.getAttribute('property') ??
      m.getAttribute('name') ??
      m.getAttribute('itemprop') ??
      m.getAttribute('http-equiv')
    )
      ?.trim()
      .toLowerCase();
    const content = m.getAttribute('content')?.trim();
    if (key && content && !out.has(key)) out.set(key, content);
  }
  return out;
}

const PUBLISHED_META = [
  'article:published_time',
  'og:published_time',
  'og:article:published_time',
  'datepublished',
  'parsely-pub-date',
  'sailthru.date',
  'dc.date.issued',
  'dc.date',
  'dcterms.issued',
  'dcterms.created',
  'dcterms.date',
  'dc.date.created',
  'article.published',
  'published_time',
  'publish-date',
  'publish_date',
  'publishdate',
  'pubdate',
  'date',
  'citation_publication_date',
  'cxenseparse:recs:publishtime',
];
const UPDATED_META = [
  'article:modified_time',
  'og:updated_time',
  'datemodified',
  'dcterms.modified',
  'last-modified',
];

function firstDate(values: Array<string | undefined>, opts: ParseDateOptions): ParsedDate | undefined {
  for (const v of values) {
    const d = v ? parseDate(v, opts) : undefined;
    if (d) return d;
  }
  return undefined;
}

/** /2022/11/09/, /2022-11-09/, /20221109/ in the path. */
export function dateFromUrl(url: string | undefined): ParsedDate | undefined {
  if (!url) return undefined;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m =
    /\/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/._-]|$)/.exec(path) ??
    /[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/._-]|$)/.exec(path);
  if (!m) return undefined;
  return parseDate(`${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`);
}

const DATE_CLASS =
  /(^|[\s_-])(date|time|published|pubdate|posted|timestamp|meta|dateline|byline|article-info|post-info|entry-date|datetime|tarih|дата)/i;

/** A date written in the page's visible text, near the top, in whatever language the page uses. */
function visibleDate(doc: DomDocument, opts: ParseDateOptions): ParsedDate | undefined {
  const root = doc.querySelector('article') ?? doc.querySelector('main') ?? doc.body;
  if (!root) return undefined;
  for (const el of root.querySelectorAll('[class], [id]')) {
    const label = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!DATE_CLASS.test(label)) continue;
    const text = cleanText(el.textContent ?? '');
    if (text === '' || text.length > 120) continue;
    const d = parseDate(text, opts) ?? dateInside(text, opts);
    if (d) return d;
  }
  return undefined;
}

/**
 * A number alone in running text is a count, a year or an id, never a publication date, although
 * parseDate reads "2022" as a year and "1795000000" as Unix time when asked about it alone.
 */
const BARE_NUMBER = /^[\d٠-٩۰-۹๐-๙０-９]+$/;

/** A date inside a short line such as "Published: 9 November 2022, 14:05 | Diplomacy". */
function dateInside(text: string, opts: ParseDateOptions): ParsedDate | undefined {
  // A double date in a line ("صدر في 15 جمادى الأولى 1448هـ الموافق 26 نوفمبر 2026م"): the half after
  // the connector, usually the Gregorian one, first, as parseDate keeps it from a whole one.
  const halves = doubleDateParts(text);
  const second = halves ? dateInside(halves[1], opts) : undefined;
  if (second) return second;
  // Separators that surround a date in a dateline; "1,204" (no space) is not split.
  const pieces = text.split(/\s*[|•·]\s*|[,،]\s+|\s+[-–—]\s+|:\s+(?=[\d٠-٩۰-۹๐-๙])/u);
  for (const piece of [
    text.replace(
      /^[^\d\p{L}]*(published|posted|updated|date|yayın(lanma)? tarihi|опубликовано|дата|publié le|veröffentlicht( am)?|publicado( el)?|تاریخ انتشار|تاريخ النشر|نُ?شر (في|بتاريخ)|ngày đăng|cập nhật|เผยแพร่(เมื่อ)?)[:\s]*/iu,
      '',
    ),
    ...pieces,
  ]) {
    const d = BARE_NUMBER.test(piece) ? undefined : parseDate(piece, opts);
    if (d) return d;
  }
  // "Wednesday, 9 November 2022 14:05": try progressively shorter tails and heads.
  const words = text.split(/\s+/);
  for (let len = Math.min(6, words.length); len >= 1; len--) {
    for (let i = 0; i + len <= words.length; i++) {
      const span = words
        .slice(i, i + len)
        .join(' ')
        .replace(/[,|]$/, '');
      const d = BARE_NUMBER.test(span) ? undefined : parseDate(span, opts);
      if (d) return d;
    }
  }
  return undefined;
}

/** Ministries often put the date in the headline: "No: 12, 12 January 2024, Press Release …". */
function headlineDate(doc: DomDocument, opts: ParseDateOptions): ParsedDate | undefined {
  for (const el of [doc.querySelector('h1'), doc.querySelector('h2'), doc.querySelector('title')]) {
    const text = cleanText(el?.textContent ?? '');
    if (text === '' || text.length > 300) continue;
    for (const piece of text.split(/,\s+|\s+[-–—|/]\s+/u)) {
      const d = piece.length <= 40 && !BARE_NUMBER.test(piece) ? parseDate(piece, opts) : undefined;
      if (d) return d;
    }
  }
  return undefined;
}

/**
 * A line that is nothing but a date, just below (or above) the headline: ministries often print
 * "令和4年11月9日" or "9 November 2022" in a paragraph of its own there, with no date class.
 * Only a short element whose whole text is a date counts, so numbers in the text are never read.
 */
function dateNearHeadline(doc: DomDocument, opts: ParseDateOptions): ParsedDate | undefined {
  const blocks = [...doc.querySelectorAll('h1, h2, p, div, span, time, small, li, h3, h4, h5, h6')];
  const headline = blocks.findIndex((el) => el.tagName === 'H1');
  if (headline < 0) return undefined;
  const near = [
    ...blocks.slice(headline + 1, headline + 9),
    ...blocks.slice(Math.max(0, headline - 3), headline),
  ];
  for (const el of near) {
    const text = cleanText(el.textContent ?? '');
    if (text === '' || text.length > 40 || !/[\d٠-٩۰-۹๐-๙０-９]/.test(text) || BARE_NUMBER.test(text))
      continue;
    const d = parseDate(text.replace(/^[(（[]|[)）\]]$/g, ''), opts);
    if (d) return d;
  }
  return undefined;
}

function timeElementDate(doc: DomDocument, opts: ParseDateOptions): ParsedDate | undefined {
  const preferred = doc.querySelector('[itemprop="datePublished"]');
  const candidates = [
    preferred,
    ...doc.querySelectorAll('article time[datetime], time[pubdate], time[datetime]'),
  ];
  for (const el of candidates) {
    if (!el) continue;
    const value = el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.textContent ?? '';
    const d = parseDate(value, opts);
    if (d) return d;
  }
  return undefined;
}

/** The language tag the page declares, as written (`en-US`, `fa`, `en_GB`), first of a list. */
function declaredTag(doc: DomDocument, meta: Map<string, string>): string | undefined {
  const raw =
    doc.documentElement?.getAttribute('lang') ??
    doc.documentElement?.getAttribute('xml:lang') ??
    meta.get('content-language') ??
    meta.get('dc.language') ??
    meta.get('language') ??
    meta.get('og:locale');
  return raw?.trim().split(/[,\s]/)[0] || undefined;
}

function languageOf(tag: string | undefined): string | undefined {
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/**
 * The locale the page's dates are read in: the page's own tag, with og:locale's region (`en_US`) when
 * the tag names none; the caller's (the feed's language in its source's country, `en-US`) decides the
 * region when it names one, as for feeds (dates/locale.ts).
 */
function dateLocaleOf(tag: string | undefined, meta: Map<string, string>, fallback: string | undefined) {
  const og = meta.get('og:locale')?.trim();
  return dateLocale(withRegionFrom(tag, og && og !== tag ? og : undefined), fallback);
}

export function readPageMetadata(
  doc: DomDocument,
  opts: {
    url?: string;
    timezone?: string;
    /** The feed's language and region (`fa`, `en-US`), for a page that declares none. */
    locale?: string;
  } = {},
): PageMetadata {
  const meta = metaMap(doc);
  const tag = declaredTag(doc, meta);
  const locale = dateLocaleOf(tag, meta, opts.locale);
  // Every date below is read in the page's zone (the feed's) and locale, which orders a numeric date
  // (7/11/2022 is 11 July on an en-US page) and names its calendar (1405/09/05 on a Persian page).
  const dates: ParseDateOptions = {
    ...(opts.timezone ? { timezone: opts.timezone } : {}),
    ...(locale ? { locale } : {}),
  };
  const ld = articleLd(jsonLdObjects(doc));
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta.get('og:url');
  const url = canonical ?? opts.url;
  const h1 = doc.querySelector('article h1, main h1, h1');
  const title =
    str(ld?.headline) ??
    meta.get('og:title') ??
    meta.get('twitter:title') ??
    h1?.textContent ??
    doc.querySelector('title')?.textContent ??
    undefined;
  const authors = names(ld?.author);
  if (authors.length === 0) {
    const a =
      meta.get('author') ??
      meta.get('article:author') ??
      meta.get('parsely-author') ??
      meta.get('sailthru.author') ??
      meta.get('dc.creator');
    if (a && !/^https?:/.test(a)) authors.push(cleanText(a));
  }
  const publishedAt =
    firstDate(
      [str(ld?.datePublished), ...PUBLISHED_META.map((k) => meta.get(k)), str(ld?.dateCreated)],
      dates,
    ) ??
    timeElementDate(doc, dates) ??
    dateFromUrl(opts.url ?? url) ??
    visibleDate(doc, dates) ??
    headlineDate(doc, dates) ??
    dateNearHeadline(doc, dates);
  const updatedAt = firstDate([str(ld?.dateModified), ...UPDATED_META.map((k) => meta.get(k))], dates);
  const keywords = (meta.get('keywords') ?? meta.get('news_keywords') ?? '')
    .split(',')
    .map((k) => cleanText(k))
    .filter((k) => k !== '');
  const out: PageMetadata = { authors, keywords };
  if (title) out.title = cleanText(title);
  if (publishedAt) out.publishedAt = publishedAt;
  if (updatedAt) out.updatedAt = updatedAt;
  const language = languageOf(tag);
  if (language) out.language = language;
  if (canonical) out.canonicalUrl = canonical;
  const description = str(ld?.description) ?? meta.get('og:description') ?? meta.get('description');
  if (description) out.description = cleanText(description);
  const section = str(ld?.articleSection) ?? meta.get('article:section') ?? meta.get('parsely-section');
  if (section) out.section = cleanText(section);
  const siteName = meta.get('og:site_name') ?? str((ld?.publisher as Json | undefined)?.name);
  if (siteName) out.siteName = cleanText(siteName);
  return out;
}
