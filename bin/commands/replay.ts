/** `diplowire replay [--since DATE] [--source ID] [--data DIR]` */
import type { Command } from 'commander';
import { DATA_OPTION, dataDirOf } from '../../local/cli';
import { stdout } from '../../local/report';
import { parseSince } from './articles';

export function register(program: Command): void {
  program
    .command('replay')
    .description('re-normalize from the raw archive (through the same S3-event path)')
    .option('--since <date>', 'only objects archived on or after this date', parseSince)
    .option('--source <id>', 'only this source')
    .option(...DATA_OPTION)
    .action(async (options: { since?: string; source?: string; data?: string }) => {
      const { withPipeline } = await import('../../local/pipeline');
      const { replayArchive } = await import('../../local/replay');
      await withPipeline({ dataDir: dataDirOf(options), inheritSettings: true }, async (pipeline) => {
        const { objects, summary } = await replayArchive(pipeline, options);
        const { articles } = summary;
        stdout.write(
          `replayed ${objects} archived object(s); articles new ${articles.new}, updated ${articles.updated}, unchanged ${articles.unchanged}\n`,
        );
        if (summary.deadLettered.length > 0) {
          throw new Error(
            `${summary.deadLettered.length} object(s) failed to normalize (see: diplowire dlq list)`,
          );
        }
      });
    });
}
