/**
 * The synthesized templates the router reads. Synthesizing in-process takes several seconds (CDK's
 * import alone is about 3 s), so the result is cached by a hash of everything that shapes the
 * wiring: `lib/**`, `bin/app.ts`, `cdk.json`, the event and table contracts, and the aws-cdk-lib
 * version. Change any of them and the next start synthesizes again.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Template } from './router';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'diplowire');

const WIRING_INPUTS = [
  'lib',
  'bin/app.ts',
  'cdk.json',
  'lambdas/shared/events.ts',
  'lambdas/shared/store/schema.ts',
  'node_modules/aws-cdk-lib/package.json',
];

export class TemplateError extends Error {}

/** A hash of the files the synthesized wiring depends on. */
export function wiringHash(root = REPO_ROOT): string {
  const hash = createHash('sha256');
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(path.join(relative, entry));
      return;
    }
    hash.update(relative).update('\0').update(readFileSync(full)).update('\0');
  };
  for (const input of WIRING_INPUTS) visit(input);
  return hash.digest('hex').slice(0, 16);
}

/** The stack's templates by stack name, from the cache or synthesized now. */
export async function loadTemplates(): Promise<Record<string, Template>> {
  const file = path.join(CACHE_DIR, `templates-${wiringHash()}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Template>;
  let templates: Record<string, Template>;
  try {
    const { synthesizeTemplates } = (await import('../lib/synth')) as {
      synthesizeTemplates: () => Record<string, Template>;
    };
    templates = synthesizeTemplates();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TemplateError(`could not synthesize the stack to read its rules: ${message.split('\n')[0]}`);
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  // Written whole, then renamed: two processes starting at once never read half a file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(templates));
  renameSync(temporary, file);
  return templates;
}
