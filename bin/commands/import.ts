/** `diplowire import PATH… [--source ID] [--data DIR]` */
import type { Command } from 'commander';
import { DATA_OPTION, dataDirOf } from '../../local/cli';
import { stdout } from '../../local/report';

export function register(program: Command): void {
  program
    .command('import')
    .description('backfill: archive documents under raw/import/ and normalize them like any archived page')
    .argument('<paths...>', 'plain-text (.txt), HTML (.html) or feed-item (.json) documents')
    .option('--source <id>', 'the source id the articles belong to', 'import')
    .option(...DATA_OPTION)
    .action(async (paths: string[], options: { source: string; data?: string }) => {
      const { withPipeline } = await import('../../local/pipeline');
      const { importDocuments } = await import('../../local/import');
      await withPipeline({ dataDir: dataDirOf(options) }, async (pipeline) => {
        const { files, summary } = await importDocuments(pipeline, paths, options.source);
        for (const f of files) stdout.write(`${f.file} -> ${f.key}\n`);
        const { articles } = summary;
        stdout.write(
          `articles new ${articles.new}, updated ${articles.updated}, unchanged ${articles.unchanged}\n`,
        );
        if (summary.deadLettered.length > 0) {
          throw new Error(
            `${summary.deadLettered.length} document(s) failed to normalize: ${summary.deadLettered[0]?.message} (see: diplowire dlq list)`,
          );
        }
      });
    });
}
