/**
 * The JSON endpoints of `diplowire serve` as one function: (deps, method, URL) → response. It knows
 * nothing of node:http, so the same routes could sit behind API Gateway (see README: serve).
 */
import type { ArticleRecord } from '../../lambdas/shared/article';
import type { RawObject } from '../../lambdas/shared/ports';
import type { SourcesReport } from '../../lambdas/shared/sources/status';
import {
  type ArchiveSnapshot,
  type ArticleFilter,
  BadCursorError,
  countryPairs,
  countryTimeline,
  facetsOf,
  matchingArticles,
  pageOf,
} from './archive-view';

export interface ApiDeps {
  /** All articles, newest first (may be a briefly cached copy). */
  snapshot(): Promise<ArchiveSnapshot>;
  /** One article read straight from the store. */
  article(articleId: string): Promise<ArticleRecord | undefined>;
  raw(key: string): Promise<RawObject | undefined>;
  sources(): Promise<SourcesReport>;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** A request the client got wrong: answered 400 with the message. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
const ARTICLE_ID = /^[0-9a-f]{32}$/;

export async function handleApi(deps: ApiDeps, method: string, url: URL): Promise<ApiResponse> {
  if (method !== 'GET' && method !== 'HEAD') {
    return json(
      405,
      { error: `${method} is not supported: the API is read-only (use GET)` },
      { allow: 'GET, HEAD' },
    );
  }
  try {
    return await route(deps, url);
  } catch (error) {
    if (error instanceof BadRequestError || error instanceof BadCursorError) {
      return json(400, { error: error.message });
    }
    throw error;
  }
}

async function route(deps: ApiDeps, url: URL): Promise<ApiResponse> {
  const path = url.pathname.replace(/\/+$/, '');
  const params = url.searchParams;
  if (path === '/api/articles') {
    const query = readParams(params, [
      'source',
      'country',
      'language',
      'since',
      'until',
      'q',
      'cursor',
      'limit',
    ]);
    const filter = filterOf(query);
    const snapshot = await deps.snapshot();
    const matches = matchingArticles(snapshot, filter);
    const page = pageOf(matches, limitOf(query.limit), query.cursor);
    // facets: what the whole store holds (for the filter menus); matchFacets: what the matches hold.
    return json(200, { ...page, facets: facetsOf(snapshot), matchFacets: facetsOf({ articles: matches }) });
  }
  const articleMatch = /^\/api\/articles\/([^/]+)(\/raw)?$/.exec(path);
  if (articleMatch) {
    readParams(params, []);
    const id = articleMatch[1]!;
    if (!ARTICLE_ID.test(id)) throw new BadRequestError(`'${id}' is not an article id (32 hex characters)`);
    const record = await deps.article(id);
    if (!record) return json(404, { error: `no article with id ${id} in this store` });
    if (!articleMatch[2]) return json(200, record);
    const raw = record.rawKey ? await deps.raw(record.rawKey) : undefined;
    if (!raw) return json(404, { error: `article ${id} has no archived raw document` });
    return {
      status: 200,
      headers: {
        'content-type': raw.contentType ?? 'application/octet-stream',
        // Archived pages are someone else's HTML: show them, but never let their scripts run on
        // this origin (sandbox gives them an opaque origin; nothing may load from elsewhere).
        'content-security-policy': "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, max-age=3600',
      },
      body: raw.body,
    };
  }
  if (path === '/api/countries/timeline') {
    const query = readParams(params, ['country', 'source', 'language', 'since', 'until']);
    if (!query.country) throw new BadRequestError('country is required, e.g. ?country=TR');
    const filter = filterOf(query);
    return json(200, countryTimeline(await deps.snapshot(), filter.country!, filter));
  }
  if (path === '/api/countries/pairs') {
    const query = readParams(params, ['country', 'source', 'language', 'since', 'until', 'limit']);
    return json(200, countryPairs(await deps.snapshot(), filterOf(query), limitOf(query.limit)));
  }
  if (path === '/api/sources') {
    readParams(params, []);
    return json(200, await deps.sources());
  }
  return json(404, {
    error: `no endpoint ${url.pathname}; see /api/articles, /api/countries/timeline, /api/countries/pairs, /api/sources`,
  });
}

type Query = Partial<Record<string, string>>;

/** Each allowed parameter once at most; an unknown one is a typo worth telling about. */
function readParams(params: URLSearchParams, allowed: string[]): Query {
  const query: Query = {};
  for (const [name, value] of params) {
    if (!allowed.includes(name)) {
      throw new BadRequestError(
        allowed.length > 0
          ? `unknown parameter '${name}'; this endpoint takes ${allowed.join(', ')}`
          : `unknown parameter '${name}'; this endpoint takes none`,
      );
    }
    if (query[name] !== undefined) throw new BadRequestError(`parameter '${name}' is given more than once`);
    if (value !== '') query[name] = value;
  }
  return query;
}

function filterOf(query: Query): ArticleFilter {
  const filter: ArticleFilter = {};
  if (query.source) {
    if (!/^[A-Za-z0-9][\w.-]{0,99}$/.test(query.source))
      throw new BadRequestError(`source '${query.source}' is not a source id such as tr-mfa`);
    filter.source = query.source;
  }
  if (query.country) {
    if (!/^[A-Za-z]{2}$/.test(query.country))
      throw new BadRequestError(`country '${query.country}' is not a two-letter ISO 3166-1 code such as TR`);
    filter.country = query.country.toUpperCase();
  }
  if (query.language) {
    if (!/^[A-Za-z]{2,3}$/.test(query.language))
      throw new BadRequestError(`language '${query.language}' is not a language tag such as en or tr`);
    filter.language = query.language.toLowerCase();
  }
  if (query.since) filter.since = instantOf('since', query.since, false);
  if (query.until) filter.until = instantOf('until', query.until, true);
  if (filter.since && filter.until && filter.since >= filter.until)
    throw new BadRequestError(`since (${query.since}) must be before until (${query.until})`);
  if (query.q) {
    if (query.q.length > 200) throw new BadRequestError('q is longer than 200 characters');
    filter.q = query.q;
  }
  return filter;
}

/** A date or an ISO instant; a date `until` includes that whole day (UTC). */
function instantOf(name: string, value: string, endOfDay: boolean): string {
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(isDate ? `${value}T00:00:00Z` : value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) {
    throw new BadRequestError(`${name} '${value}' is not a date such as 2026-11-24 or an ISO instant`);
  }
  return new Date(isDate && endOfDay ? ms + 86_400_000 : ms).toISOString();
}

function limitOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_LIMIT)
    throw new BadRequestError(`limit '${value}' must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(value),
  };
}
