/**
 * Normalization throughput on ~8 KB articles in the languages of the test pages, per CPU-second:
 *  - feed items whose content is ~8 KB of HTML (decode, html-to-text, language, countries, hashes);
 *  - whole ~8 KB article pages (the same plus main-content extraction);
 *  - extraction alone, language detection alone and html-to-text alone, to show where time goes.
 * Inputs are built from tests/fixtures/pages (their hand-written paragraphs, repeated to ~8 KB).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractPage } from '../lambdas/shared/article/extract';
import { detectLanguage, SAMPLE_CHARS } from '../lambdas/shared/article/language';
import { normalizeDocument } from '../lambdas/shared/article/normalize';
import { htmlToText } from '../lambdas/shared/text/html-to-text';
import type { BenchRow } from './types';

const PAGES = path.resolve(import.meta.dirname, '../tests/fixtures/pages');
const TARGET_BYTES = 8 * 1024;
const clock = { now: () => new Date('2026-01-01T00:00:00Z') };
const encoder = new TextEncoder();

interface Sample {
  itemJson: Uint8Array;
  page: Uint8Array;
  pageHtml: string;
  contentHtml: string;
  text: string;
}

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const f of readdirSync(PAGES).filter((n) => n.endsWith('.expected.json'))) {
    const expected = JSON.parse(readFileSync(path.join(PAGES, f), 'utf8')) as { url: string; text: string[] };
    const paragraphs: string[] = [];
    let size = 0;
    for (let i = 0; size < TARGET_BYTES - 1500; i++) {
      const p = expected.text[i % expected.text.length] as string;
      paragraphs.push(p);
      size += encoder.encode(p).length + 7;
    }
    const contentHtml = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
    const item = {
      url: expected.url,
      title: paragraphs[0]?.slice(0, 80),
      contentHtml,
      authors: [],
      categories: [],
      publishedAt: '2022-11-09T10:00:00+03:00',
    };
    // A page around the same content: navigation, share bar, related links, footer (~1.5 KB).
    const pageHtml = `<!doctype html><html><head><meta charset="utf-8"><title>${item.title}</title><meta property="article:published_time" content="2022-11-09T10:00:00+03:00"></head><body><nav><ul>${'<li><a href="/x">Section</a></li>'.repeat(12)}</ul></nav><div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a></div><article><h1>${item.title}</h1>${contentHtml}</article><aside class="related"><ul>${'<li><a href="/r">A related story with a longer headline</a></li>'.repeat(8)}</ul></aside><footer><p>© 2022 Publisher. All rights reserved.</p></footer></body></html>`;
    out.push({
      itemJson: encoder.encode(JSON.stringify(item)),
      page: encoder.encode(pageHtml),
      pageHtml,
      contentHtml,
      text: htmlToText(contentHtml),
    });
  }
  return out;
}

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
      metric: 'html-to-text only',
      value: rate(items, (s) => htmlToText(s.contentHtml)),
      unit: 'articles/s',
      note: 'reference',
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
