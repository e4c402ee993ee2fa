/**
 * Cold cost of language detection: a bundle of the detector alone, built with the Lambda
 * functions' esbuild options and run with their NODE_OPTIONS, imported in a fresh process that
 * then detects one sentence. CPU ms of that import + first detection (process.cpuUsage around it,
 * so node's own start is left out), minus the same for an empty bundle; median of interleaved runs.
 * eld/small itself (a devDependency) is measured the same way, for comparison.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import {
  copyDataFiles,
  ESM_REQUIRE_BANNER,
  HANDLER_BUNDLING,
  HANDLER_NODE_OPTIONS,
} from '../lib/constructs/pipeline-function';
import { median } from './types';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const SENTENCE = 'The foreign ministers of the two countries met on Tuesday to discuss trade.';
const ENTRIES = {
  empty: 'export const language = "";',
  ours: `import { detectLanguage } from './lambdas/shared/article/language';
export const language = detectLanguage(${JSON.stringify(SENTENCE)});`,
  eld: `import { eld } from 'eld/small';
export const language = eld.detect(${JSON.stringify(SENTENCE)}).language;`,
};

/** CPU ms of importing `file` (and its top level) in a fresh `node`. */
function importCpuMs(file: string): number {
  const script = `const c = process.cpuUsage(); const m = await import(${JSON.stringify(pathToFileURL(file).href)});
if (typeof m.language !== 'string') throw new Error('no language');
const d = process.cpuUsage(c); console.log((d.user + d.system) / 1000);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, NODE_OPTIONS: HANDLER_NODE_OPTIONS },
  });
  return Number(out.toString().trim());
}

/** { ours, eld } in CPU ms above an empty bundle. */
export async function languageLoadMs(runs = 9): Promise<{ ours: number; eld: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-bench-language-'));
  try {
    const options = HANDLER_BUNDLING;
    const common: BuildOptions = {
      ...options,
      mainFields: [...options.mainFields],
      alias: { ...options.alias },
      // eld's package requires nothing the handlers' aliases miss, but keep it runnable if it does.
      banner: { js: ESM_REQUIRE_BANNER },
      bundle: true,
      platform: 'node',
      logLevel: 'silent',
      // The n-grams are a file read from beside the bundle (copyDataFiles).
      absWorkingDir: REPO_ROOT,
      metafile: true,
    };
    const files: Record<string, string> = {};
    for (const [name, contents] of Object.entries(ENTRIES)) {
      files[name] = path.join(dir, `${name}.mjs`);
      const { metafile } = await build({
        ...common,
        stdin: { contents, resolveDir: REPO_ROOT },
        outfile: files[name],
      });
      if (metafile) copyDataFiles(metafile);
    }
    const times: Record<string, number[]> = { empty: [], ours: [], eld: [] };
    for (let i = 0; i < runs; i++) {
      for (const name of Object.keys(ENTRIES)) times[name]?.push(importCpuMs(files[name] as string));
    }
    const empty = median(times.empty ?? []);
    return { ours: median(times.ours ?? []) - empty, eld: median(times.eld ?? []) - empty };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench row's figures: ours, with eld/small's in the note. */
export async function languageLoadRow(): Promise<{ value: number; unit: string; note: string }> {
  const { ours, eld } = await languageLoadMs();
  return {
    value: ours,
    unit: 'ms CPU',
    note: `goal <= 10; eld/small: ${eld.toFixed(0)} ms; NODE_OPTIONS as deployed (${HANDLER_NODE_OPTIONS || 'none'}), median of 9`,
  };
}
