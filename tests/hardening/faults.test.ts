/**
 * DynamoDB going away in the middle of a run (the S3 outage is in tests/local/run.test.ts): what is
 * retried, what lands in the dead-letter folder with which message, and that `dlq replay` after the
 * outage heals it without duplicates. Also a burst of 500s on the article writes alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeadLetters, takeDeadLetters } from '../../local/dead-letters';
import { LocalPipeline } from '../../local/pipeline';
import { allArticles } from '../../local/queries';
import { runOnce } from '../../local/run';
import { type Item, registry, rss, serve } from '../local/support/feeds';
import { type FeedServer, startFeedServer } from '../support/feed-server';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-faults-'));
const items: Item[] = Array.from({ length: 3 }, (_, i) => ({
  title: `Ministers agree on the next round of talks (${i + 1})`,
  link: `https://news.example.org/2026/11/round-${i + 1}`,
  pubDate: `Wed, ${18 + i} Nov 2026 08:00:00 GMT`,
  html: `<p>The foreign ministers agreed in Geneva on round ${i + 1} of talks on the ceasefire and on humanitarian corridors.</p>`,
}));

let server: FeedServer;
let pipeline: LocalPipeline;
const dataDir = path.join(tmp, 'data');
const sourcesFile = path.join(tmp, 'sources.json');
let outage = false;

beforeAll(async () => {
  server = await startFeedServer();
  const feed = serve(rss(items), 'application/rss+xml; charset=utf-8');
  server.routes.set('/feed.xml', (req, res) => {
    // DynamoDB goes away while the feed is being fetched: every later table call of this run fails.
    if (outage) pipeline.emulators.doors.dynamodb.retarget(undefined);
    feed(req, res);
  });
  writeFileSync(sourcesFile, registry([{ id: 'geneva', url: `${server.origin}/feed.xml`, language: 'en' }]));
  pipeline = await LocalPipeline.start({ dataDir, sourcesFile, allowPrivateNetwork: true, retryBaseMs: 5 });
}, 60_000);

afterAll(async () => {
  await pipeline?.stop();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('DynamoDB stopped in the middle of a run', () => {
  it('dead-letters the feed with a reason, and dlq replay after the outage stores every article once', async () => {
    outage = true;
    const first = await runOnce(pipeline, sourcesFile);
    outage = false;
    expect(first.articles.new).toBe(0);
    expect(first.deadLettered.map((d) => d.function)).toEqual(['fetch-feed']);
    const letters = listDeadLetters(dataDir);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.event['detail-type']).toBe('Feed.Due');
    // Lambda's async retries: the first attempt and two more, then the dead letter.
    expect(letters[0]?.attempts).toBe(3);
    // What `dlq list` shows: which service and operation failed, how often, and the network's words.
    expect(letters[0]?.error.message).toMatch(
      /^DynamoDB (GetItem|BatchGetItem|PutItem) failed after 3 attempts: (ECONNRESET|ECONNREFUSED): /,
    );

    const backend = pipeline.emulators.backendEndpoints.dynamodb;
    expect(backend).toBeDefined();
    pipeline.emulators.doors.dynamodb.retarget(backend);
    const taken = takeDeadLetters(dataDir);
    const replay = await pipeline.redeliver(taken.letters);
    taken.done();
    expect(replay.deadLettered).toEqual([]);
    expect(replay.articles).toMatchObject({ new: 3, updated: 0 });
    expect(listDeadLetters(dataDir)).toEqual([]);
    const stored = await allArticles(pipeline.stores.articles, {});
    expect(stored.map((r) => r.url).sort()).toEqual(items.map((i) => i.link).sort());
  });

  it('retries article writes refused with 500s and stores each article exactly once', async () => {
    const doors = pipeline.emulators.doors.dynamodb;
    let refused = 0;
    // The first four PutItem calls (feed state or article) answer 500: the SDK retries, then the invocation.
    const seen = new Map<string, number>();
    doors.filter = ({ operation }) => {
      if (operation !== 'PutItem') return true;
      const n = (seen.get('PutItem') ?? 0) + 1;
      seen.set('PutItem', n);
      if (n <= 4) {
        refused++;
        return false;
      }
      return true;
    };
    doors.resetCounts();
    try {
      const before = (await allArticles(pipeline.stores.articles, {})).map(
        (r) => `${r.articleId} ${r.contentHash}`,
      );
      // A second feed on another path so there is something new to write.
      const more: Item[] = items.map((i, n) => ({
        ...i,
        title: `${i.title} (update ${n})`,
        link: `${i.link}-b`,
      }));
      server.routes.set('/more.xml', serve(rss(more), 'application/rss+xml; charset=utf-8'));
      writeFileSync(
        sourcesFile,
        registry([
          { id: 'geneva', url: `${server.origin}/feed.xml`, language: 'en' },
          { id: 'geneva-more', url: `${server.origin}/more.xml`, language: 'en' },
        ]),
      );
      const run = await runOnce(pipeline, sourcesFile);
      expect(refused).toBe(4);
      expect(run.deadLettered).toEqual([]);
      const after = await allArticles(pipeline.stores.articles, {});
      expect(after).toHaveLength(6);
      expect(after.map((r) => `${r.articleId} ${r.contentHash}`)).toEqual(expect.arrayContaining(before));
      // Three of the PutItem calls that reached DynamoDB created the new articles; none wrote twice.
      expect(new Set(after.map((r) => r.articleId)).size).toBe(6);
    } finally {
      doors.filter = undefined;
    }
  });
});
