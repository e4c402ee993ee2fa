import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp, functionLogicalId, type Json, resourcesOf } from './build-app';

const dev = buildTestApp('dev');
const prod = buildTestApp('prod', { alarmEmail: 'ops@example.org' });
afterAll(() => {
  dev.cleanup();
  prod.cleanup();
});
const t = dev.pipelineTemplate;

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

/** The statements of the policy attached to the role of the function with this handler folder. */
function statementsOf(name: string): Statement[] {
  const fn = resourcesOf(t, 'AWS::Lambda::Function')[functionLogicalId(t, name)] as Json;
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId),
  );
  return policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** "what each function may do" as sorted `action on resource-kind` strings, to compare with a list written by hand. */
function grantsOf(name: string): string[] {
  const grants: string[] = [];
  for (const s of statementsOf(name)) {
    const resource = JSON.stringify(s.Resource);
    const kind =
      resource === '"*"'
        ? '*'
        : /ArticlesTable/.test(resource)
          ? 'articles'
          : /FeedStateTable/.test(resource)
            ? 'feed-state'
            : /ArchiveBucket/.test(resource)
              ? `archive:${/\/(\w+)\/\*/.exec(resource)?.[1]}/*${s.Condition ? ' (create-only)' : ''}`
              : /Bus/.test(resource)
                ? 'bus'
                : /DeadLetterQueue/.test(resource)
                  ? 'own-dlq'
                  : /Logs/.test(resource)
                    ? 'own-logs'
                    : `unknown ${resource}`;
    for (const action of actionsOf(s)) grants.push(`${action} on ${kind}`);
  }
  return grants.sort();
}

const baseline = [
  'logs:CreateLogStream on own-logs',
  'logs:PutLogEvents on own-logs',
  'sqs:GetQueueAttributes on own-dlq',
  'sqs:GetQueueUrl on own-dlq',
  'sqs:SendMessage on own-dlq',
  'xray:PutTelemetryRecords on *',
  'xray:PutTraceSegments on *',
];

describe('pipeline stack: bus, schedule and rules', () => {
  it('deploys after the data stack it reads its table and bucket names from', () => {
    expect(dev.pipeline.dependencies).toEqual([dev.data]);
    expect(dev.data.dependencies).toEqual([]);
  });

  it('has exactly one custom event bus', () => {
    t.resourceCountIs('AWS::Events::EventBus', 1);
  });

  it('runs the scheduler every 5 minutes from a rule on the default bus', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      EventBusName: Match.absent(),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionLogicalId(t, 'schedule-feeds'), 'Arn'] } })],
    });
  });

  it('routes Feed.Due on the custom bus to fetch-feed and Article.Discovered to archive-article', () => {
    const busId = Object.keys(resourcesOf(t, 'AWS::Events::EventBus'))[0];
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: busId },
      EventPattern: { source: ['diplowire'], 'detail-type': ['Feed.Due'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionLogicalId(t, 'fetch-feed'), 'Arn'] } })],
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: busId },
      EventPattern: { source: ['diplowire'], 'detail-type': ['Article.Discovered'] },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [functionLogicalId(t, 'archive-article'), 'Arn'] } }),
      ],
    });
  });

  it('routes S3 Object Created under raw/ of the archive bucket, on the default bus, to normalize-article', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [Match.anyValue()] },
          object: { key: [{ prefix: 'raw/' }] },
        },
      },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [functionLogicalId(t, 'normalize-article'), 'Arn'] } }),
      ],
    });
    const s3Rule = Object.values(resourcesOf(t, 'AWS::Events::Rule')).find((r) =>
      JSON.stringify(r.Properties?.EventPattern ?? {}).includes('aws.s3'),
    );
    // The bucket name comes from the data stack, not a literal.
    expect(JSON.stringify(s3Rule?.Properties?.EventPattern)).toContain('ArchiveBucket');
  });

  it('gives every rule target a retry policy and an SQS dead-letter queue', () => {
    const rules = Object.values(resourcesOf(t, 'AWS::Events::Rule'));
    expect(rules).toHaveLength(4);
    const queues = new Set(Object.keys(resourcesOf(t, 'AWS::SQS::Queue')));
    for (const rule of rules) {
      for (const target of rule.Properties.Targets as Array<Json>) {
        expect(target.Id).toMatch(/^(schedule-feeds|fetch-feed|archive-article|normalize-article)$/);
        expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 8 });
        expect(queues.has(target.DeadLetterConfig?.Arn?.['Fn::GetAtt']?.[0])).toBe(true);
      }
    }
  });
});

describe('pipeline stack: functions', () => {
  const functions = resourcesOf(t, 'AWS::Lambda::Function');

  it('builds the four functions with arm64, Node.js 24, active tracing and a log group', () => {
    expect(Object.keys(functions)).toHaveLength(4);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
      });
      expect(fn.Properties?.FunctionName).toBeUndefined();
      // Source maps are shipped but not loaded by default (cold start; tests/lib/pipeline-function.test.ts).
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    }
    t.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    prod.pipelineTemplate.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('gives every function an EventInvokeConfig whose on-failure destination is an SQS queue', () => {
    const configs = Object.values(resourcesOf(t, 'AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(4);
    const queues = new Set(Object.keys(resourcesOf(t, 'AWS::SQS::Queue')));
    const covered = new Set<string>();
    for (const config of configs) {
      const p = config.Properties as Json;
      covered.add(p.FunctionName.Ref);
      expect(p.MaximumRetryAttempts).toBe(2);
      expect(p.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(600);
      expect(queues.has(p.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0])).toBe(true);
    }
    expect([...covered].sort()).toEqual(Object.keys(functions).sort());
  });

  it('reserves concurrency on the two functions that call publishers, and only on them', () => {
    const reserved = Object.fromEntries(
      ['schedule-feeds', 'fetch-feed', 'archive-article', 'normalize-article'].map((name) => [
        name,
        functions[functionLogicalId(t, name)]?.Properties?.ReservedConcurrentExecutions,
      ]),
    );
    expect(reserved).toEqual({
      'schedule-feeds': undefined,
      'fetch-feed': 2,
      'archive-article': 2,
      'normalize-article': undefined,
    });
    const prodFns = resourcesOf(prod.pipelineTemplate, 'AWS::Lambda::Function');
    expect(
      prodFns[functionLogicalId(prod.pipelineTemplate, 'fetch-feed')]?.Properties
        ?.ReservedConcurrentExecutions,
    ).toBe(5);
  });

  it('sets only the environment variables of the resources each function uses', () => {
    const envOf = (name: string) =>
      Object.keys((functions[functionLogicalId(t, name)] as Json).Properties.Environment.Variables).sort();
    expect(envOf('schedule-feeds')).toEqual(['EVENT_BUS_NAME', 'FEED_STATE_TABLE']);
    expect(envOf('fetch-feed')).toEqual([
      'ARCHIVE_BUCKET',
      'ARTICLES_TABLE',
      'EVENT_BUS_NAME',
      'FEED_STATE_TABLE',
    ]);
    expect(envOf('archive-article')).toEqual(['ARCHIVE_BUCKET', 'ARTICLES_TABLE']);
    expect(envOf('normalize-article')).toEqual(['ARCHIVE_BUCKET', 'ARTICLES_TABLE', 'EVENT_BUS_NAME']);
  });
});

describe('pipeline stack: least-privilege grants', () => {
  it('lets schedule-feeds read feed state and put events, nothing else', () => {
    expect(grantsOf('schedule-feeds')).toEqual(
      [...baseline, 'dynamodb:Scan on feed-state', 'events:PutEvents on bus'].sort(),
    );
  });

  it('lets fetch-feed read/write feed state, batch-read articles, park feeds under feeds/ and put events', () => {
    expect(grantsOf('fetch-feed')).toEqual(
      [
        ...baseline,
        'dynamodb:GetItem on feed-state',
        'dynamodb:PutItem on feed-state',
        'dynamodb:BatchGetItem on articles',
        's3:PutObject on archive:feeds/* (create-only)',
        'events:PutEvents on bus',
      ].sort(),
    );
  });

  it("lets archive-article create (never overwrite) raw/ objects, read parked feeds and refresh an article's item fingerprint", () => {
    expect(grantsOf('archive-article')).toEqual(
      [
        ...baseline,
        's3:PutObject on archive:raw/* (create-only)',
        's3:GetObject on archive:feeds/*',
        'dynamodb:UpdateItem on articles',
      ].sort(),
    );
    const put = statementsOf('archive-article').find((s) => actionsOf(s).includes('s3:PutObject'));
    expect(put?.Condition).toEqual({ Null: { 's3:if-none-match': 'false' } });
  });

  it('lets normalize-article read raw/ objects, get/put articles and put events', () => {
    expect(grantsOf('normalize-article')).toEqual(
      [
        ...baseline,
        's3:GetObject on archive:raw/*',
        'dynamodb:GetItem on articles',
        'dynamodb:PutItem on articles',
        'events:PutEvents on bus',
      ].sort(),
    );
  });

  it('has no `*` resource in any policy except for X-Ray, which has no resource-level permissions', () => {
    for (const template of [t, dev.dataTemplate, prod.pipelineTemplate, prod.dataTemplate]) {
      for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
        for (const s of (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
          const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
          if (resources.includes('*')) {
            expect(actionsOf(s).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
          }
        }
      }
    }
  });
});

describe('pipeline stack: dead-letter queues and operations', () => {
  it('encrypts every queue and refuses non-TLS access to it', () => {
    const queues = resourcesOf(t, 'AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(4);
    for (const q of Object.values(queues)) expect(q.Properties?.SqsManagedSseEnabled).toBe(true);
    for (const policy of Object.values(resourcesOf(t, 'AWS::SQS::QueuePolicy'))) {
      expect(JSON.stringify(policy.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("alarms on each dead-letter queue, each function's errors and on failing feeds", () => {
    const alarms = Object.values(resourcesOf(t, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties as Json);
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(4);
    expect(alarms.filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda')).toHaveLength(4);
    expect(alarms.filter((a) => a.MetricName === 'FeedsFailed')).toEqual([
      expect.objectContaining({ Namespace: 'Diplowire', Statistic: 'Sum', Period: 3600, Threshold: 10 }),
    ]);
    expect(alarms).toHaveLength(9);
    // dev has no e-mail: no topic, no actions.
    t.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('notifies the prod alarm e-mail through one TLS-only topic', () => {
    const p = prod.pipelineTemplate;
    p.resourceCountIs('AWS::SNS::Topic', 1);
    p.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    p.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    for (const alarm of Object.values(resourcesOf(p, 'AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties?.AlarmActions).toHaveLength(1);
    }
  });

  it('draws one dashboard in prod (none in dev) with feeds, articles, errors and durations', () => {
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    const dashboards = Object.values(resourcesOf(prod.pipelineTemplate, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties?.DashboardBody);
    for (const needle of [
      'FeedsFetched',
      'FeedsFailed',
      'ArticlesNew',
      'ArticlesUpdated',
      'Errors',
      'Duration',
    ]) {
      expect(body).toContain(needle);
    }
  });
});
