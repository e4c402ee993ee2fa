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

describe('a date printed on its own line by the headline', () => {
  const body = (
    dateLine: string,
  ) => `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>외교부</title></head>
<body><div id="top"><a href="/">홈</a></div><div class="board"><div class="head"><h1>한-튀르키예 외교장관 전화통화</h1></div>
<p class="right">${dateLine}</p><div class="view">
<p>박진 외교부 장관은 11월 9일 오후 메블뤼트 차우쇼을루 튀르키예 외교장관과 전화통화를 갖고 양국 관계 발전 방안을 논의하였다.</p>
<p>양 장관은 흑해 곡물 이니셔티브 연장 문제와 관련하여 긴밀히 소통해 나가기로 하였다.</p></div></div></body></html>`;

  it('reads a standalone date line next to the h1 when no class or meta names it', () => {
    expect(extractPage(body('2022.11.09'), {}).publishedAt).toMatchObject({
      iso: '2022-11-09T00:00:00.000Z',
      precision: 'day',
    });
    expect(extractPage(body('（令和4年11月9日）'), {}).publishedAt?.iso).toBe('2022-11-09T00:00:00.000Z');
  });

  it('does not read a number that is not a whole date', () => {
    expect(extractPage(body('No. 261'), {}).publishedAt).toBeUndefined();
    expect(extractPage(body('조회수 1,204'), {}).publishedAt).toBeUndefined();
  });
});
