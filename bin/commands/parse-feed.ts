/**
 * `diplowire parse-feed FILE [--url BASE] [--content-type "TYPE; charset=X"] [--timezone ZONE] [--format json|table]`
 *
 * JSON Lines: first `{"feed":{title,url,language,format,encoding}}`, then one object per item with
 * every field present (null when the feed has none), so the shape never depends on the feed.
 * Repairs of broken XML are reported on stderr, never mixed into stdout.
 */
import { readFileSync } from 'node:fs';
import Table from 'cli-table3';
import { type Command, InvalidArgumentError } from 'commander';
import type { FeedItem, ParsedFeed } from '../../lambdas/shared/feed/types';

interface ParseFeedOptions {
  url?: string;
  contentType?: string;
  timezone?: string;
  format?: 'json' | 'table';
}

const ITEM_FIELDS = [
  'guid',
  'url',
  'title',
  'summary',
  'contentText',
  'contentHtml',
  'authors',
  'categories',
  'publishedAt',
  'updatedAt',
  'language',
] as const satisfies ReadonlyArray<keyof FeedItem>;

function parseFormat(value: string): 'json' | 'table' {
  if (value !== 'json' && value !== 'table') throw new InvalidArgumentError('use json or table');
  return value;
}

function parseZone(value: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw new InvalidArgumentError(`${value} is not an IANA time zone (e.g. Europe/Istanbul)`);
  }
  return value;
}

function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code);
    throw new Error(`cannot read ${file}: ${why}`);
  }
}

export function formatJsonLines(parsed: ParsedFeed): string {
  const { title, url, language, format, encoding } = parsed.feed;
  const lines = [
    JSON.stringify({
      feed: { title: title ?? null, url: url ?? null, language: language ?? null, format, encoding },
    }),
  ];
  for (const item of parsed.items) {
    const row: Record<string, unknown> = {};
    for (const key of ITEM_FIELDS) row[key] = item[key] ?? null;
    lines.push(JSON.stringify(row));
  }
  return `${lines.join('\n')}\n`;
}

export function formatTable(parsed: ParsedFeed, colours: boolean): string {
  const { feed, items } = parsed;
  const head = `${feed.title ?? '(untitled feed)'} · ${feed.format} · ${feed.encoding} · ${feed.language ?? 'no language'} · ${items.length} item${items.length === 1 ? '' : 's'}`;
  const table = new Table({
    head: ['published (UTC)', 'lang', 'title', 'url'],
    colWidths: [18, 7, 50, 48],
    wordWrap: true,
    style: colours ? {} : { head: [], border: [] },
  });
  for (const item of items) {
    table.push([
      item.publishedAt?.slice(0, 16).replace('T', ' ') ?? '',
      item.language ?? '',
      item.title ?? '',
      item.url ?? '',
    ]);
  }
  return `${head}\n${table.toString()}\n`;
}

export function register(program: Command): void {
  program
    .command('parse-feed')
    .description('decode and parse one feed document (RSS, RDF, Atom): one JSON line per item, or a table')
    .argument('<file>', 'the feed document, or - for stdin')
    .option('--url <base>', "the document's URL, the base for relative links")
    .option(
      '--content-type <type>',
      'the Content-Type it was served with, e.g. "application/rss+xml; charset=windows-1251"',
    )
    .option('--timezone <zone>', 'IANA zone for dates that carry none (default UTC)', parseZone)
    .option('--format <format>', 'json or table (default: table on a terminal, json otherwise)', parseFormat)
    .action(async (file: string, options: ParseFeedOptions) => {
      // Loaded here, not at the top: the other commands need not pay for the parser.
      const { parseFeed } = await import('../../lambdas/shared/feed/parse-feed');
      const parsed = parseFeed(readInput(file), {
        url: options.url,
        contentType: options.contentType,
        timezone: options.timezone,
      });
      const format = options.format ?? (process.stdout.isTTY ? 'table' : 'json');
      if (!parsed.wellFormed || parsed.warnings.length > 0) {
        const what = parsed.wellFormed ? 'note' : 'not well-formed, recovered';
        process.stderr.write(`diplowire: ${what}: ${parsed.warnings.join('; ')}\n`);
      }
      process.stdout.write(
        format === 'json' ? formatJsonLines(parsed) : formatTable(parsed, Boolean(process.stdout.isTTY)),
      );
    });
}
