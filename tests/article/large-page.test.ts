import { describe, expect, it } from 'vitest';
import { extractPage } from '../../lambdas/shared/article/extract';
import { extractLargePage, isLargePage } from '../../lambdas/shared/article/large-page';
import { normalizeDocument } from '../../lambdas/shared/article/normalize';
import { loadPages, tokenF1 } from './extraction-eval';

const clock = { now: () => new Date('2026-11-25T12:00:00.000Z') };

/** An article page of about `bytes`: nav, share bar, the article's paragraphs, related links, footer. */
function bigPage(bytes: number): { html: string; paragraphs: number } {
  const head = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ministers meet in Astana | Ministry of Foreign Affairs</title>
<meta property="article:published_time" content="2026-11-24T13:20:00Z"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<div class="share-bar"><a href="#">Share on Facebook</a></div><article><h1>Ministers meet in Astana</h1>`;
  const tail = `</article><div class="related"><ul><li><a href="/r1">A related story about something else entirely</a></li></ul></div>
<footer><p>© 2026 Ministry of Foreign Affairs. All rights reserved.</p></footer></body></html>`;
  const parts = [head];
  let size = head.length + tail.length;
  let n = 0;
  while (size < bytes) {
    const p = `<div class="block"><p>Paragraph ${n}: the ministers of Kazakhstan and Azerbaijan discussed the Middle Corridor and transport links.</p></div>\n`;
    parts.push(p);
    size += p.length;
    n++;
  }
  parts.push(tail);
  return { html: parts.join(''), paragraphs: n };
}

describe('pages too large for Readability', () => {
  it('extracts a 2 MB page in a bounded time, with all of its paragraphs and none of the chrome', () => {
    const { html, paragraphs } = bigPage(2_000_000);
    expect(html.length).toBeGreaterThanOrEqual(2_000_000);
    const start = performance.now();
    const got = extractPage(html);
    const ms = performance.now() - start;
    // Readability took 10–40 s here; the stream path takes well under a second on an idle core.
    expect(ms).toBeLessThan(5000);
    expect(got.method).toBe('stream');
    const lines = got.text.split('\n\n');
    expect(lines).toHaveLength(paragraphs);
    expect(lines[0]).toBe(
      'Paragraph 0: the ministers of Kazakhstan and Azerbaijan discussed the Middle Corridor and transport links.',
    );
    expect(lines[paragraphs - 1]).toMatch(new RegExp(`^Paragraph ${paragraphs - 1}: `));
    expect(got.text).not.toMatch(/Share on Facebook|related story|All rights reserved|Home/);
    // Metadata still comes from the head.
    expect(got.title).toBe('Ministers meet in Astana');
    expect(got.publishedAt?.iso).toBe('2026-11-24T13:20:00.000Z');
  });

  it('normalizes a 2 MB page into a record within the same bound', () => {
    const { html } = bigPage(2_000_000);
    const start = performance.now();
    const r = normalizeDocument(
      { bytes: new TextEncoder().encode(html), contentType: 'text/html; charset=utf-8', sourceId: 'xx' },
      clock,
    );
    expect(performance.now() - start).toBeLessThan(5000);
    expect(r.title).toBe('Ministers meet in Astana');
    expect(r.language).toBe('en');
    expect(r.countries).toEqual(['KZ', 'AZ']);
  });

  it('stays linear on 2 MB of hostile nesting', () => {
    const depth = 200_000; // "<div>" and "</div>" are 11 characters: 2.2 MB
    const html = `<html><body>${'<div>'.repeat(depth)}<p>The ministers met in Baku.</p>${'</div>'.repeat(depth)}</body></html>`;
    const start = performance.now();
    const got = extractPage(html);
    expect(performance.now() - start).toBeLessThan(5000);
    expect(got.text).toBe('The ministers met in Baku.');
    // Many siblings under a long run of inline elements: each lookup of the enclosing block is O(1).
    const spans = `<html><body><div>${'<span>'.repeat(50_000)}${'<div><p>Text.</p></div>'.repeat(50_000)}</div></body></html>`;
    const t2 = performance.now();
    expect(extractLargePage(spans, /x^/).split('\n\n')).toHaveLength(50_000);
    expect(performance.now() - t2).toBeLessThan(5000);
  });
});

describe('isLargePage', () => {
  it('counts characters outside scripts and styles, and tags up to the limit', () => {
    expect(isLargePage('<html><body><p>Short.</p></body></html>')).toBe(false);
    expect(isLargePage(`<html><body>${'<b>x</b>'.repeat(10_001)}</body></html>`)).toBe(true);
    expect(isLargePage(`<html><body>${'<b>x</b>'.repeat(9_990)}</body></html>`)).toBe(false);
    // 1.2 MB, nearly all of it one inline script (page state as JSON): Readability can take it.
    const state = `<script>window.__STATE__=${JSON.stringify('x'.repeat(1_200_000))}</script>`;
    expect(isLargePage(`<html><head>${state}</head><body><p>Text.</p></body></html>`)).toBe(false);
    expect(isLargePage(`<html><body><p>${'word '.repeat(240_000)}</p></body></html>`)).toBe(true);
  });
});

describe('extractLargePage', () => {
  it('takes the container with the most paragraph text, skipping hidden and boilerplate blocks', () => {
    const html = `<body><div id="menu"><p><a href="/a">A link that is long enough to count as text</a></p></div>
      <div class="story"><h2>Background</h2><p>First paragraph of the story &amp; more.</p>
      <p hidden>Hidden note.</p><div class="newsletter"><p>Subscribe to our newsletter today, it is free.</p></div>
      <p>Second<br>line.</p></div><ul class="links"><li>One</li><li>Two</li></ul></body>`;
    expect(extractLargePage(html, /(^|\s)(newsletter|menu)(\s|$)/)).toBe(
      'Background\n\nFirst paragraph of the story & more.\n\nSecond\nline.',
    );
    expect(extractLargePage('<body><div></div></body>', /x^/)).toBe('');
  });
});

describe('the stream path on the hand-labelled pages', () => {
  it('keeps main-text F1 close to the Readability path (0.993) when forced', () => {
    const pages = loadPages();
    let sum = 0;
    for (const p of pages) {
      // 10,001 empty tags in a hidden block push the page past the tag limit and add no text.
      const padded = p.html.replace(/<\/body>/i, `<div hidden>${'<i></i>'.repeat(10_001)}</div></body>`);
      const got = extractPage(padded, { url: p.expected.url });
      expect(got.method, p.name).toBe('stream');
      sum += tokenF1(got.text, p.expected.text.join('\n\n')).f1;
    }
    const mean = sum / pages.length;
    console.log(`stream path: mean main-text F1 ${mean.toFixed(3)} on ${pages.length} pages`);
    expect(mean).toBeGreaterThan(0.95);
  });
});
