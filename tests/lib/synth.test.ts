import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/paths';
import { resolveDataReferences, synthesizeTemplates, templateFunctions } from '../../lib/synth';

describe('synthesizeTemplates', () => {
  const templates = synthesizeTemplates();
  const pipeline = templates.DiplowireDevPipeline;

  it('returns the data and pipeline templates of the stage by stack name', () => {
    expect(Object.keys(templates).sort()).toEqual(['DiplowireDevData', 'DiplowireDevPipeline']);
    expect(Object.keys(synthesizeTemplates('prod')).sort()).toEqual([
      'DiplowireProdData',
      'DiplowireProdPipeline',
    ]);
  });

  it('lets a reader map each function logical id to its handler folder and concurrency cap', () => {
    if (!pipeline) throw new Error('no pipeline template');
    const functions = templateFunctions(pipeline);
    const byName = Object.fromEntries(functions.map((f) => [f.name, f]));
    expect(Object.keys(byName).sort()).toEqual([
      'archive-article',
      'fetch-feed',
      'normalize-article',
      'schedule-feeds',
    ]);
    // dev caps the two fetchers at 2 each (lib/config.ts); the others are uncapped.
    expect(byName['fetch-feed']?.reservedConcurrency).toBe(2);
    expect(byName['archive-article']?.reservedConcurrency).toBe(2);
    expect(byName['normalize-article']?.reservedConcurrency).toBeUndefined();
    expect(byName['schedule-feeds']?.timeoutSeconds).toBe(30);
    for (const fn of functions) expect(pipeline.Resources[fn.logicalId]?.Type).toBe('AWS::Lambda::Function');
  });

  it('routes every rule target to a function that carries handler metadata', () => {
    if (!pipeline) throw new Error('no pipeline template');
    const known = new Set(templateFunctions(pipeline).map((f) => f.logicalId));
    const rules = Object.values(pipeline.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules).toHaveLength(4);
    for (const rule of rules) {
      const targets = rule.Properties?.Targets as Array<{ Arn: { 'Fn::GetAtt': [string, string] } }>;
      expect(targets).toHaveLength(1);
      expect(known.has(targets[0]?.Arn['Fn::GetAtt'][0] ?? '')).toBe(true);
    }
  });

  it('resolves the cross-stack bucket name in the S3 rule to a local name', () => {
    if (!pipeline) throw new Error('no pipeline template');
    const s3Rule = Object.values(pipeline.Resources).find(
      (r) =>
        r.Type === 'AWS::Events::Rule' &&
        (JSON.stringify(r.Properties?.EventPattern) ?? '').includes('aws.s3'),
    );
    const resolved = resolveDataReferences(s3Rule?.Properties?.EventPattern, templates, {
      ArchiveBucket: 'local-archive',
      ArticlesTable: 'articles',
      FeedStateTable: 'feed-state',
    });
    expect(resolved).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: ['local-archive'] }, object: { key: [{ prefix: 'raw/' }] } },
    });
  });

  it('names the same function logical ids as the README gives for sam local invoke', () => {
    if (!pipeline) throw new Error('no pipeline template');
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const fn of templateFunctions(pipeline)) expect(readme).toContain(`\`${fn.logicalId}\``);
  });
});
