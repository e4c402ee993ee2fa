/**
 * The raw rates of the two emulators, measured as they run in the pipeline: each in its own
 * thread, called straight (not through the front doors) from the main thread at 16 concurrent
 * requests. The load comes from a light client (SigV4 by aws4 over a keep-alive node:http agent,
 * like the handlers' own client), so the figure is the emulator's rate and not the client's: the
 * note says how busy the emulator's thread was (near 100% means the emulator was the limit) and its
 * CPU time per request.
 */

import { mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import aws4 from 'aws4';
import { Emulators, LOCAL_CREDENTIALS, LOCAL_NAMES } from '../local/emulators';
import type { ServiceName } from '../local/front-door';
import { createS3rver } from '../local/s3rver-options';
import type { BenchRow } from './types';

const CONCURRENCY = 16;
/** Untimed requests before each timed rate. */
const WARM_UP_REQUESTS = 1000;

/** CPU time of the calling thread in ms (Linux; elsewhere the event loop's active time). */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return performance.eventLoopUtilization().active;
  }
}

interface RawRequest {
  service: 's3' | 'dynamodb';
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** One signed request; resolves on a 2xx answer, rejects with the status otherwise. */
function send(agent: http.Agent, endpoint: string, request: RawRequest): Promise<void> {
  const url = new URL(endpoint);
  const signed = aws4.sign(
    {
      host: url.host,
      method: request.method,
      path: request.path,
      service: request.service,
      region: LOCAL_NAMES.region,
      headers: request.headers,
      body: request.body,
    },
    LOCAL_CREDENTIALS,
  );
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: signed.headers as http.OutgoingHttpHeaders,
        agent,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`${request.service} ${request.method} ${request.path}: HTTP ${status}`));
        });
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

interface Rate {
  perSecond: number;
  /** Share of the wall time the emulators' thread was busy (1 = the emulator was the limit). */
  busy: number;
  /** CPU time of the emulators' thread per request, ms. */
  cpuMs: number;
}

/** `count` calls of `work(offset + i)`, CONCURRENCY at a time. */
async function drive(count: number, offset: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(offset + next++);
    }),
  );
}

async function measure(
  emulators: Emulators,
  service: ServiceName,
  total: number,
  work: (i: number) => Promise<unknown>,
): Promise<Rate> {
  // Warm-up (JIT, caches, connections), then the timed run. A fifth of the run was too short: s3rver
  // was still being compiled, and its PutObject rate read ~330/s where 1,000 requests of warm-up
  // give ~530/s on the same machine (dynalite ~1,220 → ~1,700/s); the import is timed warm too.
  // 2,000 timed requests: with 600 (about a second), five runs of one build read 360–587 PUT/s.
  await drive(WARM_UP_REQUESTS, total, work);
  const elu = emulators.eventLoopUtilization(service);
  const cpu = await emulators.threadCpuMs(service);
  const started = performance.now();
  await drive(total, 0, work);
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: total / seconds,
    busy: emulators.eventLoopUtilization(service, elu).utilization,
    cpuMs: ((await emulators.threadCpuMs(service)) - cpu) / total,
  };
}

function note(what: string, rate: Rate): string {
  return (
    `${what}, ${CONCURRENCY} concurrent, light signed client on the main thread; emulator's thread busy ` +
    `${(rate.busy * 100).toFixed(0)}%, ${rate.cpuMs.toFixed(2)} ms CPU per request`
  );
}

export async function emulatorRates(area: string, dataDir: string): Promise<BenchRow[]> {
  const emulators = await Emulators.start({ dataDir });
  const { s3, dynamodb } = emulators.backendEndpoints;
  if (!s3 || !dynamodb) throw new Error('the emulators did not start');
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const object = 'x'.repeat(4096);
  const note1k = object.slice(0, 1024);
  try {
    const put = await measure(emulators, 's3', 2000, (i) =>
      send(agent, s3, {
        service: 's3',
        method: 'PUT',
        path: `/${LOCAL_NAMES.bucket}/bench/${i}.txt`,
        headers: { 'content-type': 'text/plain', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        body: object,
      }),
    );
    const item = await measure(emulators, 'dynamodb', 2000, (i) =>
      send(agent, dynamodb, {
        service: 'dynamodb',
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.PutItem',
        },
        body: JSON.stringify({
          TableName: LOCAL_NAMES.feedStateTable,
          Item: { feedId: { S: `bench-${i}` }, note: { S: note1k } },
        }),
      }),
    );
    const shared = await sameThreadPutRate(path.join(dataDir, 'same-thread'));
    return [
      {
        area,
        metric: 's3rver PutObject',
        value: put.perSecond,
        unit: 'req/s',
        note: note('4 KB objects', put),
      },
      {
        area,
        metric: 'dynalite PutItem',
        value: item.perSecond,
        unit: 'req/s',
        note: note('1 KB items', item),
      },
      {
        area,
        metric: 'reference: s3rver PutObject, SDK client in its thread',
        value: shared,
        unit: 'req/s',
        note: "the definition before the worker threads (client and emulator taking turns on one thread); not the goal's reference",
      },
    ];
  } finally {
    agent.destroy();
    await emulators.stop();
  }
}

/**
 * How the rate was measured before the emulators had their own threads: s3rver started on this
 * thread, the SDK v3 S3 client on the same thread, 16 concurrent PutObject calls. Printed next to
 * the figures above so runs from before and after the change can be compared.
 */
async function sameThreadPutRate(directory: string): Promise<number> {
  const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  mkdirSync(directory, { recursive: true });
  const server = await createS3rver(directory, LOCAL_NAMES.bucket);
  const { port } = await server.run();
  const s3 = new S3Client({
    region: LOCAL_NAMES.region,
    credentials: LOCAL_CREDENTIALS,
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const body = 'x'.repeat(4096);
  const put = (i: number) =>
    s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: `bench/${i}.txt`, Body: body }));
  try {
    await drive(120, 600, put);
    const started = performance.now();
    await drive(600, 0, put);
    return 600 / ((performance.now() - started) / 1000);
  } finally {
    s3.destroy();
    await server.close();
  }
}
