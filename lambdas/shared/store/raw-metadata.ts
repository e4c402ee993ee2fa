/**
 * The context normalization needs travels with each raw object as S3 user metadata. S3 allows only
 * ASCII there and 2 KB in all, so values are percent-encoded and the title is cut to fit.
 */
import type { RawMetadata } from '../ports';

/** Keys as they appear on the object (`x-amz-meta-<key>`). */
export const META = {
  sourceId: 'source-id',
  feedId: 'feed-id',
  articleId: 'article-id',
  url: 'url',
  fetchedAt: 'fetched-at',
  contentType: 'content-type',
  guid: 'guid',
  publishedAt: 'published-at',
  title: 'title',
  itemFingerprint: 'item-fingerprint',
  /** Why the article page is missing when the feed item was archived in its place (`http-404`, `dns`). */
  pageError: 'page-error',
} as const;

/** S3's limit on user metadata (keys + values, as sent). */
export const S3_METADATA_LIMIT = 2048;

/** Percent-encodes every value; drops the title (then the guid) down to what fits in the limit. */
export function encodeRawMetadata(meta: Partial<Record<keyof typeof META, string | undefined>>): RawMetadata {
  const out: RawMetadata = {};
  for (const [name, key] of Object.entries(META) as [keyof typeof META, string][]) {
    const value = meta[name];
    if (value !== undefined && value !== '') out[key] = encodeURIComponent(value);
  }
  const size = () => Object.entries(out).reduce((n, [k, v]) => n + k.length + v.length, 0);
  for (const trimmable of [META.title, META.guid, META.url]) {
    const over = size() - S3_METADATA_LIMIT;
    const value = out[trimmable];
    if (over <= 0 || value === undefined) continue;
    const cut = safePrefix(value, value.length - over);
    if (cut === '') delete out[trimmable];
    else out[trimmable] = cut;
  }
  return out;
}

export function decodeRawMetadata(stored: Record<string, string | undefined>): RawMetadata {
  const out: RawMetadata = {};
  for (const [key, value] of Object.entries(stored)) {
    if (value === undefined) continue;
    try {
      out[key.toLowerCase()] = decodeURIComponent(value);
    } catch {
      // Uploaded by hand with a stray '%': keep what was written.
      out[key.toLowerCase()] = value;
    }
  }
  return out;
}

/** A prefix of a percent-encoded string that does not split an escape sequence. */
function safePrefix(encoded: string, length: number): string {
  if (length <= 0) return '';
  let cut = encoded.slice(0, length);
  const lastPercent = cut.lastIndexOf('%');
  if (lastPercent >= 0 && lastPercent > cut.length - 3) cut = cut.slice(0, lastPercent);
  // Do not leave half of a multi-byte UTF-8 character: drop trailing continuation escapes.
  while (/%[89AB][0-9A-F]$/i.test(cut)) cut = cut.slice(0, -3);
  if (/%[C-F][0-9A-F]$/i.test(cut)) cut = cut.slice(0, -3);
  return cut;
}
