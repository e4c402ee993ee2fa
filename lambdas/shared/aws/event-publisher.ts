/**
 * EventPublisher on EventBridge. PutEvents takes at most 10 entries (and 256 KB) per call and can
 * reject some entries of a call that succeeds: only those are sent again, with backoff.
 */
import { EVENT_SOURCE } from '../events';
import type { EventPublisher, OutgoingEvent } from '../ports';
import type { EventBridgeClient, PutEventsEntry as PutEventsRequestEntry } from './client/eventbridge';

export const PUT_EVENTS_MAX_ENTRIES = 10;
/** PutEvents' request limit is 256 KB; stay under it with room for the envelope. */
const PUT_EVENTS_MAX_BYTES = 240 * 1024;

export interface EventPublisherOptions {
  /** Sends of one entry before giving up. Default 5. */
  maxAttempts?: number;
  /** First backoff in ms, doubled each round. Default 100. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(
    message: string,
    readonly failed: { detailType: string; errorCode?: string; errorMessage?: string }[],
  ) {
    super(message);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createEventPublisher(
  client: EventBridgeClient,
  eventBusName: string,
  options: EventPublisherOptions = {},
): EventPublisher {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const sleep = options.sleep ?? defaultSleep;

  async function sendBatch(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    let lastFailures: { entry: PutEventsRequestEntry; code?: string; message?: string }[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await sleep(baseDelayMs * 2 ** (attempt - 2));
      const out = await client.call('PutEvents', { Entries: pending });
      if (!out.FailedEntryCount) return;
      // Results are positional: result i belongs to entry i of this request.
      lastFailures = [];
      (out.Entries ?? []).forEach((result, i) => {
        const entry = pending[i];
        if (entry && result.ErrorCode) {
          lastFailures.push({ entry, code: result.ErrorCode, message: result.ErrorMessage });
        }
      });
      if (lastFailures.length === 0) return;
      pending = lastFailures.map((f) => f.entry);
    }
    const codes = [...new Set(lastFailures.map((f) => f.code))].join(', ');
    throw new PublishError(
      `EventBridge rejected ${lastFailures.length} event(s) after ${maxAttempts} attempts (${codes})`,
      lastFailures.map((f) => ({
        detailType: f.entry.DetailType ?? '?',
        errorCode: f.code,
        errorMessage: f.message,
      })),
    );
  }

  return {
    async publish(events: readonly OutgoingEvent[]) {
      const entries: PutEventsRequestEntry[] = events.map((event) => ({
        Source: EVENT_SOURCE,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
        EventBusName: eventBusName,
      }));
      for (const batch of batches(entries)) await sendBatch(batch);
    },
  };
}

function entrySize(entry: PutEventsRequestEntry): number {
  return (
    Buffer.byteLength(entry.Detail ?? '') +
    Buffer.byteLength(entry.DetailType ?? '') +
    Buffer.byteLength(entry.Source ?? '') +
    Buffer.byteLength(entry.EventBusName ?? '')
  );
}

/** Groups entries into requests of at most 10 entries and under the request size limit. */
export function batches(entries: PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const out: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (
      current.length > 0 &&
      (current.length === PUT_EVENTS_MAX_ENTRIES || bytes + size > PUT_EVENTS_MAX_BYTES)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
