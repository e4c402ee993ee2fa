/** normalize-article over a real s3rver and dynalite: imports, replays of older objects, bad objects. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalizeArticle, RawObjectError, sourceIdFromKey } from '../../../lambdas/normalize-article/core';
import { createRawArchive } from '../../../lambdas/shared/aws/raw-archive';
import { loadRegistry } from '../../../lambdas/shared/sources/registry';
import { encodeRawMetadata } from '../../../lambdas/shared/store/raw-metadata';
import { type CorePipeline, corePipeline, TestClock } from '../../support/core-pipeline';
import { startEmulators, type TestEmulators } from '../../support/emulators';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const fixture = path.resolve(
  repoRoot,
  '../shared/fixtures/articles/dailysabah-2022-11-09-turkiye-kazakhstan-consulate.txt',
);

let stack: TestEmulators;
let pipeline: CorePipeline;
const registry = loadRegistry({
  sources: [
    {
      id: 'dailysabah',
      name: 'Daily Sabah',
      kind: 'media',
      feeds: [
        {
          id: 'dailysabah-diplomacy',
          url: 'https://www.dailysabah.com/rssFeed/10',
          language: 'en',
          fullText: 'page',
          pollMinutes: 30,
          timezone: 'Europe/Istanbul',
        },
      ],
    },
  ],
});

beforeAll(async () => {
  stack = await startEmulators();
});
afterAll(async () => stack?.stop());
beforeEach(async () => {
  await stack.clear();
  pipeline = corePipeline(stack, () => registry, new TestClock(new Date('2026-11-25T12:00:00Z')));
});

const objectCreated = (key: string) => ({ bucket: { name: stack.names.bucket }, object: { key } });

describe('normalize-article', () => {
  it('normalizes a plain-text import with the source named in its metadata', async () => {
    const archive = createRawArchive(stack.s3, stack.names.bucket);
    const key = 'raw/import/dailysabah-2022-11-09.txt';
    await archive.putIfAbsent(
      key,
      readFileSync(fixture),
      'text/plain; charset=utf-8',
      encodeRawMetadata({ sourceId: 'dailysabah', fetchedAt: '2026-11-25T11:00:00.000Z' }),
    );
    const result = await normalizeArticle(pipeline.normalizeDeps, objectCreated(key));
    expect(result.status).toBe('new');
    const ingested = pipeline.events.ofType('Article.Ingested')[0];
    expect(ingested?.sourceId).toBe('dailysabah');
    // The fixture starts with "date 2022-11-09" and speaks of Türkiye and Kazakhstan.
    expect(ingested?.publishedAt?.slice(0, 10)).toBe('2022-11-09');
    expect(ingested?.countries).toEqual(expect.arrayContaining(['TR', 'KZ']));
    expect(ingested?.language).toBe('en');
  });

  it('ignores keys outside raw/ and throws, for a retry, when the object is missing', async () => {
    expect((await normalizeArticle(pipeline.normalizeDeps, objectCreated('feeds/x/1.xml'))).status).toBe(
      'ignored',
    );
    await expect(
      normalizeArticle(pipeline.normalizeDeps, objectCreated('raw/x/2026-11-24/a/b.html')),
    ).rejects.toThrow(new RawObjectError('raw object raw/x/2026-11-24/a/b.html is not in the archive'));
  });

  it('reads the source from the key when metadata does not name it', () => {
    expect(sourceIdFromKey('raw/import/mfa-tr/2026/a.txt')).toBe('mfa-tr');
    expect(sourceIdFromKey('raw/import/a.txt')).toBe('import');
    expect(sourceIdFromKey('raw/tr-mfa/2026-11-24/abc/def.html')).toBe('tr-mfa');
  });

  it('a feed-item object that is not JSON is an error naming the key', async () => {
    const archive = createRawArchive(stack.s3, stack.names.bucket);
    const key = 'raw/dailysabah/2026-11-24/0123456789abcdef0123456789abcdef/0000000000000000.json';
    await archive.putIfAbsent(
      key,
      new TextEncoder().encode('<html>'),
      'application/vnd.diplowire.feed-item+json',
      {},
    );
    await expect(normalizeArticle(pipeline.normalizeDeps, objectCreated(key))).rejects.toThrow(
      /^raw object raw\/dailysabah\/2026-11-24\/0123456789abcdef0123456789abcdef\/0000000000000000\.json is labelled a feed item but is not one/,
    );
  });
});
