/**
 * The emulators in their worker thread, seen from the main thread: the front doors' controls act
 * at once (no await between a retarget and the call it must affect), calls are counted per
 * operation, a filter on this thread decides calls made to the other, every S3 notification
 * reaches the listener before `notificationsArrived()` resolves, a bad data folder fails with a
 * typed error, and a process that stops its emulators exits by itself.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import aws4 from 'aws4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EmulatorError,
  Emulators,
  LOCAL_CREDENTIALS,
  LOCAL_NAMES,
  type S3NotificationRecord,
} from '../../local/emulators';
import { operationOf } from '../../local/front-door';
import { REPO_ROOT } from '../../local/templates';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-emulators-thread-'));
let emulators: Emulators;
const notified: S3NotificationRecord[] = [];

beforeAll(async () => {
  emulators = await Emulators.start({ dataDir: path.join(tmp, 'data') });
  emulators.onObjectCreated((record) => notified.push(record));
}, 60_000);

afterAll(async () => {
  await emulators?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
}

/** One signed call over a fresh connection (a stopped door must not be hidden by a pooled socket). */
function call(
  endpoint: string,
  service: 's3' | 'dynamodb',
  method: string,
  target: string,
  body = '',
): Promise<Answer> {
  const url = new URL(endpoint);
  const headers: Record<string, string> =
    service === 'dynamodb'
      ? { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${target}` }
      : { 'content-type': 'text/plain', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  const requestPath = service === 'dynamodb' ? '/' : target;
  const signed = aws4.sign(
    { host: url.host, method, path: requestPath, service, region: LOCAL_NAMES.region, headers, body },
    LOCAL_CREDENTIALS,
  );
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        method,
        path: requestPath,
        headers: signed.headers as http.OutgoingHttpHeaders,
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const dynamo = (target: string, input: unknown = {}) =>
  call(emulators.endpoints.dynamodb, 'dynamodb', 'POST', target, JSON.stringify(input));

describe('front doors in the emulators thread, controlled from the main thread', () => {
  it('count calls per operation, and 2xx answers apart', async () => {
    const door = emulators.doors.dynamodb;
    door.resetCounts();
    expect(door.counts()).toEqual({ calls: {}, ok: {} });
    await dynamo('ListTables');
    await dynamo('ListTables');
    // A PutItem on a table that does not exist: seen, but not a 2xx.
    const missing = await dynamo('PutItem', { TableName: 'no-such-table', Item: { feedId: { S: 'x' } } });
    expect(missing.status).toBe(400);
    expect(door.counts()).toEqual({ calls: { ListTables: 2, PutItem: 1 }, ok: { ListTables: 2 } });
    door.resetCounts();
    expect(door.counts()).toEqual({ calls: {}, ok: {} });
  });

  it('close at once when retargeted to nothing, and open again on the backend', async () => {
    const door = emulators.doors.dynamodb;
    const backend = emulators.backendEndpoints.dynamodb;
    expect(backend).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    try {
      door.retarget(undefined);
      // No await in between: the call must already meet the closed door.
      await expect(dynamo('ListTables')).rejects.toThrow(/socket hang up|ECONNRESET/);
    } finally {
      door.retarget(backend);
    }
    expect((await dynamo('ListTables')).status).toBe(200);
  });

  it('put every call to a filter set on this thread, and fail the refused ones with a 500', async () => {
    const door = emulators.doors.dynamodb;
    const seen: string[] = [];
    door.filter = ({ service, operation }) => {
      seen.push(`${service}:${operation}`);
      return operation !== 'DescribeTable';
    };
    try {
      const refused = await dynamo('DescribeTable', { TableName: LOCAL_NAMES.articlesTable });
      expect(refused.status).toBe(500);
      expect(JSON.parse(refused.body)).toEqual({ __type: 'InternalFailure', message: 'injected fault' });
      expect((await dynamo('ListTables')).status).toBe(200);
    } finally {
      door.filter = undefined;
    }
    expect(seen).toEqual(['dynamodb:DescribeTable', 'dynamodb:ListTables']);
    // Unfiltered again: nothing more reaches the function.
    expect((await dynamo('DescribeTable', { TableName: LOCAL_NAMES.articlesTable })).status).toBe(200);
    expect(seen).toHaveLength(2);
  });
});

describe('S3 notifications from the emulators thread', () => {
  it('have all reached the listener once notificationsArrived() resolves', async () => {
    notified.length = 0;
    const keys = Array.from({ length: 40 }, (_, i) => `raw/import/thread-test/${i}.txt`);
    const answers = await Promise.all(
      keys.map((key) =>
        call(emulators.endpoints.s3, 's3', 'PUT', `/${LOCAL_NAMES.bucket}/${key}`, `doc ${key}`),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(keys.map(() => 200));
    await emulators.notificationsArrived();
    expect(emulators.notificationsDelivered).toBe(true);
    expect(notified.map((r) => r.s3.object.key).sort()).toEqual([...keys].sort());
    expect(notified.every((r) => r.eventName === 'ObjectCreated:Put')).toBe(true);
    expect(emulators.doors.s3.counts().ok.PutObject).toBeGreaterThanOrEqual(40);
  });

  it('are known to be on their way while this thread has not handled them yet', async () => {
    notified.length = 0;
    const key = 'raw/import/thread-test/in-flight.txt';
    const door = new URL(emulators.endpoints.s3);
    const socket = net.connect(Number(door.port), door.hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    const body = 'in flight';
    // Written now, synchronously; from here on this thread stays busy, so no message can reach it.
    socket.write(
      `PUT /${LOCAL_NAMES.bucket}/${key} HTTP/1.1\r\nHost: ${door.host}\r\nContent-Type: text/plain\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    const nap = new Int32Array(new SharedArrayBuffer(4));
    const deadline = Date.now() + 20_000;
    while (emulators.notificationsDelivered && Date.now() < deadline) Atomics.wait(nap, 0, 0, 10);
    // s3rver stored the object in its thread and its notification is counted, not yet handled here.
    expect(emulators.notificationsDelivered).toBe(false);
    expect(notified).toEqual([]);
    await emulators.notificationsArrived();
    expect(notified.map((r) => r.s3.object.key)).toEqual([key]);
    expect(emulators.notificationsDelivered).toBe(true);
    await new Promise((resolve) => socket.once('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('starting and stopping', () => {
  it('fails with a typed error when the data folder cannot hold the tables, and frees the folder', async () => {
    const dataDir = path.join(tmp, 'blocked');
    mkdirSync(dataDir, { recursive: true });
    // A file where dynalite's folder must go.
    writeFileSync(path.join(dataDir, 'dynamodb'), 'not a folder');
    const attempt = Emulators.start({ dataDir });
    await expect(attempt).rejects.toThrow(EmulatorError);
    await expect(attempt).rejects.toThrow(/dynamodb/);
    // The lock was released: after fixing the folder, the same process can use it.
    rmSync(path.join(dataDir, 'dynamodb'));
    const second = await Emulators.start({ dataDir });
    await second.stop();
  });

  it('lets a process that stopped its emulators exit on its own (no thread left holding it)', async () => {
    const dataDir = path.join(tmp, 'exit');
    const script = `
      const { Emulators } = await import(${JSON.stringify(path.join(REPO_ROOT, 'local/emulators.ts'))});
      const emulators = await Emulators.start({ dataDir: ${JSON.stringify(dataDir)} });
      await emulators.stop();
      console.log('stopped');
    `;
    const started = Date.now();
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: REPO_ROOT, timeout: 45_000 },
        (error, out) => resolve({ code: error ? (child.exitCode ?? -1) : 0, stdout: out }),
      );
    });
    expect(stdout.trim()).toBe('stopped');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 60_000);
});

describe('operationOf', () => {
  const req = (method: string, url: string, target?: string) => ({
    method,
    url,
    headers: target ? { 'x-amz-target': target } : {},
  });

  it('names S3 calls from method and path, and DynamoDB calls from the target header', () => {
    expect(operationOf('s3', req('PUT', '/diplowire-archive/raw/a.txt'))).toBe('PutObject');
    expect(operationOf('s3', req('GET', '/diplowire-archive/raw/a.txt?x-id=GetObject'))).toBe('GetObject');
    expect(operationOf('s3', req('HEAD', '/diplowire-archive/raw/a.txt'))).toBe('HeadObject');
    expect(operationOf('s3', req('GET', '/diplowire-archive?list-type=2&prefix=raw'))).toBe('ListObjectsV2');
    expect(operationOf('s3', req('GET', '/diplowire-archive?marker=x'))).toBe('ListObjects');
    expect(operationOf('s3', req('PUT', '/diplowire-archive'))).toBe('PUTBucket');
    expect(operationOf('dynamodb', req('POST', '/', 'DynamoDB_20120810.BatchGetItem'))).toBe('BatchGetItem');
    expect(operationOf('dynamodb', req('POST', '/'))).toBe('Unknown');
  });
});
