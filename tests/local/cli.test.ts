/**
 * The runner's commands as a person runs them: separate processes, exit status, stdout and stderr.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../lambdas/shared/article';
import { REPO_ROOT } from '../../local/templates';

const fixture = path.resolve(
  REPO_ROOT,
  '../shared/fixtures/articles/dailysabah-2022-11-09-turkiye-kazakhstan-consulate.txt',
);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function diplowire(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/diplowire.js'), ...args],
      { cwd: tmp, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the runner commands as separate processes', () => {
  const data = path.join(tmp, 'store');

  it('imports the Daily Sabah document, reads it back as JSON Lines, and fails bad input with one line', async () => {
    const pdf = path.join(tmp, 'report.pdf');
    writeFileSync(pdf, '%PDF-1.4');
    // Independent processes run side by side: each one pays the CLI's start-up.
    const [imported, unknown, dlq] = await Promise.all([
      diplowire('import', fixture, '--source', 'dailysabah', '--data', data),
      diplowire('import', pdf, '--data', path.join(tmp, 'other')),
      diplowire('dlq', 'list', '--format', 'json', '--data', path.join(tmp, 'empty')),
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/-> raw\/import\/dailysabah\/[0-9a-f]{16}\.txt\n/);
    expect(imported.stdout).toContain('articles new 1, updated 0, unchanged 0');

    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe(
      `diplowire: ${pdf}: cannot tell what kind of document this is; use .txt, .html or .json (a feed item)\n`,
    );
    expect(dlq).toMatchObject({ code: 0, stdout: '' });

    const listed = await diplowire('articles', '--format', 'json', '--data', data);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as ArticleRecord;
    // Values from the normalization issue, checked by hand against the document.
    expect(record.sourceId).toBe('dailysabah');
    expect(record.publishedAt).toBe('2022-11-09T00:00:00.000Z');
    expect(record.datePrecision).toBe('day');
    expect(record.language).toBe('en');
    expect(record.countries.slice(0, 2)).toEqual(['TR', 'KZ']);
    expect(record.countries).toEqual(expect.arrayContaining(['AZ', 'KG', 'UZ', 'HU', 'TM']));
    expect(record.title.startsWith('Türkiye’s new honorary consulate')).toBe(true);
    expect(record.titleSource).toBe('derived');
    expect(record.rawKey).toMatch(/^raw\/import\/dailysabah\//);
  }, 180_000); // Each process pays the CLI's start-up (seconds on a loaded machine).
});
