/**
 * A local EventBridge endpoint: an HTTP server speaking PutEvents (JSON 1.1), so the handlers'
 * real EventBridge client publishes to it unchanged, plus the conversion of s3rver's object
 * notifications into the "Object Created" events EventBridge puts on the default bus.
 * Every accepted event goes to one `deliver` callback (the dispatcher).
 */

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { S3NotificationRecord } from './emulators';
import { listenOnLoopback, loopbackOrigin } from './loopback';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
/** EventBridge's limits, enforced so a publisher that works here works in AWS too. */
export const MAX_ENTRIES_PER_CALL = 10;
export const MAX_ENTRY_BYTES = 256 * 1024;

/** An event as EventBridge delivers it to a target. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** An event on its way to a bus. */
export interface BusEvent {
  busName: string;
  event: EventEnvelope;
}

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: string | number;
}

/** `arn:aws:events:…:event-bus/NAME` or `NAME` → `NAME`; no name means the default bus. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  const marker = nameOrArn.lastIndexOf('event-bus/');
  return marker >= 0 ? nameOrArn.slice(marker + 'event-bus/'.length) : nameOrArn;
}

/** Validates one PutEvents entry like EventBridge does; returns the envelope or an error code. */
export function envelopeOf(
  entry: PutEventsEntry,
  now: Date,
): { ok: true; value: BusEvent } | { ok: false; code: string; message: string } {
  if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
    return { ok: false, code: 'InvalidArgument', message: 'Source, DetailType and Detail are required' };
  }
  if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES) {
    return { ok: false, code: 'InvalidArgument', message: 'the entry is larger than 256 KB' };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    return { ok: false, code: 'MalformedDetail', message: 'Detail is not valid JSON' };
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return { ok: false, code: 'MalformedDetail', message: 'Detail must be a JSON object' };
  }
  const time =
    entry.Time === undefined
      ? now
      : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
  return {
    ok: true,
    value: {
      busName: busNameOf(entry.EventBusName),
      event: {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: LOCAL_ACCOUNT,
        time: (Number.isNaN(time.getTime()) ? now : time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: LOCAL_REGION,
        resources: entry.Resources ?? [],
        detail: detail as Record<string, unknown>,
      },
    },
  };
}

/** The EventBridge event S3 puts on the default bus for a stored object. */
export function objectCreatedEvent(record: S3NotificationRecord): BusEvent {
  const { bucket, object } = record.s3;
  return {
    busName: 'default',
    event: {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: LOCAL_ACCOUNT,
      time: record.eventTime.replace(/\.\d{3}Z$/, 'Z'),
      region: LOCAL_REGION,
      resources: [`arn:aws:s3:::${bucket.name}`],
      detail: {
        version: '0',
        bucket: { name: bucket.name },
        object: { key: object.key, size: object.size, etag: object.eTag, sequencer: object.sequencer },
        'request-id': randomUUID(),
        requester: LOCAL_ACCOUNT,
        reason: 'PutObject',
      },
    },
  };
}

/** Decides, per entry, whether PutEvents accepts it (fault injection); false fails that entry only. */
export type EntryFilter = (event: BusEvent) => boolean;

export class LocalEventBus {
  private server?: http.Server;
  filter?: EntryFilter;
  /** Entries accepted since start, per detail-type (for tests and the bench). */
  readonly published = new Map<string, number>();

  constructor(private readonly deliver: (event: BusEvent) => void) {}

  async listen(port = 0): Promise<string> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.answer(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    server.unref();
    this.server = server;
    return listenOnLoopback(server, port);
  }

  get endpoint(): string {
    const origin = loopbackOrigin(this.server);
    if (!origin) throw new Error('the local event bus is not listening');
    return origin;
  }

  /** Puts an event on a bus as if it had been published (S3 notifications, the schedule, replays). */
  put(event: BusEvent): void {
    this.deliver(event);
  }

  /** Closes idle keep-alive connections, so a finished process is not held open by them. */
  dropIdleConnections(): void {
    this.server?.closeIdleConnections();
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target !== 'AWSEvents.PutEvents') {
      reply(400, {
        __type: 'UnknownOperationException',
        message: `the local bus speaks only PutEvents, not ${target}`,
      });
      return;
    }
    let entries: PutEventsEntry[];
    try {
      entries = (JSON.parse(body) as { Entries?: PutEventsEntry[] }).Entries ?? [];
    } catch {
      reply(400, { __type: 'SerializationException', message: 'the request body is not JSON' });
      return;
    }
    if (entries.length === 0 || entries.length > MAX_ENTRIES_PER_CALL) {
      reply(400, {
        __type: 'ValidationException',
        message: `PutEvents takes 1 to ${MAX_ENTRIES_PER_CALL} entries, got ${entries.length}`,
      });
      return;
    }
    const now = new Date();
    const results = entries.map((entry) => {
      const result = envelopeOf(entry, now);
      if (!result.ok) return { ErrorCode: result.code, ErrorMessage: result.message };
      if (this.filter && !this.filter(result.value)) {
        return { ErrorCode: 'InternalFailure', ErrorMessage: 'injected fault' };
      }
      const type = result.value.event['detail-type'];
      this.published.set(type, (this.published.get(type) ?? 0) + 1);
      this.deliver(result.value);
      return { EventId: result.value.event.id };
    });
    reply(200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
  }
}
