/**
 * Alarms and the dashboard: dead-letter queue depth and errors of each function, failing feeds
 * (the custom metric fetch-feed emits), and one dashboard showing the pipeline at a glance.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { METRICS_NAMESPACE, MetricName, type MetricNameValue } from '../metrics';
import type { PipelineFunction } from './pipeline-function';

export interface PipelineOperationsProps {
  readonly config: StageConfig;
  readonly functions: readonly PipelineFunction[];
}

export class PipelineOperations extends Construct {
  readonly alarms: Alarm[] = [];
  readonly alarmTopic?: Topic;
  readonly dashboard?: Dashboard;

  constructor(scope: Construct, id: string, props: PipelineOperationsProps) {
    super(scope, id);
    const { config, functions } = props;

    if (config.alarmEmail) {
      this.alarmTopic = new Topic(this, 'AlarmTopic', { enforceSSL: true, displayName: 'diplowire alarms' });
      this.alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail));
    }

    for (const fn of functions) {
      // Anything in a DLQ is an event the pipeline gave up on: one message is worth a look.
      this.addAlarm(`${fn.node.id}DeadLetters`, {
        metric: fn.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 1,
        description: `${fn.functionName}: events in its dead-letter queue (undeliverable or failed after retries)`,
      });
      // Expected bad input (a broken feed) is recorded, not thrown, so an error is an infrastructure
      // failure or a bug.
      this.addAlarm(`${fn.node.id}Errors`, {
        metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        description: `${fn.functionName}: invocations that threw`,
      });
    }
    this.addAlarm('FailingFeeds', {
      metric: customMetric(MetricName.FeedsFailed, Duration.hours(1)),
      threshold: config.failingFeedsThreshold,
      description: `At least ${config.failingFeedsThreshold} failed feed fetches within an hour: see \`Feed.Failed\` events and the feed-state table`,
    });

    if (config.dashboard) this.dashboard = this.buildDashboard(functions);
  }

  private addAlarm(id: string, props: { metric: IMetric; threshold: number; description: string }): void {
    const alarm = new Alarm(this, id, {
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means nothing happened (no failures, no messages), not a problem.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: props.description,
    });
    if (this.alarmTopic) alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }

  private buildDashboard(functions: readonly PipelineFunction[]): Dashboard {
    const period = Duration.minutes(5);
    const dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(1) });
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Feeds fetched and failing',
        left: [customMetric(MetricName.FeedsFetched, period), customMetric(MetricName.FeedsFailed, period)],
        width: 12,
      }),
      new GraphWidget({
        title: 'Articles discovered, new and updated',
        left: [
          customMetric(MetricName.ArticlesDiscovered, period),
          customMetric(MetricName.ArticlesNew, period),
          customMetric(MetricName.ArticlesUpdated, period),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Errors',
        left: functions.map((fn) => fn.function.metricErrors({ period, label: fn.functionName })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Duration p90 (ms)',
        left: functions.map((fn) =>
          fn.function.metricDuration({ period, statistic: 'p90', label: fn.functionName }),
        ),
        width: 8,
      }),
      new GraphWidget({
        title: 'Dead-letter queue depth',
        left: functions.map((fn) =>
          fn.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period,
            statistic: 'Maximum',
            label: fn.functionName,
          }),
        ),
        width: 8,
      }),
    );
    return dashboard;
  }
}

function customMetric(name: MetricNameValue, period: Duration): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName: name, statistic: 'Sum', period });
}
