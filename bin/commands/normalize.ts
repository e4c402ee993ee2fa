/** `diplowire normalize FILE [--url URL] [--source ID] [--content-type TYPE] [--language L] [--timezone Z]` */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock } from '../../lambdas/shared/ports';

interface NormalizeOptions {
  url?: string;
  source: string;
  contentType?: string;
  language?: string;
  timezone?: string;
}

/** Reads FILE, turning the system's ENOENT/EISDIR into a sentence. */
export function readDocument(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new Error(`cannot read ${file}: ${why}`);
  }
}

export function register(program: Command): void {
  program
    .command('normalize')
    .description('one raw document (feed item JSON, HTML page or plain text) to one article record, as JSON')
    .argument('<file>', 'the raw document')
    .option('--url <url>', 'the address the document came from (gives the articleId)')
    .option('--source <id>', 'source id to put in the record', 'local')
    .option('--content-type <type>', 'e.g. "text/html; charset=windows-1251" (sniffed when absent)')
    .option('--language <tag>', 'declared language (kept when the text agrees)')
    .option('--timezone <zone>', 'IANA zone for dates that carry none, e.g. Europe/Istanbul')
    .action(async (file: string, options: NormalizeOptions) => {
      // Loaded here, not at the top: every other command would pay for the normalizer's data.
      const { normalizeDocument } = await import('../../lambdas/shared/article/normalize');
      const record = normalizeDocument(
        {
          bytes: readDocument(file),
          sourceId: options.source,
          ...(options.url ? { url: options.url } : {}),
          ...(options.contentType ? { contentType: options.contentType } : {}),
          ...(options.language ? { declaredLanguage: options.language } : {}),
          ...(options.timezone ? { timezone: options.timezone } : {}),
        },
        systemClock,
      );
      // One JSON object either way; indented for a person at a terminal.
      process.stdout.write(`${JSON.stringify(record, null, process.stdout.isTTY ? 2 : undefined)}\n`);
    });
}
