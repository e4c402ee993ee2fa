import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);
const tmp = mkdtempSync(path.join(tmpdir(), 'diplowire-parse-feed-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the real executable (slow: a fresh Node and tsx each time), for the end-to-end checks. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/diplowire.js', 'parse-feed', ...args], {
      cwd: repoRoot,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('diplowire parse-feed', () => {
  it('prints the feed line first, then one JSON line per item with every field', async () => {
    const out = await cli(
      'samples/feeds/parse-feed-multilingual.xml',
      '--format',
      'json',
      '--timezone',
      'Europe/Istanbul',
    );
    expect(out.code).toBe(0);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      feed: {
        title: 'Ministry of Foreign Affairs · Press releases (sample)',
        url: 'https://mfa.example.org/en/press/',
        language: 'en',
        format: 'rss',
        encoding: 'utf-8',
      },
    });
    expect(lines).toHaveLength(6);
    expect(Object.keys(lines[1])).toEqual([
      'guid',
      'url',
      'title',
      'summary',
      'contentText',
      'contentHtml',
      'authors',
      'categories',
      'publishedAt',
      'updatedAt',
      'language',
    ]);
    // The relative link is resolved against the channel link and loses its utm_* parameters; the
    // script and the onclick are gone from the content.
    expect(lines[1]).toMatchObject({
      url: 'https://mfa.example.org/en/press/2026/11/fm-meets-nato-sg.html',
      publishedAt: '2026-11-24T15:20:00.000Z',
      authors: ['Press Office'],
      updatedAt: null,
    });
    expect(lines[1].contentHtml).not.toMatch(/script|onclick/);
    // "23 Kasım 2026 Pazartesi 14:30" has no zone: Istanbul time (UTC+3) is 11:30 UTC.
    expect(lines[2]).toMatchObject({ language: 'tr', publishedAt: '2026-11-23T11:30:00.000Z', guid: null });
    expect(lines[5]).toMatchObject({
      language: 'zh',
      title: '外交部长会见中国外交部长',
      publishedAt: '2026-11-21T06:30:00.000Z',
    });
  });

  it('prints a table when asked', async () => {
    const out = await runCli(
      'parse-feed',
      path.join(repoRoot, 'samples/feeds/parse-feed-multilingual.xml'),
      '--format',
      'table',
    );
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe(
      'Ministry of Foreign Affairs · Press releases (sample) · rss · utf-8 · en · 5 items',
    );
    expect(out.stdout).toContain('Déclaration conjointe');
  });

  it('fails with one line on stderr and exit status 1 for a page that is not a feed', async () => {
    const file = path.join(tmp, 'page.html');
    writeFileSync(file, '<!doctype html><html><head><title>Maintenance</title></head></html>');
    const out = await runCli('parse-feed', file);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      'diplowire: the server returned an HTML page, not a feed: <title>Maintenance</title>\n',
    );
  });

  it('says when the file cannot be read', async () => {
    const out = await runCli('parse-feed', path.join(tmp, 'missing.xml'));
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`diplowire: cannot read ${path.join(tmp, 'missing.xml')}: no such file\n`);
  });

  it('reads the charset from --content-type', async () => {
    const file = path.join(tmp, 'cp1251.xml');
    // "Новости" in windows-1251: Н=CD о=EE в=E2 о=EE с=F1 т=F2 и=E8
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('<rss><channel><title>'),
        Buffer.from([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]),
        Buffer.from('</title></channel></rss>'),
      ]),
    );
    const out = await runCli(
      'parse-feed',
      file,
      '--content-type',
      'text/xml; charset=windows-1251',
      '--format',
      'json',
    );
    expect(JSON.parse(out.stdout.split('\n')[0]!).feed).toMatchObject({
      title: 'Новости',
      encoding: 'windows-1251',
    });
  });
});
