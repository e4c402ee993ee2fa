/**
 * Replay: every archived object under `raw/` (or one source's objects) goes through normalization
 * again, by the same "Object Created" event S3 emitted when it was stored. Unchanged records write
 * nothing (the conditional write); a changed normalizer updates them.
 */
import { IMPORT_PREFIX, RAW_PREFIX } from '../lambdas/shared/events';
import type { BusEvent } from './event-bus';
import type { LocalPipeline } from './pipeline';
import type { RunSummary } from './run-stats';

export async function replayArchive(
  pipeline: LocalPipeline,
  options: { since?: string; source?: string },
): Promise<{ objects: number; summary: RunSummary }> {
  const prefixes = options.source
    ? [`${RAW_PREFIX}${options.source}/`, `${IMPORT_PREFIX}${options.source}/`]
    : [RAW_PREFIX];
  const since = options.since ? Date.parse(options.since) : undefined;
  const events: BusEvent[] = [];
  for (const prefix of prefixes) {
    for await (const object of pipeline.stores.listRaw(prefix)) {
      if (since !== undefined && object.lastModified && object.lastModified.getTime() < since) continue;
      events.push(pipeline.objectCreated(object.key, object.size));
    }
  }
  // With --source import, raw/import/ is listed twice: one event per key.
  const unique = [
    ...new Map(events.map((e) => [String((e.event.detail.object as { key: string }).key), e])).values(),
  ];
  const summary = await pipeline.deliverAll(unique);
  return { objects: unique.length, summary };
}
