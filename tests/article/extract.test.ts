import { describe, expect, it } from 'vitest';
import { extractPage } from '../../lambdas/shared/article/extract';
import { evaluate, loadPages, tokenF1 } from './extraction-eval';

const pages = loadPages();

describe('extraction quality on hand-labelled pages (tests/fixtures/pages)', () => {
  const rows = evaluate(pages);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const f1 = mean(rows.map((r) => r.f1));
  const dateAccuracy = rows.filter((r) => r.dateOk).length / rows.length;

  it('prints per-page scores and the comparison with bare readability', () => {
    console.table(
      rows.map((r) => ({
        page: r.page,
        split: r.split,
        f1: r.f1.toFixed(3),
        precision: r.precision.toFixed(3),
        recall: r.recall.toFixed(3),
        date: r.dateOk ? 'ok' : 'WRONG',
        method: r.method,
        'readability f1': r.bareF1.toFixed(3),
        'readability date': r.bareDateOk ? 'ok' : 'WRONG',
      })),
    );
    const bareF1 = mean(rows.map((r) => r.bareF1));
    const bareDates = rows.filter((r) => r.bareDateOk).length / rows.length;
    console.log(
      `pages ${rows.length}: main-text F1 ${f1.toFixed(3)} (bare readability ${bareF1.toFixed(3)}), date accuracy ${dateAccuracy.toFixed(3)} (bare readability ${bareDates.toFixed(3)})`,
    );
    for (const split of ['dev', 'heldout'] as const) {
      const of = rows.filter((r) => r.split === split);
      console.log(
        `${split} (${of.length} pages): F1 ${mean(of.map((r) => r.f1)).toFixed(3)} (readability ${mean(of.map((r) => r.bareF1)).toFixed(3)}), dates ${of.filter((r) => r.dateOk).length}/${of.length}`,
      );
    }
    expect(rows.length).toBeGreaterThanOrEqual(10);
  });

  it('reaches a mean main-text F1 of at least 0.97', () => {
    expect(f1).toBeGreaterThanOrEqual(0.97);
  });

  it('gets the publication date right on at least 91% of pages', () => {
    expect(dateAccuracy).toBeGreaterThanOrEqual(0.91);
  });
});

describe('tokenF1', () => {
  it('scores by hand-checked examples', () => {
    expect(tokenF1('a b c', 'a b c').f1).toBe(1);
    // got 4 tokens, 2 right: precision 0.5; want 2 tokens, both found: recall 1; F1 = 2/3.
    expect(tokenF1('a b x y', 'a b').f1).toBeCloseTo(2 / 3, 10);
    expect(tokenF1('', 'a').f1).toBe(0);
    expect(tokenF1('两国', '两国外长').recall).toBe(0.5);
  });
});

describe('extractPage details', () => {
  it('reads the title, byline, date and language of a JSON-LD news page', () => {
    const page = pages.find((p) => p.name === 'dailysabah-news');
    const got = extractPage(page?.html ?? '', {});
    expect(got.title).toBe('Türkiye, Kazakhstan agree to boost trade to $10B');
    expect(got.byline).toBe('Daily Sabah with AA');
    expect(got.publishedAt).toEqual({ iso: '2022-11-09T11:21:00.000Z', precision: 'time' });
    expect(got.language).toBe('en');
    expect(got.text).not.toMatch(/cookies|Subscribe|Related News|Share on/);
  });

  it('takes the date from the URL path when the page gives none', () => {
    const html = `<html><body><article><h1>T</h1><p>${'Ministers met in Madrid today to sign an agreement on trade. '.repeat(8)}</p></article></body></html>`;
    expect(extractPage(html, { url: 'https://example.es/notas/2021/04/07/x.aspx' }).publishedAt?.iso).toBe(
      '2021-04-07T00:00:00.000Z',
    );
  });

  it('falls back to the densest block when readability finds nothing', () => {
    const html =
      '<html><body><div class="menu"><a href="/">Home</a></div><div><p>The ministers met in Baku.</p><p>They signed a deal.</p></div></body></html>';
    const got = extractPage(html, {});
    expect(got.text).toBe('The ministers met in Baku.\n\nThey signed a deal.');
  });

  it('hands deeply nested pages to the linear stream extractor (readability takes seconds per 500 levels)', () => {
    const depth = 1000;
    const html = `<html><body>${'<div class="box">'.repeat(depth)}<p>The ministers met in Baku.</p>${'</div>'.repeat(depth)}</body></html>`;
    const got = extractPage(html, {});
    expect(got.method).toBe('stream');
    expect(got.text).toBe('The ministers met in Baku.');
  });

  it('returns empty text, not an exception, for a page without content', () => {
    expect(extractPage('<html><body></body></html>', {}).text).toBe('');
    expect(extractPage('', {}).text).toBe('');
  });
});
