/**
 * Backfill: documents archived under `raw/import/<sourceId>/`, keyed by their content (importing
 * the same file twice writes nothing new), then normalized through the same S3-event path as
 * every archived page.
 */
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { IMPORT_PREFIX } from '../lambdas/shared/events';
import { encodeRawMetadata } from '../lambdas/shared/store/raw-metadata';
import type { LocalPipeline } from './pipeline';
import type { RunSummary } from './run-stats';

export class ImportError extends Error {}

const IMPORT_CONCURRENCY = 16;
/** Paths checked at once before the import starts. */
const CHECK_BATCH = 64;

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

/** The file's stat, or why it cannot be imported. */
async function readableFile(file: string): Promise<Stats | 'missing' | 'unreadable'> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return 'missing';
  if (info.isDirectory()) return info;
  return access(file, constants.R_OK).then(
    () => info,
    () => 'unreadable' as const,
  );
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
  // Every path is checked before anything is archived, so a bad one imports nothing; the bytes are
  // read by the upload workers, overlapping the reads with the uploads.
  const documents: Array<{ file: string; contentType: string }> = [];
  for (let start = 0; start < files.length; start += CHECK_BATCH) {
    const batch = files.slice(start, start + CHECK_BATCH);
    const infos = await Promise.all(batch.map(readableFile));
    batch.forEach((file, i) => {
      const info = infos[i];
      if (info === 'missing') throw new ImportError(`${file}: no such file`);
      if (info === 'unreadable') throw new ImportError(`${file}: cannot read it (permission denied)`);
      if (info?.isDirectory())
        throw new ImportError(`${file} is a folder; pass its files (e.g. ${file}/*.txt)`);
      documents.push({ file, contentType: contentTypeOf(file) });
    });
  }
  pipeline.stats.reset();
  const fetchedAt = new Date().toISOString();
  const imported: ImportedFile[] = new Array(documents.length);
  // Uploads run 16 at a time; normalization starts as soon as each object is stored.
  let next = 0;
  let failure: unknown;
  const upload = async () => {
    while (next < documents.length && failure === undefined) {
      const index = next++;
      const doc = documents[index]!;
      try {
        const bytes = await readFile(doc.file).catch((error: NodeJS.ErrnoException) => {
          throw new ImportError(`${doc.file}: cannot read it (${error.code ?? error.message})`);
        });
        const key = importKey(sourceId, doc.file, bytes);
        const metadata = encodeRawMetadata({ sourceId, fetchedAt, contentType: doc.contentType });
        const archived = await pipeline.stores.archive.putIfAbsent(key, bytes, doc.contentType, metadata);
        imported[index] = { file: doc.file, key, archived };
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IMPORT_CONCURRENCY, documents.length) }, upload));
  // What was archived before a failure is still normalized before the error is reported.
  await pipeline.idle();
  if (failure !== undefined) throw failure;
  return { files: imported, summary: pipeline.stats.summary([]) };
}
