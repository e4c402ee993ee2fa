import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseListing } from '../../lambdas/shared/listing/parse-listing';
import { feedsOf, isListing, loadRegistry } from '../../lambdas/shared/sources/registry';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.join(repoRoot, 'samples');
const BASE = 'http://127.0.0.1:4321';

interface Route {
  file: string;
  contentType: string;
}
const routes: Record<string, Route> = JSON.parse(
  readFileSync(path.join(samples, 'demo-routes.json'), 'utf8'),
).routes;
const registry = loadRegistry(readFileSync(path.join(samples, 'demo-sources.json'), 'utf8'), {
  vars: { base: BASE },
});
const routeOf = (url: string) => routes[new URL(url).pathname];

describe('the demo sources and sample feeds', () => {
  it('cover the languages, formats and full-text modes the demo is meant to show', () => {
    const feeds = feedsOf(registry).map((e) => e.feed);
    expect(feeds.length).toBeGreaterThanOrEqual(6);
    expect(new Set(feeds.map((f) => f.language))).toEqual(new Set(['tr', 'en', 'ru', 'zh', 'fr']));
    expect(new Set(feeds.map((f) => f.format))).toEqual(new Set(['rss', 'atom', 'listing']));
    expect(new Set(feeds.map((f) => f.fullText))).toEqual(new Set(['feed', 'page']));
    // The samples are dated; a default maxAgeDays would skip them all once they are a month old.
    expect(feeds.every((f) => f.maxAgeDays === null)).toBe(true);
  });

  it('serves every feed URL from a route whose file exists', () => {
    for (const { feed } of feedsOf(registry)) {
      const route = routeOf(feed.url);
      expect(route, `${feed.id}: no route for ${feed.url}`).toBeDefined();
      expect(existsSync(path.join(samples, route!.file)), route!.file).toBe(true);
    }
    for (const route of Object.values(routes))
      expect(existsSync(path.join(samples, route.file)), route.file).toBe(true);
  });

  it('links every {{base}} address in a sample body to a route, so page fetches find their page', () => {
    const linked = Object.values(routes).flatMap((route) => {
      const body = readFileSync(path.join(samples, route.file), 'latin1');
      return [...body.matchAll(/\{\{base\}\}(\/[^"'<\s]*)/g)].map((m) => m[1]!);
    });
    expect(linked.length).toBeGreaterThanOrEqual(6);
    for (const pathname of linked) expect(routes[pathname], pathname).toBeDefined();
  });

  it('reads the Chinese listing page into items whose relative links resolve to served article pages', () => {
    const entry = feedsOf(registry).find((e) => isListing(e.feed));
    expect(entry?.feed.id).toBe('cn-mfa-news-zh');
    const { feed } = entry!;
    if (!isListing(feed)) throw new Error('unreachable');
    const route = routeOf(feed.url)!;
    const parsed = parseListing(readFileSync(path.join(samples, route.file)), feed.listing, {
      url: feed.url,
      timezone: feed.timezone,
      contentType: route.contentType,
    });
    expect(parsed.items.map((i) => i.url)).toEqual([
      `${BASE}/cn-mfa/wjbxw/202611/t20261124_11770412.shtml`,
      `${BASE}/cn-mfa/wjbxw/202611/t20261124_11770218.shtml`,
      `${BASE}/cn-mfa/wjbxw/202611/t20261123_11769955.shtml`,
    ]);
    for (const item of parsed.items) expect(routeOf(item.url!), item.url).toBeDefined();
    // 2026-11-24 21:05 in Beijing (UTC+8) is 13:05 UTC.
    expect(parsed.items[0]?.publishedAt).toBe('2026-11-24T13:05:00.000Z');
  });
});
