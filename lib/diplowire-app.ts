/**
 * Builds both stacks of one stage into an app. bin/app.ts (for `cdk synth`/`cdk deploy`), the tests
 * and lib/synth.ts (for the local runner) all call this, so they can never build different stacks.
 */
import { type App, Tags } from 'aws-cdk-lib';
import { type StageConfig, stagePascal } from './config';
import { DataStack } from './data-stack';
import { PipelineStack } from './pipeline-stack';

export interface DiplowireStacks {
  readonly data: DataStack;
  readonly pipeline: PipelineStack;
}

export function stackNames(config: StageConfig): { data: string; pipeline: string } {
  const stage = stagePascal(config.name);
  return { data: `Diplowire${stage}Data`, pipeline: `Diplowire${stage}Pipeline` };
}

export function buildDiplowire(app: App, config: StageConfig): DiplowireStacks {
  const names = stackNames(config);
  const data = new DataStack(app, names.data, {
    config,
    description: `diplowire ${config.name}: articles and feed-state tables, raw archive bucket (retained on delete)`,
  });
  const pipeline = new PipelineStack(app, names.pipeline, {
    config,
    description: `diplowire ${config.name}: event bus, schedule, functions, rules, dead-letter queues, alarms`,
    articlesTable: data.articlesTable,
    feedStateTable: data.feedStateTable,
    archiveBucket: data.archiveBucket,
  });
  for (const stack of [data, pipeline]) {
    Tags.of(stack).add('project', 'diplowire');
    Tags.of(stack).add('stage', config.name);
  }
  return { data, pipeline };
}
