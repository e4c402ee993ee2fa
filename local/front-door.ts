/**
 * A front door before each local AWS service: a tiny reverse proxy on a port that never changes for
 * the life of the process. The handlers' SDK clients are built once at cold start from the endpoint
 * environment variables, so the port they see must stay put even when the emulator behind it is
 * stopped and started again (the "S3 server stopped in the middle of a run" case). The door is
 * also the one place every AWS call passes through, so it counts calls per operation (writes per
 * article in the bench and the tests) and is where fault injection plugs in.
 */

import http from 'node:http';
import { listenOnLoopback, loopbackOrigin } from './loopback';

export type ServiceName = 's3' | 'dynamodb';

export interface ServiceCall {
  service: ServiceName;
  /** SDK operation name: `PutItem`, `BatchGetItem`, `PutObject`, `GetObject`, `ListObjects`, … */
  operation: string;
}

/** Decides, per call, whether to let it through; returning false fails the call with a 500. */
export type CallFilter = (call: ServiceCall) => boolean;

export class FrontDoor {
  readonly service: ServiceName;
  private server?: http.Server;
  private target?: URL;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly calls = new Map<string, number>();
  private readonly succeeded = new Map<string, number>();
  filter?: CallFilter;

  constructor(service: ServiceName) {
    this.service = service;
  }

  /** Starts listening on 127.0.0.1 (port 0 picks a free one) and returns the endpoint URL. */
  async listen(port = 0): Promise<string> {
    const server = http.createServer((req, res) => this.forward(req, res));
    // The runner's process must be able to exit once the emulators are stopped.
    server.unref();
    this.server = server;
    return listenOnLoopback(server, port);
  }

  get endpoint(): string {
    const origin = loopbackOrigin(this.server);
    if (!origin) throw new Error(`the ${this.service} front door is not listening`);
    return origin;
  }

  /** Points the door at a running emulator, or at nothing (calls then fail like a stopped server). */
  retarget(backend: string | undefined): void {
    this.target = backend ? new URL(backend) : undefined;
    if (!backend) this.agent.destroy();
  }

  /** Calls seen per operation since the last reset (`ok` counts only 2xx answers). */
  counts(): { calls: Record<string, number>; ok: Record<string, number> } {
    return { calls: Object.fromEntries(this.calls), ok: Object.fromEntries(this.succeeded) };
  }

  resetCounts(): void {
    this.calls.clear();
    this.succeeded.clear();
  }

  /** Closes idle keep-alive connections, so a finished process is not held open by them. */
  dropIdleConnections(): void {
    this.server?.closeIdleConnections();
    this.agent.destroy();
  }

  async close(): Promise<void> {
    this.agent.destroy();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const operation = operationOf(this.service, req);
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    if (this.filter && !this.filter({ service: this.service, operation })) {
      req.resume();
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: 'injected fault' }));
      return;
    }
    const target = this.target;
    if (!target) {
      // Like a stopped server: the connection goes away without an answer.
      req.socket.destroy();
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
        if (status >= 200 && status < 300)
          this.succeeded.set(operation, (this.succeeded.get(operation) ?? 0) + 1);
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
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
