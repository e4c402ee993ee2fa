/**
 * `run --chaos RATE --seed N` wiring: faults reach the handlers' SDK and HTTP clients and events are
 * delivered twice. Rate 1 makes every call fail, so the outcome is exact. Its own file: the chaos
 * middleware stays on the handlers' module-scope clients for the life of the process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listDeadLetters } from '../../local/dead-letters';
import { LocalPipeline } from '../../local/pipeline';
import { runOnce } from '../../local/run';
import { startFeedServer } from '../support/feed-server';
import { registry, rss, serve } from './support/feeds';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-chaos-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('chaos mode', () => {
  it('fails every call at rate 1: each Feed.Due is delivered twice and every fetch ends in the dead-letter folder', async () => {
    const server = await startFeedServer();
    const item = {
      title: 'Ministers meet',
      link: 'https://news.example.org/a',
      pubDate: 'Tue, 24 Nov 2026 09:00:00 GMT',
      html: '<p>The ministers met.</p>',
    };
    server.routes.set('/feed.xml', serve(rss([item]), 'application/rss+xml'));
    const sourcesFile = path.join(tmp, 'sources.json');
    writeFileSync(
      sourcesFile,
      registry([
        { id: 'one', url: `${server.origin}/feed.xml`, language: 'en' },
        { id: 'two', url: `${server.origin}/feed.xml`, language: 'en' },
      ]),
    );
    const dataDir = path.join(tmp, 'data');
    const pipeline = await LocalPipeline.start({
      dataDir,
      sourcesFile,
      allowPrivateNetwork: true,
      retryBaseMs: 5,
      chaos: { rate: 1, seed: 42 },
    });
    try {
      const summary = await runOnce(pipeline, sourcesFile);
      // 2 feeds, each Feed.Due delivered twice; fetch-feed's first DynamoDB call fails every attempt.
      expect(pipeline.chaos.duplicates).toBe(2);
      expect(summary.deadLettered.map((d) => d.function)).toEqual(Array(4).fill('fetch-feed'));
      expect(listDeadLetters(dataDir).map((l) => l.error.message)).toEqual(
        Array(4).fill(expect.stringMatching(/^DynamoDB GetItem failed: \w+: chaos: /)),
      );
      expect(pipeline.chaos.faults()).toBeGreaterThanOrEqual(4 * 3);
      expect(server.hits.get('/feed.xml')).toBeUndefined();
    } finally {
      await pipeline.stop();
      await server.close();
    }
  });
});
