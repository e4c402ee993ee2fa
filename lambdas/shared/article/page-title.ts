/**
 * A page's `<title>` (and often its og:title) carries the site around the headline:
 * "… | Daily Sabah", "… / T.C. Dışişleri Bakanlığı", "…_中华人民共和国外交部", "Ministry of X | …".
 * The record wants the headline alone. A segment is dropped only when it is recognisably the
 * site: the page's own site name or host, an institution ("Ministry", "Bakanlığı", "Department",
 * "News", …), an acronym ("GOV.UK", "ТАСС"), or a short segment behind a separator that titles use
 * only for site names ("|", "•", "--", "_"). Topic prefixes written with a dash ("Turquie – Entretien
 * …", "Liban - Déclaration …") are headline, and stay.
 */

export interface SiteHints {
  /** og:site_name or the JSON-LD publisher. */
  siteName?: string;
  /** The page's address; its host ("dailysabah.com") names the site too. */
  url?: string;
}

// Captured so the pieces can be put back together with their own separators.
const SEPARATOR =
  /(\s+[|•·/–—-]\s+|\s*[|｜]\s*|\s*--\s*|(?<=[^\p{ASCII}])_(?=[^\p{ASCII}])|\s+::\s+|\s+»\s+)/u;
/** Separators that never sit inside a headline. */
const PIPE_LIKE = /^\s*([|｜•·»_]|--|::)\s*$/u;

const INSTITUTION =
  /(ministry|ministère|ministerio|ministério|ministero|ministerium|министерств|міністерств|bakanlığı|department|office|government|embassy|presiden(t|cy)|президент|kremlin|auswärtiges amt|\bamt\b|外交部|外務省|外务省|\b(news|agency|daily|times|post|herald|tribune|gazette|journal|press|presse|prensa)\b|nachrichten|noticias|nouvelles|haber|новости|новини|ajans|\.com|\.org|\.net|\.gov|网|新闻)/iu;

const ACRONYM = /^[\p{Lu}\p{N}.&]{2,12}$/u;

function words(s: string): number {
  return s.trim() === '' ? 0 : s.trim().split(/\s+/).length;
}

/** Letters and digits only, lower case: "Daily Sabah" and "dailysabah" compare equal. */
function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function hostName(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const labels = new URL(url).hostname.replace(/^www\./, '').split('.');
    // "dailysabah.com" → "dailysabah", "mfa.gov.tr" → "mfa"
    return labels[0];
  } catch {
    return undefined;
  }
}

function isSite(segment: string, hints: SiteHints, host: string | undefined): boolean {
  const s = squash(segment);
  if (s === '') return false;
  if (hints.siteName && squash(hints.siteName) === s) return true;
  if (host && host.length >= 4 && s === squash(host)) return true;
  if (ACRONYM.test(segment.trim())) return true;
  return words(segment) <= 10 && INSTITUTION.test(segment);
}

/** The headline of a page title: the site name (and section labels next to it) removed. */
export function stripSiteName(title: string, hints: SiteHints = {}): string {
  const pieces = title.trim().split(SEPARATOR);
  // pieces: [segment, separator, segment, separator, …, segment]
  if (pieces.length < 3) return title.trim();
  const host = hostName(hints.url);
  const joined = (p: string[]) => p.join('').trim();
  let stripped = false;
  // Suffixes: "headline | section | site".
  while (pieces.length >= 3) {
    const last = pieces[pieces.length - 1] as string;
    const sep = pieces[pieces.length - 2] as string;
    const rest = pieces.slice(0, -2);
    // Never strip down to a stub: what stays must still read as a headline.
    if (joined(rest).length < 8) break;
    const pipe = PIPE_LIKE.test(sep);
    const site = isSite(last, hints, host) || (pipe && words(last) <= 4);
    // A section label beside the site name ("| أخبار | الجزيرة نت", "--国际--人民网").
    const section = stripped && pipe && words(last) <= 2 && last.length <= 24;
    if (!site && !section) break;
    pieces.length -= 2;
    stripped = true;
  }
  // A prefix: "Ministry of Foreign Affairs | headline".
  if (pieces.length >= 3) {
    const first = pieces[0] as string;
    const sep = pieces[1] as string;
    const rest = joined(pieces.slice(2));
    const recognised =
      (hints.siteName && squash(hints.siteName) === squash(first)) ||
      (host && host.length >= 4 && squash(first) === squash(host)) ||
      (PIPE_LIKE.test(sep) && isSite(first, hints, host));
    if (recognised && words(rest) >= 3) return rest;
  }
  return joined(pieces);
}
