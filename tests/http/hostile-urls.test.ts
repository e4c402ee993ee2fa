import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHttpClient, FetchError } from '../../lambdas/shared/http';

/**
 * Hostile URLs through the whole client. The resolver knows `localhost` (loopback) and
 * `intranet.example` (private) and nothing else, so no case here can reach a real network: each
 * must end in the typed error listed, quickly.
 */
const lookup = async (name: string) => {
  const hostname = name.replace(/\.$/, ''); // as DNS does: `localhost.` is the absolute form of `localhost`
  if (hostname === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
  if (hostname === 'intranet.example') return [{ address: '10.1.2.3', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};
const client = createHttpClient({ lookup, deadlineMs: 2_000, connectTimeoutMs: 1_000 });

/**
 * Whether mangling made another valid IP address rather than a broken URL (`010.0.0.1` is 8.0.0.1,
 * `[::a1]` is ::a1): IP literals skip the resolver above, and such an address may be public, so the
 * client would really connect. Those inputs are not hostile URLs and are left out of the property.
 */
function isAnotherIpAddress(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url.trim());
    if (protocol !== 'http:' && protocol !== 'https:') return false;
    const literal = /^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.startsWith('[');
    return literal && !['127.0.0.1', '10.0.0.1', '[::1]'].includes(hostname);
  } catch {
    return false;
  }
}

async function outcome(url: string): Promise<{ code: string; message: string }> {
  try {
    await client.get({ url });
  } catch (error) {
    if (error instanceof FetchError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${url} was fetched`);
}

describe('hostile URLs', () => {
  it.each([
    ['http://①②⑦.0.0.1/', 'refused: http://①②⑦.0.0.1/ points to 127.0.0.1, a loopback address'],
    ['http://127。0。0。1/', 'refused: http://127。0。0。1/ points to 127.0.0.1, a loopback address'],
    [
      'http://①⑥⑨.②⑤④.①⑥⑨.②⑤④/',
      'refused: http://①⑥⑨.②⑤④.①⑥⑨.②⑤④/ points to 169.254.169.254, the cloud instance metadata address',
    ],
    ['http://0x7f.1/', 'refused: http://0x7f.1/ points to 127.0.0.1, a loopback address'],
    ['  http://127.0.0.1/ ', 'refused:   http://127.0.0.1/  points to 127.0.0.1, a loopback address'],
    [
      'http://[0:0:0:0:0:ffff:127.0.0.1]/',
      'refused: http://[0:0:0:0:0:ffff:127.0.0.1]/ points to ::ffff:7f00:1, an IPv4-mapped form of 127.0.0.1, a loopback address',
    ],
    ['http://[::]:22/', 'refused: http://[::]:22/ points to ::, the unspecified address'],
    ['HTTP://LOCALHOST/', 'refused: localhost resolves to 127.0.0.1, a loopback address'],
    ['http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/', 'refused: localhost resolves to 127.0.0.1, a loopback address'],
    ['http://localhost./', 'refused: localhost. resolves to 127.0.0.1, a loopback address'],
    ['https://intranet.example/feed', 'refused: intranet.example resolves to 10.1.2.3, a private address'],
  ])('refuses %s', async (url, message) => {
    expect(await outcome(url)).toEqual({ code: 'refused-private-address', message });
  });

  it.each([
    // The part before @ is credentials, the host is evil.example.
    ['http://127.0.0.1:80@evil.example/', 'invalid-url'],
    // A backslash and a fragment end the host for http: the host is evil.example, which does not resolve.
    ['http://evil.example\\@127.0.0.1/', 'dns'],
    ['http://evil.example#@127.0.0.1/', 'dns'],
    ['http://256.0.0.1/', 'invalid-url'],
    ['http://0x100000000/', 'invalid-url'],
    ['http://1.2.3.4.5/', 'invalid-url'],
    ['http://[::1/', 'invalid-url'],
    ['ws://127.0.0.1/', 'unsupported-scheme'],
    ['view-source:http://127.0.0.1/', 'unsupported-scheme'],
    ['blob:http://127.0.0.1/x', 'unsupported-scheme'],
    ['dict://127.0.0.1:11211/stat', 'unsupported-scheme'],
    ['//127.0.0.1/', 'invalid-url'],
    ['', 'invalid-url'],
  ])('ends %s in %s', async (url, code) => {
    expect((await outcome(url)).code).toBe(code);
  });

  it('ends any mangled URL in a typed error, within the deadline', async () => {
    const hosts = fc.constantFrom(
      'localhost',
      'intranet.example',
      '127.0.0.1',
      '[::1]',
      '10.0.0.1',
      'nowhere.test',
    );
    const mangled = fc
      .tuple(
        fc.constantFrom('http', 'https', 'ftp', 'HTTP', 'file'),
        hosts,
        fc.string({ maxLength: 12 }),
        fc.nat(),
      )
      .map(([scheme, host, noise, at]) => {
        const url = `${scheme}://${host}/feed`;
        const i = at % (url.length + 1);
        return url.slice(0, i) + noise + url.slice(i);
      });
    await fc.assert(
      fc.asyncProperty(mangled, async (url) => {
        fc.pre(!isAnotherIpAddress(url));
        const started = Date.now();
        const { code } = await outcome(url);
        expect(['invalid-url', 'unsupported-scheme', 'refused-private-address', 'dns']).toContain(code);
        expect(Date.now() - started).toBeLessThan(2_500);
      }),
      { numRuns: 300 },
    );
  });
});
