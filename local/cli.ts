/**
 * What the runner's commands share at registration time. Kept free of heavy imports: every command
 * loads its implementation (SDK clients, emulators, CDK templates) only when it runs, so
 * `diplowire --help` and light commands start fast.
 */
import path from 'node:path';

export const DEFAULT_DATA_DIR = '.diplowire';
export const DATA_OPTION = ['--data <dir>', 'the local store (kept between runs)', DEFAULT_DATA_DIR] as const;

export function dataDirOf(options: { data?: string }): string {
  return path.resolve(options.data ?? DEFAULT_DATA_DIR);
}
