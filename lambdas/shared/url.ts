/**
 * Canonical URLs: the identity of an article (articleId = sha256 of this form), so two links to the
 * same page must come out equal and a link must never be turned into a different page.
 *
 * The scheme: https where the host is known to serve it, else as given. Whether a host serves https
 * cannot be checked offline, and a wrong upgrade would break the link, so the knowledge comes only
 * from what diplowire itself fetched over https: the feed or listing page being read (its final URL,
 * after redirects) and the registry's https feed URLs. It is a set of host names (`httpsHostsOf`);
 * `http://host/…` becomes `https://host/…` only for an exact host in the set and the default port on
 * both sides (`www.x` and `x` are different hosts; `http://x:8080/` or a host seen only as
 * `https://x:8443/` is a different origin, so it is never upgraded). Without that knowledge the
 * scheme is kept as given. Percent-encoding is kept byte for byte, because some servers (e.g.
 * Canada's news API) need encoded operators such as %3D and %26 to stay encoded.
 */

/** Host names (lower case, as WHATWG URL writes them) known to serve https on the default port. */
export type HttpsHosts = ReadonlySet<string>;

export interface CanonicalOptions {
  /** Hosts whose `http://` links are written `https://` (see the header). */
  httpsHosts?: HttpsHosts;
}

function parsed(url: string | undefined): URL | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url.trim());
  } catch {
    return undefined;
  }
}

/** The host of an https URL on the default port (what an http link may be upgraded to), else undefined. */
export function httpsHostOf(url: string | undefined): string | undefined {
  const u = parsed(url);
  return u && u.protocol === 'https:' && u.port === '' && u.hostname !== '' ? u.hostname : undefined;
}

/** The https hosts among `urls` (unparsable and http ones are ignored), merged into `into` if given. */
export function httpsHostsOf(urls: Iterable<string | undefined>, into?: Iterable<string>): Set<string> {
  const hosts = new Set<string>(into);
  for (const url of urls) {
    const host = httpsHostOf(url);
    if (host !== undefined) hosts.add(host);
  }
  return hosts;
}

/** Query parameters that only track the click and never change the page. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'yclid',
  'igshid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wickedid',
  'twclid',
  'ttclid',
  'srsltid',
]);

function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return key.startsWith('utm_') || TRACKING_PARAMS.has(key);
}

/** Decodes only the parameter name (to compare it); the pair itself is kept as written. */
function paramName(pair: string): string {
  const eq = pair.indexOf('=');
  const raw = eq === -1 ? pair : pair.slice(0, eq);
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Resolves `input` against `base`, keeps http(s) only, and removes what does not identify the page:
 * fragment, default port, tracking parameters, upper case in the host; writes https for a host in
 * `options.httpsHosts`. Undefined when the input is not a usable web address (mailto:, javascript:,
 * garbage).
 */
export function canonicalUrl(input: string, base?: string, options?: CanonicalOptions): string | undefined {
  const trimmed = input.trim();
  if (trimmed === '') return base === undefined ? undefined : canonicalUrl(base, undefined, options);
  let url: URL;
  try {
    url = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    // A bad base must not hide a good absolute input.
    if (base === undefined) return undefined;
    try {
      url = new URL(trimmed);
    } catch {
      return undefined;
    }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '') return undefined;
  // An empty port is the scheme's default: http://x/ goes to https://x/ (443), http://x:8080/ stays.
  if (url.protocol === 'http:' && url.port === '' && options?.httpsHosts?.has(url.hostname))
    url.protocol = 'https:';
  // WHATWG URL already lower-cases the host and drops default ports; the fragment is ours to drop.
  url.hash = '';
  const search = url.search;
  if (search.length > 1) {
    const kept = search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && !isTrackingParam(paramName(pair)));
    // Assigning `url.search` would re-encode; rebuild the string around it instead.
    const query = kept.length > 0 ? `?${kept.join('&')}` : '';
    const href = url.href;
    const q = href.indexOf('?');
    return href.slice(0, q) + query;
  }
  return url.href;
}
