import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FetchError } from '../../lambdas/shared/http/fetch-error';
import { maxRetryAfterMs, retryAfterMs } from '../../lambdas/shared/http/retry-after';
import { parseTargetUrl } from '../../lambdas/shared/http/url-guard';

/**
 * The IPv4 ranges the fetcher must refuse, written out by hand from RFC 6890 and friends so the
 * oracle does not share code (or ipaddr.js tables) with the guard it checks.
 */
const refusedV4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const toInt = (dotted: string) => dotted.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const toDotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const isRefusedV4 = (n: number) =>
  refusedV4.some(
    ([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(toInt(base) / 2 ** (32 - bits)),
  );

const anyV4 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const refusedV4Address = fc
  .tuple(fc.constantFrom(...refusedV4), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
  .map(([[base, bits], noise]) => toInt(base) + (noise % 2 ** (32 - bits)));

/** Ways to write one IPv4 address in a URL host that WHATWG URL parsing accepts. */
function spellings(n: number): string[] {
  const o = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255] as const;
  return [
    toDotted(n),
    String(n),
    `0x${n.toString(16)}`,
    `0${n.toString(8)}`,
    o.map((x) => `0x${x.toString(16)}`).join('.'),
    o.map((x) => `0${x.toString(8)}`).join('.'),
    `${o[0]}.${o[1]}.${o[2] * 256 + o[3]}`,
    `${o[0]}.${o[1] * 65536 + o[2] * 256 + o[3]}`,
    `${toDotted(n)}.`,
  ];
}

function outcome(url: string): string {
  try {
    parseTargetUrl(url, { allowPrivateNetwork: false });
    return 'allowed';
  } catch (error) {
    if (error instanceof FetchError) return error.code;
    throw error;
  }
}

describe('URL guard properties', () => {
  it('refuses every spelling of every address in a refused IPv4 range, naming the dotted address', () => {
    fc.assert(
      fc.property(refusedV4Address, (n) => {
        for (const host of spellings(n)) {
          const url = `http://${host}/feed`;
          let message = '';
          try {
            parseTargetUrl(url, { allowPrivateNetwork: false });
          } catch (error) {
            message =
              error instanceof FetchError && error.code === 'refused-private-address' ? error.message : '';
          }
          expect(message.startsWith(`refused: ${url} points to ${toDotted(n)}, `), url).toBe(true);
        }
      }),
    );
  });

  it('allows exactly the IPv4 addresses outside the refused ranges, however they are spelled', () => {
    fc.assert(
      fc.property(anyV4, (n) => {
        const expected = isRefusedV4(n) ? 'refused-private-address' : 'allowed';
        for (const host of spellings(n)) expect(outcome(`https://${host}:8443/x`), host).toBe(expected);
      }),
    );
  });

  it('judges IPv4-mapped, IPv4-compatible and NAT64 IPv6 forms by the IPv4 address they carry', () => {
    fc.assert(
      fc.property(anyV4, (n) => {
        const hi = (n >>> 16).toString(16);
        const lo = (n & 0xffff).toString(16);
        const expected = isRefusedV4(n) ? 'refused-private-address' : 'allowed';
        expect(outcome(`http://[::ffff:${toDotted(n)}]/`)).toBe(expected);
        expect(outcome(`http://[::ffff:${hi}:${lo}]/`)).toBe(expected);
        expect(outcome(`http://[64:ff9b::${toDotted(n)}]/`)).toBe(expected);
        // ::0.0.0.0 and ::0.0.0.1 are the unspecified and loopback addresses themselves.
        if (n > 1) expect(outcome(`http://[::${toDotted(n)}]/`)).toBe(expected);
      }),
    );
  });

  it('never accepts a scheme other than http and https', () => {
    const scheme = fc.stringMatching(/^[a-z][a-z0-9+.-]{0,10}$/).filter((s) => s !== 'http' && s !== 'https');
    fc.assert(
      fc.property(scheme, fc.webUrl(), (s, web) => {
        const url = web.replace(/^https?/, s);
        expect(['unsupported-scheme', 'invalid-url']).toContain(outcome(url));
      }),
      { numRuns: 40 },
    );
  });

  it('answers any text with a URL or a FetchError, never another exception', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.webUrl({ withFragments: true, withQueryParameters: true }),
      fc.tuple(fc.webUrl(), fc.string({ maxLength: 10 }), fc.nat()).map(([u, s, i]) => {
        const at = i % (u.length + 1);
        return u.slice(0, at) + s + u.slice(at);
      }),
    );
    fc.assert(
      fc.property(text, (raw) => {
        expect(['allowed', 'invalid-url', 'unsupported-scheme', 'refused-private-address']).toContain(
          outcome(raw),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('Retry-After properties', () => {
  const now = new Date('2026-11-25T12:00:00Z');

  it('reads any delay-seconds value as that many milliseconds, capped at a week', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (seconds) => {
        expect(retryAfterMs({ 'retry-after': String(seconds) }, now)).toBe(
          Math.min(seconds * 1000, maxRetryAfterMs),
        );
      }),
    );
  });

  it('reads any HTTP-date as the whole seconds until then, never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30 * 86_400, max: 30 * 86_400 }), (offsetSeconds) => {
        const at = new Date(now.getTime() + offsetSeconds * 1000);
        const expected = Math.min(Math.max(offsetSeconds * 1000, 0), maxRetryAfterMs);
        expect(retryAfterMs({ 'retry-after': at.toUTCString() }, now)).toBe(expected);
      }),
    );
  });

  it('answers any header text with undefined or a wait between zero and a week, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (value) => {
        const wait = retryAfterMs({ 'retry-after': value }, now);
        if (wait !== undefined) {
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThanOrEqual(maxRetryAfterMs);
        }
      }),
      { numRuns: 500 },
    );
  });
});
