/**
 * The normalize bench's inputs, one per test page in tests/fixtures/pages: its hand-written
 * paragraphs repeated to ~8 KB, as a feed item (JSON) and as a whole page. A module of its own so
 * that tests/article/normalize-golden.test.ts can build the same inputs without the bench's imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { htmlToText } from '../lambdas/shared/text/html-to-text';

const PAGES = path.resolve(import.meta.dirname, '../tests/fixtures/pages');
const TARGET_BYTES = 8 * 1024;
const encoder = new TextEncoder();

export interface Sample {
  /** The test page it was built from, e.g. "aa-tr-haber". */
  name: string;
  itemJson: Uint8Array;
  page: Uint8Array;
  pageHtml: string;
  contentHtml: string;
  text: string;
}

/** The bench inputs, one per test page, in file-name order. */
export function samples(): Sample[] {
  const out: Sample[] = [];
  for (const f of readdirSync(PAGES)
    .filter((n) => n.endsWith('.expected.json'))
    .sort()) {
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
      name: f.replace(/\.expected\.json$/, ''),
      itemJson: encoder.encode(JSON.stringify(item)),
      page: encoder.encode(pageHtml),
      pageHtml,
      contentHtml,
      text: htmlToText(contentHtml),
    });
  }
  return out;
}
