/** `diplowire run [--once] [--sources FILE] [--data DIR] [--allow-private-network]` */
import type { Command } from 'commander';
import { DATA_OPTION, dataDirOf } from '../../local/cli';
import { nothingNew, progressDisplay, renderSummary, stdout } from '../../local/report';
import type { RunSummary } from '../../local/run-stats';

interface RunOptions {
  once?: boolean;
  sources?: string;
  data?: string;
  allowPrivateNetwork?: boolean;
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
        },
        async (pipeline) => {
          if (options.once) {
            const summary = await runOnce(pipeline, options.sources);
            progress.stop();
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
