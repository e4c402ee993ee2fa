/**
 * The local pipeline's figures, measured in one run:
 * - raw PutObject (s3rver) and PutItem (dynalite) rates at 16 concurrent requests, straight to the
 *   emulators, next to the end-to-end import throughput (documents/s through archive + S3 event +
 *   normalize-article + conditional write), whose goal is at least half the slower emulator's rate;
 * - writes per new article (S3 PUTs and table writes, counted with a middleware on the handlers'
 *   own SDK clients) and feed-state writes per fetch;
 * - cold-import time of each handler bundle, built with the options of the CDK function construct
 *   and run with its NODE_OPTIONS (source maps on, as deployed), above a bare `node -e ''` (median of
 *   interleaved runs; goal ≤ 60 ms), and bundle size.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type BuildOptions, build } from 'esbuild';
import { loadRegistryFile } from '../lambdas/shared/sources/registry';
import { HANDLER_BUNDLING, HANDLER_NODE_OPTIONS } from '../lib/constructs/pipeline-function';
import { serveSamples } from '../local/demo-server';
import { Emulators, LOCAL_CREDENTIALS, LOCAL_NAMES } from '../local/emulators';
import { importDocuments } from '../local/import';
import { LocalPipeline } from '../local/pipeline';
import { runOnce } from '../local/run';
import { REPO_ROOT } from '../local/templates';
import type { BenchRow } from './types';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const AREA = 'pipeline';
const CONCURRENCY = 16;
const FUNCTIONS = ['schedule-feeds', 'fetch-feed', 'archive-article', 'normalize-article'];

async function concurrently(total: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await work(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function emulatorRates(dataDir: string): Promise<BenchRow[]> {
  const emulators = await Emulators.start({ dataDir });
  const backends = emulators.backendEndpoints;
  const common = { region: LOCAL_NAMES.region, credentials: LOCAL_CREDENTIALS };
  const s3 = new S3Client({
    ...common,
    endpoint: backends.s3,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const dynamo = new DynamoDBClient({ ...common, endpoint: backends.dynamodb });
  const body = 'x'.repeat(4096);
  try {
    const put = await concurrently(600, (i) =>
      s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: `bench/${i}.txt`, Body: body })),
    );
    const item = await concurrently(1000, (i) =>
      dynamo.send(
        new PutItemCommand({
          TableName: LOCAL_NAMES.feedStateTable,
          Item: { feedId: { S: `bench-${i}` }, note: { S: body.slice(0, 1024) } },
        }),
      ),
    );
    return [
      {
        area: AREA,
        metric: 's3rver PutObject',
        value: put,
        unit: 'req/s',
        note: `4 KB objects, ${CONCURRENCY} concurrent`,
      },
      {
        area: AREA,
        metric: 'dynalite PutItem',
        value: item,
        unit: 'req/s',
        note: `1 KB items, ${CONCURRENCY} concurrent`,
      },
    ];
  } finally {
    s3.destroy();
    dynamo.destroy();
    await emulators.stop();
  }
}

/** Counts the commands the handlers' own clients send, per operation and table/bucket prefix. */
async function countHandlerWrites(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const { dynamoClient } = await import('../lambdas/shared/aws/dynamodb-client');
  const { s3Client } = await import('../lambdas/shared/aws/s3-client');
  const counter =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: unknown) => {
      const input = (args as { input?: { TableName?: string; Key?: string } }).input ?? {};
      const where = input.TableName ?? input.Key?.split('/')[0] ?? '';
      const name = `${context.commandName}:${where}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    };
  dynamoClient.middlewareStack.add(counter as never, { step: 'initialize', name: 'diplowireBenchCounter' });
  s3Client.middlewareStack.add(counter as never, { step: 'initialize', name: 'diplowireBenchCounter' });
  return counts;
}

function writesOf(counts: Map<string, number>, pattern: RegExp): number {
  return [...counts.entries()].filter(([k]) => pattern.test(k)).reduce((n, [, v]) => n + v, 0);
}

const TABLE_WRITE = '(PutCommand|PutItemCommand|UpdateCommand|UpdateItemCommand)';

async function pipelineFigures(dataDir: string): Promise<BenchRow[]> {
  const server = await serveSamples(path.join(REPO_ROOT, 'samples'));
  const registry = await loadRegistryFile(path.join(REPO_ROOT, 'samples', 'demo-sources.json'), {
    vars: { base: server.origin },
  });
  const sourcesFile = path.join(dataDir, 'demo-sources.json');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(sourcesFile, JSON.stringify(registry));
  const fixture = path.resolve(
    REPO_ROOT,
    '../shared/fixtures/articles/dailysabah-2022-11-09-turkiye-kazakhstan-consulate.txt',
  );
  const text = readFileSync(fixture, 'utf8');
  const docsDir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-bench-docs-'));
  const files: string[] = [];
  for (let i = 0; i < 300; i++) {
    const file = path.join(docsDir, `doc-${i}.txt`);
    // Distinct documents (each its own article): a numbered closing line.
    writeFileSync(file, `${text}\n\nBackground note ${i}.`);
    files.push(file);
  }
  const pipeline = await LocalPipeline.start({ dataDir, sourcesFile, allowPrivateNetwork: true });
  const rows: BenchRow[] = [];
  try {
    const counts = await countHandlerWrites();
    // The sample feeds: writes per new article on the feed path, feed-state writes per fetch.
    const feeds = await runOnce(pipeline, sourcesFile);
    const fetches = feeds.feeds.length;
    const fresh = feeds.articles.new;
    rows.push(
      {
        area: AREA,
        metric: 'feed path: S3 PUTs under raw/ per new article',
        value: fresh ? (counts.get('PutObjectCommand:raw') ?? 0) / fresh : 0,
        unit: 'PUTs',
        note: `${fresh} new articles from ${fetches} sample feeds; goal: exactly 1`,
      },
      {
        area: AREA,
        metric: 'feed path: article table writes per new article',
        value: fresh ? writesOf(counts, new RegExp(`^${TABLE_WRITE}:articles$`)) / fresh : 0,
        unit: 'writes',
        note: 'goal: exactly 1',
      },
      {
        area: AREA,
        metric: 'feed-state writes per fetch',
        value: fetches ? writesOf(counts, new RegExp(`^${TABLE_WRITE}:feed-state$`)) / fetches : 0,
        unit: 'writes',
        note: 'goal: at most 1',
      },
    );
    counts.clear();
    const started = performance.now();
    const { summary } = await importDocuments(pipeline, files, 'bench-import');
    const seconds = (performance.now() - started) / 1000;
    const created = summary.articles.new;
    rows.push(
      {
        area: AREA,
        metric: 'import end to end',
        value: files.length / seconds,
        unit: 'docs/s',
        note: `${created} new of ${files.length}; goal ≥ half the slower emulator's rate`,
      },
      {
        area: AREA,
        metric: 'import: article table writes per new article',
        value: created ? writesOf(counts, new RegExp(`^${TABLE_WRITE}:articles$`)) / created : 0,
        unit: 'writes',
        note: 'goal: exactly 1',
      },
    );
    return rows;
  } finally {
    await pipeline.stop();
    await server.close();
    rmSync(docsDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timeNode(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  execFileSync(process.execPath, args, { env, stdio: 'ignore' });
  return performance.now() - started;
}

const SDK_REFERENCE = 'reference: the SDK clients alone';
const SDK_CLIENTS_ONLY = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
export const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new S3Client({}), new EventBridgeClient({})];
`;

async function coldImports(): Promise<BenchRow[]> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-bench-bundles-'));
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    ARTICLES_TABLE: 'articles',
    FEED_STATE_TABLE: 'feed-state',
    ARCHIVE_BUCKET: 'archive',
    EVENT_BUS_NAME: 'diplowire',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const runs = 9;
  try {
    const bundles: Array<{ fn: string; outfile: string }> = [];
    const { banner, ...options } = HANDLER_BUNDLING;
    const common: BuildOptions = {
      ...options,
      mainFields: [...options.mainFields],
      banner: { js: banner },
      bundle: true,
      platform: 'node',
      logLevel: 'silent',
    };
    for (const fn of FUNCTIONS) {
      const outfile = path.join(outDir, `${fn}.mjs`);
      await build({ ...common, entryPoints: [path.join(REPO_ROOT, 'lambdas', fn, 'handler.ts')], outfile });
      bundles.push({ fn, outfile });
    }
    // The floor under the goal: the SDK clients the handlers build at cold start, and nothing else.
    const sdkOnly = path.join(outDir, 'sdk-clients.mjs');
    await build({
      ...common,
      stdin: { contents: SDK_CLIENTS_ONLY, resolveDir: REPO_ROOT },
      outfile: sdkOnly,
    });
    bundles.push({ fn: SDK_REFERENCE, outfile: sdkOnly });
    // Interleaved, so a burst of load from elsewhere on the machine hits every bundle alike.
    const bare: number[] = [];
    const times = new Map<string, number[]>(bundles.map(({ fn }) => [fn, []]));
    const deployed = { ...env, NODE_OPTIONS: HANDLER_NODE_OPTIONS };
    for (let i = 0; i < runs; i++) {
      bare.push(timeNode(['-e', ''], env));
      for (const { fn, outfile } of bundles) {
        const script = `await import(${JSON.stringify(pathToFileURL(outfile).href)})`;
        times.get(fn)?.push(timeNode(['--input-type=module', '-e', script], deployed));
      }
    }
    const bareMedian = median(bare);
    const rows: BenchRow[] = [];
    for (const { fn, outfile } of bundles) {
      rows.push({
        area: AREA,
        metric: `cold import ${fn}`,
        value: median(times.get(fn) ?? []) - bareMedian,
        unit: 'ms',
        note:
          fn === SDK_REFERENCE
            ? 'DynamoDB (document), S3 and EventBridge clients built, nothing else; same options'
            : `above bare node (${bareMedian.toFixed(0)} ms), NODE_OPTIONS=${HANDLER_NODE_OPTIONS}; goal ≤ 60 ms`,
      });
      rows.push({ area: AREA, metric: `bundle ${fn}`, value: statSync(outfile).size / 1024, unit: 'KB' });
    }
    return rows;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-bench-'));
  try {
    const rows = await emulatorRates(path.join(dataDir, 'raw'));
    rows.push(...(await pipelineFigures(path.join(dataDir, 'pipeline'))));
    rows.push(...(await coldImports()));
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
