/**
 * The archive page in a real headless Chromium (Debian's, driven by playwright-core), over a store
 * the pipeline filled from the demo's sample feeds. Screenshots land in test-artifacts/serve/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleStore, FeedStateStore, RawArchive } from '../../lambdas/shared/ports';
import { startArchiveServer } from '../../local/serve/server';
import { repoRoot, type ServedArchive, servedArchive } from './support/archive';

const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
// Without a browser the test cannot run: locally that is a skip (scripts/ensure-browser.sh, run by
// `npm test`'s pretest, says why it could not install one); in CI a missing browser is a failure.
const runIt = haveBrowser || Boolean(process.env.CI);
const artifacts = path.join(repoRoot, 'test-artifacts', 'serve');

let archive: ServedArchive | undefined;
let context: BrowserContext | undefined;
let page: Page;
let profile: string | undefined;

beforeAll(async () => {
  if (!haveBrowser) return;
  mkdirSync(artifacts, { recursive: true });
  archive = await servedArchive('diplowire-serve-browser-');
  profile = mkdtempSync(path.join(os.tmpdir(), 'diplowire-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1200, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  await context?.close();
  await archive?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(artifacts, name), fullPage: true });

describe('the archive page in Chromium', () => {
  it.skipIf(!runIt)(
    'lists the articles, filters by a country, opens an article, and shows timeline and health',
    async () => {
      expect(haveBrowser, `${CHROMIUM} is missing: run scripts/ensure-browser.sh as root`).toBe(true);
      const origin = archive!.origin;
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });

      await page.goto(`${origin}/`);
      await expect.poll(() => page.locator('ol.articles > li').count()).toBe(17);
      expect(await page.locator('h1').textContent()).toBe('Latest articles');
      expect(await page.getByRole('status').textContent()).toBe('17 articles in the archive, newest first');
      await shot('1-latest.png');

      // Filter by a country with the form, as a person would.
      await page.getByLabel('Country mentioned').selectOption('KZ');
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Articles mentioning Kazakhstan');
      await expect.poll(() => page.locator('ol.articles > li').count()).toBe(6);
      expect(await page.getByRole('status').textContent()).toBe('6 articles match these filters');
      await shot('2-country-kz.png');

      // Open the UK article and check what it shows.
      await page
        .getByRole('link', { name: 'UK and Kazakhstan agree new critical minerals partnership' })
        .click();
      await expect
        .poll(() => page.locator('h1').textContent())
        .toBe('UK and Kazakhstan agree new critical minerals partnership');
      const facts = await page.locator('dl.facts').textContent();
      expect(facts).toContain('gb-fcdo');
      expect(facts).toContain('English (en');
      const original = page.getByRole('link', { name: /uk-and-kazakhstan-agree-new-critical-minerals/ });
      expect(await original.getAttribute('href')).toBe(
        `${archive!.samplesOrigin}/gb-fcdo/government/news/uk-and-kazakhstan-agree-new-critical-minerals-partnership`,
      );
      const raw = page.getByRole('link', { name: 'raw bytes as fetched' });
      expect(await raw.getAttribute('href')).toMatch(/^\/api\/articles\/[0-9a-f]{32}\/raw$/);
      expect(await page.locator('.article-text').textContent()).toContain('critical minerals');
      await shot('3-article.png');

      // The country view: one bar for the week of 23 November with all six articles.
      await page.getByRole('link', { name: 'Countries', exact: true }).click();
      await page.getByLabel('Country', { exact: true }).selectOption('KZ');
      await page.getByRole('button', { name: 'Show' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Kazakhstan (KZ)');
      expect(await page.locator('svg.chart a').first().getAttribute('aria-label')).toBe(
        'Week of 23 Nov 2026: 6 articles',
      );
      await expect.poll(() => page.locator('ol.articles > li').count()).toBe(6);
      await shot('4-countries-kz.png');

      await page.getByRole('link', { name: 'Sources', exact: true }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Source health');
      expect(await page.locator('tbody .badge.ok').count()).toBe(7);
      await shot('5-sources.png');

      // On a phone: nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${origin}/#/?country=KZ`);
      await expect.poll(() => page.locator('ol.articles > li').count()).toBe(6);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await shot('6-phone.png');

      // Keyboard: on a freshly loaded page the first Tab reaches the skip link.
      await page.reload();
      await expect.poll(() => page.locator('ol.articles > li').count()).toBe(6);
      await page.keyboard.press('Tab');
      expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe(
        'Skip to content',
      );
      expect(errors).toEqual([]);
    },
    60_000,
  );

  it.skipIf(!runIt)(
    'tells how to fill an empty store instead of showing nothing',
    async () => {
      expect(haveBrowser, `${CHROMIUM} is missing: run scripts/ensure-browser.sh as root`).toBe(true);
      // An empty store needs no emulator: these stand in for a store nothing was ever written to.
      const empty = await startArchiveServer({
        stores: {
          articles: {
            list: async () => ({ items: [] }),
            get: async () => undefined,
          } as unknown as ArticleStore,
          feedStates: { list: async () => [] } as unknown as FeedStateStore,
          archive: {} as RawArchive,
        },
        registry: { sources: [] },
      });
      try {
        await page.setViewportSize({ width: 1000, height: 600 });
        await page.goto(`${empty.origin}/`);
        await expect
          .poll(() => page.locator('.empty').textContent())
          .toContain('No articles yet: run npm start');
        await page.goto(`${empty.origin}/#/countries`);
        await expect.poll(() => page.locator('h1').textContent()).toBe('Countries');
        expect(await page.locator('.empty').textContent()).toContain('No articles yet: run npm start');
        await shot('7-empty.png');
      } finally {
        await empty.close();
      }
    },
    30_000,
  );
});
