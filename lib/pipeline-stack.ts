/**
 * The stateless stack: the bus, the schedule, the four functions, the rules that connect them, and
 * their operations (alarms, dashboard). It takes the data stack's resources as typed props.
 */
import { CfnOutput, type CfnResource, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import {
  type CfnRule,
  EventBus,
  type EventPattern,
  type IEventBus,
  Rule,
  Schedule,
} from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DetailType, objectCreatedPattern, patternFor } from '../lambdas/shared/events';
import type { StageConfig } from './config';
import { PipelineFunction, type PipelineFunctionProps } from './constructs/pipeline-function';
import { PipelineOperations } from './constructs/pipeline-operations';
import { FUNCTION_ACCESS, type FunctionAccess, type PipelineFunctionName, RESOURCE_ENV } from './functions';
import { acknowledgePipelineFindings } from './nag-acknowledgements';

export interface PipelineStackProps extends StackProps {
  readonly config: StageConfig;
  readonly articlesTable: ITable;
  readonly feedStateTable: ITable;
  readonly archiveBucket: IBucket;
}

/** How EventBridge retries delivering to a function before the event goes to its DLQ. */
export const TARGET_RETRY = { maxEventAge: Duration.hours(2), retryAttempts: 8 } as const;

type FunctionSettings = Omit<PipelineFunctionProps, 'name' | 'logRetention'>;

export class PipelineStack extends Stack {
  readonly bus: EventBus;
  readonly functions: Record<PipelineFunctionName, PipelineFunction>;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.bus = new EventBus(this, 'Bus', { description: 'diplowire pipeline events (source "diplowire")' });

    const settings: Record<PipelineFunctionName, FunctionSettings> = {
      // A Feed.Due the scheduler could not send is replaced by the next tick's: no point keeping it long.
      'schedule-feeds': { timeout: Duration.seconds(30), maxEventAge: Duration.minutes(10) },
      'fetch-feed': {
        timeout: Duration.seconds(60),
        // Politeness to publishers: at most this many feeds are fetched at once, whatever the backlog;
        // the rest wait in Lambda's queue. It also bounds parallel connections from our IPs.
        reservedConcurrentExecutions: config.fetcherConcurrency.fetchFeed,
        maxEventAge: Duration.hours(1),
      },
      'archive-article': {
        timeout: Duration.seconds(60),
        // Politeness again: a new feed can discover hundreds of pages on one site; fetch a few at a time.
        reservedConcurrentExecutions: config.fetcherConcurrency.archiveArticle,
      },
      // Readability and country detection over a DOM: more memory buys proportionally more CPU.
      'normalize-article': { timeout: Duration.seconds(60), memorySize: 1024 },
    };
    const resources = {
      articlesTable: props.articlesTable,
      feedStateTable: props.feedStateTable,
      archiveBucket: props.archiveBucket,
      eventBus: this.bus,
    };

    const make = (constructId: string, name: PipelineFunctionName): PipelineFunction => {
      const fn = new PipelineFunction(this, constructId, {
        name,
        logRetention: config.logRetention,
        ...settings[name],
      });
      bindAccess(fn, FUNCTION_ACCESS[name], resources);
      return fn;
    };
    this.functions = {
      'schedule-feeds': make('ScheduleFeeds', 'schedule-feeds'),
      'fetch-feed': make('FetchFeed', 'fetch-feed'),
      'archive-article': make('ArchiveArticle', 'archive-article'),
      'normalize-article': make('NormalizeArticle', 'normalize-article'),
    };

    // Scheduled rules live on the default bus (EventBridge allows schedules nowhere else).
    this.route('ScheduleRule', 'schedule-feeds', {
      schedule: Schedule.rate(config.scheduleRate),
      description: 'Starts a scheduling round: schedule-feeds emits Feed.Due for each due feed',
    });
    this.route('FeedDueRule', 'fetch-feed', {
      eventBus: this.bus,
      eventPattern: toEventPattern(patternFor(DetailType.FeedDue)),
      description: 'Feed.Due -> fetch-feed',
    });
    this.route('ArticleDiscoveredRule', 'archive-article', {
      eventBus: this.bus,
      eventPattern: toEventPattern(patternFor(DetailType.ArticleDiscovered)),
      description: 'Article.Discovered -> archive-article',
    });
    // S3 sends its notifications to the default bus only.
    this.route('RawObjectCreatedRule', 'normalize-article', {
      eventPattern: toEventPattern(objectCreatedPattern(props.archiveBucket.bucketName)),
      description: 'S3 Object Created under raw/ in the archive bucket -> normalize-article',
    });

    new PipelineOperations(this, 'Operations', { config, functions: Object.values(this.functions) });
    acknowledgePipelineFindings(this, Object.values(this.functions));

    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    for (const fn of Object.values(this.functions)) {
      new CfnOutput(this, `${pascal(fn.functionName)}FunctionName`, {
        value: fn.function.functionName,
        description: `Logical id for sam local invoke: ${this.getLogicalId(fn.function.node.defaultChild as CfnResource)}`,
      });
    }
  }

  /** One rule with one target: the function, with a retry policy and the function's DLQ. */
  private route(
    id: string,
    name: PipelineFunctionName,
    props: { schedule?: Schedule; eventBus?: IEventBus; eventPattern?: EventPattern; description: string },
  ): Rule {
    const fn = this.functions[name];
    const rule = new Rule(this, id, props);
    rule.addTarget(
      new LambdaFunction(fn.function, {
        deadLetterQueue: fn.deadLetterQueue,
        maxEventAge: TARGET_RETRY.maxEventAge,
        retryAttempts: TARGET_RETRY.retryAttempts,
      }),
    );
    // A readable target id (CDK would say `Target0`): it shows in the console and in `list-targets`.
    (rule.node.defaultChild as CfnRule).addPropertyOverride('Targets.0.Id', name);
    return rule;
  }
}

function bindAccess(
  fn: PipelineFunction,
  access: FunctionAccess,
  resources: { articlesTable: ITable; feedStateTable: ITable; archiveBucket: IBucket; eventBus: IEventBus },
): void {
  if (access.articlesTable)
    fn.bindTable(resources.articlesTable, RESOURCE_ENV.articlesTable, access.articlesTable);
  if (access.feedStateTable)
    fn.bindTable(resources.feedStateTable, RESOURCE_ENV.feedStateTable, access.feedStateTable);
  if (access.archiveBucket)
    fn.bindBucket(resources.archiveBucket, RESOURCE_ENV.archiveBucket, access.archiveBucket);
  if (access.eventBus) fn.bindBus(resources.eventBus, RESOURCE_ENV.eventBus);
}

/** The shared module writes patterns as EventBridge JSON (`detail-type`); CDK wants `detailType`. */
function toEventPattern(pattern: {
  source: string[];
  'detail-type': string[];
  detail?: unknown;
}): EventPattern {
  return {
    source: pattern.source,
    detailType: pattern['detail-type'],
    ...(pattern.detail ? { detail: pattern.detail as Record<string, unknown> } : {}),
  };
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}
