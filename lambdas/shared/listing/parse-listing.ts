/**
 * Listing pages → the same `ParsedFeed` a feed gives, for ministries that publish no feed (China's,
 * Kazakhstan's…). The registry's selectors say where each item, its link, title and date are; the
 * rest of the pipeline cannot tell the result from a parsed RSS document.
 *
 * CSS selection is css-select over htmlparser2's DOM: fast, forgiving with broken HTML, and the
 * same parser the text extraction uses.
 */
import { compile, is, selectAll, selectOne } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { DateTime } from 'luxon';
import { dateLocale } from '../dates/locale';
import { type DatePrecision, type ParseDateOptions, type ParsedDate, parseDate } from '../dates/parse-date';
import type { FeedItem, ParsedFeed } from '../feed/types';
import type { ListingConfig } from '../sources/registry';
import { cleanText } from '../text/clean';
import { decode } from '../text/decode';
import { canonicalUrl, type HttpsHosts, httpsHostsOf } from '../url';

export type ListingErrorCode = 'empty-body' | 'listing-no-match' | 'listing-no-links';

/** A page that cannot yield items: a failure to record on the feed, never an empty success. */
export class ListingError extends Error {
  constructor(
    readonly code: ListingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ListingError';
  }
}

export interface ParseListingOptions {
  /**
   * The page's URL (after redirects): relative links (`./202611/t2026…`) resolve against it (or the
   * page's `<base>`). When it is https, http links to that same host are written https.
   */
  url: string;
  /** More hosts known to serve https (the registry's https feed URLs); see lambdas/shared/url.ts. */
  httpsHosts?: HttpsHosts;
  /** IANA zone for dates written without one, e.g. Asia/Shanghai for `2026-11-24 21:05`. */
  timezone?: string;
  /** The registry's language, used when the page does not declare one (`<html lang>`). */
  language?: string;
  /** The registry's locale (`en-US`): its region orders numeric dates when the page names none. */
  locale?: string;
  /** The response's Content-Type, for the charset when bytes are given. */
  contentType?: string;
}

export function parseListing(
  input: string | Uint8Array,
  config: ListingConfig,
  options: ParseListingOptions,
): ParsedFeed {
  const { text, encoding } =
    typeof input === 'string'
      ? { text: input, encoding: 'utf-8' }
      : decode(input, { contentType: options.contentType, kind: 'html' });
  if (text.trim() === '') throw new ListingError('empty-body', `the listing page ${options.url} is empty`);

  const document = parseDocument(text);
  const pageTitle = textOf(selectOne<AnyNode, Element>('title', document));
  const items = selectAll<AnyNode, Element>(config.item, document);
  if (items.length === 0) {
    const on = pageTitle ? ` on the page "${pageTitle}"` : '';
    const script =
      selectAll<AnyNode, Element>('script', document).length > 0 &&
      textOf(selectOne<AnyNode, Element>('body', document)).length < 200;
    const hint = script
      ? ': the page may be built by JavaScript, or its layout may have changed'
      : ': the page layout may have changed';
    throw new ListingError('listing-no-match', `selector ${config.item} matched nothing${on}${hint}`);
  }

  const baseHref = selectOne<AnyNode, Element>('base[href]', document)?.attribs.href;
  const base = (baseHref && canonicalUrl(baseHref, options.url)) || options.url;
  // `<base href>` names no fetch: only the page's own URL says its host serves https.
  const canonical = { httpsHosts: httpsHostsOf([options.url], options.httpsHosts) };
  const htmlLang = selectOne<AnyNode, Element>('html[lang]', document)?.attribs.lang?.trim();
  const language = htmlLang || options.language;
  const warnings: string[] = [];
  const seen = new Set<string>();
  const out: FeedItem[] = [];
  const linkQuery = config.link === ':scope' ? undefined : compile<AnyNode, Element>(config.link);

  items.forEach((item, index) => {
    // `:scope` (or a selector the item itself matches) means the item is the anchor.
    const link = linkQuery
      ? (selectOne<AnyNode, Element>(linkQuery, item) ?? (is(item, linkQuery) ? item : null))
      : item;
    const href = link ? hrefOf(link) : undefined;
    const url = href ? canonicalUrl(href, base, canonical) : undefined;
    if (!url) {
      warnings.push(
        link
          ? `item ${index + 1}: link ${JSON.stringify(href ?? '')} is not a web address; item skipped`
          : `item ${index + 1}: selector ${config.link} matched no link; item skipped`,
      );
      return;
    }
    // Listing pages often link one article twice (picture and headline): one item per URL.
    if (seen.has(url)) return;
    seen.add(url);

    const titleNode = config.title ? selectOne<AnyNode, Element>(config.title, item) : link;
    const title = textOf(titleNode) || (link?.attribs.title ? cleanText(link.attribs.title) : '');
    const published = readDate(
      item,
      config,
      options.timezone,
      dateLocale(htmlLang, options.locale ?? language),
    );
    if (published?.problem) warnings.push(`item ${index + 1}: ${published.problem}`);
    const summary = config.summary ? textOf(selectOne<AnyNode, Element>(config.summary, item)) : '';

    out.push({
      url,
      ...(title ? { title } : {}),
      ...(summary ? { summary } : {}),
      authors: [],
      categories: [],
      ...(published?.iso ? { publishedAt: published.iso } : {}),
      ...(published?.iso && published.precision && published.precision !== 'time'
        ? { datePrecision: published.precision }
        : {}),
      ...(language ? { language } : {}),
    });
  });

  if (out.length === 0) {
    throw new ListingError(
      'listing-no-links',
      `selector ${config.item} matched ${items.length} item(s) but none had a usable link (${config.link})`,
    );
  }

  return {
    feed: {
      ...(pageTitle ? { title: pageTitle } : {}),
      url: options.url,
      ...(language ? { language } : {}),
      format: 'listing',
      encoding,
    },
    items: out,
    wellFormed: true,
    warnings,
  };
}

function textOf(node: AnyNode | null | undefined): string {
  return node ? cleanText(DomUtils.textContent(node)) : '';
}

interface ReadDate {
  iso?: string;
  precision?: DatePrecision;
  problem?: string;
}

/** The link's href; a selector that lands on a wrapper (a title div) takes the anchor inside or around it. */
function hrefOf(link: Element): string | undefined {
  const own = link.attribs.href?.trim();
  if (own) return own;
  const inner = selectOne<AnyNode, Element>('a[href]', link)?.attribs.href?.trim();
  if (inner) return inner;
  for (let node = link.parent; node && node.type === 'tag'; node = node.parent) {
    const element = node as Element;
    if (element.name === 'a' && element.attribs.href?.trim()) return element.attribs.href.trim();
  }
  return undefined;
}

/**
 * Date-like runs inside a longer text ("Published: 24.11.2026", "[2026-11-24]", "发布时间：2026年11月24日"),
 * tried in turn when the whole text is not a date.
 */
const DATE_RUNS = [
  /\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?/u,
  /\d{4}\/\d{1,2}\/\d{1,2}(?: \d{1,2}:\d{2})?/u,
  /\d{1,2}\.\d{1,2}\.\d{4}(?:,? \d{1,2}:\d{2})?/u,
  /\d{4}年\d{1,2}月\d{1,2}日(?: ?\d{1,2}:\d{2})?/u,
  /\d{1,2} \p{L}+\.? \d{4}(?:,? \d{1,2}:\d{2})?/u,
  /\p{L}+\.? \d{1,2}, \d{4}(?:,? \d{1,2}:\d{2})?/u,
];

function parseDateIn(value: string, opts: ParseDateOptions): ParsedDate | undefined {
  const whole = parseDate(value, opts);
  if (whole) return whole;
  for (const run of DATE_RUNS) {
    const found = run.exec(value)?.[0];
    const parsed = found ? parseDate(found, opts) : undefined;
    if (parsed) return parsed;
  }
  return undefined;
}

/** `locale` (the page's language) orders an ambiguous numeric date, as in feeds. */
function readDate(
  item: Element,
  config: ListingConfig,
  timezone: string | undefined,
  locale: string | undefined,
): ReadDate | undefined {
  const opts: ParseDateOptions = { ...(timezone ? { timezone } : {}), ...(locale ? { locale } : {}) };
  if (!config.date) {
    // No selector configured: a machine-readable <time datetime> in the item is still a date.
    const time = selectOne<AnyNode, Element>('time[datetime]', item)?.attribs.datetime;
    const parsed = time ? parseDateIn(cleanText(time), opts) : undefined;
    return parsed ? { iso: parsed.iso, precision: parsed.precision } : undefined;
  }
  const node = selectOne<AnyNode, Element>(config.date, item);
  if (!node) return { problem: `selector ${config.date} matched no date` };
  const raw = config.dateAttribute ? node.attribs[config.dateAttribute] : DomUtils.textContent(node);
  const value = cleanText(raw ?? '');
  if (value === '') return { problem: `the date (${config.date}) is empty` };
  if (config.dateFormat) {
    // A day without a time stays that calendar day at 00:00 UTC, as parseDate does for day precision.
    const hasTime = /[Hhm]/.test(config.dateFormat.replace(/'[^']*'/g, ''));
    const zone = hasTime ? (timezone ?? 'UTC') : 'UTC';
    const parsed = DateTime.fromFormat(value, config.dateFormat, { zone });
    if (!parsed.isValid) return { problem: `date "${value}" does not match the format ${config.dateFormat}` };
    return { iso: parsed.toUTC().toISO() ?? undefined, precision: hasTime ? 'time' : 'day' };
  }
  const found = parseDateIn(value, opts);
  return found
    ? { iso: found.iso, precision: found.precision }
    : { problem: `date "${value}" is not a date` };
}
