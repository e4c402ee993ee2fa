/** `diplowire run [--once] [--sources FILE] [--data DIR] [--allow-private-network]` */
import { type Command, InvalidArgumentError } from 'commander';
import { DATA_OPTION, dataDirOf } from '../../local/cli';
import { nothingNew, progressDisplay, renderSummary, stdout } from '../../local/report';
import type { RunSummary } from '../../local/run-stats';

interface RunOptions {
  once?: boolean;
  sources?: string;
  data?: string;
  allowPrivateNetwork?: boolean;
  chaos?: number;
  seed: number;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run the whole pipeline on the embedded default (local DynamoDB and S3, the same handlers)')
    .option(
      '--once',
      'poll every enabled feed now, wait until everything is handled, print the summary, exit',
    )
    .option('--sources <file>', 'the source registry (default: the bundled sources.json)')
    .option(...DATA_OPTION)
    .option('--allow-private-network', 'allow feeds on loopback and private addresses (tests, demos)')
    .option(
      '--chaos <rate>',
      'fault injection: each AWS and HTTP call fails, each event arrives twice, with this probability',
      parseRate,
    )
    .option('--seed <n>', 'the seed that makes a chaos run reproducible', parseSeed, 1)
    .action(async (options: RunOptions) => {
      const { withPipeline } = await import('../../local/pipeline');
      const { runContinuously, runOnce } = await import('../../local/run');
      const progress = progressDisplay();
      await withPipeline(
        {
          dataDir: dataDirOf(options),
          sourcesFile: options.sources,
          allowPrivateNetwork: options.allowPrivateNetwork,
          onProgress: (stats) => progress.update(stats),
          chaos: options.chaos === undefined ? undefined : { rate: options.chaos, seed: options.seed },
        },
        async (pipeline) => {
          if (options.once) {
            const summary = await runOnce(pipeline, options.sources);
            progress.stop();
            if (options.chaos !== undefined) {
              stdout.write(
                `chaos (rate ${options.chaos}, seed ${options.seed}): ${pipeline.chaos.faults()} faults injected, ${pipeline.chaos.duplicates} events delivered twice\n`,
              );
            }
            finish(summary);
            return;
          }
          const stop = new AbortController();
          const onSignal = () => stop.abort();
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          stdout.write("polling on the stack's schedule; press Ctrl-C to stop\n");
          try {
            await runContinuously(pipeline, stop.signal, (summary) => {
              progress.stop();
              renderSummary(summary, stdout);
            });
          } finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
          }
          stdout.write('stopped\n');
        },
      );
    });
}

/** Prints the summary; dead letters make the exit status non-zero (failed feeds alone do not). */
export function finish(summary: RunSummary, more?: () => void): void {
  renderSummary(summary, stdout);
  if (nothingNew(summary) && summary.deadLettered.length === 0) stdout.write('nothing new\n');
  more?.();
  if (summary.deadLettered.length > 0) {
    throw new Error(
      `${summary.deadLettered.length} event(s) are in the dead-letter folder; fix the cause, then run: diplowire dlq replay`,
    );
  }
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!(value.trim() !== '' && rate >= 0 && rate <= 1))
    throw new InvalidArgumentError('use a probability from 0 to 1, e.g. 0.1.');
  return rate;
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('use a whole number, e.g. 42.');
  return Number(value);
}
