/**
 * The one test that bundles: synthesizes the app in-process the way `cdk synth` does (bundling with
 * esbuild, asset metadata on, CloudFormation's built-in validation on), then checks what
 * `sam local invoke` and Lambda itself need from the result. (`npm run synth` runs the same app
 * through the CLI; it is not repeated here because it costs the CLI's start-up on top.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../lib/config';
import { buildDiplowire } from '../../lib/diplowire-app';
import { cdkJsonContext } from '../../lib/synth';
import type { Json } from './build-app';

const outdir = mkdtempSync(path.join(tmpdir(), 'diplowire-synth-bundled-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const started = performance.now();
const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:enable-asset-metadata': true } });
buildDiplowire(app, stageConfig('dev'));
app.synth();
const synthSeconds = (performance.now() - started) / 1000;
const pipeline: Json = JSON.parse(
  readFileSync(path.join(outdir, 'DiplowireDevPipeline.template.json'), 'utf8'),
);
const functions = Object.entries(pipeline.Resources as Record<string, Json>).filter(
  ([, r]) => r.Type === 'AWS::Lambda::Function',
);

describe('synth with bundling (as deployed)', () => {
  it('synthesizes both stacks offline with no finding from CloudFormation validation', () => {
    expect(existsSync(path.join(outdir, 'DiplowireDevData.template.json'))).toBe(true);
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const findings = (report.pluginReports as Json[]).flatMap((r) => r.violations ?? []);
    expect(findings.map((v: Json) => `${v.ruleName}: ${v.description}`)).toEqual([]);
    console.info(`bundled synth took ${synthSeconds.toFixed(1)} s`);
  });

  it('gives every function the asset metadata SAM reads, pointing at an ESM bundle with its source map', () => {
    expect(functions).toHaveLength(4);
    for (const [id, fn] of functions) {
      expect(fn.Metadata['aws:asset:property'], id).toBe('Code');
      const assetDir = path.join(outdir, fn.Metadata['aws:asset:path']);
      expect(existsSync(path.join(assetDir, 'index.mjs')), id).toBe(true);
      expect(existsSync(path.join(assetDir, 'index.mjs.map')), id).toBe(true);
    }
  });

  it('loads each bundle in plain Node with only the environment the stack sets, and finds `handler`', () => {
    for (const [id, fn] of functions) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      // Names that CloudFormation resolves at deploy time get a stand-in value here.
      const env = Object.fromEntries(
        Object.entries(variables).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : `local-${k.toLowerCase()}`,
        ]),
      );
      const bundle = path.join(outdir, fn.Metadata['aws:asset:path'], 'index.mjs');
      const result = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(`file://${bundle}`)}); console.log(typeof m.handler);`,
        ],
        {
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'us-east-1',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            ...env,
          },
          encoding: 'utf8',
        },
      );
      expect({ id, stderr: result.stderr.split('\n')[0], stdout: result.stdout.trim() }).toEqual({
        id,
        stderr: '',
        stdout: 'function',
      });
    }
  });
});
