/**
 * What each handler bundle holds, built with the construct's own esbuild settings (no files
 * written). Every byte of the file Lambda imports (`index.mjs` and the chunks it imports statically)
 * is parsed at cold start, so a heavy package that creeps into a function that never uses it (through
 * a barrel, a shared helper, a schema library's classic API) fails here rather than showing up later
 * as a slower bench figure. Code behind a dynamic `import()` lands in chunks read on first use.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRegistry, RegistryError } from '../../lambdas/shared/sources/registry';
import {
  bundleHandler,
  dataFilesOf,
  handlerBuildOptions,
  validatedBundledRegistry,
} from '../../lib/constructs/pipeline-function';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const FUNCTIONS = ['schedule-feeds', 'fetch-feed', 'archive-article', 'normalize-article'] as const;
type Fn = (typeof FUNCTIONS)[number];

/** Every input anywhere in the function's asset. */
const inputs = new Map<Fn, string[]>();
/** The inputs of the files loaded when Lambda imports the handler (entry + its static imports). */
const importInputs = new Map<Fn, string[]>();
/** What the outputs still call `require` for, at run time (not bundled). */
const runtimeRequires = new Map<Fn, string[]>();
/** Bytes of those files. */
const sizes = new Map<Fn, number>();
/** The data files the build copies beside its outputs, relative to the repository and the outdir. */
const dataFiles = new Map<Fn, Array<{ from: string; to: string }>>();

/** The entry output and the outputs it imports statically, transitively. */
function loadedAtImport(outputs: Metafile['outputs']): string[] {
  const entry = Object.keys(outputs).find((file) => file.endsWith('/index.mjs'));
  const seen = new Set<string>(entry ? [entry] : []);
  const queue = [...seen];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const dep of outputs[file]?.imports ?? []) {
      if (dep.kind === 'import-statement' && outputs[dep.path] && !seen.has(dep.path)) {
        seen.add(dep.path);
        queue.push(dep.path);
      }
    }
  }
  return [...seen];
}

beforeAll(async () => {
  await Promise.all(
    FUNCTIONS.map(async (fn) => {
      const result = await build({
        ...handlerBuildOptions(fn, path.join(repoRoot, '.bundle-test', fn)),
        sourcemap: false,
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const outputs = (result.metafile as Metafile).outputs;
      dataFiles.set(
        fn,
        dataFilesOf(result.metafile as Metafile).map(({ from, to }) => ({
          from: path.relative(repoRoot, from),
          to: path.relative(path.join(repoRoot, '.bundle-test', fn), to),
        })),
      );
      inputs.set(
        fn,
        Object.values(outputs).flatMap((o) => Object.keys(o.inputs)),
      );
      runtimeRequires.set(
        fn,
        Object.values(outputs).flatMap((o) =>
          o.imports.filter((i) => i.kind === 'require-call' && i.external).map((i) => i.path),
        ),
      );
      const atImport = loadedAtImport(outputs);
      importInputs.set(
        fn,
        atImport.flatMap((file) => Object.keys(outputs[file]?.inputs ?? {})),
      );
      sizes.set(
        fn,
        atImport.reduce((n, file) => n + (outputs[file]?.bytes ?? 0), 0),
      );
    }),
  );
}, 60_000);

const holds = (fn: Fn, pkg: string) =>
  (inputs.get(fn) ?? []).some((file) => file.includes(`node_modules/${pkg}/`));
const loadsAtImport = (fn: Fn, pkg: string) =>
  (importInputs.get(fn) ?? []).some((file) => file.includes(`node_modules/${pkg}/`) || file.endsWith(pkg));

describe('handler bundles', () => {
  it('hold no classic zod: events and the registry use zod/mini', () => {
    for (const fn of FUNCTIONS) {
      expect(holds(fn, 'zod'), fn).toBe(true);
      expect(holds(fn, 'zod/v4/classic'), fn).toBe(false);
      expect(holds(fn, 'zod/v4/locales'), fn).toBe(true);
    }
  });

  it('keep schedule-feeds to its clients, logger and registry', () => {
    for (const pkg of ['luxon', 'iconv-lite', 'chardet', 'htmlparser2', 'eld']) {
      expect(holds('schedule-feeds', pkg), pkg).toBe(false);
    }
    expect(holds('schedule-feeds', 'aws4')).toBe(true);
    // 138 KB when written; the ~440 KB of classic zod alone would break this.
    expect(sizes.get('schedule-feeds')).toBeLessThan(250 * 1024);
  });

  it('hold no AWS SDK v3 client or runtime: the lean client signs with aws4 (cold start)', () => {
    for (const fn of FUNCTIONS) {
      const sdk = (inputs.get(fn) ?? []).filter(
        (f) =>
          /node_modules\/@(aws-sdk|smithy)\//.test(f) && !f.includes('node_modules/@aws-sdk/util-dynamodb/'),
      );
      expect(sdk, fn).toEqual([]);
      expect(holds(fn, 'aws4'), fn).toBe(true);
    }
  });

  it('load language and country data only in normalize-article', () => {
    for (const pkg of ['linkedom', '@mozilla/readability']) {
      expect(holds('normalize-article', pkg), pkg).toBe(true);
      for (const fn of FUNCTIONS.filter((f) => f !== 'normalize-article')) {
        expect(holds(fn, pkg), `${fn} holds ${pkg}`).toBe(false);
      }
    }
  });

  it('ship ELD’s n-grams packed (language/eld-small-data.ts) in normalize-article only, never the eld package', () => {
    const packed = (fn: Fn) =>
      (inputs.get(fn) ?? []).some((f) => f.endsWith('lambdas/shared/article/language/eld-small-data.ts'));
    for (const fn of FUNCTIONS) {
      expect(holds(fn, 'eld'), `${fn} holds eld`).toBe(false);
      expect(packed(fn), fn).toBe(fn === 'normalize-article');
    }
  });

  it('ship the generated country index in normalize-article only, never the 1.4 MB country packages', () => {
    const index = (fn: Fn) =>
      (dataFiles.get(fn) ?? []).some((f) => f.from === 'lambdas/shared/article/countries/index-data.json');
    for (const fn of FUNCTIONS) {
      expect(holds(fn, 'world-countries'), `${fn} holds world-countries`).toBe(false);
      expect(holds(fn, 'i18n-iso-countries'), `${fn} holds i18n-iso-countries`).toBe(false);
      expect(index(fn), fn).toBe(fn === 'normalize-article');
    }
  });

  it('load no feed parser at import in fetch-feed and archive-article: it is a chunk read on first use', () => {
    // (entities' small escape.js does load: css-select's domutils, used by the registry, needs it.)
    const parser = [
      'iconv-lite',
      'chardet',
      'luxon',
      'htmlparser2',
      'entities/dist/generated',
      'lambdas/shared/feed/parse-feed.ts',
    ];
    for (const fn of ['fetch-feed', 'archive-article'] as const) {
      for (const part of parser) {
        expect(loadsAtImport(fn, part), `${fn} loads ${part} at import`).toBe(false);
      }
      // Still shipped: behind the dynamic import, in the same asset.
      expect(holds(fn, 'htmlparser2'), fn).toBe(true);
      expect(holds(fn, 'iconv-lite'), fn).toBe(true);
      // ~120 and ~160 KB written; the parser chunk alone is ~700 KB.
      expect(sizes.get(fn), fn).toBeLessThan(250 * 1024);
    }
    // Listing pages (css-select selectors run on an HTML tree) load with their parser, not before.
    expect(loadsAtImport('fetch-feed', 'lambdas/shared/listing/parse-listing.ts')).toBe(false);
    expect(holds('fetch-feed', 'css-select')).toBe(true);
  });

  it('load no page extraction at import in normalize-article: Readability and linkedom come with the first page', () => {
    for (const part of ['linkedom', '@mozilla/readability', 'lambdas/shared/article/extract.ts']) {
      expect(loadsAtImport('normalize-article', part), part).toBe(false);
      expect(holds('normalize-article', part.startsWith('lambdas') ? 'linkedom' : part), part).toBe(true);
    }
    // The legacy charsets come with the first document that is not UTF-8.
    for (const pkg of ['iconv-lite', 'chardet']) {
      expect(loadsAtImport('normalize-article', pkg), pkg).toBe(false);
      expect(holds('normalize-article', pkg), pkg).toBe(true);
    }
    // Language and country data are needed by every invocation: they load at import.
    expect(loadsAtImport('normalize-article', 'lambdas/shared/article/language/eld-small-data.ts')).toBe(
      true,
    );
  });

  it('load no registry validation at import: sources.json is validated at build time, css-select stays out', () => {
    for (const fn of FUNCTIONS) {
      for (const part of ['lambdas/shared/sources/registry.ts', 'css-select', 'css-what', 'sources.json']) {
        expect(loadsAtImport(fn, part), `${fn} loads ${part} at import`).toBe(false);
      }
      // A registry file given locally (DIPLOWIRE_SOURCES_FILE) is still validated: on first need.
      expect(holds(fn, 'css-select'), fn).toBe(true);
      expect(
        (inputs.get(fn) ?? []).some((f) => f.endsWith('lambdas/shared/sources/registry.ts')),
        fn,
      ).toBe(true);
    }
  });

  it('split only where a dynamic import asks: schedule-feeds loads all but the registry validation', () => {
    const lazy = (inputs.get('schedule-feeds') ?? []).filter(
      (f) => !(importInputs.get('schedule-feeds') ?? []).includes(f),
    );
    expect(lazy.length).toBeGreaterThan(0);
    for (const file of lazy) {
      expect(
        /node_modules\/(css-select|css-what|nth-check|boolbase|domutils|dom-serializer|domhandler|domelementtype|entities)\/|lambdas\/shared\/sources\/(registry|country-codes)\.ts$|sources\.json$/.test(
          file,
        ),
        file,
      ).toBe(true);
    }
  });
});

describe('the registry the functions are built with', () => {
  it('is sources.json validated, defaults filled in, and what every bundle defines', () => {
    const registry = validatedBundledRegistry();
    expect(registry).toEqual(loadRegistry(readFileSync(path.join(repoRoot, 'sources.json'), 'utf8')));
    // What they read instead of sources.json: its JSON text, a string literal put in by esbuild's
    // define (a string, not an object literal: cheaper to parse at cold start).
    const defined = handlerBuildOptions('fetch-feed', '/tmp/x').define?.DIPLOWIRE_VALIDATED_REGISTRY ?? '';
    expect(JSON.parse(JSON.parse(defined) as string)).toEqual(registry);
  });

  it('fails the build on a bad registry, naming the file, the entry and the problem', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-bad-sources-'));
    try {
      const file = path.join(dir, 'sources.json');
      const source = { id: 'tr-mfa', name: 'MFA', kind: 'ministry', country: 'TR' };
      const feed = { id: 'tr-mfa-en', url: 'https://www.mfa.gov.tr/', language: 'en', fullText: 'page' };
      writeFileSync(
        file,
        JSON.stringify({
          sources: [{ ...source, feeds: [{ ...feed, pollMinutes: 60, timezone: 'Asia/Bejing' }] }],
        }),
      );
      expect(() => validatedBundledRegistry(file)).toThrow(RegistryError);
      expect(() => validatedBundledRegistry(file)).toThrow(
        `${file}: sources[0].feeds[0] (tr-mfa-en): timezone "Asia/Bejing" is not an IANA time zone`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('built-ins', () => {
  it('are never required at run time: CommonJS dependencies get them as ES imports (BUILTIN_REQUIRES)', () => {
    // A bundle with such a require would need a \`require\` defined by a banner (node:module at
    // every cold start); the error names the built-in to add to BUILTIN_REQUIRES.
    for (const fn of FUNCTIONS)
      expect(
        (runtimeRequires.get(fn) ?? []).filter((p) => isBuiltin(p)),
        fn,
      ).toEqual([]);
    // linkedom's optional canvas is still required at run time, inside a try: it falls back to its shim.
    expect(runtimeRequires.get('normalize-article')).toEqual(['canvas']);
  });
});

describe('data files', () => {
  it('ship ELD’s n-grams and the country index as files beside the normalize-article output that reads them, not as strings', () => {
    const copies = [...(dataFiles.get('normalize-article') ?? [])].sort((x, y) =>
      x.from.localeCompare(y.from),
    );
    expect(copies).toEqual([
      { from: 'lambdas/shared/article/countries/index-data.json', to: 'index-data.json' },
      { from: 'lambdas/shared/article/language/eld-small-data.bin', to: 'eld-small-data.bin' },
    ]);
    for (const fn of FUNCTIONS.filter((f) => f !== 'normalize-article'))
      expect(dataFiles.get(fn), fn).toEqual([]);
  });

  it('are found by the bundle as built for deployment, and its lazy parts load: a text, then a windows-1251 page', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-normalize-bundle-'));
    try {
      bundleHandler('normalize-article', dir);
      // The page goes through the chunks loaded on first need: the legacy charsets (iconv-lite:
      // buffer, stream, string_decoder) and page extraction (Readability, linkedom with its canvas
      // fallback), each requiring built-ins through the aliases instead of a \`require\`.
      const paragraph =
        'Министр иностранных дел России провёл в Пекине переговоры с коллегой из Китая о торговле и безопасности в регионе.';
      const page = `<html lang="ru"><head><meta charset="windows-1251"><title>Переговоры в Пекине</title></head><body><article><h1>Переговоры в Пекине</h1>${`<p>${paragraph}</p>`.repeat(6)}</article></body></html>`;
      const script = `const { deps } = await import(${JSON.stringify(path.join(dir, 'index.mjs'))});
const clock = { now: () => new Date('2026-11-26T00:00:00Z') };
const text = 'Ministers meet in Berlin\\n\\nThe foreign ministers of France and Germany met on Tuesday in Berlin to discuss trade.';
const a = await deps.normalizeDocument({ bytes: Buffer.from(text), contentType: 'text/plain; charset=utf-8', sourceId: 's' }, clock);
const iconv = (await import(${JSON.stringify(path.join(repoRoot, 'node_modules/iconv-lite/lib/index.js'))})).default;
const b = await deps.normalizeDocument({ bytes: iconv.encode(${JSON.stringify(page)}, 'windows-1251'), contentType: 'text/html', url: 'https://mid.example/news/1', sourceId: 's' }, clock);
console.log(JSON.stringify([a, b].map((r) => ({ language: r.language, countries: r.countries, title: r.title, words: r.wordCount }))));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          ARTICLES_TABLE: 'articles',
          ARCHIVE_BUCKET: 'archive',
          EVENT_BUS_NAME: 'bus',
        },
        encoding: 'utf8',
      });
      const [text, page1251] = JSON.parse(out) as Array<{
        language: string;
        countries: string[];
        title: string;
        words: number;
      }>;
      expect(text?.language).toBe('en');
      expect([...(text?.countries ?? [])].sort()).toEqual(['DE', 'FR']);
      // Decoded from windows-1251 (a wrong decoding would not read as Russian at all).
      expect(page1251?.title).toBe('Переговоры в Пекине');
      expect(page1251?.language).toBe('ru');
      // "России" (Russia) comes first in the text, then "Китая" (China); Пекин is a city.
      expect(page1251?.countries).toEqual(['RU', 'CN']);
      // 6 paragraphs of 18 words each, counted by hand (Министр иностранных дел России провёл в
      // Пекине переговоры с коллегой из Китая о торговле и безопасности в регионе); the h1 is the title.
      expect(page1251?.words).toBe(6 * 18);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
