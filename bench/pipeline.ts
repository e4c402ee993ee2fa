/**
 * The local pipeline's figures, measured in one run:
 * - raw PutObject (s3rver) and PutItem (dynalite) rates at 16 concurrent requests, straight to the
 *   emulators, next to the end-to-end import throughput (documents/s through archive + S3 event +
 *   normalize-article + conditional write), whose goal is at least half the slower emulator's rate;
 * - writes per new article (S3 PUTs and table writes, counted with a middleware on the handlers'
 *   own SDK clients) and feed-state writes per fetch;
 * - cold-import time of each handler bundle as the CDK function construct builds and runs it,
 *   above a bare node (bench/cold-import.ts; goal ≤ 60 ms), and bundle size.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRegistryFile } from '../lambdas/shared/sources/registry';
import { serveSamples } from '../local/demo-server';
import { importDocuments } from '../local/import';
import { LocalPipeline } from '../local/pipeline';
import { runOnce } from '../local/run';
import { REPO_ROOT } from '../local/templates';
import { coldImports } from './cold-import';
import { emulatorRates, threadCpuMs } from './emulator-rates';
import type { BenchRow } from './types';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const AREA = 'pipeline';
/**
 * Untimed documents before the timed ones. 60 was too few: `--trace-opt` showed TurboFan still
 * compiling the import path (289 functions, 1.7 s of compiler-thread CPU) inside the timed window,
 * and the process's CPU per document (all threads) kept falling in 150-document rounds of one long
 * import: 19.5, 13.7, 12.2, 11.5, 10.1 ms, then about 9.5 from 900 documents on. So 1,200 untimed,
 * then 1,200 timed (~5 s): the steady rate, as the emulators' rates are measured after 1,000
 * requests and over 2,000.
 */
const WARM_UP_DOCS = 1200;
const TIMED_DOCS = 1200;

/** Counts the calls the handlers' own clients send, per operation and table/bucket prefix. */
async function countHandlerWrites(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const { dynamoClient } = await import('../lambdas/shared/aws/dynamodb-client');
  const { s3Client } = await import('../lambdas/shared/aws/s3-client');
  for (const client of [dynamoClient, s3Client]) {
    client.use((next) => async (request) => {
      const input = request.input as { TableName?: string; Key?: unknown };
      const where = input.TableName ?? (typeof input.Key === 'string' ? input.Key.split('/')[0] : '') ?? '';
      // Named as the SDK named its commands (`PutItemCommand`), as the figures always were.
      const name = `${request.operation}Command:${where}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(request);
    });
  }
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
  const warmUp: string[] = [];
  for (let i = 0; i < WARM_UP_DOCS + TIMED_DOCS; i++) {
    const file = path.join(docsDir, `doc-${i}.txt`);
    // Distinct documents (each its own article): a numbered closing line.
    writeFileSync(file, `${text}\n\nBackground note ${i}.`);
    (i < WARM_UP_DOCS ? warmUp : files).push(file);
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
    // WARM_UP_DOCS documents first, untimed, so the JIT has compiled the import path (the emulator
    // rates are measured after a warm-up too): the figure is the steady rate, not the first seconds of it.
    await importDocuments(pipeline, warmUp, 'bench-warm-up');
    counts.clear();
    // CPU per document on each thread says where the time goes (main: handlers, clients, bus,
    // dispatcher; emulators' threads: doors, s3rver, dynalite), whatever else loads the machine.
    const emulatorsCpu = async () =>
      (await pipeline.emulators.threadCpuMs('s3')) + (await pipeline.emulators.threadCpuMs('dynamodb'));
    const [mainCpu, emulatorCpu] = [threadCpuMs(), await emulatorsCpu()];
    // The whole process too: V8's compiler and GC threads and libuv's pool (s3rver's and LevelDB's
    // file I/O) add about two thirds to the three threads above, and on 2 cores that total is the ceiling.
    const processCpu = process.cpuUsage();
    const started = performance.now();
    const { summary } = await importDocuments(pipeline, files, 'bench-import');
    const seconds = (performance.now() - started) / 1000;
    const perDoc = (ms: number) => (ms / files.length).toFixed(1);
    const used = process.cpuUsage(processCpu);
    const cpu =
      `CPU per doc: main thread ${perDoc(threadCpuMs() - mainCpu)} ms, emulators' threads ` +
      `${perDoc((await emulatorsCpu()) - emulatorCpu)} ms, whole process ${perDoc((used.user + used.system) / 1000)} ms`;
    const created = summary.articles.new;
    rows.push(
      {
        area: AREA,
        metric: 'import end to end',
        value: files.length / seconds,
        unit: 'docs/s',
        note: `${created} new of ${files.length}, after ${warmUp.length} untimed; ${cpu}; goal ≥ half the slower emulator's rate`,
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

export async function run(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-bench-'));
  try {
    const rows = await emulatorRates(AREA, path.join(dataDir, 'raw'));
    rows.push(...(await pipelineFigures(path.join(dataDir, 'pipeline'))));
    rows.push(...(await coldImports(REPO_ROOT)));
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
