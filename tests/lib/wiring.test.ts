/**
 * The deployed wiring, exercised with the sample events: each reaches exactly its function through
 * the synthesized rules (matched by the local runner's EventBridge pattern matcher), and events
 * that must start nothing (a parked feed under feeds/, Article.Ingested) reach no function.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/paths';
import { synthesizeTemplates } from '../../lib/synth';
import { routingTableOf, targetsFor } from '../../local/router';

const load = (file: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, 'events', file), 'utf8'));
const s3Event = load('normalize-article.json');
const table = routingTableOf(synthesizeTemplates(), {
  bucket: s3Event.detail.bucket.name,
  busName: 'diplowire',
});
const reached = (bus: string, event: unknown) => targetsFor(table, bus, event).map((t) => t.function.folder);

describe('rules of the synthesized stack, with the sample events', () => {
  it('sends Feed.Due on the pipeline bus to fetch-feed only', () => {
    expect(reached('diplowire', load('fetch-feed.json'))).toEqual(['fetch-feed']);
    // The same event on the default bus matches nothing: the rule lives on the custom bus.
    expect(reached('default', load('fetch-feed.json'))).toEqual([]);
  });

  it('sends Article.Discovered to archive-article only', () => {
    expect(reached('diplowire', load('archive-article.json'))).toEqual(['archive-article']);
  });

  it('sends an Object Created under raw/ on the default bus to normalize-article only', () => {
    expect(reached('default', s3Event)).toEqual(['normalize-article']);
  });

  it('starts nothing for a parked feed document under feeds/, or for another bucket', () => {
    const parked = {
      ...s3Event,
      detail: { ...s3Event.detail, object: { key: 'feeds/gb-fcdo-news-en/ab12.xml' } },
    };
    expect(reached('default', parked)).toEqual([]);
    const elsewhere = { ...s3Event, detail: { ...s3Event.detail, bucket: { name: 'someone-elses-bucket' } } };
    expect(reached('default', elsewhere)).toEqual([]);
  });

  it('leaves Article.Ingested and Feed.Failed to downstream consumers', () => {
    const base = load('fetch-feed.json');
    expect(reached('diplowire', { ...base, 'detail-type': 'Article.Ingested' })).toEqual([]);
    expect(reached('diplowire', { ...base, 'detail-type': 'Feed.Failed' })).toEqual([]);
  });

  it('runs schedule-feeds from the only scheduled rule', () => {
    const scheduled = table.routes.filter((r) => r.schedule);
    expect(scheduled.map((r) => [r.schedule, r.targets.map((t) => t.function.folder)])).toEqual([
      ['rate(5 minutes)', ['schedule-feeds']],
    ]);
  });
});
