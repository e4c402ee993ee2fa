/**
 * From a parsed feed to the articles worth announcing: identity from the canonical URL (never the
 * guid: GOV.UK's Atom ids change on every edit), the first-fetch age cutoff, duplicates within one
 * document, and the item fingerprint that tells a changed item from one seen before.
 */
import { createHash } from 'node:crypto';
import type { FeedItem } from '../shared/feed/types';
import type { KnownArticle } from '../shared/ports';
import type { CanonicalOptions, HttpsHosts } from '../shared/url';

export interface Candidate {
  articleId: string;
  url: string;
  item: FeedItem;
  itemFingerprint: string;
}

export interface Selection {
  candidates: Candidate[];
  /** Items left out, with the reason (kept in the feed's state as warnings, never dropped silently). */
  skipped: { reason: 'no-link' | 'too-old' | 'duplicate'; title?: string }[];
}

export interface SelectOptions {
  /** The feed document's final URL: relative item links resolve against it. */
  baseUrl: string;
  /**
   * Hosts known to serve https (the document's own, the registry's): the parser wrote their links
   * https already; a guid standing in for a missing link gets the same treatment here.
   */
  httpsHosts?: HttpsHosts;
  /** Items published before this instant are skipped (first fetch only); undefined takes all. */
  cutoff?: Date;
  canonicalUrl: (input: string, base?: string, options?: CanonicalOptions) => string | undefined;
  articleIdFor: (canonicalUrl: string) => string;
}

/** sha256 over what a reader would see change: title, summary, content and the stated update time. */
export function itemFingerprintOf(item: FeedItem): string {
  const parts = [
    item.title ?? '',
    item.summary ?? '',
    item.contentText ?? item.contentHtml ?? '',
    item.updatedAt ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** sha256 of the canonical URL, first 32 hex characters (the article record's `articleId`). */
export function articleIdOfUrl(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

export function selectItems(items: readonly FeedItem[], options: SelectOptions): Selection {
  const candidates: Candidate[] = [];
  const skipped: Selection['skipped'] = [];
  const seen = new Set<string>();
  const canonical = options.httpsHosts ? { httpsHosts: options.httpsHosts } : undefined;
  for (const item of items) {
    const link = item.url ?? (item.guid && /^https?:\/\//i.test(item.guid) ? item.guid : undefined);
    const url = link === undefined ? undefined : options.canonicalUrl(link, options.baseUrl, canonical);
    if (!url) {
      skipped.push({ reason: 'no-link', ...titleOf(item) });
      continue;
    }
    if (options.cutoff && item.publishedAt && Date.parse(item.publishedAt) < options.cutoff.getTime()) {
      skipped.push({ reason: 'too-old', ...titleOf(item) });
      continue;
    }
    const articleId = options.articleIdFor(url);
    if (seen.has(articleId)) {
      skipped.push({ reason: 'duplicate', ...titleOf(item) });
      continue;
    }
    seen.add(articleId);
    candidates.push({ articleId, url, item, itemFingerprint: itemFingerprintOf(item) });
  }
  return { candidates, skipped };
}

/**
 * When an article whose page was missing is asked for again, counted from the record's `fetchedAt`
 * (the failed attempt): pages published ahead of their CDN or workflow appear within minutes to an
 * hour; a page held back for sign-off by the next working day; one pulled over a weekend by Monday.
 * Five GETs over three days for a page gone for good, then none.
 */
export const PAGE_RETRY_AFTER_MINUTES = [10, 60, 6 * 60, 24 * 60, 72 * 60] as const;

/**
 * True when a page-missing article is due another try: a retry threshold since its `fetchedAt` falls
 * after the feed's previous parsed poll (`lastParsedAt`: a 304 poll sees no items, so it does not
 * count) and no later than this one. No state is kept per attempt: the windows between parsed polls
 * hold each threshold once, so each costs at most one GET. Without a previous poll (a lost feed
 * state) every threshold passed so far counts.
 */
export function pageRetryDue(stored: KnownArticle, previousPollAt: string | undefined, now: Date): boolean {
  if (!stored.pageError || !stored.fetchedAt) return false;
  const fetched = Date.parse(stored.fetchedAt);
  if (Number.isNaN(fetched)) return false;
  const previous = previousPollAt === undefined ? Number.NaN : Date.parse(previousPollAt);
  const after = Number.isNaN(previous) ? fetched : previous;
  return PAGE_RETRY_AFTER_MINUTES.some((minutes) => {
    const at = fetched + minutes * 60_000;
    return at > after && at <= now.getTime();
  });
}

/**
 * The next retry threshold after `now` of a page-missing article, as epoch ms; undefined when it is
 * not marked or past its last threshold. The feed state keeps the earliest one over the feed's
 * articles (`pageRetryAt`), so a poll from then on skips the validators and reaches the items.
 */
export function nextPageRetryAt(stored: KnownArticle, now: Date): number | undefined {
  if (!stored.pageError || !stored.fetchedAt) return undefined;
  const fetched = Date.parse(stored.fetchedAt);
  if (Number.isNaN(fetched)) return undefined;
  for (const minutes of PAGE_RETRY_AFTER_MINUTES) {
    const at = fetched + minutes * 60_000;
    if (at > now.getTime()) return at;
  }
  return undefined;
}

/** The first retry threshold for pages announced at `now` (epoch ms). */
export function firstPageRetryAfter(now: Date): number {
  return now.getTime() + PAGE_RETRY_AFTER_MINUTES[0] * 60_000;
}

export interface ChangedCandidate {
  candidate: Candidate;
  isNew: boolean;
  /** Unchanged item, announced again only to fetch the page that was missing (see `pageRetryDue`). */
  pageRetry?: true;
}

/**
 * New articles, known ones whose feed item changed since it was last normalized, and unchanged ones
 * whose page was missing when `retryPage` says it is time to ask again.
 */
export function changedCandidates(
  candidates: readonly Candidate[],
  known: ReadonlyMap<string, KnownArticle>,
  retryPage?: (stored: KnownArticle) => boolean,
): ChangedCandidate[] {
  const out: ChangedCandidate[] = [];
  for (const candidate of candidates) {
    const stored = known.get(candidate.articleId);
    if (!stored) out.push({ candidate, isNew: true });
    else if (stored.itemFingerprint !== candidate.itemFingerprint) out.push({ candidate, isNew: false });
    else if (retryPage?.(stored)) out.push({ candidate, isNew: false, pageRetry: true });
  }
  return out;
}

function titleOf(item: FeedItem): { title?: string } {
  return item.title ? { title: item.title.slice(0, 80) } : {};
}
