/**
 * Property-based tests over the parts that read untrusted bytes: random and mutated input never
 * throws anything but the typed errors, always finishes within a bound, and normalizing a
 * record's own output is stable. numRuns stays modest so the file runs in well under 30 s.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NormalizeError, normalizeDocument } from '../../lambdas/shared/article/normalize';
import { parseDate } from '../../lambdas/shared/dates/parse-date';
import { FeedError } from '../../lambdas/shared/feed/errors';
import { parseFeed } from '../../lambdas/shared/feed/parse-feed';
import { readXml } from '../../lambdas/shared/feed/xml-tree';
import type { Clock } from '../../lambdas/shared/ports';
import { decode } from '../../lambdas/shared/text/decode';
import { canonicalUrl } from '../../lambdas/shared/url';
import { corpusFeeds, mutatedCorpusArb, timed } from './support/mutations';

const feeds = corpusFeeds();
const clock: Clock = { now: () => new Date('2026-01-02T03:04:05.000Z') };
const utf8 = new TextEncoder();
// Bounds are generous (a shared 2-core machine); a hang or a quadratic path blows far past them.
const DECODE_MS = 1_000;
const PARSE_MS = 2_000;
const NORMALIZE_MS = 3_000;

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

describe('decode (bytes → text)', () => {
  it('returns text for any bytes and any charset label, never throws', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4096 }),
        fc.option(
          fc.constantFrom(
            'text/xml',
            'text/html; charset=utf-8',
            'text/xml; charset=windows-1251',
            'application/rss+xml; charset="shift_jis"',
            'text/html; charset=no-such-charset',
            'text/plain; charset=',
          ),
        ),
        fc.constantFrom('xml' as const, 'html' as const),
        (bytes, contentType, kind) => {
          const r = timed(() => decode(bytes, { ...(contentType ? { contentType } : {}), kind }));
          expect(r.error, describeError(r.error)).toBeUndefined();
          expect(typeof r.value?.text).toBe('string');
          expect(r.ms).toBeLessThan(DECODE_MS);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives back exactly the text a UTF-8 document with a byte order mark holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8.encode(s)]);
        // Lone surrogates cannot be encoded; TextEncoder replaces them with U+FFFD, so compare with that.
        expect(decode(bytes).text).toBe(new TextDecoder().decode(utf8.encode(s)));
      }),
      { numRuns: 150 },
    );
  });

  it('decodes every mutated corpus feed without throwing', () => {
    fc.assert(
      fc.property(mutatedCorpusArb(feeds), ({ bytes }) => {
        const r = timed(() => decode(bytes, { kind: 'xml' }));
        expect(r.error, describeError(r.error)).toBeUndefined();
        expect(r.ms).toBeLessThan(DECODE_MS);
      }),
      { numRuns: 60 },
    );
  });
});

describe('parseDate', () => {
  it('answers undefined or a valid UTC instant for any string, never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 40 })),
        (s) => {
          const r = timed(() => parseDate(s, { timezone: 'Europe/Istanbul' }));
          expect(r.error, describeError(r.error)).toBeUndefined();
          expect(r.ms).toBeLessThan(200);
          if (r.value !== undefined) {
            expect(r.value.iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
            expect(Number.isNaN(Date.parse(r.value.iso))).toBe(false);
            expect(['time', 'day', 'month']).toContain(r.value.precision);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives mutated real date spellings', () => {
    const seeds = [
      'Wed, 09 Nov 2022 14:03:00 +0300',
      '2022-11-09T14:03:00Z',
      '9 ноября 2022 г.',
      '2022年11月9日',
      '28.11.2022',
      'Sun Nov  6 08:49:37 1994',
      '2004-05-25 오후 11:23:17',
      '2022-W45-3',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(40), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 4 }),
        (seed, edits) => {
          let s = seed;
          for (const [at, piece] of edits)
            s = s.slice(0, at % (s.length + 1)) + piece + s.slice((at % (s.length + 1)) + 1);
          const r = timed(() => parseDate(s));
          expect(r.error, `${JSON.stringify(s)}: ${describeError(r.error)}`).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads back every ISO instant and every RFC 1123 date it is given', () => {
    const dates = fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(dates, (d) => {
        expect(parseDate(d.toISOString())).toEqual({ iso: d.toISOString(), precision: 'time' });
        // toUTCString() is "Wed, 09 Nov 2022 14:03:00 GMT": second precision.
        const seconds = new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();
        expect(parseDate(d.toUTCString())).toEqual({ iso: seconds, precision: 'time' });
      }),
      { numRuns: 200 },
    );
  });
});

describe('canonicalUrl', () => {
  const urls = fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https'] });

  it('is idempotent: canonicalUrl(canonicalUrl(x)) === canonicalUrl(x)', () => {
    fc.assert(
      fc.property(fc.oneof(urls, fc.string({ unit: 'binary', maxLength: 60 })), (u) => {
        const once = canonicalUrl(u);
        if (once === undefined) return;
        expect(canonicalUrl(once)).toBe(once);
        expect(once).toMatch(/^https?:\/\/[^/]/);
        expect(once).not.toContain('#');
      }),
      { numRuns: 400 },
    );
  });

  it('never throws, also with a hostile base', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.option(fc.oneof(urls, fc.string())),
        (u, base) => {
          const r = timed(() => canonicalUrl(u, base ?? undefined));
          expect(r.error, describeError(r.error)).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same identity with or without tracking parameters', () => {
    const plain = fc
      .webUrl({ withQueryParameters: true, validSchemes: ['http', 'https'] })
      .filter((u) => !/[?&](utm_|fbclid|gclid)/i.test(u) && !u.endsWith('?'));
    fc.assert(
      fc.property(
        plain,
        fc.constantFrom('utm_source=x', 'fbclid=AbC', 'gclid=1', 'UTM_Medium=rss'),
        (u, tracking) => {
          const tracked = `${u}${u.includes('?') ? '&' : '?'}${tracking}`;
          expect(canonicalUrl(tracked)).toBe(canonicalUrl(u));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('feed XML reader (readXml)', () => {
  it('reads every mutated corpus feed or fails with a FeedError, within the bound', () => {
    fc.assert(
      fc.property(mutatedCorpusArb(feeds), ({ name, bytes }) => {
        const text = decode(bytes, { kind: 'xml' }).text;
        const r = timed(() => readXml(text, { baseUrl: 'https://example.org/feed' }));
        if (r.error !== undefined)
          expect(r.error, `${name}: ${describeError(r.error)}`).toBeInstanceOf(FeedError);
        expect(r.ms).toBeLessThan(PARSE_MS);
      }),
      { numRuns: 80 },
    );
  });

  it('never throws on random markup-like text', () => {
    const piece = fc.constantFrom(
      '<',
      '>',
      '&',
      ';',
      '<!DOCTYPE',
      '[',
      ']',
      '<!ENTITY',
      '"',
      "'",
      '<rss>',
      '</rss>',
      '<item>',
      '<![CDATA[',
      ']]>',
      '<!--',
      '-->',
      '&amp;',
      '&#x0;',
      'xmlns:a="x"',
      '<a:b>',
      'text',
      '\u0000',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const r = timed(() => readXml(pieces.join('')));
        if (r.error !== undefined) expect(r.error, describeError(r.error)).toBeInstanceOf(FeedError);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseFeed', () => {
  it('parses every mutated corpus feed or fails with a FeedError, within the bound', () => {
    fc.assert(
      fc.property(
        mutatedCorpusArb(feeds),
        fc.option(fc.constantFrom('text/xml', 'application/rss+xml; charset=iso-8859-1')),
        ({ name, bytes }, contentType) => {
          const r = timed(() =>
            parseFeed(bytes, { url: 'https://example.org/feed', ...(contentType ? { contentType } : {}) }),
          );
          if (r.error !== undefined)
            expect(r.error, `${name}: ${describeError(r.error)}`).toBeInstanceOf(FeedError);
          else {
            expect(Array.isArray(r.value?.items)).toBe(true);
            for (const item of r.value?.items ?? []) {
              // Whatever survived the damage is still safe to store.
              expect(item.contentHtml ?? '').not.toMatch(/<script|javascript:|\son\w+=/i);
              if (item.url !== undefined) expect(item.url).toMatch(/^https?:\/\//);
            }
          }
          expect(r.ms).toBeLessThan(PARSE_MS);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('parses random bytes into a feed or a FeedError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const r = timed(() => parseFeed(bytes));
        if (r.error !== undefined) expect(r.error, describeError(r.error)).toBeInstanceOf(FeedError);
      }),
      { numRuns: 200 },
    );
  });

  it('parses every unmutated corpus feed (the mutations start from documents that work)', () => {
    for (const { name, bytes } of feeds) {
      const r = timed(() => parseFeed(bytes, { url: 'https://example.org/feed' }));
      expect(r.error, `${name}: ${describeError(r.error)}`).toBeUndefined();
    }
  });
});

describe('normalizeDocument', () => {
  const paragraph = fc
    .array(
      fc.constantFrom(
        'Ankara',
        'Türkiye',
        'minister',
        'talks',
        'с',
        'Москва',
        'the',
        'and',
        '«peace»',
        'l’accord',
        '2022',
        '&',
        '<b>',
        'Share',
        'Home',
      ),
      { minLength: 3, maxLength: 25 },
    )
    .map((w) => `${w.join(' ')}.`);
  const pages = fc
    .array(paragraph, { minLength: 1, maxLength: 6 })
    .map(
      (ps) =>
        `<!doctype html><html><head><title>T</title></head><body><article>${ps.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
    );

  function normalizeOrTypedError(bytes: Uint8Array, contentType?: string) {
    const r = timed(() =>
      normalizeDocument({ bytes, sourceId: 'prop-source', ...(contentType ? { contentType } : {}) }, clock),
    );
    if (r.error !== undefined) {
      expect(
        [NormalizeError, FeedError].some((E) => r.error instanceof E),
        describeError(r.error),
      ).toBe(true);
    }
    expect(r.ms).toBeLessThan(NORMALIZE_MS);
    return r.value;
  }

  it('turns random bytes into a record or a NormalizeError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.option(fc.constantFrom('text/plain', 'text/html', 'application/json', 'application/octet-stream')),
        (bytes, type) => {
          normalizeOrTypedError(bytes, type ?? undefined);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('turns mutated corpus documents and feed-item JSON into a record or a NormalizeError', () => {
    const json = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ item: v, html: 1 })),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          mutatedCorpusArb(feeds),
          json.map((j) => ({ name: j, bytes: utf8.encode(j) })),
        ),
        ({ bytes }) => {
          normalizeOrTypedError(bytes);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is stable: the plain-text document of a record’s text normalizes to the same text and hash', () => {
    fc.assert(
      fc.property(pages, (html) => {
        const first = normalizeOrTypedError(utf8.encode(html), 'text/html');
        if (first === undefined) return;
        const again = normalizeOrTypedError(utf8.encode(first.text), 'text/plain');
        expect(again?.text).toBe(first.text);
        expect(again?.contentHash).toBe(first.contentHash);
        const third = normalizeOrTypedError(utf8.encode(again?.text ?? ''), 'text/plain');
        expect(third?.contentHash).toBe(first.contentHash);
      }),
      { numRuns: 40 },
    );
  });
});
