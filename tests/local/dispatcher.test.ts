import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DeadLetter, Dispatcher } from '../../local/dispatcher';
import type { EventEnvelope } from '../../local/event-bus';
import { routingTableOf } from '../../local/router';
import { handMadeTemplates } from './support/templates';

const table = routingTableOf(handMadeTemplates(), { bucket: 'diplowire-archive', busName: 'diplowire' });
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function feedDue(feedId: string): { busName: string; event: EventEnvelope } {
  return {
    busName: 'diplowire',
    event: {
      version: '0',
      id: `id-${feedId}`,
      'detail-type': 'Feed.Due',
      source: 'diplowire',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: { feedId, url: `https://example.org/${feedId}.xml`, scheduledAt: new Date().toISOString() },
    },
  };
}

function dlqDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-dlq-'));
  dirs.push(dir);
  return dir;
}

describe('dispatcher', () => {
  it('retries a failing invocation as Lambda does, then writes one dead letter with the error', async () => {
    const dir = dlqDir();
    const attempts: number[] = [];
    const dispatcher = new Dispatcher({
      table,
      dlqDir: dir,
      retryBaseMs: 5,
      invoke: async () => {
        attempts.push(Date.now());
        throw new Error('the feed state table is unreachable');
      },
    });
    dispatcher.deliver(feedDue('tr-mfa'));
    await dispatcher.idle();
    // fetch-feed's EventInvokeConfig in the template says 1 retry: 2 attempts in all.
    expect(attempts).toHaveLength(2);
    const lines = readFileSync(path.join(dir, 'fetch-feed.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const letter = JSON.parse(lines[0]!) as DeadLetter;
    expect(letter).toMatchObject({
      function: 'fetch-feed',
      functionLogicalId: 'FetchFn',
      attempts: 2,
      error: { name: 'Error', message: 'the feed state table is unreachable' },
    });
    expect(letter.event.detail).toMatchObject({ feedId: 'tr-mfa' });
    expect(Number.isNaN(Date.parse(letter.time))).toBe(false);
  });

  it('succeeds on a retry without dead-lettering, and idle() waits for the retry', async () => {
    const dir = dlqDir();
    let calls = 0;
    const outcomes: boolean[] = [];
    const dispatcher = new Dispatcher({
      table,
      dlqDir: dir,
      retryBaseMs: 20,
      invoke: async () => {
        calls++;
        if (calls === 1) throw new Error('throttled');
      },
      onInvocation: (r) => outcomes.push(r.ok),
    });
    dispatcher.deliver(feedDue('tr-mfa'));
    await dispatcher.idle();
    expect(outcomes).toEqual([false, true]);
    expect(() => readFileSync(path.join(dir, 'fetch-feed.jsonl'))).toThrow();
  });

  it('never runs more invocations of a function at once than its reserved concurrency', async () => {
    let running = 0;
    let peak = 0;
    const dispatcher = new Dispatcher({
      table,
      dlqDir: dlqDir(),
      invoke: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
      },
    });
    for (let i = 0; i < 7; i++) dispatcher.deliver(feedDue(`feed-${i}`));
    await dispatcher.idle();
    // FetchFn has ReservedConcurrentExecutions 2 in the template.
    expect(peak).toBe(2);
  });

  it('runs up to 32 invocations at once of a function without reserved concurrency', async () => {
    // normalize-article has no ReservedConcurrentExecutions: a cap of 8 made it the import's bottleneck.
    const normalize = table.functions.find((f) => f.folder === 'normalize-article')!;
    let running = 0;
    let peak = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const dispatcher = new Dispatcher({
      table,
      dlqDir: dlqDir(),
      invoke: async () => {
        running++;
        peak = Math.max(peak, running);
        await gate;
        running--;
      },
    });
    for (let i = 0; i < 40; i++) dispatcher.invokeAsync(normalize, feedDue(`doc-${i}`).event);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(running).toBe(32);
    release();
    await dispatcher.idle();
    expect(peak).toBe(32);
    expect(running).toBe(0);
  });

  it('delivers an event only to the targets whose rule matches, and reports every event it sees', async () => {
    const invoked: string[] = [];
    const seen: string[] = [];
    const dispatcher = new Dispatcher({
      table,
      dlqDir: dlqDir(),
      invoke: async (fn) => void invoked.push(fn.folder),
      onEvent: (e) => seen.push(e.event['detail-type']),
    });
    dispatcher.deliver(feedDue('a'));
    const ingested = feedDue('b');
    ingested.event['detail-type'] = 'Article.Ingested';
    dispatcher.deliver(ingested);
    await dispatcher.idle();
    expect(invoked).toEqual(['fetch-feed']);
    expect(seen).toEqual(['Feed.Due', 'Article.Ingested']);
  });

  it('delivers an event twice when the duplicate hook says so (at-least-once delivery)', async () => {
    let calls = 0;
    const dispatcher = new Dispatcher({
      table,
      dlqDir: dlqDir(),
      invoke: async () => void calls++,
      duplicate: () => true,
    });
    dispatcher.deliver(feedDue('a'));
    await dispatcher.idle();
    expect(calls).toBe(2);
  });
});
