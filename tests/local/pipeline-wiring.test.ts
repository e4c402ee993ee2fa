/**
 * The runner's wiring with small stand-in handlers that talk to the real local services through
 * the handlers' lean AWS clients (endpoints from the environment the runner sets): PutEvents reaches the local
 * bus, S3 PutObject under raw/ produces an Object Created event, rules route each event, failures
 * are retried and dead-lettered, and dead letters replay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeClient } from '../../lambdas/shared/aws/client/eventbridge';
import { S3Client } from '../../lambdas/shared/aws/client/s3';
import { listDeadLetters, takeDeadLetters } from '../../local/dead-letters';
import type { EventEnvelope } from '../../local/event-bus';
import type { Handler } from '../../local/invoker';
import { LocalPipeline } from '../../local/pipeline';
import { runContinuously } from '../../local/run';
import { handMadeTemplates } from './support/templates';

const normalized: string[] = [];
let scheduleRounds = 0;
let s3: S3Client;
let events: EventBridgeClient;

const stubs: Record<string, Handler> = {
  'schedule-feeds': async () => {
    scheduleRounds++;
  },
  'fetch-feed': async (e) => {
    const { feedId } = (e as EventEnvelope).detail as { feedId: string };
    await events.call('PutEvents', {
      Entries: [1, 2].map((n) => ({
        Source: 'diplowire',
        DetailType: 'Article.Discovered',
        EventBusName: process.env.EVENT_BUS_NAME,
        Detail: JSON.stringify({ feedId, articleId: `${feedId}-${n}` }),
      })),
    });
  },
  'archive-article': async (e) => {
    const { feedId, articleId } = (e as EventEnvelope).detail as { feedId: string; articleId: string };
    await s3.call('PutObject', {
      Bucket: process.env.ARCHIVE_BUCKET ?? '',
      Key: `raw/${feedId}/${articleId}.txt`,
      Body: articleId,
    });
  },
  'normalize-article': async (e) => {
    const { bucket, object } = (e as EventEnvelope).detail as {
      bucket: { name: string };
      object: { key: string };
    };
    const out = await s3.call('GetObject', { Bucket: bucket.name, Key: object.key });
    normalized.push(`${object.key}=${Buffer.from(out.Body).toString('utf8')}`);
  },
};

let dataDir: string;
let pipeline: LocalPipeline;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-wiring-'));
  pipeline = await LocalPipeline.start({
    dataDir,
    templates: handMadeTemplates(),
    retryBaseMs: 5,
    loadHandler: async (folder) => ({ handler: stubs[folder]! }),
  });
  // Built after the runner set the environment, like a handler's module-scope client at cold start.
  s3 = new S3Client({ forcePathStyle: true, maxAttempts: 1 });
  events = new EventBridgeClient();
});

afterAll(async () => {
  await pipeline?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('local pipeline wiring', () => {
  it('carries a Feed.Due through PutEvents, the rules and S3 notifications to normalization', async () => {
    normalized.length = 0;
    const summary = await pipeline.pollFeeds([{ feedId: 'tr-mfa', url: 'https://www.mfa.gov.tr/rss' }]);
    expect(normalized.sort()).toEqual([
      'raw/tr-mfa/tr-mfa-1.txt=tr-mfa-1',
      'raw/tr-mfa/tr-mfa-2.txt=tr-mfa-2',
    ]);
    expect(summary.articles.discovered).toBe(2);
    expect(summary.deadLettered).toEqual([]);
    expect(summary.feeds).toEqual([expect.objectContaining({ feedId: 'tr-mfa', discovered: 2 })]);
  });

  it('dead-letters what fails while S3 is down, and a replay after S3 is back loses nothing', async () => {
    normalized.length = 0;
    await pipeline.emulators.stopS3();
    const summary = await pipeline.pollFeeds([{ feedId: 'kz-mfa', url: 'https://www.gov.kz/rss' }]);
    expect(summary.deadLettered.map((d) => d.function)).toEqual(['archive-article', 'archive-article']);
    expect(normalized).toEqual([]);
    const letters = listDeadLetters(dataDir);
    expect(letters.map((l) => (l.event.detail as { articleId: string }).articleId).sort()).toEqual([
      'kz-mfa-1',
      'kz-mfa-2',
    ]);
    // archive-article has no EventInvokeConfig in the template: Lambda's default of 2 retries.
    expect(letters.every((l) => l.attempts === 3)).toBe(true);

    await pipeline.emulators.startS3();
    const taken = takeDeadLetters(dataDir);
    const replay = await pipeline.redeliver(taken.letters);
    taken.done();
    expect(replay.deadLettered).toEqual([]);
    expect(normalized.sort()).toEqual([
      'raw/kz-mfa/kz-mfa-1.txt=kz-mfa-1',
      'raw/kz-mfa/kz-mfa-2.txt=kz-mfa-2',
    ]);
    expect(listDeadLetters(dataDir)).toEqual([]);
  });

  it('counts the writes that reach each service at its front door', async () => {
    pipeline.emulators.doors.s3.resetCounts();
    await pipeline.pollFeeds([{ feedId: 'jp-mofa', url: 'https://www.mofa.go.jp/rss' }]);
    const { ok } = pipeline.emulators.doors.s3.counts();
    expect(ok.PutObject).toBe(2);
    expect(ok.GetObject).toBe(2);
  });

  it('rejects a PutEvents call with more than 10 entries, as EventBridge does', async () => {
    const entries = Array.from({ length: 11 }, () => ({ Source: 'x', DetailType: 'y', Detail: '{}' }));
    await expect(events.call('PutEvents', { Entries: entries })).rejects.toThrow(
      /^EventBridge PutEvents failed: \w+: .*1 to 10 entries, got 11/,
    );
  });

  it('fires the stack schedule at once in continuous mode, and stops when signalled', async () => {
    scheduleRounds = 0;
    const stop = new AbortController();
    const rounds: number[] = [];
    await runContinuously(pipeline, stop.signal, () => {
      rounds.push(scheduleRounds);
      stop.abort();
    });
    expect(rounds).toEqual([1]);
  });

  it('runs one handler without delivering what it publishes when routing is off (invoke)', async () => {
    const invoked: string[] = [];
    const single = await LocalPipeline.start({
      dataDir: path.join(dataDir, 'invoke'),
      templates: handMadeTemplates(),
      routeEvents: false,
      loadHandler: async (folder) => ({
        handler: async (e: unknown, c: unknown) => {
          invoked.push(folder);
          return stubs[folder]!(e, c);
        },
      }),
    });
    try {
      const due = {
        version: '0',
        id: 'x',
        'detail-type': 'Feed.Due',
        source: 'diplowire',
        detail: { feedId: 'in-mea' },
      };
      await single.invokeNow(single.functionOf('fetch-feed'), due);
      expect(invoked).toEqual(['fetch-feed']);
      expect(single.bus.published.get('Article.Discovered')).toBeGreaterThanOrEqual(2);
      expect(() => single.functionOf('send-newsletter')).toThrow(
        'no function "send-newsletter" in the stack (functions: schedule-feeds, fetch-feed, archive-article, normalize-article)',
      );
    } finally {
      await single.stop();
    }
  });
});
