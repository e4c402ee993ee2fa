/**
 * The synthesized CloudFormation templates, built in-process with bundling skipped (fast, no
 * esbuild, no account). The local runner routes events by these templates, so the wiring it runs
 * locally is the wiring that gets deployed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { type StageName, stageConfig } from './config';
import { buildDiplowire } from './diplowire-app';
import { FUNCTION_METADATA_KEY, PIPELINE_FUNCTIONS, type PipelineFunctionName } from './functions';
import { REPO_ROOT } from './paths';

export { FUNCTION_METADATA_KEY } from './functions';

/** A CloudFormation template as JSON (only the parts readers here rely on are typed). */
export interface CfnTemplate {
  Resources: Record<string, CfnTemplateResource>;
  Outputs?: Record<string, CfnTemplateOutput>;
  [key: string]: unknown;
}
export interface CfnTemplateOutput {
  Value?: unknown;
  Export?: { Name?: unknown };
  Description?: string;
}
export interface CfnTemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * The context `cdk synth` would see: cdk.json's feature flags. An in-process App does not read
 * cdk.json, and without the flags it would build (slightly) different resources than the CLI.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

/** Every stack's template by stack name, e.g. `DiplowireDevData`, `DiplowireDevPipeline`. */
export function synthesizeTemplates(stage: StageName = 'dev'): Record<string, CfnTemplate> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'diplowire-synth-'));
  try {
    const app = new App({
      outdir,
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
      // The built-in CloudFormation rule check costs ~10 s of WASM start-up; `npm run synth` and the
      // CDK tests still run it, the local runner only needs the templates.
      builtinCloudFormationValidation: false,
    });
    buildDiplowire(app, stageConfig(stage));
    const assembly = app.synth();
    return Object.fromEntries(
      assembly.stacks.map((stack) => [stack.stackName, stack.template as CfnTemplate]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface TemplateFunction {
  /** CloudFormation logical id (what `sam local invoke` and rule targets' `Fn::GetAtt` name). */
  readonly logicalId: string;
  /** The handler folder: `lambdas/<name>/handler.ts`. */
  readonly name: PipelineFunctionName;
  readonly reservedConcurrency?: number;
  readonly timeoutSeconds?: number;
}

/** The pipeline functions of one template, read from their `diplowire:function` metadata. */
export function templateFunctions(template: CfnTemplate): TemplateFunction[] {
  const found: TemplateFunction[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = resource.Metadata?.[FUNCTION_METADATA_KEY];
    if (name === undefined) continue;
    if (!(PIPELINE_FUNCTIONS as readonly unknown[]).includes(name)) {
      throw new Error(`function ${logicalId} names an unknown handler folder ${JSON.stringify(name)}`);
    }
    const props = resource.Properties ?? {};
    found.push({
      logicalId,
      name: name as PipelineFunctionName,
      reservedConcurrency:
        typeof props.ReservedConcurrentExecutions === 'number'
          ? props.ReservedConcurrentExecutions
          : undefined,
      timeoutSeconds: typeof props.Timeout === 'number' ? props.Timeout : undefined,
    });
  }
  return found;
}

/** Local physical names for the data stack's resources, keyed by their construct id. */
export interface LocalNames {
  readonly ArchiveBucket: string;
  readonly ArticlesTable: string;
  readonly FeedStateTable: string;
}

/**
 * The pipeline refers to the data stack's resources across stacks (`Fn::GetStackOutput`, or
 * `Fn::ImportValue` with strong references). Locally there is no CloudFormation to resolve them:
 * this replaces each such reference to a bucket's or table's name (a `Ref` in the data stack) with
 * the local name, e.g. in the S3 rule's pattern `detail.bucket.name`. References it cannot resolve
 * (ARNs, which nothing local needs) are left as they are.
 */
export function resolveDataReferences<T>(
  value: T,
  templates: Record<string, CfnTemplate>,
  names: LocalNames,
): T {
  const exportValues = new Map<string, unknown>();
  for (const template of Object.values(templates)) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string') exportValues.set(output.Export.Name, output.Value);
    }
  }
  const nameOf = (outputValue: unknown): string | undefined => {
    const ref = (outputValue as { Ref?: unknown } | undefined)?.Ref;
    if (typeof ref !== 'string') return undefined;
    for (const [constructId, local] of Object.entries(names)) {
      if (new RegExp(`^${constructId}[0-9A-F]{8}$`).test(ref)) return local;
    }
    return undefined;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const stackOutput = record['Fn::GetStackOutput'] as
      | { StackName?: string; OutputName?: string }
      | undefined;
    if (stackOutput?.StackName && stackOutput.OutputName) {
      const resolved = nameOf(templates[stackOutput.StackName]?.Outputs?.[stackOutput.OutputName]?.Value);
      if (resolved !== undefined) return resolved;
    }
    const importName = record['Fn::ImportValue'];
    if (typeof importName === 'string') {
      const resolved = nameOf(exportValues.get(importName));
      if (resolved !== undefined) return resolved;
    }
    return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, walk(child)]));
  };
  return walk(value) as T;
}
