/**
 * Which source registry the handlers read. In Lambda: `sources.json`, bundled with the function and
 * validated when the bundle is built (`handlerBuildOptions` in lib/constructs/pipeline-function.ts
 * puts the validated registry in `DIPLOWIRE_VALIDATED_REGISTRY`), so a cold start neither builds the
 * registry's schemas nor loads css-select, and a bad sources.json fails `cdk synth` instead of every
 * invocation. Locally: the runner either hands one over in-process (`useRegistry`) or names a file
 * in `DIPLOWIRE_SOURCES_FILE` (with `{{name}}` placeholders filled from `DIPLOWIRE_SOURCES_VARS`, a
 * JSON object), validated with `loadRegistry` and read again when the file changes; run from source,
 * the bundled file is validated the same way on first use.
 *
 * Validation is loaded by dynamic import, so it is asynchronous: a handler awaits `loadCurrentRegistry()`
 * at the start of each invocation, and the lookups its core calls (`feedById`, …) stay synchronous.
 */
import { statSync } from 'node:fs';
import type { Registry, Source } from '../sources/registry';
import { type FeedEntry, feedsOf, findFeed } from '../sources/registry-lookup';
import { httpsHostsOf } from '../url';

/** Replaced by esbuild's `define` in a deployed bundle; not defined when run from source. */
declare const DIPLOWIRE_VALIDATED_REGISTRY: string | undefined;
/** The registry's JSON text: V8 scans a string literal far faster than it parses the same object literal. */
const validatedAtBuildText =
  typeof DIPLOWIRE_VALIDATED_REGISTRY === 'undefined' ? undefined : DIPLOWIRE_VALIDATED_REGISTRY;
let validatedAtBuild: Registry | undefined;

let override: Registry | undefined;
let bundledRegistry: Registry | undefined;
let current: Registry | undefined;
const fromFiles = new Map<string, { version: string; registry: Registry }>();

/** Makes every handler in this process read `registry` (undefined: back to env/bundled). */
export function useRegistry(registry: Registry | undefined): void {
  override = registry;
}

/** Reads (and validates, if it is new) the registry this invocation uses; handlers await it first. */
export async function loadCurrentRegistry(
  env: Record<string, string | undefined> = process.env,
): Promise<Registry> {
  current = override ?? (await registryFrom(env));
  return current;
}

async function registryFrom(env: Record<string, string | undefined>): Promise<Registry> {
  const file = env.DIPLOWIRE_SOURCES_FILE;
  if (file) {
    const vars = env.DIPLOWIRE_SOURCES_VARS ?? '';
    const stat = statSync(file);
    const version = `${stat.mtimeMs}:${stat.size}:${vars}`;
    const cached = fromFiles.get(file);
    if (cached?.version === version) return cached.registry;
    const { loadRegistryFile } = await import('../sources/registry');
    const registry = await loadRegistryFile(file, vars ? { vars: JSON.parse(vars) } : {});
    fromFiles.set(file, { version, registry });
    return registry;
  }
  if (validatedAtBuildText !== undefined) {
    validatedAtBuild ??= JSON.parse(validatedAtBuildText) as Registry;
    return validatedAtBuild;
  }
  if (!bundledRegistry) {
    const [{ loadRegistry }, { default: bundled }] = await Promise.all([
      import('../sources/registry'),
      import('../../../sources.json'),
    ]);
    bundledRegistry = loadRegistry(bundled);
  }
  return bundledRegistry;
}

/** The registry `loadCurrentRegistry` read last (or the one handed over with `useRegistry`). */
export function currentRegistry(): Registry {
  const registry = override ?? current;
  if (!registry) {
    throw new Error('no source registry loaded yet: the handler must await loadCurrentRegistry() first');
  }
  return registry;
}

export function currentFeeds(): FeedEntry[] {
  return feedsOf(currentRegistry());
}

export function feedById(feedId: string): FeedEntry | undefined {
  return findFeed(currentRegistry(), feedId);
}

export function sourceById(sourceId: string): Source | undefined {
  return currentRegistry().sources.find((s) => s.id === sourceId);
}

const httpsHostsByRegistry = new WeakMap<Registry, ReadonlySet<string>>();

/**
 * The hosts the current registry names in https feed URLs: diplowire reaches them over https, so
 * an http link to one of them, from any feed, is the https page (see canonicalUrl). Worked out once
 * per registry.
 */
export function registryHttpsHosts(): ReadonlySet<string> {
  const registry = currentRegistry();
  let hosts = httpsHostsByRegistry.get(registry);
  if (!hosts) {
    hosts = httpsHostsOf(feedsOf(registry).map((entry) => entry.feed.url));
    httpsHostsByRegistry.set(registry, hosts);
  }
  return hosts;
}
