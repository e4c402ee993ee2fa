/**
 * Real DynamoDB and S3 for tests: dynalite and s3rver in this process (through the local runner's
 * `Emulators`, so tests and `diplowire run` share one way of starting them), on port 0, with their
 * data in a temporary folder, the tables of `lambdas/shared/store/schema.ts` and the archive bucket.
 *
 *   const stack = await startEmulators();        // in beforeAll
 *   Object.assign(process.env, stack.env);       // before importing a handler module
 *   const writes = countWrites(stack.dynamo);    // PutItem etc. that really happened
 *   await stack.stop();                          // in afterAll
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AwsClient } from '../../lambdas/shared/aws/client/aws-client';
import { type DocumentClient, DynamoClient } from '../../lambdas/shared/aws/client/dynamodb';
import { AwsError } from '../../lambdas/shared/aws/client/errors';
import { S3Client } from '../../lambdas/shared/aws/client/s3';
import { documentClientFor } from '../../lambdas/shared/aws/dynamodb-client';
import { ARTICLES_TABLE, FEED_STATE_TABLE } from '../../lambdas/shared/store/schema';
import { Emulators, LOCAL_CREDENTIALS, LOCAL_NAMES } from '../../local/emulators';

export interface TestEmulators {
  /** Environment for the handlers: endpoints, fake credentials, table/bucket/bus names. */
  env: Record<string, string>;
  names: { articlesTable: string; feedStateTable: string; bucket: string; eventBus: string };
  dynamo: DynamoClient;
  doc: DocumentClient;
  s3: S3Client;
  emulators: Emulators;
  /** Empties both tables and the bucket (between tests of one file). */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmulators(): Promise<TestEmulators> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-test-'));
  const emulators = await Emulators.start({ dataDir });
  const env: Record<string, string> = {
    ...emulators.environment(),
    EVENT_BUS_NAME: 'diplowire',
    ALLOW_PRIVATE_NETWORK: 'true',
  };
  const common = { region: LOCAL_NAMES.region, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoClient({ ...common, endpoint: emulators.endpoints.dynamodb });
  const s3 = new S3Client({ ...common, endpoint: emulators.endpoints.s3, forcePathStyle: true });
  const doc = documentClientFor(dynamo);
  const names = {
    articlesTable: LOCAL_NAMES.articlesTable,
    feedStateTable: LOCAL_NAMES.feedStateTable,
    bucket: LOCAL_NAMES.bucket,
    eventBus: 'diplowire',
  };

  async function clearTable(table: string, key: string): Promise<void> {
    const out = await doc.call('Scan', { TableName: table, ProjectionExpression: key });
    for (const item of out.Items) {
      await doc.call('DeleteItem', { TableName: table, Key: { [key]: item[key] } });
    }
  }

  return {
    env,
    names,
    dynamo,
    doc,
    s3,
    emulators,
    async clear() {
      await clearTable(names.articlesTable, ARTICLES_TABLE.partitionKey);
      await clearTable(names.feedStateTable, FEED_STATE_TABLE.partitionKey);
      const listed = await s3.call('ListObjectsV2', { Bucket: names.bucket });
      for (const object of listed.Contents) {
        await s3.call('DeleteObject', { Bucket: names.bucket, Key: object.Key });
      }
    },
    async stop() {
      await emulators.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Counts of calls, by operation with the `Command` suffix the tests have always used
 * (`PutItemCommand`, `PutObjectCommand`, …), whatever client sent them.
 */
export interface CallCounter {
  /** Calls made (once per call, however many retries). */
  sent: Record<string, number>;
  /** Calls that succeeded: for writes, the writes that really happened. */
  succeeded: Record<string, number>;
  reset(): void;
  total(kind: 'sent' | 'succeeded', ...commands: string[]): number;
}

/**
 * Counts what a client really sends, with a middleware (not a mock): the real request still goes
 * to the emulator. Works on any lean client (S3, DynamoDB, EventBridge), including the module-scope
 * clients in `lambdas/shared/aws/*-client.ts`.
 */
export function countCalls(client: AwsClient): CallCounter {
  const counter: CallCounter = {
    sent: {},
    succeeded: {},
    reset() {
      counter.sent = {};
      counter.succeeded = {};
    },
    total(kind, ...commands) {
      return commands.reduce((n, c) => n + (counter[kind][c] ?? 0), 0);
    },
  };
  client.use((next) => async (request) => {
    const command = `${request.operation}Command`;
    // Also counted per table (`PutItemCommand@feed-state`), to tell feed-state writes from article writes.
    const table = (request.input as { TableName?: string }).TableName;
    const names = table ? [command, `${command}@${table}`] : [command];
    for (const n of names) counter.sent[n] = (counter.sent[n] ?? 0) + 1;
    const result = await next(request);
    for (const n of names) counter.succeeded[n] = (counter.succeeded[n] ?? 0) + 1;
    return result;
  });
  return counter;
}

/**
 * s3rver ignores `If-None-Match: *`; S3 answers 412 when the key exists. This middleware makes the
 * test client behave like S3 (a HEAD first, then the 412 S3 would send), so create-only writes and
 * redeliveries can be checked against the emulator. Counters added before it see the 412 as a
 * failed write, as they would against S3.
 */
export function emulateCreateOnly(s3: S3Client): void {
  s3.use((next) => async (request) => {
    const input = request.input as { IfNoneMatch?: string; Bucket: string; Key: string };
    if (request.operation === 'PutObject' && input.IfNoneMatch === '*') {
      const exists = await s3.call('HeadObject', { Bucket: input.Bucket, Key: input.Key }).then(
        () => true,
        () => false,
      );
      if (exists) {
        throw new AwsError({
          service: 'S3',
          operation: 'PutObject',
          code: 'PreconditionFailed',
          status: 412,
          detail: 'At least one of the pre-conditions you specified did not hold',
          retryable: false,
        });
      }
    }
    return next(request);
  });
}
