/**
 * The embedded default: dynalite (DynamoDB) and s3rver (S3), their data under `DATA/dynamodb` and
 * `DATA/s3` so a second run sees what the first stored, with the tables of
 * `lambdas/shared/store/schema.ts` and the archive bucket created when missing.
 *
 * Each emulator runs in its own worker thread (emulators-worker.ts, driven from emulator-thread.ts),
 * so their CPU runs beside the handlers on this thread instead of taking turns with them; this
 * class is the main thread's handle on both. Each service sits behind a front door (front-door.ts,
 * in the emulator's thread) whose port never changes while the process lives, so the handlers'
 * module-scope clients keep working when an emulator is stopped and started again; the doors'
 * controls here act at once (tests stop S3 from inside a feed server's handler and expect the very
 * next call to fail).
 */

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EventLoopUtilization } from 'node:perf_hooks';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { TABLES, type TableSpec } from '../lambdas/shared/store/schema';
import { EmulatorError, EmulatorThread } from './emulator-thread';
import type { FrontDoorHandle, ServiceName } from './front-door';

/** Names of the local resources; constant, because the handlers read them once at cold start. */
export const LOCAL_NAMES = {
  articlesTable: TABLES[0].localName,
  feedStateTable: TABLES[1].localName,
  bucket: 'diplowire-archive',
  region: 'us-east-1',
} as const;

/** s3rver's own credentials; dynalite accepts any. Nothing here is a secret. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** An S3 notification record as s3rver emits it (the fields we read). */
export interface S3NotificationRecord {
  eventName: string;
  eventTime: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } };
}

export interface EmulatorOptions {
  /** The data folder; `undefined` keeps everything in memory and in a throw-away folder. */
  dataDir: string;
}

export { EmulatorError };

// One thread per emulator for the whole process: their doors' ports are what the handlers' clients
// were built with. A thread that died is replaced on the next start (with new ports).
const threads: Partial<Record<ServiceName, EmulatorThread>> = {};
const started = new Map<number, Emulators>();
let nextInstance = 1;

function threadFor(service: ServiceName): EmulatorThread {
  let thread = threads[service];
  if (!thread) {
    thread = new EmulatorThread(service, LOCAL_NAMES.bucket, (gone) => {
      if (threads[service] === gone) delete threads[service];
    });
    thread.onObjectCreated = (instance, record) =>
      started.get(instance)?.notify(record as S3NotificationRecord);
    threads[service] = thread;
  }
  return thread;
}

export class Emulators {
  private readonly backends: { s3?: string; dynamodb?: string } = {};
  private readonly listeners: Array<(record: S3NotificationRecord) => void> = [];
  private stopping?: Promise<void>;
  private readonly instance = nextInstance++;
  private readonly threads: Record<ServiceName, EmulatorThread>;

  private constructor(readonly dataDir: string) {
    this.threads = { s3: threadFor('s3'), dynamodb: threadFor('dynamodb') };
    // Held before waiting for the threads: they keep the process open only for a started Emulators.
    this.threads.s3.hold(this.instance);
    this.threads.dynamodb.hold(this.instance);
    started.set(this.instance, this);
  }

  static async start(options: EmulatorOptions): Promise<Emulators> {
    const dataDir = path.resolve(options.dataDir);
    // LevelDB allows one process per folder and dynalite crashes on a locked one: check first.
    acquireLock(dataDir);
    const emulators = new Emulators(dataDir);
    try {
      await Promise.all([emulators.threads.s3.ready, emulators.threads.dynamodb.ready]);
      const dynamodb = emulators.threads.dynamodb.request(emulators.instance, 'start', dataDir);
      await Promise.all([emulators.startS3(), dynamodb]);
      emulators.backends.dynamodb = await dynamodb;
      emulators.doors.dynamodb.retarget(emulators.backends.dynamodb);
      await emulators.createTables();
    } catch (error) {
      await emulators.stop();
      throw error;
    }
    return emulators;
  }

  /** The front doors (this thread's handles on them): stable endpoints, call counts, faults. */
  get doors(): { s3: FrontDoorHandle; dynamodb: FrontDoorHandle } {
    return { s3: this.threads.s3.door, dynamodb: this.threads.dynamodb.door };
  }

  /** The emulators themselves, behind the front doors (the bench measures their raw rates here). */
  get backendEndpoints(): { s3?: string; dynamodb?: string } {
    return { ...this.backends };
  }

  get endpoints(): { s3: string; dynamodb: string } {
    return { s3: this.doors.s3.endpoint, dynamodb: this.doors.dynamodb.endpoint };
  }

  /** The environment the handlers and the local SDK clients read (standard SDK variables). */
  environment(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_S3: this.endpoints.s3,
      AWS_ENDPOINT_URL_DYNAMODB: this.endpoints.dynamodb,
      DIPLOWIRE_S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: LOCAL_NAMES.region,
      AWS_DEFAULT_REGION: LOCAL_NAMES.region,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ARTICLES_TABLE: LOCAL_NAMES.articlesTable,
      FEED_STATE_TABLE: LOCAL_NAMES.feedStateTable,
      ARCHIVE_BUCKET: LOCAL_NAMES.bucket,
    };
  }

  /** Called for every object s3rver stores (EventBridge notifications, as the bucket has in AWS). */
  onObjectCreated(listener: (record: S3NotificationRecord) => void): void {
    this.listeners.push(listener);
  }

  /** A notification of this instance's s3rver, handed over by its thread. */
  notify(record: S3NotificationRecord): void {
    for (const listener of this.listeners) listener(record);
  }

  /**
   * True when every "Object Created" notification s3rver has emitted so far has been handed to the
   * listeners. A PUT's answer can reach this thread before its notification does (they travel on
   * different channels), so "the dispatcher is idle" alone does not mean the pipeline is.
   */
  get notificationsDelivered(): boolean {
    return this.threads.s3.notificationsDelivered;
  }

  /** Resolves once the notifications emitted so far have all been handed to the listeners. */
  notificationsArrived(): Promise<void> {
    return this.threads.s3.notificationsArrived();
  }

  /** How busy an emulator's thread has been (the bench: was the emulator the bottleneck?). */
  eventLoopUtilization(service: ServiceName, since?: EventLoopUtilization): EventLoopUtilization {
    return this.threads[service].eventLoopUtilization(since);
  }

  /** CPU time an emulator's thread has used so far, in ms (the bench's per-request costs). */
  async threadCpuMs(service: ServiceName): Promise<number> {
    return Number(await this.threads[service].request(this.instance, 'cpu'));
  }

  get s3Running(): boolean {
    return this.backends.s3 !== undefined;
  }

  async startS3(): Promise<void> {
    if (this.backends.s3) return;
    const endpoint = await this.threads.s3.request(this.instance, 'start', this.dataDir);
    this.backends.s3 = endpoint;
    this.doors.s3.retarget(endpoint);
  }

  /** Stops the S3 server only: calls to it then fail as against a server that went away. */
  async stopS3(): Promise<void> {
    // The door closes now, synchronously: the server itself stops a moment later on its thread.
    this.backends.s3 = undefined;
    this.doors.s3.retarget(undefined);
    await this.threads.s3.request(this.instance, 'stop');
  }

  async stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    this.backends.dynamodb = undefined;
    this.doors.dynamodb.retarget(undefined);
    const stopped = await Promise.allSettled([
      this.stopS3(),
      this.threads.dynamodb.request(this.instance, 'stop'),
    ]);
    this.doors.s3.dropIdleConnections();
    this.doors.dynamodb.dropIdleConnections();
    for (const thread of Object.values(this.threads)) thread.release(this.instance);
    started.delete(this.instance);
    releaseLock(this.dataDir);
    // A thread that died has nothing left to stop; any other failure is the caller's to see.
    const failed = stopped.find(
      (s, i): s is PromiseRejectedResult =>
        s.status === 'rejected' && !Object.values(this.threads)[i]?.failure,
    );
    if (failed) throw failed.reason;
  }

  private async createTables(): Promise<void> {
    const client = new DynamoDBClient({
      endpoint: this.endpoints.dynamodb,
      region: LOCAL_NAMES.region,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      for (const table of TABLES) await createTableIfMissing(client, table);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // LevelDB allows one process per folder.
      if (/lock/i.test(message)) {
        throw new EmulatorError(`the data folder ${this.dataDir} is in use by another diplowire process`);
      }
      throw new EmulatorError(`could not create the local tables in ${this.dataDir}: ${message}`);
    } finally {
      client.destroy();
    }
  }
}

async function createTableIfMissing(client: DynamoDBClient, table: TableSpec): Promise<void> {
  const keys = new Set([table.partitionKey, ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  const AttributeDefinitions: AttributeDefinition[] = [...keys].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  }));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table.localName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions,
        KeySchema: [{ AttributeName: table.partitionKey, KeyType: 'HASH' }],
        GlobalSecondaryIndexes:
          table.indexes.length === 0
            ? undefined
            : table.indexes.map((index) => ({
                IndexName: index.name,
                KeySchema: [
                  { AttributeName: index.partitionKey, KeyType: 'HASH' },
                  { AttributeName: index.sortKey, KeyType: 'RANGE' },
                ],
                // As the stack does. A store created before the projection changed keeps its ALL
                // indexes (an existing table is left as it is): the readers work on both.
                Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.nonKeyAttributes] },
              })),
      }),
    );
  } catch (error) {
    if (error instanceof ResourceInUseException) return;
    throw error;
  }
}

const LOCK_FILE = 'diplowire.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquireLock(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(file, 'utf8'));
  } catch {
    holder = undefined;
  }
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new EmulatorError(
      `the data folder ${dataDir} is in use by another diplowire process (pid ${holder})`,
    );
  }
  // A lock left by a process that died is taken over.
  writeFileSync(file, String(process.pid));
}

function releaseLock(dataDir: string): void {
  const file = path.join(dataDir, LOCK_FILE);
  try {
    if (Number(readFileSync(file, 'utf8')) === process.pid) rmSync(file);
  } catch {
    // Already gone.
  }
}
