import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { version } from '../../../package.json';
import type { HttpClient, HttpRequest, HttpResponse } from '../ports';
import { stripBrackets } from './address-policy';
import { FetchError, toFetchError } from './fetch-error';
import { guardedLookup, hostKey, type ResolveHost, systemResolve } from './guarded-lookup';
import { readBody } from './read-body';
import { parseTargetUrl } from './url-guard';

export interface HttpClientOptions {
  /** Allow loopback/private/link-local targets (local runner, demo, tests). Default false. */
  allowPrivateNetwork?: boolean;
  /**
   * Host names (or IP literals) that may resolve to private addresses while everything else is
   * still refused: an intranet feed mirror, or a loopback test server standing in for a public host.
   */
  allowPrivateHosts?: readonly string[];
  userAgent?: string;
  /** DNS + TCP (+ TLS) connect of each hop. Default 10 s. */
  connectTimeoutMs?: number;
  /** Whole request, all redirect hops and the body included. Default 30 s. */
  deadlineMs?: number;
  /** No bytes received for this long on a socket. Default 15 s. */
  idleTimeoutMs?: number;
  /** Body cap after decompression. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Custom DNS (tests map `feed.test` to 127.0.0.1); its answers are checked like real DNS. */
  lookup?: ResolveHost;
}

export const defaultUserAgent = `diplowire/${version} (+https://github.com/diplowire/diplowire)`;

/** Feed types first; the trailing `*\/*` keeps servers that only know text/html from answering 406. */
export const feedAccept =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.7, */*;q=0.5';
export const pageAccept = 'text/html, application/xhtml+xml;q=0.9, application/xml;q=0.8, */*;q=0.5';

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const permanentStatuses = new Set([301, 308]);
/** Sent to the origin that received them only, never across a redirect to another host. */
const originBoundHeaders = ['authorization', 'cookie', 'proxy-authorization'];

interface Config {
  allowPrivateNetwork: boolean;
  allowPrivateHosts: ReadonlySet<string>;
  connectTimeoutMs: number;
  deadlineMs: number;
  idleTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
  lookup: LookupFunction;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const allowPrivateNetwork = options.allowPrivateNetwork ?? false;
  const config: Config = {
    allowPrivateNetwork,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    deadlineMs: options.deadlineMs ?? 30_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 15_000,
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 5,
    userAgent: options.userAgent ?? defaultUserAgent,
    allowPrivateHosts: new Set((options.allowPrivateHosts ?? []).map(hostKey)),
    lookup: guardedLookup(
      options.lookup ?? systemResolve,
      allowPrivateNetwork,
      options.allowPrivateHosts ?? [],
    ),
  };
  return { get: (request) => get(config, request) };
}

async function get(config: Config, request: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  let current = request.url;
  const deadline = setTimeout(() => {
    controller.abort(
      new FetchError('timeout', `gave up on ${current} after the ${config.deadlineMs} ms deadline`, current),
    );
  }, config.deadlineMs);
  const external = request.signal;
  const onExternalAbort = () =>
    controller.abort(
      new FetchError('aborted', `fetching ${current} was aborted`, current, { cause: external?.reason }),
    );
  if (external?.aborted) onExternalAbort();
  external?.addEventListener('abort', onExternalAbort, { once: true });

  try {
    let url = parseTargetUrl(request.url, guardOptions(config));
    const originalHost = url.host;
    const visited = [url.href];
    let headers = requestHeaders(config, request);
    let allPermanent = true;
    for (;;) {
      current = url.href;
      const response = await requestOnce(config, url, headers, controller);
      const location = response.headers.location;
      if (redirectStatuses.has(response.statusCode ?? 0) && location !== undefined) {
        discard(response);
        const next = redirectTarget(location, url, config);
        next.hash = '';
        if (visited.includes(next.href)) {
          throw new FetchError(
            'too-many-redirects',
            `redirect loop: ${[...visited, next.href].join(' → ')}`,
            url.href,
          );
        }
        if (visited.length > config.maxRedirects) {
          throw new FetchError(
            'too-many-redirects',
            `more than ${config.maxRedirects} redirects starting at ${request.url} (next was ${next.href})`,
            url.href,
          );
        }
        allPermanent &&= permanentStatuses.has(response.statusCode ?? 0);
        if (next.host !== originalHost) headers = withoutOriginBound(headers);
        visited.push(next.href);
        url = next;
        continue;
      }
      const status = response.statusCode ?? 0;
      let body: Uint8Array = new Uint8Array();
      if (status === 304 || status === 204) discard(response);
      else
        body = await readBody(response, {
          maxBodyBytes: config.maxBodyBytes,
          url: url.href,
          signal: controller.signal,
        });
      const result: HttpResponse = { url: url.href, status, headers: flattenHeaders(response.headers), body };
      if (visited.length > 1 && allPermanent) result.permanentRedirect = url.href;
      return result;
    }
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof FetchError)
      throw controller.signal.reason;
    const failure = toFetchError(error, current);
    // Ends a socket still open after a failure (a body we stopped reading at the cap, say). A
    // clean finish needs no abort: the body was read to its end and the socket closes itself.
    controller.abort(failure);
    throw failure;
  } finally {
    clearTimeout(deadline);
    external?.removeEventListener('abort', onExternalAbort);
  }
}

/** One hop: resolves with the response head, or rejects with a FetchError. */
function requestOnce(
  config: Config,
  url: URL,
  headers: Record<string, string>,
  controller: AbortController,
): Promise<IncomingMessage> {
  const { signal } = controller;
  const abort = (error: FetchError) => controller.abort(error);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const secure = url.protocol === 'https:';
    const host = stripBrackets(url.hostname);
    const req = (secure ? https : http).request({
      protocol: url.protocol,
      hostname: host,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      // A fresh connection per hop: a pooled socket could have been opened under another policy.
      agent: false,
      lookup: config.lookup,
    });
    const connectTimer = setTimeout(() => {
      abort(
        new FetchError(
          'connect-timeout',
          `could not connect to ${url.host} within ${config.connectTimeoutMs} ms`,
          url.href,
        ),
      );
    }, config.connectTimeoutMs);
    const onAbort = () => req.destroy(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      socket.once('close', () => {
        clearTimeout(connectTimer);
        signal.removeEventListener('abort', onAbort);
      });
    });
    req.setTimeout(config.idleTimeoutMs, () => {
      abort(
        new FetchError('idle-timeout', `${url.host} sent nothing for ${config.idleTimeoutMs} ms`, url.href),
      );
    });
    req.on('error', (error) => {
      clearTimeout(connectTimer);
      if (signal.aborted && signal.reason instanceof FetchError) return reject(signal.reason);
      const failure = toFetchError(error, url.href);
      // Errors raised in the DNS step do not know which URL they were resolving for.
      reject(
        failure.url === undefined
          ? new FetchError(failure.code, failure.message, url.href, { cause: error })
          : failure,
      );
    });
    req.on('response', (response) => {
      clearTimeout(connectTimer);
      resolve(response);
    });
    req.end();
  });
}

function redirectTarget(location: string, from: URL, config: Config): URL {
  try {
    return parseTargetUrl(location, { ...guardOptions(config), base: from.href });
  } catch (error) {
    if (error instanceof FetchError && error.code === 'invalid-url') {
      throw new FetchError(
        'invalid-url',
        `${from.href} redirected to ${JSON.stringify(location)}, which is not a valid URL`,
        from.href,
      );
    }
    throw error;
  }
}

function guardOptions(config: Config): {
  allowPrivateNetwork: boolean;
  allowPrivateHosts: ReadonlySet<string>;
} {
  return { allowPrivateNetwork: config.allowPrivateNetwork, allowPrivateHosts: config.allowPrivateHosts };
}

function requestHeaders(config: Config, request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': config.userAgent,
    accept: request.accept === 'page' ? pageAccept : feedAccept,
    'accept-encoding': 'gzip, deflate, br',
    connection: 'close',
  };
  if (request.etag !== undefined) headers['if-none-match'] = request.etag;
  if (request.lastModified !== undefined) headers['if-modified-since'] = request.lastModified;
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

function withoutOriginBound(headers: Record<string, string>): Record<string, string> {
  const copy = { ...headers };
  for (const name of originBoundHeaders) delete copy[name];
  return copy;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Drops a body we will not read, without letting its stream raise an unhandled error. */
function discard(response: IncomingMessage): void {
  response.on('error', () => {});
  response.destroy();
}
