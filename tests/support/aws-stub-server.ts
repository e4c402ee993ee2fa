/**
 * A scripted AWS endpoint on loopback, for the answers no emulator gives (a partial PutEvents
 * failure, S3's 412/409, throttling, a dropped connection): the lean client under test makes real
 * HTTP requests, signed, and this server records each one and answers from a script.
 *
 *   const stub = await startStubServer();
 *   stub.answer({ status: 200, json: { FailedEntryCount: 0, Entries: [] } });   // next answer(s)
 *   new EventBridgeClient({ endpoint: stub.origin, region: 'us-east-1', credentials })
 *   stub.requests[0].json                                                         // what was sent
 */
import http from 'node:http';
import { listenOnLoopback } from '../../local/loopback';

export interface StubRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
}

export type StubAnswer =
  | { status: number; json?: unknown; xml?: string; headers?: Record<string, string> }
  /** Drop the connection without an answer (a stopped server, a reset). */
  | { drop: true }
  /** Never answer (a server that hangs). */
  | { hang: true };

export interface StubServer {
  origin: string;
  requests: StubRequest[];
  /** Queues answers, used in order; the last one repeats once the queue is down to it. */
  answer(...answers: StubAnswer[]): void;
  close(): Promise<void>;
}

export async function startStubServer(): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const queue: StubAnswer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const recorded: StubRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      };
      try {
        recorded.json = JSON.parse(body.toString('utf8'));
      } catch {
        // not JSON
      }
      requests.push(recorded);
      const next = (queue.length > 1 ? queue.shift() : queue[0]) ?? {
        status: 500,
        json: { __type: 'NoScript' },
      };
      if ('drop' in next) {
        req.socket.destroy();
        return;
      }
      if ('hang' in next) return;
      const headers: Record<string, string> = { ...next.headers };
      let payload = '';
      if (next.json !== undefined) {
        headers['content-type'] ??= 'application/x-amz-json-1.1';
        payload = JSON.stringify(next.json);
      } else if (next.xml !== undefined) {
        headers['content-type'] ??= 'application/xml';
        payload = next.xml;
      }
      res.writeHead(next.status, headers);
      res.end(req.method === 'HEAD' ? undefined : payload);
    });
  });
  const origin = await listenOnLoopback(server);
  return {
    origin,
    requests,
    answer(...answers) {
      queue.length = 0;
      queue.push(...answers);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Credentials for clients pointed at a stub (never sent anywhere else). */
export const STUB_CREDENTIALS = { accessKeyId: 'AKIDSTUB', secretAccessKey: 'stub-secret' } as const;
