/**
 * Cold import of each handler as deployed: built by the construct's own esbuild build
 * (`handlerBuildOptions`: `index.mjs` plus lazily loaded chunks) and run with the functions' default
 * NODE_OPTIONS. CPU time of the importing process (process.cpuUsage at the end of its script) above a
 * bare `node` doing nothing, median of interleaved runs: the machine is shared and loaded, and CPU
 * time is what load on other processes disturbs least. Also measured, for reference: the same with
 * `--enable-source-maps` (the `diplowire:sourceMaps` context value), the SDK v3 clients alone and
 * the lean clients alone, and what the first feed parse costs where the parser is a lazy chunk.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import {
  HANDLER_BUNDLING,
  HANDLER_NODE_OPTIONS,
  handlerBuildOptions,
  SOURCE_MAPS_NODE_OPTIONS,
} from '../lib/constructs/pipeline-function';
import type { BenchRow } from './types';

const FUNCTIONS = ['schedule-feeds', 'fetch-feed', 'archive-article', 'normalize-article'];
/** The handlers whose feed parser is a chunk of its own, and the feed their first parse reads. */
const LAZY_PARSER = ['fetch-feed', 'archive-article'];
const RUNS = 11;

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs an ESM script in a fresh node and returns the numbers it prints (a JSON array). */
function runScript(script: string, nodeOptions: string): number[] {
  const env = nodeOptions ? { ...ENV, NODE_OPTIONS: nodeOptions } : ENV;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  return JSON.parse(out) as number[];
}

const importScript = (file: string) =>
  `await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(JSON.stringify([${CPU_MS}]));`;

/** CPU ms of the first and of a second `deps.parseFeed` of the sample feed, after the import. */
const firstParseScript = (file: string, feed: string) => `
const bytes = (await import('node:fs')).readFileSync(${JSON.stringify(feed)});
const { deps } = await import(${JSON.stringify(pathToFileURL(file).href)});
const context = { url: 'https://example.org/feed.xml', timezone: 'Europe/Paris' };
const t0 = ${CPU_MS}; await deps.parseFeed(bytes, context);
const t1 = ${CPU_MS}; await deps.parseFeed(bytes, context);
const t2 = ${CPU_MS}; console.log(JSON.stringify([t1 - t0, t2 - t1]));`;

function sizeOf(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.mjs'))
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
      await build({ ...handlerBuildOptions(fn, dir), logLevel: 'silent' });
      entries.push({ name: fn, file: path.join(dir, 'index.mjs'), dir });
    }
    const { banner, ...options } = HANDLER_BUNDLING;
    const single: BuildOptions = {
      ...options,
      mainFields: [...options.mainFields],
      external: [...options.external],
      banner: { js: banner },
      bundle: true,
      platform: 'node',
      logLevel: 'silent',
    };
    for (const [name, contents] of [
      [SDK_REFERENCE, SDK_CLIENTS_ONLY],
      [LEAN_REFERENCE, LEAN_CLIENTS_ONLY],
    ] as const) {
      const file = path.join(outDir, `${name.replace(/\W+/g, '-')}.mjs`);
      await build({ ...single, stdin: { contents, resolveDir: repoRoot }, outfile: file });
      entries.push({ name, file });
    }

    // Interleaved, so a burst of load from elsewhere on the machine hits every bundle alike.
    const bare: number[] = [];
    const deployed = new Map<string, number[]>(entries.map((e) => [e.name, []]));
    const withMaps = new Map<string, number[]>(FUNCTIONS.map((fn) => [fn, []]));
    const firstParse = new Map<string, number[]>(LAZY_PARSER.map((fn) => [fn, []]));
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
        ...(dir ? { note: `index.mjs; with all chunks ${(sizeOf(dir) / 1024).toFixed(0)} KB` } : {}),
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
    }
    return rows;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
