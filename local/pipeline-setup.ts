/**
 * What LocalPipeline.start sets up besides the wiring: the settings a data folder remembers (so
 * replays run the handlers like the original run) and chaos mode on the handlers' clients.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpClient } from '../lambdas/shared/ports';
import type { HandlerLoader } from './invoker';

export class PipelineError extends Error {}

/** Faults and duplicates injected by chaos mode in this process. */
export interface ChaosTally {
  faults: () => number;
  duplicates: number;
}
let chaosWired: string | undefined;

/** Adds the chaos middleware to the handlers' AWS clients and wraps their HTTP clients, once per process. */
export async function wireChaos(chaos: { rate: number; seed: number }, load: HandlerLoader) {
  const { addChaos, chaosHttpClient, seededDice } = await import('./chaos');
  const key = JSON.stringify(chaos);
  if (chaosWired !== undefined && chaosWired !== key) {
    throw new PipelineError('this process already injects faults with other settings; start a new process');
  }
  const dice = seededDice(chaos.seed);
  const [{ dynamoClient }, { s3Client }, { eventBridgeClient }] = await Promise.all([
    import('../lambdas/shared/aws/dynamodb-client'),
    import('../lambdas/shared/aws/s3-client'),
    import('../lambdas/shared/aws/eventbridge-client'),
  ]);
  const counters = [dynamoClient, s3Client, eventBridgeClient].map((c) => addChaos(c, chaos.rate, dice));
  const http = { faults: 0, calls: 0 };
  for (const folder of ['fetch-feed', 'archive-article']) {
    const module = (await load(folder)) as { deps?: { http?: HttpClient } };
    if (module.deps?.http) module.deps.http = chaosHttpClient(module.deps.http, chaos.rate, dice, http);
  }
  chaosWired = key;
  return { dice, faults: () => [...counters, http].reduce((n, c) => n + c.faults, 0) };
}

/** The settings of the last run on a data folder, so replays run the handlers the same way. */
export interface SavedSettings {
  sourcesFile?: string;
  allowPrivateNetwork?: boolean;
}
const SETTINGS_FILE = 'runner-settings.json';

export function settingsFor(options: {
  dataDir: string;
  sourcesFile?: string;
  allowPrivateNetwork?: boolean;
  inheritSettings?: boolean;
}): SavedSettings {
  const file = path.join(options.dataDir, SETTINGS_FILE);
  if (options.inheritSettings) {
    const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SavedSettings) : {};
    return {
      sourcesFile: options.sourcesFile ?? saved.sourcesFile,
      allowPrivateNetwork: options.allowPrivateNetwork ?? saved.allowPrivateNetwork,
    };
  }
  const settings = {
    sourcesFile: options.sourcesFile ? path.resolve(options.sourcesFile) : undefined,
    allowPrivateNetwork: options.allowPrivateNetwork ?? false,
  };
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings)}\n`);
  return settings;
}
