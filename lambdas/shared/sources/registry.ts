/**
 * The source registry (`sources.json`): which sources the pipeline polls, as data validated at load
 * time. A bad entry is refused with a message that names it, e.g.
 * `sources[3].feeds[1] (cn-mfa-news-en): timezone "Asia/Bejing" is not an IANA time zone`.
 *
 * A feed is either a syndication feed (RSS, Atom, RDF; `format` optional, sniffed when absent) or a
 * listing page (`format: "listing"` plus `listing` selectors), for ministries that publish no feed.
 * Both end up as the same `ParsedFeed`, so nothing downstream of the fetch can tell them apart.
 */
import { readFile } from 'node:fs/promises';
import { compile } from 'css-select';
// zod/mini (see events.ts), its schemas built on first use (lazySchema). The deployed handlers load
// this module only for a registry file given in DIPLOWIRE_SOURCES_FILE: sources.json is validated
// at build time (store/registry-provider.ts).
import * as z from 'zod/mini';
import { type Infer, lazySchema } from '../lazy-schema';
import { isCountryCode } from './country-codes';
import { MAX_POLL_MINUTES, MIN_POLL_MINUTES } from './registry-lookup';

// Reading a registry needs none of the validation below: the handlers import these directly.
export {
  type FeedEntry,
  feedsOf,
  findFeed,
  isListing,
  MAX_POLL_MINUTES,
  MIN_POLL_MINUTES,
  sourceCountryOf,
} from './registry-lookup';

export const SOURCE_KINDS = ['ministry', 'government', 'intergovernmental', 'media'] as const;
export const FEED_FORMATS = ['rss', 'atom', 'rdf', 'listing'] as const;
export const DEFAULT_MAX_AGE_DAYS = 30;

const idPattern = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const id = () =>
  z.string().check(
    z.regex(idPattern, {
      error: (i) => `id ${JSON.stringify(i.input)} must be lower-case letters, digits and dashes`,
    }),
  );

function isValidSelector(selector: string): boolean {
  try {
    compile(selector);
    return true;
  } catch {
    return false;
  }
}

const selector = (field: string) =>
  z.string().check(
    z.minLength(1, { error: `listing.${field} selector is empty` }),
    z.refine(isValidSelector, {
      error: (i) => `listing.${field} selector ${JSON.stringify(i.input)} is not valid CSS`,
    }),
  );

/**
 * Where the items are on a listing page. `item` is matched against the whole page; every other
 * selector is matched inside one item (`:scope` is the item itself, for pages where the item IS the
 * link). The link's `href` (resolved against the page URL) is the article URL; the title defaults to
 * the link's text. A date comes from `dateAttribute` of the `date` element when given (e.g. a
 * `<time datetime>`), else from its text; `dateFormat` is a Luxon format (`dd.MM.yyyy`) for layouts
 * the general date parser would misread; dates without a zone take the feed's `timezone`.
 */
export const ListingSchema = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    item: selector('item'),
    link: selector('link'),
    title: z.optional(selector('title')),
    date: z.optional(selector('date')),
    dateAttribute: z.optional(z.string().check(z.minLength(1))),
    dateFormat: z.optional(z.string().check(z.minLength(1))),
    summary: z.optional(selector('summary')),
  }),
);
export type ListingConfig = Infer<typeof ListingSchema>;

const httpUrl = () =>
  z.string().check(
    z.refine(
      (s) => {
        try {
          const u = new URL(s);
          return u.protocol === 'http:' || u.protocol === 'https:';
        } catch {
          return false;
        }
      },
      {
        error: (i) =>
          /\{\{\w+\}\}/.test(String(i.input))
            ? `url ${JSON.stringify(i.input)} still holds a placeholder: load it with loadRegistry(text, { vars })`
            : `url ${JSON.stringify(i.input)} is not an absolute http(s) URL`,
      },
    ),
  );

const language = () =>
  z.string().check(
    z.refine(
      (s) => {
        try {
          return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(s) && Intl.getCanonicalLocales(s).length === 1;
        } catch {
          return false;
        }
      },
      { error: (i) => `language ${JSON.stringify(i.input)} is not a BCP 47 tag such as "en" or "zh-Hans"` },
    ),
  );

/**
 * An IANA zone the runtime knows (the test Luxon's `IANAZone.isValidZone` makes, without importing
 * Luxon into functions that only read the registry).
 */
function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

const timezone = () =>
  z.string().check(
    z.refine(isTimeZone, {
      error: (i) => `timezone ${JSON.stringify(i.input)} is not an IANA time zone`,
    }),
  );

export const FeedSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .strictObject({
      id: id(),
      url: httpUrl(),
      language: language(),
      /** `feed`: items carry whole articles; `page`: only summaries, so the archiver fetches the page. */
      fullText: z.enum(['feed', 'page'], { error: 'fullText must be "feed" or "page"' }),
      pollMinutes: z.number({ error: 'pollMinutes must be a number of minutes' }).check(
        z.int({ error: 'pollMinutes must be a whole number' }),
        z.gte(MIN_POLL_MINUTES, {
          error: `pollMinutes must be at least ${MIN_POLL_MINUTES} (the schedule's period)`,
        }),
        z.lte(MAX_POLL_MINUTES, { error: `pollMinutes must be at most ${MAX_POLL_MINUTES} (a week)` }),
      ),
      timezone: timezone(),
      format: z.optional(z.enum(FEED_FORMATS, { error: `format must be one of ${FEED_FORMATS.join(', ')}` })),
      listing: z.optional(ListingSchema.schema),
      /** Extra request headers, e.g. an Accept a picky server wants. */
      headers: z.optional(
        z.record(
          z.string().check(
            z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, {
              error: (i) => `headers: ${JSON.stringify(i.input)} is not an HTTP header name`,
            }),
          ),
          z.string().check(
            z.refine((v) => !/[\r\n]/.test(v), {
              error: 'headers: a header value cannot hold a line break',
            }),
          ),
        ),
      ),
      enabled: z._default(z.boolean(), true),
      note: z.optional(z.string()),
      /** On a feed's first fetch, skip items older than this; `null` takes every item. */
      maxAgeDays: z._default(z.nullable(z.number().check(z.int(), z.positive())), DEFAULT_MAX_AGE_DAYS),
    })
    .check(
      z.superRefine((feed, ctx) => {
        if (feed.format === 'listing' && !feed.listing)
          ctx.addIssue({
            code: 'custom',
            path: ['listing'],
            message: 'listing selectors are missing: format "listing" needs listing: { item, link, … }',
          });
        if (feed.listing && feed.format !== 'listing')
          ctx.addIssue({
            code: 'custom',
            path: ['format'],
            message: 'format must be "listing" for a feed with listing selectors',
          });
        if (feed.listing?.dateAttribute && !feed.listing.date)
          ctx.addIssue({
            code: 'custom',
            path: ['listing', 'dateAttribute'],
            message: 'dateAttribute needs a date selector',
          });
        if (feed.format === 'listing' && feed.fullText === 'feed')
          ctx.addIssue({
            code: 'custom',
            path: ['fullText'],
            message: 'fullText must be "page" for a listing: a listing page carries no article text',
          });
      }),
    ),
);
export type FeedConfig = Infer<typeof FeedSchema>;

export const SourceSchema = /* @__PURE__ */ lazySchema(() =>
  z
    .strictObject({
      id: id(),
      name: z.string().check(z.minLength(1, { error: 'name is empty' })),
      kind: z.enum(SOURCE_KINDS, { error: `kind must be one of ${SOURCE_KINDS.join(', ')}` }),
      country: z.optional(
        z.string().check(
          z.refine(isCountryCode, {
            error: (i) =>
              `country ${JSON.stringify(i.input)} is not an ISO 3166-1 alpha-2 code (upper case, e.g. "TR")${i.input === 'UK' ? ': the United Kingdom is "GB"' : ''}`,
          }),
        ),
      ),
      homepage: z.optional(httpUrl()),
      note: z.optional(z.string()),
      feeds: z.array(FeedSchema.schema).check(z.minLength(1, { error: 'a source needs at least one feed' })),
    })
    .check(
      z.superRefine((source, ctx) => {
        if ((source.kind === 'ministry' || source.kind === 'government') && !source.country)
          ctx.addIssue({
            code: 'custom',
            path: ['country'],
            message: `country is required for a ${source.kind}`,
          });
      }),
    ),
);
export type Source = Infer<typeof SourceSchema>;

export const RegistrySchema = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    /** JSON has no comments; this key is where a file says what it is for. */
    $comment: z.optional(z.string()),
    sources: z.array(SourceSchema.schema),
  }),
);
export type Registry = Infer<typeof RegistrySchema>;

export class RegistryError extends Error {
  readonly code = 'invalid-registry';
  constructor(readonly issues: string[]) {
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super(
      `${issues[0] ?? 'invalid sources file'}${more}${issues.length > 1 ? `\n${issues.slice(1).join('\n')}` : ''}`,
    );
    this.name = 'RegistryError';
  }
}

export interface LoadOptions {
  /** Values for `{{name}}` placeholders in URLs, e.g. `{ base: 'http://127.0.0.1:4321' }` for the demo. */
  vars?: Record<string, string>;
}

/** Validates a registry given as JSON text or as an already parsed object. Throws RegistryError. */
export function loadRegistry(input: string | unknown, options: LoadOptions = {}): Registry {
  const raw = typeof input === 'string' ? parseJson(input) : input;
  const substituted = options.vars ? substitute(raw, options.vars) : raw;
  const result = RegistrySchema.safeParse(substituted);
  if (!result.success)
    throw new RegistryError(result.error.issues.map((issue) => describeIssue(issue, substituted)));
  const problems = duplicateIds(result.data);
  if (problems.length > 0) throw new RegistryError(problems);
  return result.data;
}

/** Reads and validates a sources file; the file name leads any error message. */
export async function loadRegistryFile(file: string, options: LoadOptions = {}): Promise<Registry> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RegistryError([`cannot read sources file ${file}: ${(error as Error).message}`]);
  }
  try {
    return loadRegistry(text, options);
  } catch (error) {
    if (error instanceof RegistryError) throw new RegistryError(error.issues.map((i) => `${file}: ${i}`));
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    let where = '';
    if (position !== undefined) {
      const before = text.slice(0, Number(position));
      const line = before.split('\n').length;
      const column = Number(position) - before.lastIndexOf('\n');
      where = ` at line ${line} column ${column}`;
    }
    throw new RegistryError([`sources file is not valid JSON${where}: ${message}`]);
  }
}

function substitute(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => vars[name] ?? whole);
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

/** `sources[3].feeds[1] (cn-mfa-news-en): <what is wrong>`: the entry first, by position and id. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  // The entry is the deepest source or feed on the path; the rest names the field.
  let entryEnd = 0;
  for (let i = 0; i < path.length; i++) {
    if ((path[i] === 'sources' || path[i] === 'feeds') && typeof path[i + 1] === 'number') entryEnd = i + 2;
  }
  const entryPath = path.slice(0, entryEnd);
  const fieldPath = path.slice(entryEnd);
  const entry = entryPath
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  const entryValue = valueAt(raw, entryPath);
  const entryId =
    entryValue && typeof entryValue === 'object' ? (entryValue as { id?: unknown }).id : undefined;
  const label = entry === '' ? 'sources file' : typeof entryId === 'string' ? `${entry} (${entryId})` : entry;
  return `${label}: ${describeMessage(issue, fieldPath, valueAt(raw, path))}`;
}

function valueAt(root: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined,
    root,
  );
}

function describeMessage(issue: z.core.$ZodIssue, fieldPath: Array<string | number>, value: unknown): string {
  const field = fieldPath
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${field ? ` in ${field}` : ''}`;
  }
  // A bad record key (a header name) carries the key's own message inside.
  if (issue.code === 'invalid_key' && issue.issues[0]) return issue.issues[0].message;
  if (value === undefined && field !== '' && issue.code !== 'custom') return `${field} is missing`;
  // Our own messages already name the field; zod's generic ones ("Invalid input…") need it added.
  const leaf = String(fieldPath[fieldPath.length - 1] ?? '');
  const named = issue.message.startsWith(field) || issue.message.startsWith(leaf);
  return named || field === '' ? issue.message : `${field}: ${issue.message}`;
}

/** Source and feed ids share one namespace: a feed id names fixtures, state rows and S3 prefixes. */
function duplicateIds(registry: Registry): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  registry.sources.forEach((source, s) => {
    const entries: Array<[string, string]> = [
      [source.id, `sources[${s}]`],
      ...source.feeds.map((f, i): [string, string] => [f.id, `sources[${s}].feeds[${i}]`]),
    ];
    for (const [entryId, where] of entries) {
      const first = seen.get(entryId);
      if (first) problems.push(`${where} (${entryId}): id "${entryId}" is already used by ${first}`);
      else seen.set(entryId, where);
    }
  });
  return problems;
}
