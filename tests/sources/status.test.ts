import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli';
import { renderSourcesTable } from '../../bin/commands/sources';
import type { FeedState } from '../../lambdas/shared/ports';
import { loadRegistry } from '../../lambdas/shared/sources/registry';
import { describeWhen, sourcesReport } from '../../lambdas/shared/sources/status';
import { withStore } from '../../local/store-session';

const now = new Date('2026-11-25T12:00:00.000Z');
const feedBase = { language: 'en', fullText: 'page', pollMinutes: 30, timezone: 'UTC' };
const registryJson = {
  sources: [
    {
      id: 'tr-mfa',
      name: 'Republic of Türkiye Ministry of Foreign Affairs',
      kind: 'ministry',
      country: 'TR',
      feeds: [
        { ...feedBase, id: 'tr-mfa-press-en', url: 'https://www.mfa.gov.tr/en.rss.mfa?x' },
        { ...feedBase, id: 'tr-mfa-press-tr', url: 'https://www.mfa.gov.tr/tr.rss.mfa?x', enabled: false },
      ],
    },
    {
      id: 'us-state',
      name: 'U.S. Department of State',
      kind: 'ministry',
      country: 'US',
      feeds: [
        {
          ...feedBase,
          id: 'us-state-press-releases',
          url: 'https://www.state.gov/rss-feed/press-releases/feed/',
        },
      ],
    },
    {
      id: 'cn-mfa',
      name: 'Ministry of Foreign Affairs of China',
      kind: 'ministry',
      country: 'CN',
      feeds: [
        {
          ...feedBase,
          id: 'cn-mfa-news-zh',
          url: 'https://www.mfa.gov.cn/web/wjdt_674879/wjbxw_674885/',
          format: 'listing',
          listing: { item: 'ul.list1 > li', link: 'a' },
        },
      ],
    },
  ],
};
const registry = loadRegistry(registryJson);

const states: FeedState[] = [
  {
    feedId: 'tr-mfa-press-en',
    consecutiveFailures: 0,
    lastCheckedAt: '2026-11-25T11:30:00.000Z',
    lastOkAt: '2026-11-25T11:30:00.000Z',
    lastNewArticleAt: '2026-11-25T09:00:00.000Z',
    nextCheckAt: '2026-11-25T12:30:00.000Z',
    pollMinutes: 45,
    pollReason: 'every 45 min, adapted to the publishing rate',
  },
  {
    feedId: 'us-state-press-releases',
    consecutiveFailures: 3,
    lastCheckedAt: '2026-11-25T11:00:00.000Z',
    lastError: {
      code: 'html-instead-of-feed',
      message: 'the server returned an HTML page, not a feed: <title>Technical Difficulties</title>',
      at: '2026-11-25T11:00:00.000Z',
    },
    nextCheckAt: '2026-11-25T11:50:00.000Z',
  },
  { feedId: 'old-feed', consecutiveFailures: 0, lastCheckedAt: '2026-11-01T00:00:00.000Z' },
];

describe('sourcesReport', () => {
  const report = sourcesReport(registry, states, now);
  const feed = (id: string) => report.sources.flatMap((s) => s.feeds).find((f) => f.feedId === id)!;

  it('marks each feed ok, failing with the reason, never checked or disabled', () => {
    expect(feed('tr-mfa-press-en')).toMatchObject({
      status: 'ok',
      due: false,
      pollMinutes: 45,
      nextCheckReason: 'every 45 min, adapted to the publishing rate',
    });
    expect(feed('tr-mfa-press-en').problem).toBeUndefined();
    expect(feed('us-state-press-releases')).toMatchObject({
      status: 'failing',
      consecutiveFailures: 3,
      problem:
        'html-instead-of-feed: the server returned an HTML page, not a feed: <title>Technical Difficulties</title>',
      // 11:50 is before 12:00: due at the next run.
      due: true,
      pollMinutes: 30,
    });
    expect(feed('cn-mfa-news-zh')).toMatchObject({ status: 'never checked', format: 'listing', due: true });
    expect(feed('tr-mfa-press-tr')).toMatchObject({ status: 'disabled', enabled: false, due: false });
    expect(report.totals).toEqual({ feeds: 4, ok: 1, failing: 1, 'never checked': 1, disabled: 1 });
  });

  it('lists stored states of feeds the sources file does not name', () => {
    expect(report.unknownFeeds).toEqual([{ feedId: 'old-feed', lastCheckedAt: '2026-11-01T00:00:00.000Z' }]);
  });

  it('renders a table with one row per feed and a totals line', () => {
    const text = renderSourcesTable(report, now, false);
    expect(text).toContain('tr-mfa-press-en');
    expect(text).toContain('failing ×3');
    expect(text).toContain('cn-mfa-news-zh');
    expect(text).toContain('(listing)');
    expect(text).toContain('4 feeds: 1 ok, 1 failing, 1 never checked, 1 disabled');
    expect(text).toContain('not in this sources file (pass --sources): old-feed');
    // No colour codes when the output is not a terminal.
    expect(text).not.toContain('\u001b[');
  });
});

describe('describeWhen', () => {
  it('gives the UTC minute and how far it is from now', () => {
    expect(describeWhen('2026-11-25T12:30:00.000Z', now)).toBe('2026-11-25 12:30 UTC (in 30 min)');
    expect(describeWhen('2026-11-25T09:00:00.000Z', now)).toBe('2026-11-25 09:00 UTC (3 h ago)');
    expect(describeWhen('2026-11-20T12:00:00.000Z', now)).toBe('2026-11-20 12:00 UTC (5 days ago)');
    expect(describeWhen(undefined, now)).toBe('');
  });
});

describe('diplowire sources', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-sources-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<{ out: string; err: string; code: number }> {
    let out = '';
    let err = '';
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => {
      out += chunk;
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => {
      err += chunk;
      return true;
    }) as typeof process.stderr.write;
    const before = process.exitCode;
    try {
      await main(['node', 'diplowire', ...args]);
      return { out, err, code: Number(process.exitCode ?? 0) };
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      process.exitCode = before;
    }
  }

  it('reads feed states from the local store and prints one JSON object', async () => {
    const data = path.join(dir, 'data');
    const sourcesFile = path.join(dir, 'sources.json');
    writeFileSync(sourcesFile, JSON.stringify(registryJson));
    await withStore(data, async (stores) => {
      for (const state of states) await stores.feedStates.put(state);
    });
    const { out, code } = await run([
      'sources',
      '--format',
      'json',
      '--sources',
      sourcesFile,
      '--data',
      data,
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    const failing = report.sources[1].feeds[0];
    expect(failing.feedId).toBe('us-state-press-releases');
    expect(failing.status).toBe('failing');
    expect(failing.problem).toMatch(/^html-instead-of-feed: /);
    expect(report.totals).toEqual({ feeds: 4, ok: 1, failing: 1, 'never checked': 1, disabled: 1 });
  });

  it('names the bad entry and exits non-zero on an invalid sources file', async () => {
    const bad = path.join(dir, 'bad.json');
    const broken = structuredClone(registryJson);
    broken.sources[2]!.feeds[0]!.timezone = 'Asia/Bejing';
    writeFileSync(bad, JSON.stringify(broken));
    const { err, code } = await run(['sources', '--sources', bad, '--data', path.join(dir, 'none')]);
    expect(code).toBe(1);
    expect(err).toBe(
      `diplowire: ${bad}: sources[2].feeds[0] (cn-mfa-news-zh): timezone "Asia/Bejing" is not an IANA time zone\n`,
    );
  });
});
