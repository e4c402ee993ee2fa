import type { Command } from 'commander';
import { register as registerArticles } from './articles';
import { register as registerDemo } from './demo';
import { register as registerDlq } from './dlq';
import { register as registerExtract } from './extract';
import { register as registerImport } from './import';
import { register as registerInvoke } from './invoke';
import { register as registerNormalize } from './normalize';
import { register as registerParseFeed } from './parse-feed';
import { register as registerReplay } from './replay';
import { register as registerRun } from './run';
import { register as registerServe } from './serve';
import { register as registerSources } from './sources';

/** Each command module exports `register(program)`; add new ones to this list. */
export const commands: Array<(program: Command) => void> = [
  registerRun,
  registerDemo,
  registerImport,
  registerArticles,
  registerInvoke,
  registerDlq,
  registerReplay,
  registerSources,
  registerNormalize,
  registerExtract,
  registerParseFeed,
  registerServe,
];
