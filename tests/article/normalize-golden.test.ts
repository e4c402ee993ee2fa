/**
 * The normalizer was made faster without changing what it produces. tests/fixtures/normalize-golden.json
 * holds the records (the fields this part of the code decides; language, countries and dates have
 * their own tests) that the normalizer at commit 3671528, before that work, gave for: every bench
 * input (a ~8 KB feed item and a ~8 KB page per test page, from bench/normalize.ts), every page in
 * tests/fixtures/pages, and the Daily Sabah plain-text fixture. `contentHash` is the sha256 of the
 * text, so it pins the text character for character. Checked by hand: the Daily Sabah rawSha256
 * equals `sha256sum` of the file and its wordCount the 515 of the hand count; gov.uk's 92 words
 * equal `wc -w` of its expected paragraphs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { samples } from '../../bench/normalize-samples';
import type { ArticleRecord } from '../../lambdas/shared/article';
import { normalizeDocument } from '../../lambdas/shared/article/normalize';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const pages = path.join(repoRoot, 'tests/fixtures/pages');
const dailySabah = path.resolve(
  repoRoot,
  '../shared/fixtures/articles/dailysabah-2022-11-09-turkiye-kazakhstan-consulate.txt',
);
const golden = JSON.parse(
  readFileSync(path.join(repoRoot, 'tests/fixtures/normalize-golden.json'), 'utf8'),
) as Record<string, Record<string, unknown>>;
const clock = { now: () => new Date('2026-01-01T00:00:00Z') };

const FIELDS = [
  'articleId',
  'title',
  'titleSource',
  'summary',
  'wordCount',
  'authors',
  'categories',
  'contentHash',
  'rawSha256',
  'url',
  'guid',
] as const;

function pick(record: ArticleRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FIELDS) if (record[k] !== undefined) out[k] = record[k];
  return out;
}

function current(): Record<string, Record<string, unknown>> {
  const records: Record<string, Record<string, unknown>> = {};
  for (const s of samples()) {
    records[`bench-item:${s.name}`] = pick(
      normalizeDocument({ bytes: s.itemJson, contentType: 'application/json', sourceId: 'bench' }, clock),
    );
    records[`bench-page:${s.name}`] = pick(
      normalizeDocument({ bytes: s.page, contentType: 'text/html', sourceId: 'bench' }, clock),
    );
  }
  for (const f of readdirSync(pages).filter((n) => n.endsWith('.html'))) {
    const name = f.replace(/\.html$/, '');
    const { url } = JSON.parse(readFileSync(path.join(pages, `${name}.expected.json`), 'utf8')) as {
      url: string;
    };
    records[`page:${name}`] = pick(
      normalizeDocument({ bytes: readFileSync(path.join(pages, f)), url, sourceId: 'fixture' }, clock),
    );
  }
  records['text:dailysabah'] = pick(
    normalizeDocument({ bytes: readFileSync(dailySabah), sourceId: 'dailysabah' }, clock),
  );
  return records;
}

describe('normalizeDocument output is unchanged by the speed work', () => {
  const records = current();

  it('covers the same 64 documents as the golden file', () => {
    expect(Object.keys(records).sort()).toEqual(Object.keys(golden).sort());
    expect(Object.keys(records)).toHaveLength(64);
  });

  it.each(Object.keys(golden).sort())('%s', (key) => {
    expect(records[key]).toEqual(golden[key]);
  });
});
