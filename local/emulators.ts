/**
 * The embedded default: dynalite (DynamoDB) and s3rver (S3) in this process, their data under
 * `DATA/dynamodb` and `DATA/s3` so a second run sees what the first stored, with the tables of
 * `lambdas/shared/store/schema.ts` and the archive bucket created when missing.
 *
 * Each service sits behind a FrontDoor whose port never changes while the process lives, so the
 * handlers' module-scope SDK clients keep working when an emulator is stopped and started again.
 */

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { TABLES, type TableSpec } from '../lambdas/shared/store/schema';
import { FrontDoor } from './front-door';
import { listenOnLoopback } from './loopback';

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

export class EmulatorError extends Error {}

// One pair of doors per process: their ports are what the handlers' clients were built with.
let doors: { s3: FrontDoor; dynamodb: FrontDoor } | undefined;

async function frontDoors() {
  if (!doors) {
    const s3 = new FrontDoor('s3');
    const dynamodb = new FrontDoor('dynamodb');
    await Promise.all([s3.listen(), dynamodb.listen()]);
    doors = { s3, dynamodb };
  }
  return doors;
}

export class Emulators {
  private dynamoServer?: http.Server;
  private s3Server?: S3rver;
  private readonly listeners: Array<(record: S3NotificationRecord) => void> = [];

  private constructor(
    readonly dataDir: string,
    readonly doors: { s3: FrontDoor; dynamodb: FrontDoor },
  ) {}

  static async start(options: EmulatorOptions): Promise<Emulators> {
    const emulators = new Emulators(path.resolve(options.dataDir), await frontDoors());
    // LevelDB allows one process per folder and dynalite crashes on a locked one: check first.
    acquireLock(emulators.dataDir);
    try {
      await emulators.startDynamo();
      await emulators.startS3();
      await emulators.createTables();
    } catch (error) {
      await emulators.stop();
      throw error;
    }
    return emulators;
  }

  /** The emulators themselves, behind the front doors (the bench measures their raw rates here). */
  get backendEndpoints(): { s3?: string; dynamodb?: string } {
    const port = (server: http.Server | undefined) =>
      (server?.address() as AddressInfo | null | undefined)?.port;
    const s3 = port(this.s3Server?.httpServer);
    const dynamodb = port(this.dynamoServer);
    return {
      s3: s3 ? `http://127.0.0.1:${s3}` : undefined,
      dynamodb: dynamodb ? `http://127.0.0.1:${dynamodb}` : undefined,
    };
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

  get s3Running(): boolean {
    return this.s3Server !== undefined;
  }

  async startS3(): Promise<void> {
    if (this.s3Server) return;
    const directory = path.join(this.dataDir, 's3');
    mkdirSync(directory, { recursive: true });
    const server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      allowMismatchedSignatures: true,
      vhostBuckets: false,
      configureBuckets: [{ name: LOCAL_NAMES.bucket }],
    });
    server.on('event', (event: { Records: S3NotificationRecord[] }) => {
      for (const record of event.Records) {
        if (!record.eventName.startsWith('ObjectCreated:')) continue;
        for (const listener of this.listeners) listener(record);
      }
    });
    const address = (await server.run()) as AddressInfo;
    this.s3Server = server;
    this.doors.s3.retarget(`http://127.0.0.1:${address.port}`);
  }

  /** Stops the S3 server only: calls to it then fail as against a server that went away. */
  async stopS3(): Promise<void> {
    const server = this.s3Server;
    this.s3Server = undefined;
    this.doors.s3.retarget(undefined);
    if (server) {
      server.httpServer?.closeAllConnections?.();
      await server.close();
    }
  }

  async stop(): Promise<void> {
    await this.stopS3();
    const dynamo = this.dynamoServer;
    this.dynamoServer = undefined;
    this.doors.dynamodb.retarget(undefined);
    if (dynamo) {
      dynamo.closeAllConnections();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    }
    this.doors.s3.dropIdleConnections();
    this.doors.dynamodb.dropIdleConnections();
    releaseLock(this.dataDir);
  }

  private async startDynamo(): Promise<void> {
    const directory = path.join(this.dataDir, 'dynamodb');
    mkdirSync(directory, { recursive: true });
    const server: http.Server = dynalite({ path: directory, createTableMs: 0, deleteTableMs: 0 });
    this.doors.dynamodb.retarget(await listenOnLoopback(server));
    this.dynamoServer = server;
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
                Projection: { ProjectionType: 'ALL' },
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
