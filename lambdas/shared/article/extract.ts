/**
 * Main-content extraction from an article page: @mozilla/readability over linkedom, with three
 * improvements measured on tests/fixtures/pages (see the README's design section):
 *  1. boilerplate blocks (cookie notices, share bars, related links, newsletters, breadcrumbs, …)
 *     are removed by tag, role and class/id pattern *before* readability scores the page, so they
 *     can neither win nor leak into the result;
 *  2. when readability finds nothing (short pages, odd markup), a text-density heuristic picks the
 *     element holding the most paragraph text;
 *  3. the text is cleaned per paragraph afterwards: leftover navigation/notice lines and a repeated
 *     headline are dropped.
 * Metadata (title, authors, dates, language) comes from page-metadata.ts.
 */
import { Readability } from '@mozilla/readability';
import type { ParsedDate } from '../dates/parse-date';
import { cleanText } from '../text/clean';
import { htmlToText } from '../text/html-to-text';
import { type DomDocument, type DomElement, parseDocument } from './dom';
import { extractLargePage, isLargePage } from './large-page';
import { readPageMetadata } from './page-metadata';
import { stripSiteName } from './page-title';
import { isNavigation } from './plain-text';

export interface ExtractedPage {
  title?: string;
  byline?: string;
  authors: string[];
  publishedAt?: ParsedDate;
  updatedAt?: ParsedDate;
  /** The language the page declares (primary tag), if any; detection is the caller's job. */
  language?: string;
  canonicalUrl?: string;
  description?: string;
  categories: string[];
  text: string;
  /** Which path produced the text, for evaluation. */
  method: 'readability' | 'density' | 'stream' | 'none';
}

export interface ExtractOptions {
  url?: string;
  timezone?: string;
  /** The feed's language and region (`fa`, `en-US`): reads the page's dates when it declares none. */
  locale?: string;
  /** Skip the pre-cleaning and the post-filter: bare readability, for comparison. */
  bare?: boolean;
}

const REMOVE_TAGS =
  'script, style, noscript, template, iframe, svg, nav, footer, aside, dialog, button, select, [role="navigation"], [role="complementary"], [role="contentinfo"], [role="banner"], [aria-hidden="true"], [hidden]';

const BOILERPLATE =
  /(^|[\s_-])(cookies?|consent|gdpr|share|shares|sharing|sharebar|social|socials|sharer|addthis|related|recommended|recommendations|read-?more|more-?news|more-?stories|also-?read|newsletter|subscribe|subscription|signup|promo|advert|advertisement|ads?|adslot|banner|sponsor(ed)?|comments?|disqus|breadcrumbs?|tags?|taglist|tag-?cloud|sidebar|widget|popup|modal|overlay|footer|navbar|nav|menu|toolbar|print|author-?bio|outbrain|taboola|paywall|most-?read|popular|trending|pagination|pager|rating|follow|skip|gallery-?thumbs|latest|hidden|visually-?hidden|sr-only)(?=$|[\s_-])/i;

function paragraphTextLength(el: DomElement): number {
  let n = 0;
  for (const p of el.querySelectorAll('p')) n += (p.textContent ?? '').length;
  return n;
}

/** Removes blocks that are never the article; never one that holds most of the page's prose. */
function removeBoilerplate(doc: DomDocument): void {
  const body = doc.body;
  if (!body) return;
  const total = Math.max(1, paragraphTextLength(body));
  for (const el of [...body.querySelectorAll(REMOVE_TAGS)]) {
    // ASP.NET-style pages wrap everything in one element; guard every removal the same way.
    if (el.isConnected && paragraphTextLength(el) < total * 0.4) el.remove();
  }
  for (const el of [...body.querySelectorAll('[class], [id]')]) {
    if (!el.isConnected) continue;
    const label = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!BOILERPLATE.test(label)) continue;
    if (el.matches('article, main, [itemprop="articleBody"], body, html')) continue;
    if (paragraphTextLength(el) < total * 0.4) el.remove();
  }
  for (const el of [...body.querySelectorAll('[style]')]) {
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.getAttribute('style') ?? '')) el.remove();
  }
}

const MAX_DEPTH = 120;
const MAX_ELEMENTS = 30_000;

/** Nesting depth of the element tree, iteratively (a recursive walk would overflow on hostile pages). */
function depthOf(root: DomElement | null): number {
  if (!root) return 0;
  let max = 0;
  const stack: Array<[DomElement, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [el, d] = stack.pop() as [DomElement, number];
    if (d > max) max = d;
    if (max > MAX_DEPTH) return max;
    for (const child of el.children) stack.push([child, d + 1]);
  }
  return max;
}

/** The element whose direct <p> children carry the most non-link text. */
function densestBlock(doc: DomDocument): DomElement | undefined {
  let best: DomElement | undefined;
  let bestScore = 0;
  const preferred = doc.querySelector('[itemprop="articleBody"]');
  if (preferred && (preferred.textContent ?? '').trim().length > 200) return preferred;
  for (const el of doc.querySelectorAll('article, main, section, div, td')) {
    let score = 0;
    for (const child of el.children) {
      if (child.tagName !== 'P' && child.tagName !== 'BLOCKQUOTE' && child.tagName !== 'H2') continue;
      const text = child.textContent ?? '';
      let links = 0;
      for (const a of child.querySelectorAll('a')) links += (a.textContent ?? '').length;
      score += Math.max(0, text.trim().length - 2 * links);
    }
    if (score > bestScore) {
      bestScore = score;
      best = el;
    }
  }
  return bestScore > 0 ? best : undefined;
}

const LEAD_NOISE =
  /^(by\s|posted\s|published\s|updated\s|photo:|image:|source:|(share|tweet|email|print)(\s|$)|yazar:|автор:|par\s)/i;

const SENTENCE_END = /[.!?…:;。！？"”»)]$/u;
const NOTICE =
  /(subscri|newsletter|abone|abonelik|подпис|abonnement|suscri|all rights reserved|tüm hakları|все права|droits réservés|rechte vorbehalten|derechos reservados)/i;
const TRAILING =
  /^(read more|related|share|tags?|source|see also|also read|ilgili|читайте также|à lire aussi|lesen sie auch|المصدر)\b/i;
// Editor credits closing Chinese and Russian news items: "(责编：李四)", "Редактор: …".
const CREDIT = /^[(（]?\s*(责编|责任编辑|编辑|редактор|editor|edited by|düzenleyen)\s*[:：]/i;
// "Lire aussi <link>" teasers inside the body.
const INLINE_TEASER =
  /^(lire aussi|à lire aussi|read also|read more|see also|also read|читайте также|ilgili haber|lesen sie auch|lee también|leia também|اقرأ أيضا)\b/i;

function cleanParagraphs(text: string, title: string | undefined, lead: string | undefined): string {
  const paragraphs = text.split('\n\n');
  const out: string[] = [];
  const normTitle = title?.toLowerCase().replace(/\s+/g, ' ').trim();
  let prose = false;
  for (const [i, p] of paragraphs.entries()) {
    if (isNavigation(p) || (p.length < 200 && INLINE_TEASER.test(p))) continue;
    // A byline/dateline block next to the standfirst, within the first paragraphs.
    if (i < 3 && p.length < 200 && LEAD_NOISE.test(p) && p !== lead) continue;
    // Above the first paragraph of prose: the headline again, a kicker ("Readout"), a dateline,
    // a byline. Short and without a sentence end: a label, not the article.
    if (!prose) {
      const lower = p.toLowerCase();
      if (normTitle && lower === normTitle) continue;
      if (p !== lead && p.length < 120 && (LEAD_NOISE.test(p) || (p.length < 80 && !SENTENCE_END.test(p))))
        continue;
    }
    prose = true;
    out.push(p);
  }
  // After the last paragraph of prose: "Read more"/"Share" lines, subscription and copyright notices.
  while (out.length > 1) {
    const last = out[out.length - 1] as string;
    if (
      (last.length < 80 && TRAILING.test(last)) ||
      (last.length < 300 && NOTICE.test(last)) ||
      (last.length < 80 && CREDIT.test(last))
    )
      out.pop();
    else break;
  }
  if (lead && !out.some((p) => p.includes(lead))) out.unshift(lead);
  return out.join('\n\n');
}

// A standfirst under the headline: readability often drops it with the header it sits in.
const LEAD_CLASS = /(^|\s|__|-)(lead|standfirst|chapo|subtitle|sub-title|deck|dek|excerpt|intro|spot)(\s|$)/i;

function leadOf(doc: DomDocument): string | undefined {
  const h1 = doc.querySelector('h1');
  const candidates: Array<DomElement | null> = [];
  for (const el of doc.querySelectorAll('[class]')) {
    if (LEAD_CLASS.test(el.getAttribute('class') ?? '')) candidates.push(el);
  }
  // An h2–h4 right after the headline ("<h1>…</h1><h4>The minister discussed …</h4>").
  const next = (h1 as unknown as { nextElementSibling?: DomElement | null } | null)?.nextElementSibling;
  if (next && /^H[2-4]$/.test(next.tagName)) candidates.push(next);
  for (const el of candidates) {
    const text = htmlToText(el?.innerHTML ?? '').replace(/\n+/g, ' ');
    const words = text.split(/\s+/).length;
    if (text.length >= 30 && text.length <= 400 && words >= 5 && !isNavigation(text)) return text;
  }
  return undefined;
}

function bylineOf(authors: string[], readabilityByline: string | null | undefined): string | undefined {
  if (authors.length > 0) return authors.join(', ');
  const b = readabilityByline?.replace(/^\s*(by|yazar|автор|par|von|por)\s*:?\s+/i, '').trim();
  return b && b.length <= 100 ? b : undefined;
}

/** og:title often carries the site name ("… - United States Department of State"); the h1 does not. */
function headline(metaTitle: string | undefined, h1: string | undefined): string | undefined {
  const h = h1 ? cleanText(h1) : undefined;
  if (metaTitle && h && h.length >= 10 && metaTitle.startsWith(h) && metaTitle.length > h.length) return h;
  return metaTitle ?? h;
}

/** The head and the top of the body: where metadata and the headline live, at a bounded size. */
const METADATA_SLICE = 32_768;

function metadataSlice(html: string): string {
  const headEnd = html.slice(0, 512 * 1024).search(/<\/head\s*>/i);
  return html.slice(0, Math.max(headEnd, 0) + METADATA_SLICE);
}

export function extractPage(html: string, opts: ExtractOptions = {}): ExtractedPage {
  // Readability over linkedom grows faster than the page: huge pages take the linear stream path.
  const large = !opts.bare && isLargePage(html);
  const doc = parseDocument(large ? metadataSlice(html) : html);
  const meta = readPageMetadata(doc, opts);
  const h1Text = doc.querySelector('h1')?.textContent ?? undefined;
  // Read before readability, which rewrites the document.
  const lead = opts.bare ? undefined : leadOf(doc);
  // Readability's scoring grows much faster than the page on deep nesting (500 nested divs take
  // seconds); real pages stay far below MAX_DEPTH, hostile ones go to the linear stream extractor.
  const deep = !large && depthOf(doc.body) > MAX_DEPTH;
  const stream = large || (deep && !opts.bare);
  if (!opts.bare && !stream) removeBoilerplate(doc);
  let parsed: ReturnType<Readability['parse']> = null;
  if (!stream && !deep) {
    try {
      parsed = new Readability(doc, { charThreshold: 250, maxElemsToParse: MAX_ELEMENTS }).parse();
    } catch {
      parsed = null; // Too many elements, or a page readability cannot walk: density heuristic.
    }
  }
  let text = parsed?.content ? htmlToText(parsed.content) : stream ? extractLargePage(html, BOILERPLATE) : '';
  let method: ExtractedPage['method'] = text === '' ? 'none' : stream ? 'stream' : 'readability';
  if (!opts.bare && !stream && text.length < 200) {
    // Readability mutated the document; the rare fallback parses the page again.
    const fresh = parseDocument(html);
    removeBoilerplate(fresh);
    const block = densestBlock(fresh);
    const dense = block ? htmlToText(block.innerHTML) : '';
    if (dense.length > text.length) {
      text = dense;
      method = 'density';
    }
  }
  const rawTitle = headline(meta.title, h1Text) ?? parsed?.title ?? undefined;
  // `<title>`/og:title carry the site's name ("… / T.C. Dışişleri Bakanlığı"); the record wants the headline.
  const title = rawTitle
    ? stripSiteName(rawTitle, {
        ...(meta.siteName ? { siteName: meta.siteName } : {}),
        ...(opts.url || meta.canonicalUrl ? { url: opts.url ?? meta.canonicalUrl } : {}),
      })
    : undefined;
  // The cleaning drops labels above the first prose; a page that is only such lines keeps them.
  if (!opts.bare) text = cleanParagraphs(text, title, lead) || text;
  const out: ExtractedPage = {
    authors: meta.authors,
    categories: meta.section ? [meta.section] : [],
    text,
    method,
  };
  if (title) out.title = title;
  const byline = bylineOf(meta.authors, parsed?.byline);
  if (byline) {
    out.byline = byline;
    if (out.authors.length === 0) out.authors = [byline];
  }
  if (meta.publishedAt) out.publishedAt = meta.publishedAt;
  if (meta.updatedAt) out.updatedAt = meta.updatedAt;
  const language = meta.language ?? parsed?.lang?.toLowerCase().split(/[-_]/)[0];
  if (language) out.language = language;
  if (meta.canonicalUrl) out.canonicalUrl = meta.canonicalUrl;
  if (meta.description) out.description = meta.description;
  return out;
}
