import { objectCreatedPattern, patternFor } from '../../../lambdas/shared/events';
import type { Template } from '../../../local/router';

/** The shape the CDK stack synthesizes (two stacks, a strong cross-stack reference for the bucket). */
export function handMadeTemplates(): Record<string, Template> {
  const fn = (folder: string, extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::Lambda::Function',
    Metadata: { 'diplowire:function': folder },
    Properties: { Timeout: 30, ...extra },
  });
  const target = (fnId: string) => ({
    Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
    Id: 'Target0',
    RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
    DeadLetterConfig: { Arn: { 'Fn::GetAtt': [`${fnId}Dlq`, 'Arn'] } },
  });
  return {
    Data: {
      Resources: { ArchiveBucket1: { Type: 'AWS::S3::Bucket' } },
      Outputs: { PublishArchiveBucket: { Value: { Ref: 'ArchiveBucket1' } } },
    },
    Pipeline: {
      Resources: {
        Bus1: { Type: 'AWS::Events::EventBus', Properties: { Name: 'PipelineBus1' } },
        ScheduleFn: fn('schedule-feeds'),
        FetchFn: fn('fetch-feed', { ReservedConcurrentExecutions: 2 }),
        ArchiveFn: fn('archive-article', { ReservedConcurrentExecutions: 2 }),
        NormalizeFn: fn('normalize-article'),
        FetchInvokeConfig: {
          Type: 'AWS::Lambda::EventInvokeConfig',
          Properties: {
            FunctionName: { Ref: 'FetchFn' },
            MaximumRetryAttempts: 1,
            MaximumEventAgeInSeconds: 3600,
          },
        },
        ScheduleRule: {
          Type: 'AWS::Events::Rule',
          Properties: { ScheduleExpression: 'rate(5 minutes)', Targets: [target('ScheduleFn')] },
        },
        FeedDueRule: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventBusName: { Ref: 'Bus1' },
            EventPattern: patternFor('Feed.Due'),
            Targets: [target('FetchFn')],
          },
        },
        DiscoveredRule: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventBusName: { Ref: 'Bus1' },
            EventPattern: patternFor('Article.Discovered'),
            Targets: [target('ArchiveFn')],
          },
        },
        RawRule: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventPattern: {
              ...objectCreatedPattern('placeholder'),
              detail: {
                bucket: {
                  name: [{ 'Fn::GetStackOutput': { StackName: 'Data', OutputName: 'PublishArchiveBucket' } }],
                },
                object: { key: [{ prefix: 'raw/' }] },
              },
            },
            Targets: [target('NormalizeFn')],
          },
        },
      },
    },
  };
}
