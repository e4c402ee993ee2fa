/** The construct's own bundling (asset per function) and its source-map switch. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { PipelineFunction, SOURCE_MAPS_CONTEXT } from '../../lib/constructs/pipeline-function';

function nodeOptionsWith(context: Record<string, unknown>): unknown {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new Stack(app, 'S');
  new PipelineFunction(stack, 'F', { name: 'schedule-feeds', logRetention: RetentionDays.ONE_WEEK });
  const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  return fn?.Properties?.Environment?.Variables?.NODE_OPTIONS;
}

describe('PipelineFunction source maps', () => {
  it('sets no NODE_OPTIONS by default: Node does not read the maps at cold start', () => {
    expect(nodeOptionsWith({})).toBeUndefined();
    expect(nodeOptionsWith({ [SOURCE_MAPS_CONTEXT]: 'false' })).toBeUndefined();
  });

  it('turns --enable-source-maps on with `-c diplowire:sourceMaps=true` (string or boolean)', () => {
    expect(SOURCE_MAPS_CONTEXT).toBe('diplowire:sourceMaps');
    expect(nodeOptionsWith({ [SOURCE_MAPS_CONTEXT]: 'true' })).toBe('--enable-source-maps');
    expect(nodeOptionsWith({ [SOURCE_MAPS_CONTEXT]: true })).toBe('--enable-source-maps');
  });
});

describe('PipelineFunction bundling', () => {
  it('gives each function its own asset: CDK caches bundles by their options, so they must name the function', () => {
    // Bundling skipped, CDK hashes the bundling options alone: equal options would share one bundle.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'S');
    for (const name of ['schedule-feeds', 'fetch-feed'] as const) {
      new PipelineFunction(stack, name, { name, logRetention: RetentionDays.ONE_WEEK });
    }
    const keys = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map((fn) =>
      JSON.stringify(fn.Properties.Code.S3Key),
    );
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });
});
