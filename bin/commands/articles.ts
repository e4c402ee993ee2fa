/** `diplowire articles [--source ID] [--country CC] [--since DATE] [--format json|table|csv] [--data DIR]` */
import { type Command, InvalidArgumentError } from 'commander';
import type { ArticleRecord } from '../../lambdas/shared/article';
import { DATA_OPTION, dataDirOf } from '../../local/cli';
import { allArticles } from '../../local/queries';
import { articlesTable } from '../../local/report';

interface ArticlesOptions {
  source?: string;
  country?: string;
  since?: string;
  format: 'json' | 'table' | 'csv';
  data?: string;
}

export function register(program: Command): void {
  program
    .command('articles')
    .description(
      'read articles back from the local store, newest first (json = JSON Lines of article records)',
    )
    .option('--source <id>', 'only this source')
    .option('--country <cc>', 'only articles mentioning this country (ISO 3166-1 alpha-2)', parseCountry)
    .option(
      '--since <date>',
      'only articles published on or after this date (YYYY-MM-DD or an ISO instant)',
      parseSince,
    )
    .option('--format <format>', 'json, table or csv', parseFormat, 'table')
    .option(...DATA_OPTION)
    .action(async (options: ArticlesOptions) => {
      const { withStore } = await import('../../local/store-session');
      const records = await withStore(dataDirOf(options), (stores) =>
        allArticles(stores.articles, {
          sourceId: options.source,
          country: options.country,
          since: options.since,
        }),
      );
      process.stdout.write(formatArticles(records, options.format));
    });
}

export function formatArticles(records: ArticleRecord[], format: ArticlesOptions['format']): string {
  if (format === 'json') return records.map((r) => `${JSON.stringify(r)}\n`).join('');
  if (format === 'csv') {
    const header = 'articleId,publishedAt,sourceId,language,countries,title,url';
    const rows = records.map((r) =>
      [r.articleId, r.publishedAt ?? '', r.sourceId, r.language, r.countries.join(' '), r.title, r.url ?? '']
        .map(csvField)
        .join(','),
    );
    return `${[header, ...rows].join('\r\n')}\r\n`;
  }
  if (records.length === 0) return 'no articles\n';
  return `${articlesTable(records)}\n${records.length} article(s)\n`;
}

/** RFC 4180: quote fields holding a comma, quote or line break; double the quotes. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function parseFormat(value: string): ArticlesOptions['format'] {
  if (value === 'json' || value === 'table' || value === 'csv') return value;
  throw new InvalidArgumentError('use json, table or csv.');
}

function parseCountry(value: string): string {
  if (!/^[A-Za-z]{2}$/.test(value))
    throw new InvalidArgumentError('use a two-letter ISO 3166-1 code such as TR.');
  return value.toUpperCase();
}

export function parseSince(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('use a date such as 2022-11-09 or an ISO instant.');
  }
  return value.length === 10 ? value : new Date(value).toISOString();
}
