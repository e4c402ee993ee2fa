/** `diplowire invoke FUNCTION --event FILE [--data DIR]`: one handler, one event, the local store. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DATA_OPTION, dataDirOf } from '../../local/cli';

export function register(program: Command): void {
  program
    .command('invoke')
    .description(
      'run one handler locally with an event file (the files in events/ also serve sam local invoke)',
    )
    .argument('<function>', 'schedule-feeds, fetch-feed, archive-article or normalize-article')
    .requiredOption('--event <file>', 'the event, as EventBridge delivers it (JSON)')
    .option(...DATA_OPTION)
    .action(async (folder: string, options: { event: string; data?: string }) => {
      let event: unknown;
      try {
        event = JSON.parse(readFileSync(options.event, 'utf8'));
      } catch (error) {
        throw new Error(`cannot read the event file ${options.event}: ${(error as Error).message}`);
      }
      // Events the handler publishes are counted, not delivered: this runs one function, like sam local invoke.
      const { withPipeline } = await import('../../local/pipeline');
      await withPipeline(
        { dataDir: dataDirOf(options), inheritSettings: true, routeEvents: false },
        async (pipeline) => {
          const fn = pipeline.functionOf(folder);
          const result = await pipeline.invokeNow(fn, event);
          process.stdout.write(`${JSON.stringify(result ?? null)}\n`);
          const published = [...pipeline.bus.published.entries()]
            .map(([type, n]) => `${type} x${n}`)
            .join(', ');
          process.stderr.write(`published: ${published || 'nothing'}\n`);
        },
      );
    });
}
