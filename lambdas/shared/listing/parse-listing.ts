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
import { doubleDateParts } from '../dates/local-forms';
import { dateLocale } from '../dates/locale';
import {
  type DatePrecision,
  type ParseDateOptions,
  type ParsedDate,
  parseDate,
  toAsciiDigits,
} from '../dates/parse-date';
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
 * Date-like runs inside a longer text ("Published: 24.11.2026", "[2026-11-24]", "发布时间：2026年11月24日",
 * "تاریخ انتشار: ۵ آذر ۱۴۰۵", "Ngày đăng: 26/11/2026", "วันที่ 26 พ.ย. 2569"), tried in turn when the whole
 * text is not a date. Each run needs a month (a name or a numeric day-month-year) and a year, so a
 * lone number in the text is never taken for one. They match a copy with ASCII digits; the text
 * handed to parseDate is the original slice, whose Persian digits are a calendar clue.
 */
/**
 * A time after the date, maybe after a word the date parser knows ("ساعت ۱۰:۳۰", "lúc 10:30",
 * "เวลา 10:30 น."); a slice that does not parse with it is tried again without it.
 */
const TIME_AFTER = String.raw`(?<time>\s*[,،-]?\s*(?:ساعت|الساعة|lúc|เวลา|at|um|à)?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s?น\.)?)?`;
/** A month name or era word: letters and combining marks (Thai vowels), abbreviation dots (พ.ย.). */
const WORD = String.raw`[\p{L}\p{M}][\p{L}\p{M}.]*`;
/** An era marker right after the year: 1448هـ, 1405 ه.ش, 2026م, 2569 พ.ศ. is before it (a word). */
const MARKER = String.raw`(?:\s?(?:هـ|ه\.?\s?[شق]\.?|م)(?![\p{L}]))?`;
let dateRuns: RegExp[] | undefined;
/** Built on first use: /u property classes cost a little to build, and most listings never get here. */
const dateRunPatterns = (): RegExp[] =>
  (dateRuns ??= [
    /\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?/gu,
    new RegExp(String.raw`\d{4}/\d{1,2}/\d{1,2}${TIME_AFTER}`, 'gu'),
    new RegExp(String.raw`(?<!\d)\d{1,2}([./-])\d{1,2}\1\d{4}(?!\d)${TIME_AFTER}`, 'gu'),
    /\d{4}年\d{1,2}月\d{1,2}日(?: ?\d{1,2}:\d{2})?/gu,
    // One or two words between day and year: جمادى الأولى, พฤศจิกายน พ.ศ.
    new RegExp(String.raw`(?<!\d)\d{1,2}\.? ${WORD}(?: ${WORD})? \d{4}(?!\d)${MARKER}${TIME_AFTER}`, 'gu'),
    /\p{L}+\.? \d{1,2}, \d{4}(?:,? \d{1,2}:\d{2})?/gu,
    // Vietnamese "26 tháng 11 năm 2026", "tháng 11/2026".
    /(?:\d{1,2}\s+)?tháng\s*\d{1,2}\s*(?:,|năm|\/)\s*\d{4}/giu,
  ]);

const THAI_SCRIPT = /[\u0e00-\u0e7f]/;

function parseDateIn(value: string, opts: ParseDateOptions): ParsedDate | undefined {
  const whole = parseDate(value, opts);
  if (whole) return whole;
  // A double date in a longer line ("صدر في 15 جمادى الأولى 1448هـ الموافق 26 نوفمبر 2026م"): the half
  // after the connector, usually the Gregorian one, first, as parseDate keeps it from a whole one.
  const halves = doubleDateParts(value);
  if (halves) {
    const [first, second] = halves;
    const found = parseDate(second, opts) ?? runIn(second, opts) ?? parseDate(first, opts);
    if (found) return found;
  }
  return runIn(value, opts);
}

/** The first date-like run of `value` that parseDate reads. */
function runIn(value: string, opts: ParseDateOptions): ParsedDate | undefined {
  const ascii = toAsciiDigits(value);
  // A run cut out of Thai text loses the script that says its 2569 is a Buddhist year.
  const runOpts = !opts.locale && THAI_SCRIPT.test(value) ? { ...opts, locale: 'th' } : opts;
  for (const run of dateRunPatterns()) {
    for (const m of ascii.matchAll(run)) {
      const end = m.index + m[0].length;
      const parsed =
        parseDate(value.slice(m.index, end), runOpts) ??
        (m.groups?.time ? parseDate(value.slice(m.index, end - m.groups.time.length), runOpts) : undefined);
      if (parsed) return parsed;
    }
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
