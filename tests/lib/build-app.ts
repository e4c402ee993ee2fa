/** Builds the stacks the way bin/app.ts does, with bundling skipped, for fast template assertions. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type StageName, stageConfig } from '../../lib/config';
import { buildDiplowire, type DiplowireStacks } from '../../lib/diplowire-app';
import { cdkJsonContext } from '../../lib/synth';

export interface TestApp extends DiplowireStacks {
  app: App;
  dataTemplate: Template;
  pipelineTemplate: Template;
  /** Removes the temporary cloud assembly folder. */
  cleanup(): void;
}

export function buildTestApp(stage: StageName = 'dev', overrides: { alarmEmail?: string } = {}): TestApp {
  const outdir = mkdtempSync(path.join(tmpdir(), 'diplowire-cdk-test-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const stacks = buildDiplowire(app, stageConfig(stage, overrides));
  return {
    app,
    ...stacks,
    dataTemplate: Template.fromStack(stacks.data),
    pipelineTemplate: Template.fromStack(stacks.pipeline),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON; tests read it freely.
export type Json = any;
type Resources = Record<string, { Type: string; Properties: Json; Metadata: Json }>;

export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Logical id of the function whose `diplowire:function` metadata is `name`. */
export function functionLogicalId(template: Template, name: string): string {
  const ids = Object.entries(resourcesOf(template, 'AWS::Lambda::Function'))
    .filter(([, r]) => r.Metadata?.['diplowire:function'] === name)
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one function ${name}, found ${ids.length}`);
  return ids[0] as string;
}
