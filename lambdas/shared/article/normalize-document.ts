/**
 * One raw document to one ArticleRecord (version 1). Three kinds of input, told apart by the
 * content type and, when that is missing or generic, by sniffing the bytes:
 *  - a feed item: JSON of a FeedItem, or `{ "item": FeedItem, "html": "<page>" }` when the
 *    archiver stored the item together with its fetched page;
 *  - an article page: HTML, through extract.ts;
 *  - a plain-text document: optional `date YYYY-MM[-DD]` head, then the text.
 * A pure function of its input and the clock: the same bytes give the same record, field for
 * field, except `ingestedAt`.
 *
 * Page extraction (Readability over linkedom, ~80 ms of a cold start) is not imported here: feed items,
 * plain text and most invocations never need it. `normalize.ts` registers it for every synchronous
 * caller (CLI, bench, tests, local tools); normalize-article calls `normalizeLoadingOnDemand`, which
 * loads it the first time a page needs it (a separate chunk in the deployed bundle).
 */
import { hash } from 'node:crypto';
import { ARTICLE_RECORD_VERSION, type ArticleRecord, type DatePrecision, type TitleSource } from '../article';
import { dateLocale, registryLocale } from '../dates/locale';
import { type ParsedDate, parseDate } from '../dates/parse-date';
import type { FeedItem } from '../feed/types';
import { LazyPart, withLazyParts } from '../lazy-part';
import type { Clock } from '../ports';
import { cleanText } from '../text/clean';
import { decode } from '../text/decode-core';
import { htmlToText } from '../text/html-to-text';
import { canonicalUrl } from '../url';
import { findCountries } from './countries';
import type { ExtractedPage, extractPage as ExtractPage } from './extract';
import { resolveLanguage } from './language';
import { parsePlainText } from './plain-text';
import { articleIdFor, contentHashOf, countWords, deriveTitle, summarize } from './record-fields';

export { articleIdFor, contentHashOf } from './record-fields';

/** Page extraction (Readability + linkedom): loaded with the first page, see the header. */
export const pageExtraction = new LazyPart<typeof ExtractPage>('page extraction', async () => {
  return (await import('./extract')).extractPage;
});

function extractPage(...args: Parameters<typeof ExtractPage>): ReturnType<typeof ExtractPage> {
  return pageExtraction.get()(...args);
}

export interface NormalizeInput {
  bytes: Uint8Array;
  contentType?: string;
  url?: string;
  sourceId: string;
  feedId?: string;
  sourceCountry?: string;
  declaredLanguage?: string;
  timezone?: string;
  rawKey?: string;
  fetchedAt?: string;
  /** The feed item that led to this document (title, date, guid travel with it). */
  feedItem?: FeedItem;
}

export type DocumentKind = 'feed-item' | 'html' | 'text';

/** Bad input: the message says what is wrong with the document, for a person to read. */
export class NormalizeError extends Error {
  constructor(
    message: string,
    readonly code:
      | 'empty-document'
      | 'no-text'
      | 'bad-feed-item'
      | 'bad-input'
      | 'not-text'
      | 'feed-document',
  ) {
    super(message);
    this.name = 'NormalizeError';
  }
}

/** Decides the kind from the content type, falling back to the first characters of the text. */
export function documentKind(text: string, contentType?: string): DocumentKind {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) return 'feed-item';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  const head = text.slice(0, 1024).trimStart().toLowerCase();
  if (head.startsWith('{')) return 'feed-item';
  if (/^(<!doctype html|<html|<head|<body|<!--|<meta|<article|<div|<p[\s>])/.test(head)) return 'html';
  // text/plain, octet-stream or nothing: a page saved without a type still starts with markup.
  if (type !== 'text/plain' && /<(p|div|article|body)[\s>]/i.test(head)) return 'html';
  return 'text';
}

interface Parts {
  text: string;
  title?: string;
  titleSource?: TitleSource;
  published?: ParsedDate;
  updated?: ParsedDate;
  declaredLanguage?: string;
  url?: string;
  guid?: string;
  authors: string[];
  categories: string[];
  summary?: string;
}

/** The JSON value, or the parse error for parseFeedItemJson to report. */
type JsonParse = { ok: true; value: unknown } | { ok: false; error: Error };

function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: err as Error };
  }
}

function parseFeedItemJson(json: JsonParse): { item: FeedItem; html?: string } {
  if (!json.ok) {
    throw new NormalizeError(`feed item is not valid JSON: ${json.error.message}`, 'bad-feed-item');
  }
  const parsed = json.value;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new NormalizeError(
      'feed item JSON must be an object (a FeedItem, or {"item": FeedItem, "html": "…"})',
      'bad-feed-item',
    );
  }
  const o = parsed as Record<string, unknown>;
  const item = (o.item && typeof o.item === 'object' ? o.item : o) as Record<string, unknown>;
  for (const key of [
    'guid',
    'url',
    'title',
    'summary',
    'contentText',
    'contentHtml',
    'publishedAt',
    'updatedAt',
    'language',
  ]) {
    if (item[key] !== undefined && typeof item[key] !== 'string') {
      throw new NormalizeError(
        `feed item field "${key}" must be a string, got ${typeof item[key]}`,
        'bad-feed-item',
      );
    }
  }
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const feedItem = {
    ...(item as unknown as FeedItem),
    authors: strings(item.authors),
    categories: strings(item.categories),
  };
  const html = typeof o.html === 'string' ? o.html : undefined;
  return html === undefined ? { item: feedItem } : { item: feedItem, html };
}

function fromPage(page: ExtractedPage): Parts {
  const parts: Parts = { text: page.text, authors: page.authors, categories: page.categories };
  if (page.title) {
    parts.title = page.title;
    parts.titleSource = 'page';
  }
  if (page.publishedAt) parts.published = page.publishedAt;
  if (page.updatedAt) parts.updated = page.updatedAt;
  if (page.language) parts.declaredLanguage = page.language;
  if (page.canonicalUrl) parts.url = page.canonicalUrl;
  if (page.description) parts.summary = page.description;
  return parts;
}

const PRECISION_RANK: Record<ParsedDate['precision'], number> = { month: 0, day: 1, time: 2 };

/**
 * The publication date from the feed and from the page: the more precise one (a feed's 13:20Z
 * beats the page's "24 Kasım 2026"; a page's JSON-LD time beats a feed's bare day), the feed's
 * when both are equally precise, since it is what the publisher syndicated.
 */
export function preciserDate(
  feed: ParsedDate | undefined,
  page: ParsedDate | undefined,
): ParsedDate | undefined {
  if (!feed || !page) return feed ?? page;
  return PRECISION_RANK[page.precision] > PRECISION_RANK[feed.precision] ? page : feed;
}

/** Feed item fields win over what the page says (they are what the publisher syndicated). */
function mergeItem(parts: Parts, item: FeedItem, timezone?: string, locale?: string): Parts {
  const out: Parts = { ...parts };
  if (item.title?.trim()) {
    out.title = cleanText(item.title);
    out.titleSource = 'feed';
  }
  let published = item.publishedAt ? parseDate(item.publishedAt, { timezone, locale }) : undefined;
  // The feed said only a day (or month): its ISO form's 00:00Z is not a time.
  if (published && (item.datePrecision === 'day' || item.datePrecision === 'month'))
    published = { ...published, precision: item.datePrecision };
  const date = preciserDate(published, parts.published);
  if (date) out.published = date;
  const updated = item.updatedAt ? parseDate(item.updatedAt, { timezone, locale }) : undefined;
  if (updated) out.updated = updated;
  if (item.language) out.declaredLanguage = item.language;
  if (item.url) out.url = item.url;
  if (item.guid) out.guid = item.guid;
  if (item.authors.length > 0) out.authors = item.authors.map((a) => cleanText(a));
  if (item.categories.length > 0) out.categories = item.categories.map((c) => cleanText(c));
  if (item.summary?.trim()) out.summary = htmlToText(item.summary).replace(/\n+/g, ' ');
  if (out.text === '') {
    out.text = item.contentHtml
      ? htmlToText(item.contentHtml)
      : cleanText(item.contentText ?? '', { keepLines: true });
  }
  if (out.text === '' && item.summary) out.text = htmlToText(item.summary);
  return out;
}

/** An RSS, RDF or Atom document: its root element after an optional declaration and comments. */
const FEED_DOCUMENT =
  /^\uFEFF?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b/i;

/**
 * Text has no NUL and almost no other C0 controls; random or binary bytes have about one in eight
 * whatever charset they are decoded with. Looks at the first 8,192 characters only.
 */
function looksBinary(text: string): boolean {
  const end = Math.min(text.length, 8192);
  let controls = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) controls++;
  }
  return controls > end * 0.02;
}

function partsOf(input: NormalizeInput): Parts {
  if (input.bytes.length === 0) throw new NormalizeError('the document is empty (0 bytes)', 'empty-document');
  // One decode of the whole document: a prefix could end inside a UTF-8 sequence and send the
  // decoder to charset sniffing. JSON carries no charset declaration, so the HTML rules are safe.
  const text = decode(input.bytes, {
    kind: 'html',
    ...(input.contentType ? { contentType: input.contentType } : {}),
  }).text;
  const kind = documentKind(text, input.contentType);
  const json = kind === 'feed-item' ? parseJson(text) : undefined;
  // JSON admits no raw control character but tab, LF and CR, so text that parsed is not binary
  // and skips the scan.
  if (json?.ok !== true && looksBinary(text)) {
    throw new NormalizeError('the document is binary data, not text or HTML', 'not-text');
  }
  if (kind !== 'feed-item' && FEED_DOCUMENT.test(text)) {
    throw new NormalizeError(
      'the document is a feed, not an article: read it with `diplowire parse-feed`, or add it to sources.json',
      'feed-document',
    );
  }
  // The feed's language in its source's country (`en-US`): reads dates of a page that declares none.
  const locale = input.declaredLanguage
    ? registryLocale({ country: input.sourceCountry }, { language: input.declaredLanguage })
    : input.sourceCountry && `und-${input.sourceCountry}`;
  const pageOpts = {
    ...(input.url ? { url: input.url } : {}),
    ...(input.timezone ? { timezone: input.timezone } : {}),
    ...(locale ? { locale } : {}),
  };
  let parts: Parts;
  if (kind === 'feed-item') {
    const { item, html } = parseFeedItemJson(json as JsonParse);
    const base: Parts = html
      ? fromPage(extractPage(html, { ...pageOpts, ...(item.url ? { url: item.url } : {}) }))
      : { text: '', authors: [], categories: [] };
    parts = mergeItem(base, item, input.timezone, dateLocale(item.language, locale));
  } else if (kind === 'html') {
    parts = fromPage(extractPage(text, pageOpts));
  } else {
    const doc = parsePlainText(text);
    parts = { text: doc.text, authors: [], categories: [] };
    if (doc.date) parts.published = doc.date;
  }
  // The item that led here (from the event or the archive's metadata) fills what the bytes lack.
  if (input.feedItem) {
    const filled = mergeItem(
      parts,
      input.feedItem,
      input.timezone,
      dateLocale(input.feedItem.language, locale),
    );
    parts = { ...filled, text: parts.text || filled.text };
  }
  return parts;
}

function sha256(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex');
}

export function normalizeDocument(input: NormalizeInput, clock: Clock): ArticleRecord {
  if (!input.sourceId || input.sourceId.trim() === '')
    throw new NormalizeError('sourceId is required', 'bad-input');
  const parts = partsOf(input);
  const text = parts.text;
  if (text.trim() === '') {
    throw new NormalizeError(
      'the document has no article text (nothing left after removing markup and navigation)',
      'no-text',
    );
  }
  const contentHash = contentHashOf(text);
  const url = [input.url, parts.url]
    .map((u) => (u ? canonicalUrl(u) : undefined))
    .find((u) => u !== undefined);
  const { language, languageSource } = resolveLanguage(
    text,
    input.declaredLanguage ?? parts.declaredLanguage,
  );
  const title = parts.title && parts.title !== '' ? parts.title : deriveTitle(text);
  const titleSource: TitleSource =
    parts.title && parts.title !== '' ? (parts.titleSource ?? 'page') : 'derived';
  const record: ArticleRecord = {
    articleId: url ? articleIdFor(url) : articleIdFor({ sourceId: input.sourceId, contentHash }),
    sourceId: input.sourceId,
    title,
    titleSource,
    language,
    languageSource,
    summary: summarize(text, parts.summary),
    text,
    wordCount: countWords(text),
    countries: findCountries(`${title}\n\n${text}`, language),
    authors: parts.authors,
    categories: parts.categories,
    contentHash,
    rawSha256: sha256(input.bytes),
    ingestedAt: clock.now().toISOString(),
    version: ARTICLE_RECORD_VERSION,
  };
  if (input.feedId) record.feedId = input.feedId;
  if (input.sourceCountry) record.sourceCountry = input.sourceCountry;
  if (url) record.url = url;
  if (parts.guid) record.guid = parts.guid;
  if (parts.published) {
    record.publishedAt = parts.published.iso;
    record.datePrecision = parts.published.precision as DatePrecision;
  }
  if (parts.updated) record.updatedAt = parts.updated.iso;
  if (input.rawKey) record.rawKey = input.rawKey;
  if (input.fetchedAt) record.fetchedAt = input.fetchedAt;
  return record;
}

/**
 * normalizeDocument for callers that do not want to load page extraction or the legacy charsets
 * before a document needs them: the first such document loads what it needs (a dynamic import, then
 * kept) and is normalized again.
 */
export function normalizeLoadingOnDemand(input: NormalizeInput, clock: Clock): Promise<ArticleRecord> {
  return withLazyParts(() => normalizeDocument(input, clock));
}
