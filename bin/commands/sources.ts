/** `diplowire sources [--format json|table] [--sources FILE] [--data DIR]` */
import { existsSync } from 'node:fs';
import Table from 'cli-table3';
import { type Command, InvalidArgumentError } from 'commander';
import type { FeedState } from '../../lambdas/shared/ports';
import { describeWhen, type SourcesReport } from '../../lambdas/shared/sources/status';
import { DATA_OPTION, dataDirOf } from '../../local/cli';

interface SourcesOptions {
  format: 'json' | 'table';
  sources?: string;
  data?: string;
}

export function register(program: Command): void {
  program
    .command('sources')
    .description('each source and feed with its state: ok or failing and why, last new article, next check')
    .option('--format <format>', 'json (one object) or table', parseFormat, 'table')
    .option('--sources <file>', 'the source registry (default: the bundled sources.json)')
    .option(...DATA_OPTION)
    .action(async (options: SourcesOptions) => {
      // Loaded here, not at the top: the registry, the runner and the SDK would slow every command.
      const [{ loadRegistryFile }, { sourcesReport }, { registryFileOf }, { withStore }] = await Promise.all([
        import('../../lambdas/shared/sources/registry'),
        import('../../lambdas/shared/sources/status'),
        import('../../local/run'),
        import('../../local/store-session'),
      ]);
      const registry = await loadRegistryFile(registryFileOf(options.sources));
      const dataDir = dataDirOf(options);
      // A store that was never created holds no state: say so without starting the local servers.
      const states: FeedState[] = existsSync(dataDir)
        ? await withStore(dataDir, (stores) => stores.feedStates.list())
        : [];
      const report = sourcesReport(registry, states, new Date());
      process.stdout.write(
        options.format === 'json'
          ? `${JSON.stringify(report)}\n`
          : renderSourcesTable(report, new Date(), Boolean(process.stdout.isTTY)),
      );
    });
}

export function renderSourcesTable(report: SourcesReport, now: Date, isTTY: boolean): string {
  const plain = isTTY ? {} : { style: { head: [], border: [] } };
  const rows = new Table({
    head: ['source', 'feed', 'status', 'last new article', 'next check', 'why'],
    wordWrap: true,
    colWidths: [14, 26, 15, 24, 24, 40],
    ...plain,
  });
  for (const source of report.sources) {
    for (const feed of source.feeds) {
      const kind = feed.format === 'listing' ? ' (listing)' : '';
      const failures = feed.consecutiveFailures > 1 ? ` ×${feed.consecutiveFailures}` : '';
      rows.push([
        `${source.id}${source.country ? ` ${source.country}` : ''}`,
        `${feed.feedId}${kind}`,
        `${feed.status}${failures}`,
        describeWhen(feed.lastNewArticleAt, now),
        feed.enabled ? (feed.nextCheckAt ? describeWhen(feed.nextCheckAt, now) : 'at the next run') : '',
        feed.problem ?? (feed.enabled ? (feed.nextCheckReason ?? '') : ''),
      ]);
    }
  }
  const t = report.totals;
  const lines = [
    rows.toString(),
    `${t.feeds} feeds: ${t.ok} ok, ${t.failing} failing, ${t['never checked']} never checked, ${t.disabled} disabled`,
  ];
  if (report.unknownFeeds.length > 0) {
    const ids = report.unknownFeeds.map((f) => f.feedId).join(', ');
    lines.push(`the store also holds state for feeds not in this sources file (pass --sources): ${ids}`);
  }
  return `${lines.join('\n')}\n`;
}

function parseFormat(value: string): SourcesOptions['format'] {
  if (value === 'json' || value === 'table') return value;
  throw new InvalidArgumentError('use json or table.');
}
