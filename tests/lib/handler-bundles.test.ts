/**
 * What each handler bundle holds, built with the construct's own esbuild settings (no files
 * written). Every byte of a bundle is parsed at cold start, so a heavy package that creeps into a
 * function that never uses it (through a barrel, a shared helper, a schema library's classic API)
 * fails here rather than showing up later as a slower bench figure.
 */
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_BUNDLING } from '../../lib/constructs/pipeline-function';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const FUNCTIONS = ['schedule-feeds', 'fetch-feed', 'archive-article', 'normalize-article'] as const;
type Fn = (typeof FUNCTIONS)[number];

const inputs = new Map<Fn, string[]>();
const sizes = new Map<Fn, number>();

beforeAll(async () => {
  const { banner, ...options } = HANDLER_BUNDLING;
  await Promise.all(
    FUNCTIONS.map(async (fn) => {
      const result = await build({
        ...options,
        mainFields: [...options.mainFields],
        banner: { js: banner },
        sourcemap: false,
        entryPoints: [path.join(repoRoot, 'lambdas', fn, 'handler.ts')],
        outfile: path.join(repoRoot, `${fn}.mjs`),
        bundle: true,
        platform: 'node',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const output = Object.values((result.metafile as Metafile).outputs)[0];
      inputs.set(fn, Object.keys(output?.inputs ?? {}));
      sizes.set(fn, output?.bytes ?? 0);
    }),
  );
}, 60_000);

const holds = (fn: Fn, pkg: string) =>
  (inputs.get(fn) ?? []).some((file) => file.includes(`node_modules/${pkg}/`));

describe('handler bundles', () => {
  it('hold no classic zod: events and the registry use zod/mini', () => {
    for (const fn of FUNCTIONS) {
      expect(holds(fn, 'zod'), fn).toBe(true);
      expect(holds(fn, 'zod/v4/classic'), fn).toBe(false);
      expect(holds(fn, 'zod/v4/locales'), fn).toBe(true);
    }
  });

  it('keep schedule-feeds to its clients, logger and registry', () => {
    for (const pkg of ['luxon', 'iconv-lite', 'chardet', '@aws-sdk/client-s3', 'htmlparser2', 'eld']) {
      expect(holds('schedule-feeds', pkg), pkg).toBe(false);
    }
    expect(holds('schedule-feeds', '@aws-sdk/client-dynamodb')).toBe(true);
    // 462 KB when written; the ~440 KB of classic zod alone would break this.
    expect(sizes.get('schedule-feeds')).toBeLessThan(600 * 1024);
  });

  it('load language and country data only in normalize-article', () => {
    for (const pkg of ['eld', 'world-countries', 'linkedom', '@mozilla/readability']) {
      expect(holds('normalize-article', pkg), pkg).toBe(true);
      for (const fn of FUNCTIONS.filter((f) => f !== 'normalize-article')) {
        expect(holds(fn, pkg), `${fn} holds ${pkg}`).toBe(false);
      }
    }
  });

  it('ship the country names normalize-article looks up (a deployed bundle has no node_modules)', () => {
    const files = inputs.get('normalize-article') ?? [];
    for (const lang of ['en', 'fr', 'de', 'es', 'ru', 'tr', 'zh', 'ar']) {
      expect(
        files.some((f) => f.endsWith(`node_modules/i18n-iso-countries/langs/${lang}.json`)),
        lang,
      ).toBe(true);
    }
  });
});
