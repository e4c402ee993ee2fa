import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RouterError, routingTableOf, scheduleIntervalMs, targetsFor } from '../../local/router';
import { loadTemplates, REPO_ROOT } from '../../local/templates';
import { handMadeTemplates } from './support/templates';

const names = { bucket: 'diplowire-archive', busName: 'diplowire' };

const event = (source: string, detailType: string, detail: Record<string, unknown> = {}) => ({
  source,
  'detail-type': detailType,
  detail,
});

describe('routing table from a template', () => {
  const table = routingTableOf(handMadeTemplates(), names);
  const folders = (bus: string, e: unknown) => targetsFor(table, bus, e).map((t) => t.function.folder);

  it('routes each pipeline event on the custom bus to its function', () => {
    expect(folders('diplowire', event('diplowire', 'Feed.Due'))).toEqual(['fetch-feed']);
    expect(folders('diplowire', event('diplowire', 'Article.Discovered'))).toEqual(['archive-article']);
    expect(folders('diplowire', event('diplowire', 'Article.Ingested'))).toEqual([]);
  });

  it('routes S3 Object Created on the default bus only for raw/ keys of the archive bucket', () => {
    const created = (bucket: string, key: string) =>
      event('aws.s3', 'Object Created', { bucket: { name: bucket }, object: { key } });
    expect(folders('default', created('diplowire-archive', 'raw/import/x.txt'))).toEqual([
      'normalize-article',
    ]);
    expect(folders('default', created('diplowire-archive', 'feeds/f/x.xml'))).toEqual([]);
    expect(folders('default', created('other-bucket', 'raw/import/x.txt'))).toEqual([]);
    // The same event on the custom bus matches no rule: S3 publishes to the default bus.
    expect(folders('diplowire', created('diplowire-archive', 'raw/import/x.txt'))).toEqual([]);
  });

  it('reads retry settings and reserved concurrency from the template', () => {
    const fetch = table.functions.find((f) => f.folder === 'fetch-feed');
    expect(fetch).toMatchObject({
      logicalId: 'FetchFn',
      reservedConcurrency: 2,
      asyncRetries: 1,
      maxEventAgeSeconds: 3600,
    });
    const normalize = table.functions.find((f) => f.folder === 'normalize-article');
    // No EventInvokeConfig: Lambda's defaults (2 retries, 6 hours).
    expect(normalize).toMatchObject({
      reservedConcurrency: undefined,
      asyncRetries: 2,
      maxEventAgeSeconds: 21600,
    });
    const rule = table.routes.find((r) => r.ruleLogicalId === 'FeedDueRule');
    expect(rule?.targets[0]).toMatchObject({
      retryAttempts: 8,
      maxEventAgeSeconds: 7200,
      hasDeadLetterQueue: true,
    });
  });

  it('keeps the schedule as a schedule, never matched against events', () => {
    const schedule = table.routes.find((r) => r.schedule);
    expect(schedule?.schedule).toBe('rate(5 minutes)');
    expect(schedule?.targets.map((t) => t.function.folder)).toEqual(['schedule-feeds']);
    expect(scheduleIntervalMs('rate(5 minutes)')).toBe(300_000);
    expect(scheduleIntervalMs('rate(1 hour)')).toBe(3_600_000);
    expect(scheduleIntervalMs('cron(0 12 * * ? *)')).toBeUndefined();
  });

  it('refuses a target that is not a known function, naming the rule', () => {
    const templates = handMadeTemplates();
    const rule = templates.Pipeline!.Resources!.FeedDueRule!;
    (rule.Properties!.Targets as Array<Record<string, unknown>>)[0]!.Arn = {
      'Fn::GetAtt': ['SomeQueue', 'Arn'],
    };
    expect(() => routingTableOf(templates, names)).toThrow(RouterError);
    expect(() => routingTableOf(templates, names)).toThrow(/rule FeedDueRule, target Target0/);
  });
});

describe('routing table of the synthesized stack', () => {
  it('routes every rule to an existing handler folder, each pipeline event to exactly one function', async () => {
    const table = routingTableOf(await loadTemplates(), names);
    expect(table.routes.length).toBeGreaterThanOrEqual(4);
    for (const route of table.routes) {
      expect(route.targets.length).toBeGreaterThan(0);
      for (const target of route.targets) {
        expect(existsSync(path.join(REPO_ROOT, 'lambdas', target.function.folder, 'handler.ts'))).toBe(true);
        expect(target.hasDeadLetterQueue).toBe(true);
      }
    }
    const routed = (bus: string, e: unknown) => targetsFor(table, bus, e).map((t) => t.function.folder);
    expect(routed('diplowire', event('diplowire', 'Feed.Due'))).toEqual(['fetch-feed']);
    expect(routed('diplowire', event('diplowire', 'Article.Discovered'))).toEqual(['archive-article']);
    expect(
      routed(
        'default',
        event('aws.s3', 'Object Created', {
          bucket: { name: 'diplowire-archive' },
          object: { key: 'raw/a/b.txt' },
        }),
      ),
    ).toEqual(['normalize-article']);
    expect(
      table.routes.filter((r) => r.schedule).flatMap((r) => r.targets.map((t) => t.function.folder)),
    ).toEqual(['schedule-feeds']);
  });
});
