/**
 * The four Lambda handlers exactly as deployed (module-scope clients, environment read at import),
 * pointed at dynalite, s3rver and the local PutEvents endpoint through the SDK's standard endpoint
 * variables, the way the local runner runs them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError, readEnv } from '../../lambdas/shared/aws/env';
import { detailOf, InvalidEventError } from '../../lambdas/shared/aws/envelope';
import { ArticleDiscoveredDetail, FeedDueDetail, ObjectCreatedDetail } from '../../lambdas/shared/events';
import { type BusEvent, LocalEventBus } from '../../local/event-bus';
import { startEmulators, type TestEmulators } from '../support/emulators';
import { type FeedServer, startFeedServer } from '../support/feed-server';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let stack: TestEmulators;
let server: FeedServer;
let bus: LocalEventBus;
let tmp: string;
const delivered: BusEvent[] = [];
const ofType = (type: string) => delivered.filter((d) => d.event['detail-type'] === type).map((d) => d.event);

beforeAll(async () => {
  [stack, server] = await Promise.all([startEmulators(), startFeedServer()]);
  bus = new LocalEventBus((event) => delivered.push(event));
  const busEndpoint = await bus.listen();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-handlers-'));
  const sourcesFile = path.join(tmp, 'sources.json');
  writeFileSync(
    sourcesFile,
    JSON.stringify({
      sources: [
        {
          id: 'fr-meae',
          name: 'Ministère de l’Europe et des Affaires étrangères',
          kind: 'ministry',
          country: 'FR',
          feeds: [
            {
              id: 'fr-meae-actualites',
              url: '{{base}}/actualites.rss',
              language: 'fr',
              fullText: 'feed',
              pollMinutes: 60,
              timezone: 'Europe/Paris',
              maxAgeDays: null,
            },
          ],
        },
      ],
    }),
  );
  server.routes.set('/actualites.rss', {
    contentType: 'application/rss+xml; charset=utf-8',
    etag: '"a1"',
    body: `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Actualités</title><link>${server.origin}/</link>
<item><title>Entretien avec le ministre des Affaires étrangères du Maroc</title><link>${server.origin}/fr/entretien-maroc</link>
<pubDate>Tue, 24 Nov 2026 18:00:00 +0100</pubDate>
<description><![CDATA[<p>Le ministre s’est entretenu avec son homologue marocain à Paris. Ils ont évoqué la coopération régionale et la situation au Sahel.</p>]]></description></item>
</channel></rss>`,
  });
  Object.assign(process.env, stack.env, {
    AWS_ENDPOINT_URL_EVENTBRIDGE: busEndpoint,
    DIPLOWIRE_SOURCES_FILE: sourcesFile,
    DIPLOWIRE_SOURCES_VARS: JSON.stringify({ base: server.origin }),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});
afterAll(async () => {
  await Promise.all([stack?.stop(), server?.close(), bus?.close()]);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the handlers over the emulators', () => {
  it('runs schedule → fetch → archive → normalize and stores the article once', async () => {
    const { handler: schedule } = await import('../../lambdas/schedule-feeds/handler');
    const { handler: fetchFeed } = await import('../../lambdas/fetch-feed/handler');
    const { handler: archive } = await import('../../lambdas/archive-article/handler');
    const { handler: normalize } = await import('../../lambdas/normalize-article/handler');

    expect(await schedule({ 'detail-type': 'Scheduled Event', detail: {} })).toEqual({ due: 1, feeds: 1 });
    const due = ofType('Feed.Due');
    expect(due.map((e) => e.detail.url)).toEqual([`${server.origin}/actualites.rss`]);
    expect(due[0]?.source).toBe('diplowire');

    const fetched = await fetchFeed(due[0]);
    expect(fetched.status).toBe('ok');
    const discovered = ofType('Article.Discovered');
    expect(discovered).toHaveLength(1);
    expect(discovered[0]?.detail.url).toBe(`${server.origin}/fr/entretien-maroc`);

    const archived = await archive(discovered[0]);
    expect(archived.outcome).toBe('created');
    expect(archived.key).toMatch(
      new RegExp(`^raw/fr-meae/2026-11-24/${String(discovered[0]?.detail.articleId)}/[0-9a-f]{16}\\.json$`),
    );

    const normalized = await normalize({
      'detail-type': 'Object Created',
      source: 'aws.s3',
      detail: { bucket: { name: stack.names.bucket }, object: { key: archived.key } },
    });
    expect(normalized.status).toBe('new');
    const ingested = ofType('Article.Ingested');
    expect(ingested).toHaveLength(1);
    expect(ingested[0]?.detail).toMatchObject({
      articleId: discovered[0]?.detail.articleId,
      sourceId: 'fr-meae',
      publishedAt: '2026-11-24T17:00:00.000Z',
      language: 'fr',
      change: 'new',
    });
    expect(ingested[0]?.detail.countries).toContain('MA');

    // The schedule now sees the feed's next check in the future: nothing is due.
    expect(await schedule({})).toEqual({ due: 0, feeds: 1 });
  });

  it('rejects an event of the wrong type with a message naming both types', async () => {
    const { handler: archive } = await import('../../lambdas/archive-article/handler');
    await expect(archive({ 'detail-type': 'Feed.Due', detail: {} })).rejects.toThrow(
      'archive-article: expected a Article.Discovered event, got Feed.Due',
    );
  });
});

describe('sample events in events/', () => {
  const sample = (name: string): unknown =>
    JSON.parse(readFileSync(path.join(repoRoot, 'events', name), 'utf8'));

  it('are accepted by the detail schema each handler validates with', () => {
    expect(detailOf('fetch-feed', 'Feed.Due', FeedDueDetail, sample('fetch-feed.json')).feedId).toBe(
      'gb-fcdo-news-en',
    );
    expect(
      detailOf(
        'archive-article',
        'Article.Discovered',
        ArticleDiscoveredDetail,
        sample('archive-article.json'),
      ).contentInFeed,
    ).toBe(false);
    expect(
      detailOf('normalize-article', 'Object Created', ObjectCreatedDetail, sample('normalize-article.json'))
        .object.key,
    ).toBe('raw/gb-fcdo/2026-11-24/6d128512b220a53ad8cf313a2ab47caa/3f9a6c1e8b2d4a70.html');
  });

  it('a detail missing a field is an InvalidEventError naming the field', () => {
    const error = (() => {
      try {
        detailOf('fetch-feed', 'Feed.Due', FeedDueDetail, {
          'detail-type': 'Feed.Due',
          detail: { feedId: 'x' },
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/^fetch-feed: invalid Feed\.Due detail: url: /);
  });
});

describe('environment at cold start', () => {
  it('names every missing variable and what it is for', () => {
    expect(() =>
      readEnv('fetch-feed', ['ARTICLES_TABLE', 'FEED_STATE_TABLE'], { ARTICLES_TABLE: 'a' }),
    ).toThrow(
      new EnvironmentError(
        'fetch-feed: environment variable FEED_STATE_TABLE (the feed-state table name) is not set',
      ),
    );
  });

  it('reads ALLOW_PRIVATE_NETWORK as a flag and refuses a value that is not one', () => {
    expect(
      readEnv('x', ['EVENT_BUS_NAME'], { EVENT_BUS_NAME: 'b', ALLOW_PRIVATE_NETWORK: 'true' })
        .ALLOW_PRIVATE_NETWORK,
    ).toBe(true);
    expect(readEnv('x', ['EVENT_BUS_NAME'], { EVENT_BUS_NAME: 'b' }).ALLOW_PRIVATE_NETWORK).toBe(false);
    expect(() =>
      readEnv('x', ['EVENT_BUS_NAME'], { EVENT_BUS_NAME: 'b', ALLOW_PRIVATE_NETWORK: 'yes' }),
    ).toThrow('x: environment variable ALLOW_PRIVATE_NETWORK has an invalid value "yes"');
  });
});
