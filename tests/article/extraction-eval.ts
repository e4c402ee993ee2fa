/**
 * Extraction evaluation over tests/fixtures/pages: each page has a hand-written
 * `<name>.expected.json` ({url, publishedDate, language, text: [paragraphs]}). Main-text quality is
 * token-level F1 (bag of words, as in the CleanEval/ScrapingHub article-extraction benchmarks), date
 * accuracy is the share of pages whose publication date (UTC day) is right.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractPage } from '../../lambdas/shared/article/extract';
import { htmlToText } from '../../lambdas/shared/text/html-to-text';

export const PAGES_DIR = path.resolve(import.meta.dirname, '../fixtures/pages');

export interface Expected {
  /** "heldout": written after the extraction rules were frozen, to measure them once unseen. */
  split?: 'heldout';
  url: string;
  publishedDate: string;
  language: string;
  text: string[];
}

export interface PageCase {
  name: string;
  html: string;
  expected: Expected;
}

export function loadPages(): PageCase[] {
  return readdirSync(PAGES_DIR)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.html$/, '');
      const expected = JSON.parse(
        readFileSync(path.join(PAGES_DIR, `${name}.expected.json`), 'utf8'),
      ) as Expected;
      return { name, html: readFileSync(path.join(PAGES_DIR, f), 'utf8'), expected };
    });
}

/** Words, lower case; each CJK character is a token of its own. */
export function tokens(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}]+/gu) ?? []
  );
}

export function tokenF1(got: string, want: string): { precision: number; recall: number; f1: number } {
  const g = tokens(got);
  const w = tokens(want);
  const counts = new Map<string, number>();
  for (const t of w) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of g) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      overlap++;
      counts.set(t, n - 1);
    }
  }
  const precision = g.length === 0 ? 0 : overlap / g.length;
  const recall = w.length === 0 ? 0 : overlap / w.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** @mozilla/readability alone over linkedom, for comparison. */
export function bareReadability(html: string): { text: string; date?: string } {
  const { document } = parseHTML(html);
  const parsed = new Readability(document as never).parse();
  const date = parsed?.publishedTime ? new Date(parsed.publishedTime) : undefined;
  return {
    text: parsed?.content ? htmlToText(parsed.content) : '',
    ...(date && !Number.isNaN(date.getTime()) ? { date: date.toISOString().slice(0, 10) } : {}),
  };
}

export interface EvalRow {
  page: string;
  split: 'dev' | 'heldout';
  f1: number;
  precision: number;
  recall: number;
  dateOk: boolean;
  bareF1: number;
  bareDateOk: boolean;
  method: string;
}

export function evaluate(pages: PageCase[]): EvalRow[] {
  return pages.map(({ name, html, expected }) => {
    const got = extractPage(html, { url: expected.url });
    const want = expected.text.join('\n\n');
    const score = tokenF1(got.text, want);
    const bare = bareReadability(html);
    return {
      page: name,
      split: expected.split ?? 'dev',
      f1: score.f1,
      precision: score.precision,
      recall: score.recall,
      dateOk: got.publishedAt?.iso.slice(0, 10) === expected.publishedDate,
      bareF1: tokenF1(bare.text, want).f1,
      bareDateOk: bare.date === expected.publishedDate,
      method: got.method,
    };
  });
}
