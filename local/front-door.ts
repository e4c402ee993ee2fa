/**
 * A front door before each local AWS service: a tiny reverse proxy on a port that never changes for
 * the life of the process. The handlers' SDK clients are built once at cold start from the endpoint
 * environment variables, so the port they see must stay put even when the emulator behind it is
 * stopped and started again (the "S3 server stopped in the middle of a run" case). The door is
 * also the one place every AWS call passes through, so it counts calls per operation (writes per
 * article in the bench and the tests) and is where fault injection plugs in.
 *
 * The proxy (`FrontDoor`) runs in the emulators' worker thread, beside the emulators, so its CPU is
 * not the handlers', and it hands each request straight to the emulator's request handler there
 * (one HTTP hop per call, not two). The main thread holds a `FrontDoorHandle` with the same controls, and they act
 * at once, as if the door were local: a retarget or a new filter is posted on a channel the proxy
 * drains synchronously before it looks at each request (a posted message is in the receiving
 * port's queue as soon as `postMessage` returns), and the call counters live in shared memory.
 */

import http from 'node:http';
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { listenOnLoopback } from './loopback';

export type ServiceName = 's3' | 'dynamodb';

export interface ServiceCall {
  service: ServiceName;
  /** SDK operation name: `PutItem`, `BatchGetItem`, `PutObject`, `GetObject`, `ListObjects`, … */
  operation: string;
}

/** Decides, per call, whether to let it through; returning false fails the call with a 500. */
export type CallFilter = (call: ServiceCall) => boolean;

/** Distinct operation names counted per door; any further name is counted as `Other`. */
const MAX_OPERATIONS = 64;

type Control = { target: string | null } | { filtered: boolean } | { dropIdle: true };

/** What the two threads share about one door: created on the main thread, sent to the worker. */
export interface DoorWiring {
  service: ServiceName;
  /** Main → proxy: retargets, filter on/off, drop idle connections (drained synchronously). */
  control: MessagePort;
  /** Proxy → main: `{ slot, name }` when an operation gets its counter slot (drained synchronously). */
  names: MessagePort;
  /** Proxy ⇄ main: `{ id, operation }` asks the filter, `{ id, allow }` answers. */
  ask: MessagePort;
  /** `calls[slot]` then `ok[slot]`: MAX_OPERATIONS Int32 counters each. */
  counters: SharedArrayBuffer;
}

/** The proxy, in the emulators' thread. */
export class FrontDoor {
  private server?: http.Server;
  private target?: URL;
  private filtered = false;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly slots = new Map<string, number>();
  private readonly counters: Int32Array;
  private readonly answers = new Map<number, (allow: boolean) => void>();
  private nextQuestion = 1;
  private otherNamed = false;

  /**
   * @param inThread the emulator listening at an origin, when it runs in this same thread: the door
   *   then hands it the request directly instead of proxying it over a second HTTP connection.
   */
  constructor(
    private readonly wiring: DoorWiring,
    private readonly inThread: (origin: string) => http.Server | undefined = () => undefined,
  ) {
    this.counters = new Int32Array(wiring.counters);
    wiring.ask.on('message', ({ id, allow }: { id: number; allow: boolean }) => {
      this.answers.get(id)?.(allow);
      this.answers.delete(id);
    });
    wiring.ask.unref();
  }

  get service(): ServiceName {
    return this.wiring.service;
  }

  /** Starts listening on 127.0.0.1 (port 0 picks a free one) and returns the endpoint URL. */
  async listen(port = 0): Promise<string> {
    const server = http.createServer((req, res) => this.forward(req, res));
    server.unref();
    this.server = server;
    return listenOnLoopback(server, port);
  }

  /** Applies what the main thread has posted, in order (called before every request). */
  applyControls(): void {
    for (
      let m = receiveMessageOnPort(this.wiring.control);
      m;
      m = receiveMessageOnPort(this.wiring.control)
    ) {
      const control = m.message as Control;
      if ('target' in control) {
        this.target = control.target ? new URL(control.target) : undefined;
        if (!control.target) this.agent.destroy();
      } else if ('filtered' in control) {
        this.filtered = control.filtered;
      } else {
        this.server?.closeIdleConnections();
        this.agent.destroy();
      }
    }
  }

  private count(operation: string, offset: 0 | 1): void {
    let slot = this.slots.get(operation);
    if (slot === undefined) {
      // Names past the last free slot share the `Other` counter (not remembered: any client can invent them).
      const full = this.slots.size >= MAX_OPERATIONS - 1;
      slot = full ? MAX_OPERATIONS - 1 : this.slots.size;
      // Posted before the counter moves, so a reader who sees the count can name it.
      if (!full) {
        this.slots.set(operation, slot);
        this.wiring.names.postMessage({ slot, name: operation });
      } else if (!this.otherNamed) {
        this.otherNamed = true;
        this.wiring.names.postMessage({ slot, name: 'Other' });
      }
    }
    Atomics.add(this.counters, offset * MAX_OPERATIONS + slot, 1);
  }

  private allowed(operation: string): Promise<boolean> | boolean {
    if (!this.filtered) return true;
    const id = this.nextQuestion++;
    return new Promise((resolve) => {
      this.answers.set(id, resolve);
      this.wiring.ask.postMessage({ id, operation });
    });
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.applyControls();
    const operation = operationOf(this.service, req);
    this.count(operation, 0);
    const verdict = this.allowed(operation);
    if (verdict === true) this.pass(req, res, operation);
    else
      void Promise.resolve(verdict).then((allow) =>
        allow ? this.pass(req, res, operation) : refuse(req, res),
      );
  }

  private pass(req: http.IncomingMessage, res: http.ServerResponse, operation: string): void {
    const target = this.target;
    if (!target) {
      // Like a stopped server: the connection goes away without an answer.
      req.socket.destroy();
      return;
    }
    const local = this.inThread(target.origin);
    if (local) {
      // The emulator's own request handler answers on this connection: no second HTTP hop.
      // writeHead runs for every answer (res.end calls it implicitly), before anything is sent.
      const writeHead = res.writeHead;
      const count = (status: number) => {
        if (status >= 200 && status < 300) this.count(operation, 1);
      };
      res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
        count(args[0]);
        res.writeHead = writeHead;
        return writeHead.apply(this, args);
      } as typeof writeHead;
      local.emit('request', req, res);
      return;
    }
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: this.agent,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        if (status >= 200 && status < 300) this.count(operation, 1);
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse): void {
  req.resume();
  res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify({ __type: 'InternalFailure', message: 'injected fault' }));
}

/** The main thread's controls over a door in the emulators' thread. */
export class FrontDoorHandle {
  private readonly control: MessagePort;
  private readonly names: MessagePort;
  private readonly ask: MessagePort;
  private readonly counters: Int32Array;
  private readonly slotNames: string[] = [];
  private callFilter?: CallFilter;
  private origin?: string;
  /** The other ends, for the worker (transferred once). */
  readonly wiring: DoorWiring;

  constructor(readonly service: ServiceName) {
    const control = new MessageChannel();
    const names = new MessageChannel();
    const ask = new MessageChannel();
    const counters = new SharedArrayBuffer(2 * MAX_OPERATIONS * Int32Array.BYTES_PER_ELEMENT);
    this.control = control.port1;
    this.names = names.port1;
    this.ask = ask.port1;
    this.counters = new Int32Array(counters);
    this.wiring = { service, control: control.port2, names: names.port2, ask: ask.port2, counters };
    this.ask.on('message', ({ id, operation }: { id: number; operation: string }) => {
      let allow = true;
      try {
        allow = this.callFilter?.({ service, operation }) ?? true;
      } catch {
        allow = false;
      }
      this.ask.postMessage({ id, allow });
    });
    // Questions only come while a call is in flight: they must not keep the process alive.
    this.ask.unref();
  }

  /** Set once the worker listens. */
  listening(origin: string): void {
    this.origin = origin;
  }

  get endpoint(): string {
    if (!this.origin) throw new Error(`the ${this.service} front door is not listening`);
    return this.origin;
  }

  get filter(): CallFilter | undefined {
    return this.callFilter;
  }

  /** Every call the door sees is put to this function (on this thread) while it is set. */
  set filter(filter: CallFilter | undefined) {
    this.callFilter = filter;
    this.control.postMessage({ filtered: filter !== undefined } satisfies Control);
  }

  /** Points the door at a running emulator, or at nothing (calls then fail like a stopped server). */
  retarget(backend: string | undefined): void {
    this.control.postMessage({ target: backend ?? null } satisfies Control);
  }

  /** Calls seen per operation since the last reset (`ok` counts only 2xx answers). */
  counts(): { calls: Record<string, number>; ok: Record<string, number> } {
    for (let m = receiveMessageOnPort(this.names); m; m = receiveMessageOnPort(this.names)) {
      const { slot, name } = m.message as { slot: number; name: string };
      this.slotNames[slot] = name;
    }
    const calls: Record<string, number> = {};
    const ok: Record<string, number> = {};
    this.slotNames.forEach((name, slot) => {
      const n = Atomics.load(this.counters, slot);
      const good = Atomics.load(this.counters, MAX_OPERATIONS + slot);
      if (n > 0) calls[name] = n;
      if (good > 0) ok[name] = good;
    });
    return { calls, ok };
  }

  resetCounts(): void {
    for (let i = 0; i < this.counters.length; i++) Atomics.store(this.counters, i, 0);
  }

  /** Closes idle keep-alive connections, so a finished process is not held open by them. */
  dropIdleConnections(): void {
    this.control.postMessage({ dropIdle: true } satisfies Control);
  }
}

const S3_OBJECT_OPERATIONS: Record<string, string> = {
  PUT: 'PutObject',
  GET: 'GetObject',
  HEAD: 'HeadObject',
  DELETE: 'DeleteObject',
  POST: 'PostObject',
};

/** Names the operation of a request the way the SDK does, from the wire format of each service. */
export function operationOf(
  service: ServiceName,
  req: Pick<http.IncomingMessage, 'headers' | 'method' | 'url'>,
) {
  if (service === 'dynamodb') {
    const target = String(req.headers['x-amz-target'] ?? '');
    return target.slice(target.indexOf('.') + 1) || 'Unknown';
  }
  // Path-style addressing (the local S3 client forces it): /bucket or /bucket/key.
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const hasKey = path.indexOf('/', 1) > 0 && path.indexOf('/', 1) < path.length - 1;
  const method = req.method ?? 'GET';
  if (hasKey) return S3_OBJECT_OPERATIONS[method] ?? method;
  if (method === 'GET') return (req.url ?? '').includes('list-type=2') ? 'ListObjectsV2' : 'ListObjects';
  return `${method}Bucket`;
}
