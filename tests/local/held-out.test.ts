/**
 * Held-out-style feeds (tests/fixtures/held-out: modelled on what foreign ministries publish, written
 * for this test, not taken from shared/) through the whole pipeline exactly as the checker
 * runs it: served on loopback, `run --once --sources FILE --allow-private-network --data DIR`, then
 * `articles --format json` and `sources --format json`. Expected values are in expected.ts, by hand.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../lambdas/shared/article';
import type { SourcesReport } from '../../lambdas/shared/sources/status';
import { REPO_ROOT } from '../../local/templates';
import { expectedArticles, expectedFailures } from '../fixtures/held-out/expected';
import { type CliResult, runCli } from '../support/cli';
import { type FeedServer, startFeedServer } from '../support/feed-server';

const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/held-out');

interface RouteSpec {
  file?: string;
  versions?: string[];
  encodeAs?: string;
  bom?: boolean;
  contentType?: string;
  etag?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  redirect?: string;
  hang?: boolean;
}

const routes = (
  JSON.parse(readFileSync(path.join(FIXTURES, 'routes.json'), 'utf8')) as {
    routes: Record<string, RouteSpec>;
  }
).routes;

/** A fixture's bytes as the route sends them: '{{base}}' filled in, re-encoded, BOM if asked. */
function bytesOf(file: string, spec: RouteSpec, origin: string): Buffer {
  const text = readFileSync(path.join(FIXTURES, file), 'utf8').replaceAll('{{base}}', origin);
  const encoding = spec.encodeAs ?? 'utf-8';
  const encoded = iconv.encode(text, encoding);
  // A character the target charset lacks would silently become '?': the fixture would lie.
  if (iconv.decode(encoded, encoding) !== text) throw new Error(`${file} does not fit ${encoding}`);
  return spec.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encoded]) : encoded;
}

/** The fixture routes as handlers on the shared loopback server (which counts the hits). */
async function serveFixtures(): Promise<FeedServer> {
  const server = await startFeedServer();
  for (const [pathname, spec] of Object.entries(routes)) {
    server.routes.set(pathname, (req, res) => {
      if (spec.redirect) {
        res.writeHead(302, { location: spec.redirect }).end();
        return;
      }
      const type = spec.contentType ? { 'content-type': spec.contentType } : {};
      if (spec.hang) {
        // Headers and the start of a document, then silence: only the client's timeout (or close()) ends it.
        res.writeHead(200, type);
        res.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>MSZ</title>');
        return;
      }
      if (spec.etag && req.headers['if-none-match'] === spec.etag) {
        res.writeHead(304, { etag: spec.etag }).end();
        return;
      }
      const hit = server.hits.get(pathname) ?? 1;
      const file = spec.versions ? spec.versions[Math.min(hit, spec.versions.length) - 1] : spec.file;
      const body = file ? bytesOf(file, spec, server.origin) : Buffer.from(spec.body ?? '');
      res.writeHead(spec.status ?? 200, {
        ...type,
        ...spec.headers,
        'content-length': body.length,
        ...(spec.etag ? { etag: spec.etag } : {}),
      });
      res.end(body);
    });
  }
  return server;
}

function pick<K extends keyof ArticleRecord>(
  record: Partial<ArticleRecord> | undefined,
  keys: K[],
): Partial<Pick<ArticleRecord, K>> {
  const out: Partial<Pick<ArticleRecord, K>> = {};
  for (const k of keys) if (record?.[k] !== undefined) out[k] = record[k];
  return out;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-held-out-'));
const sourcesFile = path.join(tmp, 'sources.json');
const data = path.join(tmp, 'data');

const feedLines = (out: string) =>
  new Map(
    [...out.matchAll(/^feed (\S+): (\S+), (\d+) discovered(?: \((.*)\))?$/gm)].map((m) => [
      m[1]!,
      { status: m[2]!, discovered: Number(m[3]), reason: m[4] },
    ]),
  );

describe('held-out-style ministry feeds through run --once', () => {
  let served: FeedServer;
  let first: CliResult;
  let second: CliResult;
  let stored: ArticleRecord[];
  let storedAfterSecond: ArticleRecord[];
  let report: SourcesReport;
  const expected = () =>
    expectedArticles.map((a) => ({ ...a, url: a.url.replace('{{base}}', served.origin) }));

  beforeAll(async () => {
    served = await serveFixtures();
    writeFileSync(
      sourcesFile,
      readFileSync(path.join(FIXTURES, 'sources.json'), 'utf8').replaceAll('{{base}}', served.origin),
    );
    const run = ['run', '--once', '--sources', sourcesFile, '--allow-private-network', '--data', data];
    first = await runCli(...run);
    const listed = await runCli('articles', '--format', 'json', '--data', data);
    stored = listed.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ArticleRecord);
    report = JSON.parse(
      (await runCli('sources', '--format', 'json', '--sources', sourcesFile, '--data', data)).stdout,
    ) as SourcesReport;
    // The second run leaves out the server that never answers: it would only cost another 15 s.
    const registry = JSON.parse(readFileSync(sourcesFile, 'utf8')) as { sources: Array<{ id: string }> };
    registry.sources = registry.sources.filter((s) => s.id !== 'pl-msz');
    writeFileSync(sourcesFile, JSON.stringify(registry));
    second = await runCli(...run);
    const again = await runCli('articles', '--format', 'json', '--data', data);
    storedAfterSecond = again.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ArticleRecord);
    // The hanging feed holds the first run for the HTTP client's 15 s idle timeout; leave room on a busy machine.
  }, 120_000);

  afterAll(async () => {
    await served?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('stores every expected article exactly once and nothing else', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(stored.map((r) => r.url).sort()).toEqual(
      expected()
        .map((a) => a.url)
        .sort(),
    );
    expect(new Set(stored.map((r) => r.articleId)).size).toBe(stored.length);
  });

  /** One row per expected article: what was stored next to what was expected, compared in one go. */
  const rows = <K extends 'title' | 'sourceId' | 'publishedAt' | 'datePrecision' | 'language'>(keys: K[]) => {
    const byUrl = new Map(stored.map((r) => [r.url, r]));
    return {
      actual: expected().map((a) => ({ url: a.url, ...pick(byUrl.get(a.url), keys) })),
      wanted: expected().map((a) => ({
        url: a.url,
        ...pick({ ...a, datePrecision: a.precision } as Partial<ArticleRecord>, keys),
      })),
    };
  };

  it('decodes every title and keeps it as the publisher wrote it', () => {
    const { actual, wanted } = rows(['title', 'sourceId']);
    expect(actual).toEqual(wanted);
  });

  it('dates every article right, with its precision, and invents no date', () => {
    const { actual, wanted } = rows(['publishedAt', 'datePrecision']);
    expect(actual).toEqual(wanted);
  });

  it('gives every article its language', () => {
    const { actual, wanted } = rows(['language']);
    expect(actual).toEqual(wanted);
  });

  it('reports each broken feed with its reason in the run output and leaves the others ok', () => {
    const lines = feedLines(first.stdout);
    const failed = new Set(expectedFailures.map((f) => f.feedId));
    for (const f of expectedFailures) {
      // 429 is reported as failed on the run that receives it (the wait shows in the feed state).
      expect({ feed: f.feedId, status: lines.get(f.feedId)?.status }).toEqual({
        feed: f.feedId,
        status: 'failed',
      });
      expect(lines.get(f.feedId)?.reason).toMatch(new RegExp(`^${f.code}: `));
    }
    const healthy = [...lines].filter(([id]) => !failed.has(id));
    expect(healthy.map(([id, l]) => [id, l.status])).toEqual(healthy.map(([id]) => [id, 'ok']));
    expect(lines.size).toBe(22);
    // "unchanged" may count the item both us-state feeds carry: each feed announces it, the second
    // normalization finds it stored (one record either way, checked above).
    expect(first.stdout).toMatch(
      new RegExp(
        `feeds ok 13, failed 9; articles new ${expectedArticles.length}, updated 0, unchanged [01];`,
      ),
    );
  });

  it('keeps each failure in the feed state, with the Retry-After wait of the 429', () => {
    const feeds = new Map(report.sources.flatMap((s) => s.feeds).map((f) => [f.feedId, f]));
    for (const f of expectedFailures) {
      expect({ feed: f.feedId, status: feeds.get(f.feedId)?.status }).toEqual({
        feed: f.feedId,
        status: 'failing',
      });
      expect(feeds.get(f.feedId)?.problem).toMatch(new RegExp(`^${f.code}: `));
    }
    const wait = Date.parse(feeds.get('nl-minbuza-news')?.nextCheckAt ?? '') - Date.now();
    // Retry-After: 3600 (less the seconds the run took).
    expect(wait).toBeGreaterThan(3500_000);
    expect(wait).toBeLessThanOrEqual(3600_000);
    expect(report.totals).toMatchObject({ feeds: 22, ok: 13, failing: 9 });
  });

  it('stores nothing new on a second run, although GOV.UK changed every entry id', () => {
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/articles new 0, updated 0, /);
    const lines = feedLines(second.stdout);
    expect(lines.get('gb-fcdo-activity')?.status).toBe('ok'); // fetched again (no validators) …
    expect(served.hits.get('/gb-fcdo.atom')).toBe(2); // … and the second version was served
    expect(served.hits.get('/gb-fcdo/announcements.atom')).toBe(2);
    expect(lines.get('ru-mid-news')?.status).toBe('not-modified');
    expect(lines.get('nl-minbuza-news')?.reason).toMatch(/^server asked to wait until /);
    expect(storedAfterSecond.map((r) => `${r.articleId}:${r.contentHash}`).sort()).toEqual(
      stored.map((r) => `${r.articleId}:${r.contentHash}`).sort(),
    );
  });

  // GOV.UK entries carry only <updated>, which stands in for the publication date: the edited entry
  // must not move the article's date to the edit time.
  it('keeps the first publication date when GOV.UK re-serves an edited entry', () => {
    const dates = (records: ArticleRecord[]) => records.map((r) => `${r.url} ${r.publishedAt}`).sort();
    expect(dates(storedAfterSecond)).toEqual(dates(stored));
  });
});
