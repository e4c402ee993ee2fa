/**
 * The stateful stack: the tables and the raw archive. Retained on delete in every stage, and kept
 * apart from the pipeline so the pipeline can be torn down and redeployed without touching data.
 */
import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { RAW_PREFIX } from '../lambdas/shared/events';
import { ARTICLES_TABLE, FEED_STATE_TABLE, type TableSpec } from '../lambdas/shared/store/schema';
import type { StageConfig } from './config';

export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

/** Raw objects move to Standard-IA after this many days: replays read them rarely. */
export const RAW_TRANSITION_DAYS = 90;
/** Parked feed documents (feeds/) are only needed until their items are archived (and DLQs drained). */
export const FEEDS_EXPIRATION_DAYS = 30;

export class DataStack extends Stack {
  readonly articlesTable: Table;
  readonly feedStateTable: Table;
  readonly archiveBucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.articlesTable = this.tableFrom(ARTICLES_TABLE, config);
    this.feedStateTable = this.tableFrom(FEED_STATE_TABLE, config);

    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: config.statefulRemovalPolicy,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket itself; logging it into itself would loop.',
    });

    this.archiveBucket = new Bucket(this, 'ArchiveBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'archive/',
      removalPolicy: config.statefulRemovalPolicy,
      lifecycleRules: [
        {
          id: 'raw-to-infrequent-access',
          prefix: RAW_PREFIX,
          // S3 leaves objects under 128 KB in Standard by default (they would cost more in IA).
          transitions: [
            {
              storageClass: StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(RAW_TRANSITION_DAYS),
            },
          ],
        },
        { id: 'expire-parked-feeds', prefix: 'feeds/', expiration: Duration.days(FEEDS_EXPIRATION_DAYS) },
        {
          id: 'tidy-versions-and-uploads',
          // Raw writes are create-only, so old versions only come from deletes: keep them a while.
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    // S3 sends "Object Created" to the default event bus, which starts normalize-article. Set on the
    // bucket resource itself (CloudFormation supports it) rather than through the L2's
    // `eventBridgeEnabled`, which adds a custom-resource Lambda to do the same.
    (this.archiveBucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    new CfnOutput(this, 'ArticlesTableName', { value: this.articlesTable.tableName });
    new CfnOutput(this, 'FeedStateTableName', { value: this.feedStateTable.tableName });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.archiveBucket.bucketName });
  }

  /** A table exactly as schema.ts describes it (the local store creates the same one in dynalite). */
  private tableFrom(spec: TableSpec, config: StageConfig): Table {
    const table = new Table(this, spec.id, {
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      // On demand: no hourly capacity to pay for while idle.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.deletionProtection,
      removalPolicy: config.statefulRemovalPolicy,
    });
    for (const index of spec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // Listing fields only: each index write costs 1 write unit, not the article's size (schema.ts).
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.nonKeyAttributes],
      });
    }
    return table;
  }
}
