import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Json, resourcesOf } from './build-app';

const dev = buildTestApp('dev');
const prod = buildTestApp('prod');
afterAll(() => {
  dev.cleanup();
  prod.cleanup();
});
const t = dev.dataTemplate;

describe('data stack: tables', () => {
  const tables = resourcesOf(t, 'AWS::DynamoDB::Table');
  const byPrefix = (prefix: string): Json =>
    Object.entries(tables).find(([id]) => id.startsWith(prefix))?.[1];
  const articles = byPrefix('ArticlesTable');
  const feedState = byPrefix('FeedStateTable');

  it('creates the articles table keyed by articleId with the three query indexes', () => {
    expect(articles.Properties.KeySchema).toEqual([{ AttributeName: 'articleId', KeyType: 'HASH' }]);
    const indexes = (
      articles.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string; KeySchema: unknown }>
    ).map((i) => [i.IndexName, i.KeySchema]);
    expect(indexes).toEqual([
      [
        'bySource',
        [
          { AttributeName: 'sourceId', KeyType: 'HASH' },
          { AttributeName: 'publishedSk', KeyType: 'RANGE' },
        ],
      ],
      [
        'byDay',
        [
          { AttributeName: 'day', KeyType: 'HASH' },
          { AttributeName: 'publishedSk', KeyType: 'RANGE' },
        ],
      ],
      [
        'byCountry',
        [
          { AttributeName: 'primaryCountry', KeyType: 'HASH' },
          { AttributeName: 'publishedSk', KeyType: 'RANGE' },
        ],
      ],
    ]);
  });

  it('projects only the listing fields into the three indexes, never the text', () => {
    const listing = [
      'feedId',
      'sourceCountry',
      'url',
      'title',
      'publishedAt',
      'datePrecision',
      'updatedAt',
      'language',
      'countries',
      'wordCount',
    ];
    const projections = Object.fromEntries(
      (articles.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string; Projection: unknown }>).map(
        (i) => [i.IndexName, i.Projection],
      ),
    );
    // The index's own keys and the table key come with every index; bySource's key is sourceId.
    expect(projections).toEqual({
      bySource: { ProjectionType: 'INCLUDE', NonKeyAttributes: listing },
      byDay: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['sourceId', ...listing] },
      byCountry: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['sourceId', ...listing] },
    });
  });

  it('creates the feed-state table keyed by feedId', () => {
    expect(feedState.Properties.KeySchema).toEqual([{ AttributeName: 'feedId', KeyType: 'HASH' }]);
    expect(feedState.Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('bills both tables on demand, with point-in-time recovery, retained on delete, no physical name', () => {
    expect(Object.keys(tables)).toHaveLength(2);
    t.allResources('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TableName: Match.absent(),
        ProvisionedThroughput: Match.absent(),
      }),
    });
  });

  it('protects prod tables from deletion as well', () => {
    prod.dataTemplate.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    prod.dataTemplate.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });
});

describe('data stack: archive bucket', () => {
  const buckets = resourcesOf(t, 'AWS::S3::Bucket');
  const archive: Json = Object.entries(buckets).find(([id]) => id.startsWith('ArchiveBucket'))?.[1];
  const archiveProps = archive.Properties;

  it('sends its events to EventBridge', () => {
    expect(archiveProps.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    // Set natively on the bucket: no custom-resource Lambda in the data stack.
    t.resourceCountIs('AWS::Lambda::Function', 0);
  });

  it('is private, encrypted, versioned and logged, with no physical name', () => {
    expect(archiveProps.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(archiveProps.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(archiveProps.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(archiveProps.LoggingConfiguration.DestinationBucketName.Ref).toMatch(/^AccessLogsBucket/);
    expect(archiveProps.BucketName).toBeUndefined();
  });

  it('moves raw/ objects to Standard-IA after 90 days and expires parked feeds/ after 30', () => {
    const rules = archiveProps.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'raw/',
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
      }),
    );
    expect(rules).toContainEqual(expect.objectContaining({ Prefix: 'feeds/', ExpirationInDays: 30 }));
  });

  it('refuses any request not over TLS, on both buckets', () => {
    const policies = Object.values(resourcesOf(t, 'AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('retains both buckets on delete', () => {
    expect(Object.keys(buckets)).toHaveLength(2);
    t.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('cost shape', () => {
  it('holds nothing billed by the hour beyond alarms and one dashboard', () => {
    const allowed = new Set([
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::S3::BucketPolicy',
      'AWS::Events::EventBus',
      'AWS::Events::Rule',
      'AWS::Lambda::Function',
      'AWS::Lambda::Permission',
      'AWS::Lambda::EventInvokeConfig',
      'AWS::IAM::Role',
      'AWS::IAM::Policy',
      'AWS::Logs::LogGroup',
      'AWS::SQS::Queue',
      'AWS::SQS::QueuePolicy',
      'AWS::SNS::Topic',
      'AWS::SNS::TopicPolicy',
      'AWS::SNS::Subscription',
      'AWS::CloudWatch::Alarm',
      'AWS::CloudWatch::Dashboard',
    ]);
    for (const template of [t, dev.pipelineTemplate, prod.dataTemplate, prod.pipelineTemplate]) {
      const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map(
        (r) => r.Type,
      );
      expect(types.filter((type) => !allowed.has(type))).toEqual([]);
    }
    prod.pipelineTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
