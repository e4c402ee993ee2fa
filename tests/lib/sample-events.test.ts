import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleDiscoveredDetail, FeedDueDetail, ObjectCreatedDetail } from '../../lambdas/shared/events';
import { REPO_ROOT } from '../../lib/paths';

const load = (file: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, 'events', file), 'utf8'));
const ENVELOPE_KEYS = [
  'account',
  'detail',
  'detail-type',
  'id',
  'region',
  'resources',
  'source',
  'time',
  'version',
];

describe('sample events (sam local invoke -e events/<function>.json)', () => {
  it('are complete EventBridge envelopes', () => {
    for (const file of [
      'schedule-feeds.json',
      'fetch-feed.json',
      'archive-article.json',
      'normalize-article.json',
    ]) {
      expect(Object.keys(load(file)).sort(), file).toEqual(ENVELOPE_KEYS);
    }
  });

  it('schedule-feeds: a Scheduled Event from the default bus', () => {
    const event = load('schedule-feeds.json');
    expect([event.source, event['detail-type'], event.detail]).toEqual(['aws.events', 'Scheduled Event', {}]);
  });

  it('fetch-feed: a Feed.Due whose detail passes the shared schema', () => {
    const event = load('fetch-feed.json');
    expect([event.source, event['detail-type']]).toEqual(['diplowire', 'Feed.Due']);
    expect(FeedDueDetail.safeParse(event.detail).error).toBeUndefined();
  });

  it('archive-article: an Article.Discovered whose articleId is the hash of its URL', async () => {
    const event = load('archive-article.json');
    expect([event.source, event['detail-type']]).toEqual(['diplowire', 'Article.Discovered']);
    expect(ArticleDiscoveredDetail.safeParse(event.detail).error).toBeUndefined();
    const { createHash } = await import('node:crypto');
    expect(event.detail.articleId).toBe(
      createHash('sha256').update(event.detail.url).digest('hex').slice(0, 32),
    );
  });

  it('normalize-article: an S3 Object Created under raw/', () => {
    const event = load('normalize-article.json');
    expect([event.source, event['detail-type']]).toEqual(['aws.s3', 'Object Created']);
    const detail = ObjectCreatedDetail.parse(event.detail);
    expect(detail.object.key.startsWith('raw/')).toBe(true);
    expect(event.resources).toEqual([`arn:aws:s3:::${detail.bucket.name}`]);
  });
});
