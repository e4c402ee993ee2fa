/**
 * Which source registry the handlers read. In Lambda: `sources.json`, bundled with the function.
 * Locally: the runner either hands one over in-process (`useRegistry`) or names a file in
 * `DIPLOWIRE_SOURCES_FILE` (with `{{name}}` placeholders filled from `DIPLOWIRE_SOURCES_VARS`, a JSON
 * object), read once per file version.
 */
import { readFileSync, statSync } from 'node:fs';
import bundled from '../../../sources.json';
import { type FeedEntry, findFeed, loadRegistry, type Registry, type Source } from '../sources/registry';

let override: Registry | undefined;
let bundledRegistry: Registry | undefined;
const fromFiles = new Map<string, { version: string; registry: Registry }>();

/** Makes every handler in this process read `registry` (undefined: back to env/bundled). */
export function useRegistry(registry: Registry | undefined): void {
  override = registry;
}

export function currentRegistry(env: Record<string, string | undefined> = process.env): Registry {
  if (override) return override;
  const file = env.DIPLOWIRE_SOURCES_FILE;
  if (file) {
    const vars = env.DIPLOWIRE_SOURCES_VARS ?? '';
    const stat = statSync(file);
    const version = `${stat.mtimeMs}:${stat.size}:${vars}`;
    const cached = fromFiles.get(file);
    if (cached?.version === version) return cached.registry;
    const registry = loadRegistry(readFileSync(file, 'utf8'), vars ? { vars: JSON.parse(vars) } : {});
    fromFiles.set(file, { version, registry });
    return registry;
  }
  bundledRegistry ??= loadRegistry(bundled);
  return bundledRegistry;
}

export function feedById(feedId: string): FeedEntry | undefined {
  return findFeed(currentRegistry(), feedId);
}

export function sourceById(sourceId: string): Source | undefined {
  return currentRegistry().sources.find((s) => s.id === sourceId);
}
