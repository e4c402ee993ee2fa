/** `diplowire dlq list [--format json|table] [--data DIR]` and `diplowire dlq replay [--data DIR]` */
import { type Command, InvalidArgumentError } from 'commander';
import { DATA_OPTION, dataDirOf } from '../../local/cli';
import { listDeadLetters, takeDeadLetters } from '../../local/dead-letters';
import { stdout, table } from '../../local/report';

export function register(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('the local dead-letter folder: what failed and why; send it again');
  dlq
    .command('list')
    .description('each failed event with its function, error, attempts and time (json = JSON Lines)')
    .option('--format <format>', 'json or table', parseFormat, 'table')
    .option(...DATA_OPTION)
    .action((options: { format: 'json' | 'table'; data?: string }) => {
      const letters = listDeadLetters(dataDirOf(options));
      if (options.format === 'json') {
        process.stdout.write(letters.map((l) => `${JSON.stringify(l)}\n`).join(''));
        return;
      }
      if (letters.length === 0) {
        stdout.write('the dead-letter folder is empty\n');
        return;
      }
      const rows = table({
        head: ['time', 'function', 'event', 'attempts', 'error'],
        wordWrap: true,
        colWidths: [22, 19, 20, 10, 60],
      });
      for (const l of letters) {
        rows.push([
          l.time,
          l.function,
          l.event['detail-type'],
          l.attempts,
          `${l.error.name}: ${l.error.message}`,
        ]);
      }
      stdout.write(`${rows.toString()}\n${letters.length} failed event(s)\n`);
    });
  dlq
    .command('replay')
    .description('send every dead-lettered event to its function again (what fails again goes back)')
    .option(...DATA_OPTION)
    .action(async (options: { data?: string }) => {
      const dataDir = dataDirOf(options);
      const taken = takeDeadLetters(dataDir);
      if (taken.letters.length === 0) {
        taken.done();
        stdout.write('the dead-letter folder is empty\n');
        return;
      }
      const { withPipeline } = await import('../../local/pipeline');
      await withPipeline({ dataDir }, async (pipeline) => {
        const summary = await pipeline.redeliver(taken.letters);
        taken.done();
        const { articles } = summary;
        stdout.write(
          `replayed ${taken.letters.length} event(s); articles new ${articles.new}, updated ${articles.updated}, unchanged ${articles.unchanged}\n`,
        );
        if (summary.deadLettered.length > 0) {
          throw new Error(
            `${summary.deadLettered.length} event(s) failed again and are back in the dead-letter folder`,
          );
        }
      });
    });
}

function parseFormat(value: string): 'json' | 'table' {
  if (value === 'json' || value === 'table') return value;
  throw new InvalidArgumentError('use json or table.');
}
