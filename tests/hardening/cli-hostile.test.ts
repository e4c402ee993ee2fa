/**
 * Hostile files through the command line, in process: `parse-feed`, `extract` and `normalize` end
 * every one with a clean result (exit 0, JSON on stdout) or one line on stderr that a person can act
 * on (exit 1), never a JavaScript error message, a stack trace or a hang.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type CliResult, runCli } from '../support/cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-cli-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = 0;
});

const text = (s: string) => Buffer.from(s, 'utf8');
const HOSTILE: Record<string, Buffer> = {
  empty: Buffer.alloc(0),
  'bom-only': Buffer.from([0xef, 0xbb, 0xbf]),
  'utf16-bom-only': Buffer.from([0xff, 0xfe]),
  nul: Buffer.alloc(1000),
  binary: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)),
  'comment-only.html': text('<!-- nothing -->'),
  'json-feed': text('{"version":"https://jsonfeed.org/version/1","items":[]}'),
  'json-null': text('null'),
  'json-wrong-types': text('{"item": {"title": 5}}'),
  'unterminated-cdata': text(
    '<rss version="2.0"><channel><title>x</title><item><title><![CDATA[never closed',
  ),
  'unclosed-doctype': text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y"'),
  xxe: text(
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>',
  ),
  'billion-laughs': text(
    `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><title>${'&b;'.repeat(1000)}</title></channel></rss>`,
  ),
  'hostile-atom': text(
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>t</title><id>1</id><link href="javascript:alert(1)"/><link href="http://[::1"/>' +
      '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script>hi</div></content></entry>' +
      '<entry><title>b</title><id>2</id><content type="html" mode="base64">!!!not base64%%%</content></entry></feed>',
  ),
  'impossible-dates': text(
    '<rss version="2.0"><channel><title>x</title><item><title>t</title><link>https://a.example/1</link><pubDate>99999-99-99T99:99:99Z</pubDate></item>' +
      '<item><title>u</title><link>https://a.example/2</link><pubDate>Sat, 31 Dec 275760 23:59:59 GMT</pubDate></item></channel></rss>',
  ),
  'weird-page.html': text(
    '<html lang="xx-@@"><head><meta charset="x-unknown"><meta property="article:published_time" content="not a date"><link rel="canonical" href="javascript:alert(1)"><title></title></head>' +
      '<body><article><p>The foreign ministers met in Ankara on Tuesday to discuss trade, energy and the war in Ukraine at length today.</p></article></body></html>',
  ),
  'bad-date-head.txt': text(
    'date 2022-13-40 Türkiye and Azerbaijan signed an agreement in Baku today after long talks.',
  ),
};
for (const [name, bytes] of Object.entries(HOSTILE)) writeFileSync(path.join(dir, name), bytes);

/** Messages of JavaScript's own errors: a person cannot act on them, so they must never reach stderr. */
const ENGINE_ERROR =
  /Cannot (read|destructure|set)|is not a function|is not iterable|Maximum call stack|Invalid time value|Unexpected token|of undefined|of null|\n\s+at /;

async function cli(args: string[]): Promise<CliResult & { ms: number }> {
  const start = performance.now();
  const result = await runCli(...args);
  return { ...result, ms: performance.now() - start };
}

const cases = ['parse-feed', 'extract', 'normalize'].flatMap((command) =>
  [...Object.keys(HOSTILE), 'no-such-file'].map((file) => [command, file] as const),
);

describe('hostile files through the CLI', () => {
  it.each(cases)('%s %s: a clean result or one readable line, quickly', async (command, file) => {
    for (const extra of [
      [],
      ['--url', 'javascript:alert(1)'],
      ['--content-type', 'text/html; charset=bogus'],
    ]) {
      const r = await cli([command, path.join(dir, file), ...extra]);
      const what = `${command} ${file} ${extra.join(' ')}`;
      expect([0, 1], what).toContain(r.code);
      if (r.code === 0) {
        expect(r.stdout.trim(), what).not.toBe('');
        for (const line of r.stdout.trim().split('\n')) expect(() => JSON.parse(line), what).not.toThrow();
      } else {
        expect(r.stderr, what).toMatch(/^diplowire: [^\n]+\n$/);
      }
      expect(r.stderr, what).not.toMatch(ENGINE_ERROR);
      expect(r.ms, what).toBeLessThan(5_000);
    }
  });

  it('says which file is missing', async () => {
    const r = await cli(['parse-feed', path.join(dir, 'no-such-file')]);
    expect(r).toMatchObject({
      code: 1,
      stderr: `diplowire: cannot read ${path.join(dir, 'no-such-file')}: no such file\n`,
    });
  });
});
