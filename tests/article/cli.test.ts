import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixture = path.resolve(
  repoRoot,
  '../shared/fixtures/articles/dailysabah-2022-11-09-turkiye-kazakhstan-consulate.txt',
);

afterEach(() => {
  process.exitCode = 0;
});

describe('diplowire normalize and extract', () => {
  it('normalize, run as a user runs it, prints one article record as one JSON object', async () => {
    const { stdout } = await run(
      'node',
      [path.join(repoRoot, 'bin/diplowire.js'), 'normalize', fixture, '--source', 'dailysabah'],
      { cwd: repoRoot },
    );
    const record = JSON.parse(stdout);
    expect(record.sourceId).toBe('dailysabah');
    expect(record.publishedAt).toBe('2022-11-09T00:00:00.000Z');
    expect(record.countries.slice(0, 2)).toEqual(['TR', 'KZ']);
    expect(stdout.trim().split('\n')).toHaveLength(1); // not a TTY: compact
  });

  it('normalize passes --url, --language and --timezone through', async () => {
    const { stdout, code: exitCode } = await runCli(
      'normalize',
      fixture,
      '--url',
      'https://www.dailysabah.com/x?utm_source=a',
      '--language',
      'en',
      '--timezone',
      'Europe/Istanbul',
    );
    expect(exitCode).toBe(0);
    const record = JSON.parse(stdout);
    expect(record.url).toBe('https://www.dailysabah.com/x');
    expect(record.languageSource).toBe('declared');
    expect(record.sourceId).toBe('local');
  });

  it('extract prints title, byline, date, language and text', async () => {
    const { stdout } = await runCli('extract', path.join(repoRoot, 'tests/fixtures/pages/tass-ru-news.html'));
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(['title', 'byline', 'publishedAt', 'language', 'text']);
    expect(out.title).toBe('Лавров и Чавушоглу обсудили по телефону зерновую сделку');
    expect(out.publishedAt).toBe('2022-11-02T14:15:00.000Z');
    expect(out.language).toBe('ru');
    expect(out.text).toContain('Кроме того, министры затронули ситуацию на Южном Кавказе');
  });

  it('fails with exit status 1 and one readable line for a missing file or bad input', async () => {
    const missing = await runCli('normalize', '/nonexistent/doc.txt');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('diplowire: cannot read /nonexistent/doc.txt: no such file\n');
    expect(missing.stdout).toBe('');
    const empty = await runCli('normalize', '/dev/null');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe('diplowire: the document is empty (0 bytes)\n');
  });
});
