/**
 * Cold import of each handler as deployed: built by the construct's own esbuild build
 * (`handlerBuildOptions`: `index.mjs` plus lazily loaded chunks) and run with the functions' default
 * NODE_OPTIONS. CPU time of the importing process (process.cpuUsage at the end of its script) above a
 * bare `node` doing nothing, median of interleaved runs: the machine is shared and loaded, and CPU
 * time is what load on other processes disturbs least. Also measured, for reference: the same with
 * `--enable-source-maps` (the `diplowire:sourceMaps` context value), the SDK v3 clients alone and
 * the lean clients alone, what the first feed parse costs where the parser is a lazy chunk, and
 * what the first invocation pays for what left the import: the handler's event schema (built on
 * first use) and, in fetch-feed, the registry lookup (sources.json is validated at build time).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import {
  copyDataFiles,
  ESM_REQUIRE_BANNER,
  HANDLER_BUNDLING,
  HANDLER_NODE_OPTIONS,
  handlerBuildOptions,
  SOURCE_MAPS_NODE_OPTIONS,
} from '../lib/constructs/pipeline-function';
import { type BenchRow, median } from './types';

const FUNCTIONS = ['schedule-feeds', 'fetch-feed', 'archive-article', 'normalize-article'];
/** The handlers whose feed parser is a chunk of its own, and the feed their first parse reads. */
const LAZY_PARSER = ['fetch-feed', 'archive-article'];
const RUNS = 11;
/**
 * An event each handler can take twice without AWS: fetch-feed's names a feed the registry does not
 * have (event check, registry read, lookup, "unknown-feed"); the others' fails the event check, which
 * is where their first invocation builds the schema that used to be built at import.
 */
const FIRST_EVENT: Record<string, { note: string; event: unknown }> = {
  'fetch-feed': {
    note: 'a Feed.Due for a feed not in the registry: event schema built, registry read (validated at build), lookup',
    event: {
      'detail-type': 'Feed.Due',
      detail: {
        feedId: 'bench-no-such-feed',
        url: 'https://example.org/feed.xml',
        scheduledAt: '2026-11-26T00:00:00Z',
      },
    },
  },
  'archive-article': {
    note: 'an Article.Discovered without its fields: the event schema is built and checks it',
    event: { 'detail-type': 'Article.Discovered', detail: {} },
  },
  'normalize-article': {
    note: 'an Object Created without its fields: the event schema is built and checks it',
    event: { 'detail-type': 'Object Created', detail: {} },
  },
};

const SDK_REFERENCE = 'reference: the SDK clients alone';
const SDK_CLIENTS_ONLY = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
export const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new S3Client({}), new EventBridgeClient({})];
`;

const LEAN_REFERENCE = 'reference: the lean clients alone';
const LEAN_CLIENTS_ONLY = `
import { documentClient } from './lambdas/shared/aws/dynamodb-client';
import { s3Client } from './lambdas/shared/aws/s3-client';
import { eventBridgeClient } from './lambdas/shared/aws/eventbridge-client';
export const clients = [documentClient, s3Client, eventBridgeClient];
`;

const ENV = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  ARTICLES_TABLE: 'articles',
  FEED_STATE_TABLE: 'feed-state',
  ARCHIVE_BUCKET: 'archive',
  EVENT_BUS_NAME: 'diplowire',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const CPU_MS = '(() => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; })()';

/** Runs an ESM script in a fresh node and returns the numbers it prints (a JSON array). */
function runScript(script: string, nodeOptions: string, extraEnv: Record<string, string> = {}): number[] {
  const env = { ...ENV, ...extraEnv, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  return JSON.parse(out) as number[];
}

const importScript = (file: string) =>
  `await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(JSON.stringify([${CPU_MS}]));`;

/**
 * A script that runs `setup` after importing the bundle, then `call` twice, and prints the CPU ms of
 * the first call and of the second: what the first call pays beyond a warm one.
 */
const firstCallScript = (file: string, setup: string, call: string) => `
const bundle = await import(${JSON.stringify(pathToFileURL(file).href)});
${setup}
const t0 = ${CPU_MS}; await ${call};
const t1 = ${CPU_MS}; await ${call};
const t2 = ${CPU_MS}; console.log(JSON.stringify([t1 - t0, t2 - t1]));`;

/** `deps.parseFeed` of the sample feed (its first call loads the parser chunk). */
const firstParseScript = (file: string, feed: string) =>
  firstCallScript(
    file,
    `const bytes = (await import('node:fs')).readFileSync(${JSON.stringify(feed)});
const context = { url: 'https://example.org/feed.xml', timezone: 'Europe/Paris' };`,
    'bundle.deps.parseFeed(bytes, context)',
  );

/** The handler with `event` (errors expected, ignored). */
const firstEventScript = (file: string, event: unknown) =>
  firstCallScript(
    file,
    `const event = ${JSON.stringify(event)};
const call = async () => { try { await bundle.handler(event); } catch {} };`,
    'call()',
  );

/**
 * normalize-article's `deps.normalizeDocument` of a short English text: the first reads the language
 * and country data (files beside the bundle) and builds what it needs.
 */
const firstNormalizeScript = (file: string) =>
  firstCallScript(
    file,
    `const input = { bytes: Buffer.from(${JSON.stringify(NORMALIZE_TEXT)}), contentType: 'text/plain; charset=utf-8', sourceId: 'bench' };
const clock = { now: () => new Date('2026-11-26T00:00:00Z') };`,
    'bundle.deps.normalizeDocument(input, clock)',
  );
const NORMALIZE_TEXT =
  'Foreign ministers meet in Berlin\n\nThe foreign ministers of France and Germany met on Tuesday in Berlin ' +
  'to discuss trade, energy and the situation in Ukraine.';

/** Bytes of the code (`.mjs`) or of the data files (neither code nor source map) under `dir`. */
function sizeOf(dir: string, kind: 'code' | 'data' = 'code'): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && (kind === 'code' ? e.name.endsWith('.mjs') : !/\.(mjs|map)$/.test(e.name)))
    .reduce((n, e) => n + statSync(path.join(e.parentPath, e.name)).size, 0);
}

export async function coldImports(repoRoot: string): Promise<BenchRow[]> {
  const area = 'pipeline';
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-bench-bundles-'));
  const feed = path.join(repoRoot, 'samples', 'feeds', 'fr-diplomatie.xml');
  try {
    const entries: Array<{ name: string; file: string; dir?: string }> = [];
    for (const fn of FUNCTIONS) {
      const dir = path.join(outDir, fn);
      const { metafile } = await build({
        ...handlerBuildOptions(fn, dir),
        metafile: true,
        logLevel: 'silent',
      });
      copyDataFiles(metafile);
      entries.push({ name: fn, file: path.join(dir, 'index.mjs'), dir });
    }
    const options = HANDLER_BUNDLING;
    const single: BuildOptions = {
      ...options,
      mainFields: [...options.mainFields],
      external: [...options.external],
      alias: { ...options.alias },
      bundle: true,
      platform: 'node',
      logLevel: 'silent',
    };
    for (const [name, contents] of [
      [SDK_REFERENCE, SDK_CLIENTS_ONLY],
      [LEAN_REFERENCE, LEAN_CLIENTS_ONLY],
    ] as const) {
      const file = path.join(outDir, `${name.replace(/\W+/g, '-')}.mjs`);
      // The SDK requires built-ins the handlers' aliases do not cover: its bundle defines `require`.
      const banner = name === SDK_REFERENCE ? { js: ESM_REQUIRE_BANNER } : undefined;
      await build({ ...single, banner, stdin: { contents, resolveDir: repoRoot }, outfile: file });
      entries.push({ name, file });
    }

    // Interleaved, so a burst of load from elsewhere on the machine hits every bundle alike.
    const bare: number[] = [];
    const deployed = new Map<string, number[]>(entries.map((e) => [e.name, []]));
    const withMaps = new Map<string, number[]>(FUNCTIONS.map((fn) => [fn, []]));
    const firstParse = new Map<string, number[]>(LAZY_PARSER.map((fn) => [fn, []]));
    const firstEvent = new Map<string, number[]>(Object.keys(FIRST_EVENT).map((fn) => [fn, []]));
    const firstNormalize: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bare.push(runScript(`console.log(JSON.stringify([${CPU_MS}]));`, HANDLER_NODE_OPTIONS)[0] ?? 0);
      for (const { name, file } of entries) {
        deployed.get(name)?.push(runScript(importScript(file), HANDLER_NODE_OPTIONS)[0] ?? 0);
        if (withMaps.has(name)) {
          withMaps.get(name)?.push(runScript(importScript(file), SOURCE_MAPS_NODE_OPTIONS)[0] ?? 0);
        }
        if (firstParse.has(name)) {
          const [first = 0, second = 0] = runScript(firstParseScript(file, feed), HANDLER_NODE_OPTIONS);
          firstParse.get(name)?.push(first - second);
        }
        const probe = FIRST_EVENT[name];
        if (probe) {
          const [first = 0, second = 0] = runScript(
            firstEventScript(file, probe.event),
            HANDLER_NODE_OPTIONS,
            // The handlers log the outcome; the bench prints only its table.
            { POWERTOOLS_LOG_LEVEL: 'SILENT' },
          );
          firstEvent.get(name)?.push(first - second);
        }
        if (name === 'normalize-article') {
          const [first = 0, second = 0] = runScript(firstNormalizeScript(file), HANDLER_NODE_OPTIONS);
          firstNormalize.push(first - second);
        }
      }
    }
    const floor = median(bare);
    const rows: BenchRow[] = [];
    for (const { name, file, dir } of entries) {
      const handler = FUNCTIONS.includes(name);
      rows.push({
        area,
        metric: `cold import ${name}`,
        value: median(deployed.get(name) ?? []) - floor,
        unit: 'ms CPU',
        note: handler
          ? `above bare node (${floor.toFixed(0)} ms CPU), as deployed (no NODE_OPTIONS); ` +
            `with --enable-source-maps ${(median(withMaps.get(name) ?? []) - floor).toFixed(0)} ms; ` +
            `median of ${RUNS}; goal ≤ 60 ms`
          : `${name === SDK_REFERENCE ? 'SDK v3 DynamoDB (document), S3 and EventBridge clients built' : 'the lean DynamoDB (document), S3 and EventBridge clients the handlers use'}; one file, same options`,
      });
      rows.push({
        area,
        metric: `bundle ${name}`,
        value: statSync(file).size / 1024,
        unit: 'KB',
        ...(dir
          ? {
              note:
                `index.mjs; with all chunks ${(sizeOf(dir) / 1024).toFixed(0)} KB` +
                (sizeOf(dir, 'data') > 0
                  ? `; data files read on first use ${(sizeOf(dir, 'data') / 1024).toFixed(0)} KB`
                  : ''),
            }
          : {}),
      });
      if (firstParse.has(name)) {
        rows.push({
          area,
          metric: `first feed parse ${name}: loading the parser chunk`,
          value: median(firstParse.get(name) ?? []),
          unit: 'ms CPU',
          note: 'first deps.parseFeed of a sample feed minus a second one; paid once per cold start that parses',
        });
      }
      const probe = FIRST_EVENT[name];
      if (probe) {
        rows.push({
          area,
          metric: `first invocation ${name}: what left the import`,
          value: median(firstEvent.get(name) ?? []),
          unit: 'ms CPU',
          note: `first handler call minus a second one; ${probe.note}`,
        });
      }
      if (name === 'normalize-article') {
        rows.push({
          area,
          metric: 'first normalization normalize-article: language and country data',
          value: median(firstNormalize),
          unit: 'ms CPU',
          note:
            'first deps.normalizeDocument of a short English text minus a second one: reads eld-small-data.bin ' +
            'and index-data.json from beside the bundle, inflates the n-grams, starts the English trie',
        });
      }
    }
    return rows;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
