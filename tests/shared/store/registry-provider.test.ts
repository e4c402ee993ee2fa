/**
 * The registry the handlers read: validated on first need when run from source (the deployed bundle
 * gets it validated at build time, tests/lib/handler-bundles.test.ts), a registry file given in
 * DIPLOWIRE_SOURCES_FILE refused when bad and read again when it changes.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryError } from '../../../lambdas/shared/sources/registry';
import {
  currentFeeds,
  currentRegistry,
  feedById,
  loadCurrentRegistry,
  registryHttpsHosts,
  sourceById,
  useRegistry,
} from '../../../lambdas/shared/store/registry-provider';

let tmp: string;
const feed = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  url: 'https://www.mfa.gov.tr/rss.xml',
  language: 'tr',
  fullText: 'page',
  pollMinutes: 60,
  timezone: 'Europe/Istanbul',
  ...extra,
});
const registryText = (feeds: unknown[]) =>
  JSON.stringify({ sources: [{ id: 'tr-mfa', name: 'MFA', kind: 'ministry', country: 'TR', feeds }] });

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-registry-provider-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('registry provider', () => {
  it('says what to do when a lookup comes before any registry was loaded', () => {
    expect(() => currentRegistry()).toThrow('the handler must await loadCurrentRegistry() first');
  });

  it('validates the bundled sources.json on first need when run from source (defaults filled in)', async () => {
    const registry = await loadCurrentRegistry({});
    expect(registry.sources.length).toBeGreaterThan(0);
    expect(currentRegistry()).toBe(registry);
    const first = currentFeeds()[0];
    // `enabled` defaults to true when a feed does not say: only the validation puts it there.
    expect(typeof first?.feed.enabled).toBe('boolean');
    expect(feedById(first?.feed.id ?? '')?.source.id).toBe(first?.source.id);
  });

  it('reads a registry file, with its placeholders filled, and again once the file changes', async () => {
    const file = path.join(tmp, 'sources.json');
    writeFileSync(file, registryText([feed('tr-mfa-en', { url: '{{base}}/en.xml' })]));
    const env = { DIPLOWIRE_SOURCES_FILE: file, DIPLOWIRE_SOURCES_VARS: '{"base":"http://127.0.0.1:9"}' };
    await loadCurrentRegistry(env);
    expect(feedById('tr-mfa-en')?.feed.url).toBe('http://127.0.0.1:9/en.xml');
    expect(feedById('tr-mfa-en')?.feed.maxAgeDays).toBe(30);
    expect(sourceById('tr-mfa')?.country).toBe('TR');

    writeFileSync(file, registryText([feed('tr-mfa-en'), feed('tr-mfa-tr')]));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    await loadCurrentRegistry(env);
    expect(currentFeeds().map((e) => e.feed.id)).toEqual(['tr-mfa-en', 'tr-mfa-tr']);
  });

  it('refuses a bad registry file with the file, the entry and the problem named', async () => {
    const file = path.join(tmp, 'bad.json');
    writeFileSync(
      file,
      registryText([feed('tr-mfa-list', { format: 'listing', listing: { item: 'li a[href', link: 'a' } })]),
    );
    const loading = loadCurrentRegistry({ DIPLOWIRE_SOURCES_FILE: file });
    await expect(loading).rejects.toBeInstanceOf(RegistryError);
    await expect(loading).rejects.toThrow(
      `${file}: sources[0].feeds[0] (tr-mfa-list): listing.item selector "li a[href" is not valid CSS`,
    );
  });

  it('prefers a registry handed over in-process', async () => {
    const handed = { sources: [] };
    useRegistry(handed);
    try {
      expect(await loadCurrentRegistry({})).toBe(handed);
      expect(feedById('tr-mfa-en')).toBeUndefined();
    } finally {
      useRegistry(undefined);
    }
  });

  it('names the hosts the registry reaches over https, once per registry', async () => {
    const file = path.join(tmp, 'hosts.json');
    writeFileSync(
      file,
      JSON.stringify({
        sources: [
          { id: 'tr-mfa', name: 'MFA', kind: 'ministry', country: 'TR', feeds: [feed('tr-mfa-en')] },
          {
            id: 'media',
            name: 'Media',
            kind: 'media',
            feeds: [
              feed('media-plain', { url: 'http://news.example.org/rss' }),
              feed('media-port', { url: 'https://alt.example.org:8443/rss' }),
            ],
          },
        ],
      }),
    );
    const registry = await loadCurrentRegistry({ DIPLOWIRE_SOURCES_FILE: file });
    // Only the https feed on the default port: an http feed proves nothing, another port is another origin.
    expect([...registryHttpsHosts()]).toEqual(['www.mfa.gov.tr']);
    expect(registryHttpsHosts()).toBe(registryHttpsHosts());
    useRegistry({ sources: [] });
    try {
      expect(registryHttpsHosts().size).toBe(0);
    } finally {
      useRegistry(undefined);
    }
    expect(currentRegistry()).toBe(registry);
  });
});
