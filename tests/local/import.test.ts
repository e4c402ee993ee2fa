/**
 * Backfill of many documents at once through the real pipeline: uploads run concurrently and the
 * S3 notifications come from the emulators' thread, so this checks that `importDocuments` waits for
 * every one of them (no article missing from the summary or the store), and that a bad path among
 * many imports nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError, importDocuments } from '../../local/import';
import { LocalPipeline } from '../../local/pipeline';
import { allArticles } from '../../local/queries';
import { REPO_ROOT } from '../../local/templates';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-import-'));
const fixture = path.resolve(
  REPO_ROOT,
  '../shared/fixtures/articles/dailysabah-2022-11-09-turkiye-kazakhstan-consulate.txt',
);
const DOCS = 40;
const files: string[] = [];
let pipeline: LocalPipeline;

beforeAll(async () => {
  const text = readFileSync(fixture, 'utf8');
  for (let i = 0; i < DOCS; i++) {
    const file = path.join(tmp, `doc-${i}.txt`);
    // Distinct documents, so each is its own article.
    writeFileSync(file, `${text}\n\nBackground note ${i}.`);
    files.push(file);
  }
  pipeline = await LocalPipeline.start({ dataDir: path.join(tmp, 'data'), allowPrivateNetwork: true });
}, 60_000);

afterAll(async () => {
  await pipeline?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function archivedKeys(source: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of pipeline.stores.listRaw(`raw/import/${source}/`)) keys.push(entry.key);
  return keys.sort();
}

describe('importing many documents at once', () => {
  it('stores every one and reports each in the summary, once', async () => {
    const first = await importDocuments(pipeline, files, 'many');
    expect(first.summary.articles).toMatchObject({ new: DOCS, updated: 0, unchanged: 0 });
    expect(first.summary.deadLettered).toEqual([]);
    expect(first.files.map((f) => f.file)).toEqual(files);
    expect(first.files.every((f) => f.archived === 'created')).toBe(true);
    const keys = first.files.map((f) => f.key);
    expect(new Set(keys).size).toBe(DOCS);
    expect(await archivedKeys('many')).toEqual([...keys].sort());
    const stored = await allArticles(pipeline.stores.articles, {});
    expect(
      stored
        .filter((r) => r.sourceId === 'many')
        .map((r) => r.rawKey)
        .sort(),
    ).toEqual([...keys].sort());

    const again = await importDocuments(pipeline, files, 'many');
    // Keyed by content: the same objects (s3rver ignores If-None-Match, so it reports them created).
    expect(again.files.map((f) => f.key)).toEqual(keys);
    expect(await archivedKeys('many')).toEqual([...keys].sort());
    expect(again.summary.articles).toMatchObject({ new: 0, updated: 0, unchanged: DOCS });
  });

  it('imports nothing when one path among many is a folder or missing', async () => {
    const folder = path.join(tmp, 'a-folder');
    mkdirSync(folder, { recursive: true });
    await expect(importDocuments(pipeline, [...files.slice(0, 10), folder], 'bad-batch')).rejects.toThrow(
      new ImportError(`${folder} is a folder; pass its files (e.g. ${folder}/*.txt)`),
    );
    const missing = path.join(tmp, 'missing.txt');
    await expect(importDocuments(pipeline, [missing, ...files.slice(0, 10)], 'bad-batch')).rejects.toThrow(
      `${missing}: no such file`,
    );
    expect(await archivedKeys('bad-batch')).toEqual([]);
  });
});
