/**
 * Normalization throughput on ~8 KB articles in the languages of the test pages, per CPU-second:
 *  - feed items whose content is ~8 KB of HTML (decode, html-to-text, language, countries, hashes);
 *  - whole ~8 KB article pages (the same plus main-content extraction);
 *  - extraction alone, language detection alone and html-to-text alone, to show where time goes.
 * Inputs are built from tests/fixtures/pages (their hand-written paragraphs, repeated to ~8 KB).
 */
import { findCountries } from '../lambdas/shared/article/countries';
import { extractPage } from '../lambdas/shared/article/extract';
import { detectLanguage, SAMPLE_CHARS } from '../lambdas/shared/article/language';
import { normalizeDocument } from '../lambdas/shared/article/normalize';
import { htmlToText } from '../lambdas/shared/text/html-to-text';
import { languageLoadRow } from './language-load';
import { type Sample, samples } from './normalize-samples';
import type { BenchRow } from './types';

const clock = { now: () => new Date('2026-01-01T00:00:00Z') };

/**
 * Calls `fn` over the samples for about `ms` milliseconds of CPU time after a warm-up; returns
 * calls per CPU-second of this process, i.e. the rate on one core. CPU time rather than wall time
 * because a shared machine (CI, six parallel jobs) otherwise measures the neighbours.
 */
function rate(items: Sample[], fn: (s: Sample) => unknown, ms = 2000): number {
  for (let i = 0; i < 50; i++) fn(items[i % items.length] as Sample);
  let n = 0;
  const start = process.cpuUsage();
  let used = 0;
  while (used < ms * 1000) {
    for (let i = 0; i < 20; i++) fn(items[(n + i) % items.length] as Sample);
    n += 20;
    const d = process.cpuUsage(start);
    used = d.user + d.system;
  }
  return (n * 1e6) / used;
}

export async function run(): Promise<BenchRow[]> {
  const items = samples();
  const avgKb = items.reduce((a, s) => a + s.itemJson.length, 0) / items.length / 1024;
  const pageKb = items.reduce((a, s) => a + s.page.length, 0) / items.length / 1024;
  const area = 'normalize';
  return [
    {
      area,
      metric: 'feed items normalized (language + countries included)',
      value: rate(items, (s) =>
        normalizeDocument({ bytes: s.itemJson, contentType: 'application/json', sourceId: 'bench' }, clock),
      ),
      unit: 'articles/s',
      note: `goal >= 2000/s; ${items.length} languages, ${avgKb.toFixed(1)} KB each`,
    },
    {
      area,
      metric: 'article pages normalized (with extraction)',
      value: rate(items, (s) =>
        normalizeDocument({ bytes: s.page, contentType: 'text/html', sourceId: 'bench' }, clock),
      ),
      unit: 'articles/s',
      note: `${pageKb.toFixed(1)} KB pages; readability over linkedom dominates`,
    },
    { area, metric: 'extraction only', value: rate(items, (s) => extractPage(s.pageHtml)), unit: 'pages/s' },
    {
      area,
      metric: `language detection only (${SAMPLE_CHARS}-char sample)`,
      value: rate(items, (s) => detectLanguage(s.text)),
      unit: 'articles/s',
    },
    {
      area,
      metric: 'language detector loaded cold (bundled: import + first call)',
      ...(await languageLoadRow()),
    },
    {
      area,
      metric: 'html-to-text only',
      value: rate(items, (s) => htmlToText(s.contentHtml)),
      unit: 'articles/s',
      note: 'reference',
    },
    {
      area,
      metric: 'country tagging only',
      value: countryTaggingMicros(items),
      unit: 'µs/article',
      note: 'CPU; goal <= 40; text in its detected language',
    },
    {
      area,
      metric: '2 MB page extracted (stream path, no Readability)',
      value: largePageMs(),
      unit: 'ms',
      note: 'best of 3; Readability took 10-40 s on such pages',
    },
  ];
}

/** Milliseconds (CPU) to extract a generated 2 MB article page, best of three. */
function largePageMs(): number {
  const paragraph =
    '<div class="block"><p>The ministers of Kazakhstan and Azerbaijan discussed the Middle Corridor and transport links.</p></div>\n';
  const html = `<!doctype html><html><head><title>Talks</title></head><body><article><h1>Talks</h1>${paragraph.repeat(
    Math.ceil(2_000_000 / paragraph.length),
  )}</article></body></html>`;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    extractPage(html);
    const d = process.cpuUsage(start);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

/** CPU microseconds per findCountries call, each sample's text in its detected language. */
function countryTaggingMicros(items: Sample[]): number {
  const langs = new Map(items.map((s) => [s, detectLanguage(s.text) ?? 'en']));
  return 1e6 / rate(items, (s) => findCountries(s.text, langs.get(s) ?? 'en'));
}
