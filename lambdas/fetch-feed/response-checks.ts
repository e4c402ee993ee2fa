/**
 * What a response means for a feed, and how a decision lands in its state: pure helpers of fetch-feed.
 */
import { retryAfterMs } from '../shared/http/retry-after';
import type { FeedState, HttpResponse } from '../shared/ports';
import type { PollDecision } from '../shared/sources/polling';

/** A failure of the feed itself (not of our infrastructure): recorded, announced, not retried. */
export class FeedFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function checkStatus(response: HttpResponse, now: Date): void {
  if (response.status >= 200 && response.status < 300) return;
  const waitMs =
    response.status === 429 || response.status === 503 ? retryAfterMs(response.headers, now) : undefined;
  throw new FeedFailure(
    `http-${response.status}`,
    `${response.url} answered HTTP ${response.status}`,
    waitMs,
    response.status,
  );
}

export function redirectFields(
  response: HttpResponse,
  registryUrl: string,
  requested: string,
): Partial<FeedState> {
  if (response.permanentRedirect) return { url: response.permanentRedirect, redirectedFrom: registryUrl };
  return requested === registryUrl ? { url: undefined, redirectedFrom: undefined } : {};
}

export function contentType(response: HttpResponse): string {
  return response.headers['content-type'] ?? 'application/xml';
}

/** An HTML page where a feed should be (a login wall, a moved site, an error page) is a failure. */
export function looksLikeHtml(body: Uint8Array, contentType: string | undefined): boolean {
  const head = Buffer.from(body.subarray(0, 1024))
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return true;
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === 'text/html' && !head.startsWith('<?xml') && !/<(rss|feed|rdf:rdf)[\s>]/.test(head);
}

export function asFeedFailure(error: unknown): FeedFailure {
  if (error instanceof FeedFailure) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new FeedFailure(typeof code === 'string' ? code : 'parse-error', message);
}

export function applyDecision(state: FeedState, ...parts: (Partial<FeedState> | PollDecision)[]): void {
  for (const part of parts) {
    if ('reason' in part) {
      state.nextCheckAt = part.nextCheckAt;
      state.pollMinutes = part.pollMinutes;
      state.pollReason = part.reason;
    } else Object.assign(state, part);
  }
}
