/**
 * One construct for every pipeline function: it carries the Lambda defaults once (arm64, Node.js 24,
 * minified ESM bundle with source maps, a log group with retention, X-Ray tracing, asynchronous
 * invoke settings with an on-failure queue) and offers bind helpers that grant access AND set the
 * environment variable in one call.
 */
import path from 'node:path';
import { type CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DynamoAction, ObjectGrant, PipelineFunctionName } from '../functions';
import { FUNCTION_METADATA_KEY } from '../functions';
import { handlerEntry, REPO_ROOT } from '../paths';

/**
 * esbuild's ESM output has no `require`; a few CommonJS dependencies (the AWS SDK's, iconv-lite)
 * call it for Node built-ins, so the bundle defines one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __diplowireCreateRequire } from 'node:module'; const require = __diplowireCreateRequire(import.meta.url);";

/**
 * The esbuild settings of every handler bundle. Exported so the bench builds exactly what is deployed
 * (bench/pipeline.ts) instead of a copy that could drift.
 */
export const HANDLER_BUNDLING = {
  format: 'esm',
  target: 'node24',
  // Prefer packages' ESM builds: smaller after tree shaking.
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  // Stack traces need file and line, not the sources: keeps the asset small.
  sourcesContent: false,
  // A deployed bundle is not redistributed; license banners only add bytes to parse at cold start.
  legalComments: 'none',
  banner: ESM_REQUIRE_BANNER,
} as const;

/** Set on every function: stack traces in the logs point at the TypeScript sources. */
export const HANDLER_NODE_OPTIONS = '--enable-source-maps';

/** How long failed events stay in a dead-letter queue: the longest SQS allows. */
export const DLQ_RETENTION = Duration.days(14);

export interface PipelineFunctionProps {
  /** The handler folder: `lambdas/<name>/handler.ts`, exporting `handler`. */
  readonly name: PipelineFunctionName;
  readonly logRetention: RetentionDays;
  /** @default 512 MB: parsing and HTML extraction are CPU-bound, and CPU scales with memory. */
  readonly memorySize?: number;
  /** @default 60 seconds */
  readonly timeout?: Duration;
  /** Caps parallel executions; set on functions that call third-party sites. @default no reservation */
  readonly reservedConcurrentExecutions?: number;
  /** Lambda's own retries of a failed asynchronous invocation (0–2). @default 2 */
  readonly retryAttempts?: number;
  /** How long Lambda keeps an asynchronous event before sending it to the on-failure queue. @default 6 hours */
  readonly maxEventAge?: Duration;
  /** Extra environment variables, merged over the defaults. */
  readonly environment?: Record<string, string>;
}

/**
 * A pipeline function and its dead-letter queue. The one queue per function receives both the
 * events EventBridge could not deliver to it (rule target DLQ) and the invocations that failed after
 * Lambda's retries (on-failure destination): everything that failed for this function is in one place.
 */
export class PipelineFunction extends Construct {
  readonly function: NodejsFunction;
  readonly deadLetterQueue: IQueue;
  readonly logGroup: LogGroup;
  readonly role: Role;
  readonly functionName: PipelineFunctionName;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    if (props.retryAttempts !== undefined && (props.retryAttempts < 0 || props.retryAttempts > 2)) {
      throw new Error(`${props.name}: retryAttempts must be 0, 1 or 2 (Lambda's asynchronous retries)`);
    }
    if (props.reservedConcurrentExecutions !== undefined && props.reservedConcurrentExecutions < 1) {
      throw new Error(
        `${props.name}: reservedConcurrentExecutions must be at least 1 (0 would stop the function)`,
      );
    }
    this.functionName = props.name;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DLQ_RETENTION,
    });
    // Logs are operational data: they go with the stack, unlike tables and the archive.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole, whose logs statement is on `*`.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: handlerEntry(props.name),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(60),
      role: this.role,
      logGroup: this.logGroup,
      // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords on Resource `*`: X-Ray has no
      // resource-level permissions, so nothing narrower exists (acknowledged for cdk-nag in the stack).
      tracing: Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      retryAttempts: props.retryAttempts ?? 2,
      maxEventAge: props.maxEventAge ?? Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
      environment: {
        NODE_OPTIONS: HANDLER_NODE_OPTIONS,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: HANDLER_BUNDLING.target,
        mainFields: [...HANDLER_BUNDLING.mainFields],
        minify: HANDLER_BUNDLING.minify,
        sourceMap: HANDLER_BUNDLING.sourcemap,
        sourcesContent: HANDLER_BUNDLING.sourcesContent,
        banner: HANDLER_BUNDLING.banner,
        esbuildArgs: { '--legal-comments': HANDLER_BUNDLING.legalComments },
        // The AWS SDK v3 is bundled, not taken from the runtime: the version we tested is the one
        // that runs, and one tree-shaken minified file loads faster than the runtime's SDK, which
        // resolves hundreds of CommonJS files from disk (measured: the three clients import ~110 ms
        // bundled vs ~900 ms from node_modules, same machine and load).
        externalModules: [],
      },
    });
    (this.function.node.defaultChild as CfnFunction).addMetadata(FUNCTION_METADATA_KEY, props.name);
  }

  /** Sets an environment variable; later calls add to the environment, never replace it. */
  addEnvironment(name: string, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  /** Grants exactly `actions` on the table itself (no index access) and sets `envName` to its name. */
  bindTable(table: ITable, envName: string, actions: readonly DynamoAction[]): this {
    if (actions.length === 0) throw new Error(`${this.functionName}: bindTable needs at least one action`);
    this.role.addToPolicy(new PolicyStatement({ actions: [...actions], resources: [table.tableArn] }));
    return this.addEnvironment(envName, table.tableName);
  }

  /** Grants object actions limited to key prefixes and sets `envName` to the bucket's name. */
  bindBucket(bucket: IBucket, envName: string, grants: readonly ObjectGrant[]): this {
    for (const grant of grants) {
      if (!/^[a-z0-9-]+\/$/.test(grant.prefix)) {
        throw new Error(
          `${this.functionName}: bucket prefix "${grant.prefix}" must be a folder such as "raw/"`,
        );
      }
      if (grant.createOnly && grant.actions.some((a) => a !== 's3:PutObject')) {
        throw new Error(`${this.functionName}: createOnly applies to s3:PutObject alone`);
      }
      this.role.addToPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...grant.actions],
          resources: [bucket.arnForObjects(`${grant.prefix}*`)],
          // Create-only: S3 refuses a PutObject without `If-None-Match: *`, so an archived original
          // can never be overwritten, even by a bug in the handler.
          conditions: grant.createOnly ? { Null: { 's3:if-none-match': 'false' } } : undefined,
        }),
      );
    }
    return this.addEnvironment(envName, bucket.bucketName);
  }

  /** Grants events:PutEvents on the bus (and nothing on other buses) and sets `envName` to its name. */
  bindBus(bus: IEventBus, envName: string): this {
    this.role.addToPolicy(
      new PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] }),
    );
    return this.addEnvironment(envName, bus.eventBusName);
  }

  /** The CloudFormation logical id of the function (for `sam local invoke`). */
  get logicalId(): string {
    return Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnResource);
  }
}
