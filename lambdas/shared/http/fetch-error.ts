/**
 * Every way a fetch can fail before a response is in hand. HTTP statuses (404, 429, 503…) are not
 * errors here: they come back as responses so the caller can record them in the feed's state.
 */
export type FetchErrorCode =
  | 'invalid-url'
  | 'invalid-request'
  | 'unsupported-scheme'
  | 'refused-private-address'
  | 'dns'
  | 'connect-timeout'
  | 'connection-refused'
  | 'connection-reset'
  | 'tls'
  | 'timeout'
  | 'idle-timeout'
  | 'aborted'
  | 'too-many-redirects'
  | 'body-too-large'
  | 'unsupported-encoding'
  | 'bad-encoding'
  | 'bad-response'
  | 'network';

export class FetchError extends Error {
  override readonly name = 'FetchError';

  constructor(
    readonly code: FetchErrorCode,
    message: string,
    /** The URL being fetched when it failed (the redirect hop, not necessarily the first URL). */
    readonly url?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Error's own `message` is not enumerable; dead-letter files and logs need it. */
  toJSON(): { name: string; code: FetchErrorCode; message: string; url?: string } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.url ? { url: this.url } : {}),
    };
  }
}

export function isFetchError(error: unknown): error is FetchError {
  return error instanceof FetchError;
}

const tlsCodes = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

/** Maps a Node socket/DNS/TLS error to a FetchError a person can read. FetchErrors pass through. */
export function toFetchError(error: unknown, url: string): FetchError {
  if (error instanceof FetchError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const host = safeHost(url);
  switch (true) {
    case code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NODATA':
      return new FetchError('dns', `DNS lookup failed for ${host}: ${detail}`, url, { cause: error });
    case code === 'ECONNREFUSED':
      return new FetchError('connection-refused', `${host} refused the connection`, url, { cause: error });
    case code === 'ECONNRESET' || code === 'EPIPE' || detail === 'socket hang up':
      return new FetchError('connection-reset', `${host} closed the connection early (${detail})`, url, {
        cause: error,
      });
    case typeof code === 'string' &&
      (tlsCodes.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')):
      return new FetchError('tls', `TLS with ${host} failed: ${readableTlsDetail(detail)}`, url, {
        cause: error,
      });
    case typeof code === 'string' && code.startsWith('HPE_'):
      return new FetchError(
        'bad-response',
        `${host} sent a response that is not valid HTTP (${detail})`,
        url,
        {
          cause: error,
        },
      );
    case code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN':
      return new FetchError('invalid-request', `not sent to ${host}: ${detail}`, url, { cause: error });
    case code === 'ABORT_ERR':
      return new FetchError('aborted', `fetching ${url} was aborted`, url, { cause: error });
    default:
      return new FetchError('network', `fetching ${url} failed: ${detail}`, url, { cause: error });
  }
}

/** OpenSSL messages carry a hex error id and a source path; keep the reason only. */
function readableTlsDetail(detail: string): string {
  const reason = /SSL routines:[^:]*:([^:]+)/.exec(detail)?.[1];
  return reason ?? detail;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
