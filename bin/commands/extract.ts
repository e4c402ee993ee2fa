/** `diplowire extract FILE.html [--url URL]`: main-content extraction from one article page. */
import type { Command } from 'commander';
import { readDocument } from './normalize';

export function register(program: Command): void {
  program
    .command('extract')
    .description('main content of an article page: {title, byline, publishedAt, language, text} as JSON')
    .argument('<file>', 'the HTML page')
    .option('--url <url>', 'the page address (its path may carry the date)')
    .option('--content-type <type>', 'e.g. "text/html; charset=windows-1251"')
    .action(async (file: string, options: { url?: string; contentType?: string }) => {
      // Loaded here, not at the top: every other command would pay for readability and the detector.
      const [{ extractPage }, { detectLanguage }, { decode }] = await Promise.all([
        import('../../lambdas/shared/article/extract'),
        import('../../lambdas/shared/article/language'),
        import('../../lambdas/shared/text/decode'),
      ]);
      const html = decode(readDocument(file), {
        kind: 'html',
        ...(options.contentType ? { contentType: options.contentType } : {}),
      }).text;
      const page = extractPage(html, options.url ? { url: options.url } : {});
      const result = {
        title: page.title ?? null,
        byline: page.byline ?? null,
        publishedAt: page.publishedAt?.iso ?? null,
        language: page.language ?? detectLanguage(page.text) ?? null,
        text: page.text,
      };
      process.stdout.write(`${JSON.stringify(result, null, process.stdout.isTTY ? 2 : undefined)}\n`);
    });
}
