/**
 * The body of an emulator's worker thread: one thread for s3rver and one for dynalite, each with
 * its front door, so their CPU (HTTP parsing, LevelDB, files, XML) runs beside the handlers on the
 * main thread instead of taking turns with them. `emulators.ts` is the main-thread side; each
 * thread serves the whole process (the doors' ports must outlive each start/stop of an emulator).
 *
 * S3 "Object Created" notifications go to the main thread by postMessage. Each one is counted in
 * shared memory BEFORE it is posted, and s3rver emits it before it answers the PUT: so once the
 * main thread has the answer to a PUT, the counter already includes its notification, and the
 * runner can tell "a notification is still on its way" from "there is none" (see emulators.ts).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { type DoorWiring, FrontDoor, type ServiceName } from './front-door';
import { listenOnLoopback, loopbackOrigin } from './loopback';
import { createS3rver } from './s3rver-options';

export interface WorkerStartData {
  service: ServiceName;
  bucket: string;
  /** Int32Array(1) on a SharedArrayBuffer: notifications posted so far (S3 only). */
  notified: Int32Array;
  door: DoorWiring;
}

/** `instance` tells apart the servers of several `Emulators` started at once in one process. */
export type WorkerRequest =
  | { id: number; instance: number; op: 'start'; dataDir: string }
  | { id: number; instance: number; op: 'stop' }
  | { id: number; instance: number; op: 'cpu' };

export type WorkerMessage =
  | { kind: 'ready'; door: string }
  | { kind: 'reply'; id: number; ok: true; value?: string }
  | { kind: 'reply'; id: number; ok: false; message: string }
  | { kind: 'objectCreated'; instance: number; record: unknown };

const { service, bucket, notified, door: wiring } = workerData as WorkerStartData;
const port = parentPort;
if (!port) throw new Error('emulators-worker.ts runs only as a worker thread');
const main = port;

/** A started emulator: its HTTP server (the door hands requests to it) and how to stop it. */
interface Running {
  server: http.Server;
  origin: string;
  stop(): Promise<void>;
}

const running = new Map<number, Running>();
const byOrigin = new Map<string, http.Server>();
const door = new FrontDoor(wiring, (origin) => byOrigin.get(origin));

async function startDynamo(dataDir: string): Promise<Running> {
  const { default: dynalite } = await import('dynalite');
  const directory = path.join(dataDir, 'dynamodb');
  mkdirSync(directory, { recursive: true });
  const server: http.Server = dynalite({ path: directory, createTableMs: 0, deleteTableMs: 0 });
  const origin = await listenOnLoopback(server);
  return {
    server,
    origin,
    stop: async () => {
      server.closeAllConnections();
      // dynalite's close also closes its LevelDB, so the folder can be opened again.
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function startS3(instance: number, dataDir: string): Promise<Running> {
  const directory = path.join(dataDir, 's3');
  mkdirSync(directory, { recursive: true });
  const s3rver = await createS3rver(directory, bucket);
  s3rver.on('event', (event: { Records: Array<{ eventName: string }> }) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      // Counted first: the PUT's answer leaves after this, and the main thread relies on it.
      Atomics.add(notified, 0, 1);
      main.postMessage({ kind: 'objectCreated', instance, record } satisfies WorkerMessage);
    }
  });
  const address = await s3rver.run();
  const server = s3rver.httpServer;
  if (!server) throw new Error('s3rver started without an HTTP server');
  return {
    server,
    origin: loopbackOrigin(server) ?? `http://127.0.0.1:${address.port}`,
    stop: async () => {
      server.closeAllConnections();
      await s3rver.close();
    },
  };
}

async function start(instance: number, dataDir: string): Promise<string> {
  const known = running.get(instance);
  if (known) return known.origin;
  const started = service === 's3' ? await startS3(instance, dataDir) : await startDynamo(dataDir);
  running.set(instance, started);
  byOrigin.set(started.origin, started.server);
  return started.origin;
}

async function stop(instance: number): Promise<undefined> {
  const started = running.get(instance);
  if (!started) return undefined;
  running.delete(instance);
  byOrigin.delete(started.origin);
  await started.stop();
  return undefined;
}

/** CPU time this thread has used, in ms: Linux tells per thread; elsewhere the event loop's active time. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return performance.eventLoopUtilization().active;
  }
}

function perform(request: WorkerRequest): Promise<string | undefined> {
  switch (request.op) {
    case 'start':
      return start(request.instance, request.dataDir);
    case 'stop':
      return stop(request.instance);
    case 'cpu':
      return Promise.resolve(String(threadCpuMs()));
  }
}

main.on('message', (request: WorkerRequest) => {
  // A door retargeted just before this request (stopping closes the door first) is up to date.
  door.applyControls();
  perform(request).then(
    (value) => main.postMessage({ kind: 'reply', id: request.id, ok: true, value } satisfies WorkerMessage),
    (error: unknown) =>
      main.postMessage({
        kind: 'reply',
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies WorkerMessage),
  );
});

main.postMessage({ kind: 'ready', door: await door.listen() } satisfies WorkerMessage);
