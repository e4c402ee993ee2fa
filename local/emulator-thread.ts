/**
 * The main thread's handle on one emulator's worker thread (emulators-worker.ts): numbered requests
 * and their answers, the front door the thread hosts, and for S3 the count of "Object Created"
 * notifications posted there against those handled here. A thread lives as long as the process
 * (its door's port is what the handlers' clients were built with) and holds the process open only
 * while some `Emulators` is started.
 */
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest, WorkerStartData } from './emulators-worker';
import { FrontDoorHandle, type ServiceName } from './front-door';

export class EmulatorError extends Error {}

const WORKER_ENTRY = new URL('./emulators-thread.mjs', import.meta.url);

/**
 * The node options a thread keeps from this process's: diagnostics and source maps. The rest is
 * about the main script (`-e CODE`, `--input-type`, `--import`), which a worker refuses or does not
 * need (the thread's entry registers its own TypeScript loader).
 */
function workerExecArgv(): string[] {
  const kept = /^--(cpu-prof|heap-prof|enable-source-maps|stack-trace-limit)/;
  return process.execArgv.filter((arg) => kept.test(arg));
}

/** How long a missing S3 notification is waited for (see notificationsArrived). */
const STALL_MS = 10_000;

type Pending = { resolve: (value: string | undefined) => void; reject: (error: Error) => void };

export class EmulatorThread {
  readonly door: FrontDoorHandle;
  readonly ready: Promise<void>;
  failure?: Error;
  /** Who gets a notification, by the instance number of the `Emulators` whose s3rver emitted it. */
  onObjectCreated?: (instance: number, record: unknown) => void;
  private readonly worker: Worker;
  private readonly holders = new Set<number>();
  private readonly replies = new Map<number, Pending>();
  private nextRequest = 1;
  /** Notifications the thread has posted (shared memory, written there) and those handled here. */
  private readonly notified = new Int32Array(new SharedArrayBuffer(4));
  private received = 0;
  private arrivals: Array<() => void> = [];

  constructor(
    readonly service: ServiceName,
    bucket: string,
    private readonly onExit: (thread: EmulatorThread) => void,
  ) {
    this.door = new FrontDoorHandle(service);
    const { wiring } = this.door;
    const data: WorkerStartData = { service, bucket, notified: this.notified, door: wiring };
    this.worker = new Worker(WORKER_ENTRY, {
      workerData: data,
      transferList: [wiring.control, wiring.names, wiring.ask],
      execArgv: workerExecArgv(),
    });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'ready') {
          this.door.listening(message.door);
          resolve();
        } else this.onMessage(message);
      });
      const fail = (error: Error) => {
        this.fail(error);
        reject(this.failure);
      };
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => fail(new Error(`the ${service} thread exited (code ${code})`)));
    });
  }

  /** While any instance holds the thread, it keeps the process alive (as a listening server would). */
  hold(instance: number): void {
    this.holders.add(instance);
    this.worker.ref();
  }

  release(instance: number): void {
    this.holders.delete(instance);
    if (this.holders.size === 0) this.worker.unref();
  }

  get notificationsDelivered(): boolean {
    return this.failure !== undefined || this.received >= Atomics.load(this.notified, 0);
  }

  /**
   * Resolves once the notifications counted so far have been handled here. A notification is
   * posted right after it is counted, so it arrives within milliseconds; if none arrives for
   * STALL_MS while some are missing, they are reported on stderr and no longer waited for, so a
   * lost message can cost an article its event (which `replay` recovers) but never hang a run.
   */
  async notificationsArrived(): Promise<void> {
    while (!this.notificationsDelivered) {
      let timer: NodeJS.Timeout | undefined;
      const arrived = await Promise.race([
        new Promise<boolean>((resolve) => this.arrivals.push(() => resolve(true))),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), STALL_MS);
        }),
      ]);
      clearTimeout(timer);
      if (!arrived && !this.notificationsDelivered) {
        const missing = Atomics.load(this.notified, 0) - this.received;
        process.stderr.write(
          `diplowire: ${missing} S3 notification(s) did not arrive from the S3 thread in ${STALL_MS / 1000} s; not waiting for them\n`,
        );
        this.received += missing;
      }
    }
  }

  eventLoopUtilization(since?: EventLoopUtilization): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization(since);
  }

  request(instance: number, op: 'start', dataDir: string): Promise<string | undefined>;
  request(instance: number, op: 'stop' | 'cpu'): Promise<string | undefined>;
  request(instance: number, op: WorkerRequest['op'], dataDir?: string): Promise<string | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      this.worker.postMessage({ id, instance, op, dataDir } as WorkerRequest);
    });
  }

  private onMessage(message: WorkerMessage): void {
    if (message.kind === 'objectCreated') {
      this.received++;
      this.onObjectCreated?.(message.instance, message.record);
      const waiting = this.arrivals;
      this.arrivals = [];
      for (const resolve of waiting) resolve();
      return;
    }
    if (message.kind !== 'reply') return;
    const pending = this.replies.get(message.id);
    this.replies.delete(message.id);
    if (message.ok) pending?.resolve(message.value);
    else pending?.reject(new EmulatorError(message.message));
  }

  /** The thread failed to start or died: every waiting request fails with the reason. */
  private fail(error: Error): void {
    const name = this.service === 's3' ? 'S3' : 'DynamoDB';
    this.failure ??= new EmulatorError(`the local ${name} server stopped: ${error.message}`);
    this.onExit(this);
    for (const { reject } of this.replies.values()) reject(this.failure);
    this.replies.clear();
    const waiting = this.arrivals;
    this.arrivals = [];
    for (const resolve of waiting) resolve();
  }
}
