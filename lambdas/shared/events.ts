/**
 * The one source of truth for every event name and detail schema. The CDK rules, the publishers,
 * the handlers and the local router all import from here, so they can never disagree.
 */
// zod/mini, not classic zod: every handler bundle imports this module, and classic zod costs
// ~440 KB and ~90 ms of cold start (its chainable methods defeat tree shaking); mini with its
// English messages is ~33 KB. Each schema is built on its first use (lazySchema): a handler checks
// one or two of them, and building all of them at import cost every cold start ~7 ms.
import * as z from 'zod/mini';
import { type Infer, lazySchema } from './lazy-schema';

export const EVENT_SOURCE = 'diplowire';
export const BUS_NAME_LOCAL = 'diplowire';

export const DetailType = {
  FeedDue: 'Feed.Due',
  ArticleDiscovered: 'Article.Discovered',
  ArticleIngested: 'Article.Ingested',
  FeedFailed: 'Feed.Failed',
} as const;
export type DetailTypeName = (typeof DetailType)[keyof typeof DetailType];

/** Keep every detail well under EventBridge's 256 KB entry limit; content travels only when small. */
export const MAX_INLINE_CONTENT_BYTES = 48 * 1024;

const isoInstant = () => z.iso.datetime({ offset: true });
const articleId = () =>
  z.string().check(z.regex(/^[0-9a-f]{32}$/, 'articleId is 32 lower-case hex characters'));
const nonEmpty = () => z.string().check(z.minLength(1));

export const FeedDueDetail = /* @__PURE__ */ lazySchema(() =>
  z.object({
    feedId: nonEmpty(),
    url: z.url(),
    scheduledAt: isoInstant(),
  }),
);
export type FeedDueDetail = Infer<typeof FeedDueDetail>;

export const ArticleDiscoveredDetail = /* @__PURE__ */ lazySchema(() =>
  z.object({
    feedId: nonEmpty(),
    sourceId: nonEmpty(),
    articleId: articleId(),
    url: z.url(),
    guid: z.optional(z.string()),
    title: z.optional(z.string()),
    publishedAt: z.optional(isoInstant()),
    /** True when the feed carried the whole article, so the archiver need not fetch the page. */
    contentInFeed: z.boolean(),
    /** The item as parsed from the feed, only when small (see MAX_INLINE_CONTENT_BYTES). */
    item: z.optional(z.record(z.string(), z.unknown())),
    /** Where the fetched feed document is, when the item was too large to travel in the event. */
    feedRawKey: z.optional(z.string()),
    fetchedAt: z.optional(isoInstant()),
    /** sha256 of the feed item as announced; stored with the article so an unchanged item is not re-announced. */
    itemFingerprint: z.optional(z.string()),
  }),
);
export type ArticleDiscoveredDetail = Infer<typeof ArticleDiscoveredDetail>;

export const ArticleIngestedDetail = /* @__PURE__ */ lazySchema(() =>
  z.object({
    articleId: articleId(),
    sourceId: nonEmpty(),
    url: z.string(),
    publishedAt: z.nullable(isoInstant()),
    language: z.string(),
    countries: z.array(z.string().check(z.length(2))),
    contentHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    version: z.number().check(z.int(), z.positive()),
    /** 'new' or 'updated': an unchanged article emits nothing. */
    change: z.optional(z.enum(['new', 'updated'])),
  }),
);
export type ArticleIngestedDetail = Infer<typeof ArticleIngestedDetail>;

export const FeedFailedDetail = /* @__PURE__ */ lazySchema(() =>
  z.object({
    feedId: nonEmpty(),
    url: z.string(),
    error: z.object({ code: z.string(), message: z.string() }),
    consecutiveFailures: z.number().check(z.int(), z.nonnegative()),
  }),
);
export type FeedFailedDetail = Infer<typeof FeedFailedDetail>;

export const DetailSchemas = {
  [DetailType.FeedDue]: FeedDueDetail,
  [DetailType.ArticleDiscovered]: ArticleDiscoveredDetail,
  [DetailType.ArticleIngested]: ArticleIngestedDetail,
  [DetailType.FeedFailed]: FeedFailedDetail,
} as const;

/** The EventBridge pattern that selects one of our events; used by CDK rules and the local router. */
export function patternFor(detailType: DetailTypeName): { source: string[]; 'detail-type': string[] } {
  return { source: [EVENT_SOURCE], 'detail-type': [detailType] };
}

/** Raw objects under this prefix start normalization (archived pages, feed items and imports). */
export const RAW_PREFIX = 'raw/';
export const IMPORT_PREFIX = 'raw/import/';

/** The pattern of the S3 "Object Created" notification that starts normalize-article. */
export function objectCreatedPattern(bucketName: string) {
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix: RAW_PREFIX }] } },
  };
}

/** An S3 Object Created notification as EventBridge delivers it (only the fields we read). */
export const ObjectCreatedDetail = /* @__PURE__ */ lazySchema(() =>
  z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), size: z.optional(z.number()), etag: z.optional(z.string()) }),
  }),
);
export type ObjectCreatedDetail = Infer<typeof ObjectCreatedDetail>;
