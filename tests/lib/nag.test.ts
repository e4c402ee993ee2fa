import { Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { acknowledgeObjectPrefixGrants } from '../../lib/nag-acknowledgements';
import { buildTestApp } from './build-app';

function findings(stage: 'dev' | 'prod', mutate?: (built: ReturnType<typeof buildTestApp>) => void) {
  const built = buildTestApp(stage, stage === 'prod' ? { alarmEmail: 'ops@example.org' } : {});
  mutate?.(built);
  built.app.synth({ force: true });
  acknowledgeObjectPrefixGrants(built.app);
  const checks = new AwsSolutionsChecks(built.app);
  const violations = [built.data, built.pipeline].flatMap((stack) => checks.validateScope(stack).violations);
  return {
    built,
    violations: violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    ),
  };
}

const dev = findings('dev');
const prod = findings('prod');
afterAll(() => {
  dev.built.cleanup();
  prod.built.cleanup();
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in either stage', () => {
    expect(dev.violations).toEqual([]);
    expect(prod.violations).toEqual([]);
  });

  it('gives every acknowledgement a specific reason', () => {
    const reasons: string[] = [];
    for (const node of prod.built.app.node.findAll()) {
      for (const entry of node.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          reasons.push(...Object.values(entry.data as Record<string, string>));
      }
    }
    expect(reasons.length).toBeGreaterThanOrEqual(10);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(60);
  });

  it('still flags a wildcard grant outside raw/ and feeds/', () => {
    const widened = findings('dev', (built) => {
      built.pipeline.functions['fetch-feed'].role.addToPolicy(
        new PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [built.data.archiveBucket.arnForObjects('*')],
        }),
      );
    });
    widened.built.cleanup();
    expect(widened.violations).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::.*\/\*\] at .*FetchFeed\/Role/),
    ]);
  });
});
