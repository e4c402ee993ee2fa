/**
 * Backfill: documents archived under `raw/import/<sourceId>/`, keyed by their content (importing
 * the same file twice writes nothing new), then normalized through the same S3-event path as
 * every archived page.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { IMPORT_PREFIX } from '../lambdas/shared/events';
import { encodeRawMetadata } from '../lambdas/shared/store/raw-metadata';
import type { LocalPipeline } from './pipeline';
import type { RunSummary } from './run-stats';

export class ImportError extends Error {}

const IMPORT_CONCURRENCY = 16;

const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.text': 'text/plain; charset=utf-8',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'application/xhtml+xml',
  '.json': 'application/vnd.diplowire.feed-item+json',
};

export function contentTypeOf(file: string): string {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!type) {
    throw new ImportError(
      `${file}: cannot tell what kind of document this is; use .txt, .html or .json (a feed item)`,
    );
  }
  return type;
}

export function importKey(sourceId: string, file: string, bytes: Uint8Array): string {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return `${IMPORT_PREFIX}${sourceId}/${hash}${path.extname(file).toLowerCase()}`;
}

export interface ImportedFile {
  file: string;
  key: string;
  archived: 'created' | 'exists';
}

/** Archives each file (checking them all first, so a bad path imports nothing) and waits for normalization. */
export async function importDocuments(
  pipeline: LocalPipeline,
  files: string[],
  sourceId: string,
): Promise<{ files: ImportedFile[]; summary: RunSummary }> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(sourceId)) {
    throw new ImportError(`source id "${sourceId}" must be lower-case letters, digits and dashes`);
  }
  const documents: Array<{ file: string; bytes: Uint8Array; contentType: string }> = [];
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new ImportError(`${file}: no such file`);
    if (info.isDirectory()) throw new ImportError(`${file} is a folder; pass its files (e.g. ${file}/*.txt)`);
    documents.push({ file, contentType: contentTypeOf(file), bytes: await readFile(file) });
  }
  pipeline.stats.reset();
  const fetchedAt = new Date().toISOString();
  const imported: ImportedFile[] = new Array(documents.length);
  // Uploads run 16 at a time; normalization starts as soon as each object is stored.
  let next = 0;
  const upload = async () => {
    while (next < documents.length) {
      const index = next++;
      const doc = documents[index]!;
      const key = importKey(sourceId, doc.file, doc.bytes);
      const metadata = encodeRawMetadata({ sourceId, fetchedAt, contentType: doc.contentType });
      const archived = await pipeline.stores.archive.putIfAbsent(key, doc.bytes, doc.contentType, metadata);
      imported[index] = { file: doc.file, key, archived };
    }
  };
  await Promise.all(Array.from({ length: Math.min(IMPORT_CONCURRENCY, documents.length) }, upload));
  await pipeline.idle();
  return { files: imported, summary: pipeline.stats.summary([]) };
}
