/**
 * Canonical URLs: the identity of an article (articleId = sha256 of this form), so two links to the
 * same page must come out equal and a link must never be turned into a different page.
 *
 * The scheme is kept as given: whether a host also serves https cannot be known offline, and a
 * wrong upgrade would break the link. Percent-encoding is kept byte for byte, because some servers
 * (e.g. Canada's news API) need encoded operators such as %3D and %26 to stay encoded.
 */

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
 * fragment, default port, tracking parameters, upper case in the host. Undefined when the input is
 * not a usable web address (mailto:, javascript:, garbage).
 */
export function canonicalUrl(input: string, base?: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed === '') return base === undefined ? undefined : canonicalUrl(base);
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
