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

/** New articles, and known ones whose feed item changed since it was last normalized. */
export function changedCandidates(
  candidates: readonly Candidate[],
  known: ReadonlyMap<string, KnownArticle>,
): { candidate: Candidate; isNew: boolean }[] {
  const out: { candidate: Candidate; isNew: boolean }[] = [];
  for (const candidate of candidates) {
    const stored = known.get(candidate.articleId);
    if (!stored) out.push({ candidate, isNew: true });
    else if (stored.itemFingerprint !== candidate.itemFingerprint) out.push({ candidate, isNew: false });
  }
  return out;
}

function titleOf(item: FeedItem): { title?: string } {
  return item.title ? { title: item.title.slice(0, 80) } : {};
}
