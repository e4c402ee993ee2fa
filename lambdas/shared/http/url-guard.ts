import { classifyAddress, isIpLiteral, stripBrackets } from './address-policy';
import { FetchError } from './fetch-error';

const allowedSchemes = new Set(['http:', 'https:']);

/**
 * Parses a URL the client is about to request (the first one or a redirect target) and refuses
 * what can be refused before any DNS: a scheme other than http/https, and an IP literal in a
 * forbidden range. The WHATWG parser has already turned `2130706433`, `0x7f.0.0.1`, `0177.0.0.1`
 * and `127.1` into `127.0.0.1`, so those spellings are judged as the address they are.
 * Host names are checked later, on the addresses DNS returns (see guarded-lookup).
 */
export function parseTargetUrl(
  raw: string,
  options: { allowPrivateNetwork: boolean; allowPrivateHosts?: ReadonlySet<string>; base?: string },
): URL {
  let url: URL;
  try {
    url = options.base === undefined ? new URL(raw) : new URL(raw, options.base);
  } catch (error) {
    throw new FetchError('invalid-url', `not a valid URL: ${JSON.stringify(raw)}`, raw, { cause: error });
  }
  if (!allowedSchemes.has(url.protocol)) {
    throw new FetchError(
      'unsupported-scheme',
      `refused: ${url.protocol.slice(0, -1)} URLs are not fetched, only http and https (${shorten(url.href)})`,
      url.href,
    );
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a feed URL would be sent to every redirect target and logged with the URL.
    throw new FetchError(
      'invalid-url',
      `refused: URLs with embedded credentials are not fetched (${url.host})`,
      url.host,
    );
  }
  const shown = options.base === undefined ? raw : url.href;
  const host = stripBrackets(url.hostname);
  if (!options.allowPrivateNetwork && isIpLiteral(host) && !options.allowPrivateHosts?.has(host)) {
    const verdict = classifyAddress(host);
    if (!verdict.allowed) {
      throw new FetchError(
        'refused-private-address',
        `refused: ${shorten(shown)} points to ${host}, ${verdict.reason}`,
        url.href,
      );
    }
  }
  return url;
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
