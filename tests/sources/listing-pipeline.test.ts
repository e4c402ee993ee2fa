/**
 * A listing page end to end on the embedded default: the demo's Chinese ministry listing and its
 * article pages, served on loopback, through the real handlers, dynalite and s3rver. Its articles
 * must come out like those of a feed whose pages are fetched (the Turkish ministry's).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../lambdas/shared/article';
import { type SampleServer, serveSamples } from '../../local/demo-server';
import { LocalPipeline } from '../../local/pipeline';
import { allArticles } from '../../local/queries';
import { runOnce } from '../../local/run';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-listing-'));

describe('a listing page through the local pipeline', () => {
  let server: SampleServer;
  let pipeline: LocalPipeline;
  let first: Awaited<ReturnType<typeof runOnce>>;
  let second: Awaited<ReturnType<typeof runOnce>>;
  let records: ArticleRecord[];

  beforeAll(async () => {
    server = await serveSamples(path.join(repoRoot, 'samples'));
    const demo = JSON.parse(readFileSync(path.join(repoRoot, 'samples/demo-sources.json'), 'utf8'));
    const pick = (id: string) => demo.sources.find((s: { id: string }) => s.id === id);
    const cn = pick('cn-mfa');
    // The same page read with a selector that no longer fits: it must fail alone, by name.
    const stale = {
      ...cn,
      id: 'cn-mfa-stale',
      feeds: [{ ...cn.feeds[0], id: 'cn-mfa-stale-zh', listing: { item: 'div.news-item', link: 'a' } }],
    };
    const text = JSON.stringify({ sources: [cn, pick('tr-mfa'), stale] }).replaceAll(
      '{{base}}',
      server.origin,
    );
    const sourcesFile = path.join(tmp, 'sources.json');
    writeFileSync(sourcesFile, text);
    pipeline = await LocalPipeline.start({
      dataDir: path.join(tmp, 'data'),
      sourcesFile,
      allowPrivateNetwork: true,
      retryBaseMs: 10,
    });
    first = await runOnce(pipeline, sourcesFile);
    second = await runOnce(pipeline, sourcesFile);
    records = await allArticles(pipeline.stores.articles, {});
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('stores one article per listed item, with the listing date in UTC+8 and the page text', () => {
    const cn = records.filter((r) => r.feedId === 'cn-mfa-news-zh');
    expect(cn).toHaveLength(3);
    const talks = cn.find((r) => r.url === `${server.origin}/cn-mfa/wjbxw/202611/t20261124_11770412.shtml`);
    expect(talks).toMatchObject({
      sourceId: 'cn-mfa',
      sourceCountry: 'CN',
      language: 'zh',
      title: '王毅同哈萨克斯坦外长努尔特列乌举行会谈',
      // 2026-11-24 21:05 in Beijing.
      publishedAt: '2026-11-24T13:05:00.000Z',
    });
    expect(talks?.text).toContain('王毅表示，中哈是永久全面战略伙伴。');
    expect(first.deadLettered).toEqual([]);
  });

  it('gives listing articles the same record shape as articles of a feed with fetched pages', () => {
    const fromListing = records.find((r) => r.feedId === 'cn-mfa-news-zh')!;
    const fromFeed = records.find((r) => r.feedId === 'tr-mfa-press-tr')!;
    expect(Object.keys(fromListing).sort()).toEqual(Object.keys(fromFeed).sort());
    expect(fromListing.rawKey?.startsWith('raw/cn-mfa/')).toBe(true);
  });

  it('fails a listing whose selector matches nothing, by name, while the others succeed', () => {
    const byId = new Map(first.feeds.map((f) => [f.feedId, f]));
    expect(byId.get('cn-mfa-news-zh')?.status).toBe('ok');
    expect(byId.get('tr-mfa-press-tr')?.status).toBe('ok');
    expect(byId.get('cn-mfa-stale-zh')?.status).toBe('failed');
    expect(byId.get('cn-mfa-stale-zh')?.reason).toContain('selector div.news-item matched nothing');
  });

  it('finds nothing new when the same listing is read again', () => {
    expect(second.articles.new).toBe(0);
    expect(records.filter((r) => r.sourceId === 'cn-mfa')).toHaveLength(3);
  });
});
