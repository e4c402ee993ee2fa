/**
 * `run --once` and the continuous `run`: which feeds to poll, and the polling loop on the stack's
 * schedule until a signal stops it.
 */
import path from 'node:path';
import { feedsOf, loadRegistryFile } from '../lambdas/shared/sources/registry';
import type { LocalPipeline } from './pipeline';
import { scheduleIntervalMs } from './router';
import type { FeedOutcome, RunSummary } from './run-stats';
import { REPO_ROOT } from './templates';

export function registryFileOf(sourcesFile: string | undefined): string {
  return sourcesFile ? path.resolve(sourcesFile) : path.join(REPO_ROOT, 'sources.json');
}

/**
 * Polls every enabled feed now. Conditional GET still applies (fetch-feed sends the stored
 * validators); a feed whose server asked us to wait (Retry-After) is left alone and reported.
 */
export async function runOnce(pipeline: LocalPipeline, sourcesFile: string | undefined): Promise<RunSummary> {
  const registry = await loadRegistryFile(registryFileOf(sourcesFile));
  const states = new Map((await pipeline.stores.feedStates.list()).map((s) => [s.feedId, s]));
  const now = Date.now();
  const due: Array<{ feedId: string; url: string }> = [];
  const waiting: FeedOutcome[] = [];
  for (const { feed } of feedsOf(registry)) {
    if (feed.enabled === false) continue;
    const state = states.get(feed.id);
    const url = feed.url;
    if (state?.retryAfterUntil && Date.parse(state.retryAfterUntil) > now) {
      waiting.push({
        feedId: feed.id,
        url,
        status: 'ok',
        discovered: 0,
        reason: `server asked to wait until ${state.retryAfterUntil}`,
      });
      continue;
    }
    due.push({ feedId: feed.id, url });
  }
  const summary = await pipeline.pollFeeds(due);
  return { ...summary, feeds: [...summary.feeds, ...waiting] };
}

/**
 * Fires the stack's schedule rule at its rate (first round at once) until `signal` aborts; each
 * round lets schedule-feeds pick the feeds that are due, like the deployed pipeline.
 */
export async function runContinuously(
  pipeline: LocalPipeline,
  signal: AbortSignal,
  onRound: (summary: RunSummary) => void,
): Promise<void> {
  const schedules = pipeline.table.routes.filter((r) => r.schedule).map((r) => r.schedule!);
  const interval = Math.min(...schedules.map((s) => scheduleIntervalMs(s) ?? Number.POSITIVE_INFINITY));
  if (!Number.isFinite(interval)) {
    throw new Error(
      `the stack has no rate schedule the local runner can follow (${schedules.join(', ') || 'none'})`,
    );
  }
  while (!signal.aborted) {
    onRound(await pipeline.tick());
    // A signal during the round: stop now, not after the next interval.
    if (signal.aborted) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, interval);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
