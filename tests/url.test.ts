import { describe, expect, it } from 'vitest';
import { canonicalUrl, httpsHostOf, httpsHostsOf } from '../lambdas/shared/url';

describe('canonicalUrl', () => {
  it('lower-cases the host, drops the default port and the fragment', () => {
    expect(canonicalUrl('HTTP://WWW.Mfa.GOV.tr:80/Press/Release.html#top')).toBe(
      'http://www.mfa.gov.tr/Press/Release.html',
    );
    expect(canonicalUrl('https://example.org:443/a')).toBe('https://example.org/a');
  });

  it('keeps a non-default port', () => {
    expect(canonicalUrl('http://127.0.0.1:8080/feed')).toBe('http://127.0.0.1:8080/feed');
  });

  it('removes tracking parameters and keeps the others in their order', () => {
    expect(
      canonicalUrl('https://a.example/n?id=7&utm_source=tw&UTM_Medium=x&fbclid=abc&b=2&gclid=9&mc_cid=1'),
    ).toBe('https://a.example/n?id=7&b=2');
    expect(canonicalUrl('https://a.example/n?utm_campaign=x&_ga=1.2&igshid=z&yclid=5&mc_eid=3')).toBe(
      'https://a.example/n',
    );
  });

  it('keeps percent-encoded operators exactly as given', () => {
    const url = 'https://api.example.ca/news?filter=dept%3Dglobal%26type%3Dstatement&lang=en';
    expect(canonicalUrl(url)).toBe(url);
  });

  it('resolves a relative reference against the base', () => {
    expect(canonicalUrl('../news/1?x=1#c', 'https://Example.com/en/feed/rss.xml')).toBe(
      'https://example.com/en/news/1?x=1',
    );
    expect(canonicalUrl('//cdn.example.com/a', 'https://example.com/')).toBe('https://cdn.example.com/a');
  });

  it('keeps the scheme when nothing says the host serves https', () => {
    expect(canonicalUrl('http://example.com/a')).toBe('http://example.com/a');
  });

  it('rejects what is not a web address', () => {
    expect(canonicalUrl('mailto:press@mfa.gov.tr')).toBeUndefined();
    expect(canonicalUrl('javascript:alert(1)', 'https://example.com/')).toBeUndefined();
    expect(canonicalUrl('not a url')).toBeUndefined();
    expect(canonicalUrl('ftp://example.com/file')).toBeUndefined();
  });

  it('uses an absolute input even when the base is unusable', () => {
    expect(canonicalUrl('https://example.com/x', 'not a base')).toBe('https://example.com/x');
  });
});

describe('canonicalUrl with hosts known to serve https', () => {
  const httpsHosts = new Set(['www.mfa.gov.tr']);

  it('writes https for an http link to a known host, keeping path, query and encoding', () => {
    expect(
      canonicalUrl('http://WWW.mfa.gov.tr/a%3Db.html?id=7&utm_source=x#top', undefined, { httpsHosts }),
    ).toBe('https://www.mfa.gov.tr/a%3Db.html?id=7');
    // Port 80 written out is still the default port.
    expect(canonicalUrl('http://www.mfa.gov.tr:80/a', undefined, { httpsHosts })).toBe(
      'https://www.mfa.gov.tr/a',
    );
  });

  it('upgrades a relative link resolved against an http base on a known host', () => {
    expect(canonicalUrl('/en/news/1', 'http://www.mfa.gov.tr/rss.xml', { httpsHosts })).toBe(
      'https://www.mfa.gov.tr/en/news/1',
    );
  });

  it('leaves another host alone, www and bare names included', () => {
    expect(canonicalUrl('http://mfa.gov.tr/a', undefined, { httpsHosts })).toBe('http://mfa.gov.tr/a');
    expect(canonicalUrl('http://news.mfa.gov.tr/a', undefined, { httpsHosts })).toBe(
      'http://news.mfa.gov.tr/a',
    );
  });

  it('leaves an http link on a non-default port alone (another origin)', () => {
    expect(canonicalUrl('http://www.mfa.gov.tr:8080/a', undefined, { httpsHosts })).toBe(
      'http://www.mfa.gov.tr:8080/a',
    );
  });

  it('keeps the scheme when no https knowledge is given, or the set is empty', () => {
    expect(canonicalUrl('http://www.mfa.gov.tr/a')).toBe('http://www.mfa.gov.tr/a');
    expect(canonicalUrl('http://www.mfa.gov.tr/a', undefined, { httpsHosts: new Set() })).toBe(
      'http://www.mfa.gov.tr/a',
    );
  });

  it('is idempotent and never turns https into http', () => {
    const once = canonicalUrl('http://www.mfa.gov.tr/a?b=1', undefined, { httpsHosts });
    expect(once).toBe('https://www.mfa.gov.tr/a?b=1');
    expect(canonicalUrl(once ?? '', undefined, { httpsHosts })).toBe(once);
    expect(canonicalUrl(once ?? '')).toBe(once);
  });
});

describe('https hosts', () => {
  it('counts only https URLs on the default port', () => {
    expect(httpsHostOf('https://WWW.Mfa.gov.tr/rss')).toBe('www.mfa.gov.tr');
    expect(httpsHostOf('https://www.mfa.gov.tr:443/rss')).toBe('www.mfa.gov.tr');
    expect(httpsHostOf('https://www.mfa.gov.tr:8443/rss')).toBeUndefined();
    expect(httpsHostOf('http://www.mfa.gov.tr/rss')).toBeUndefined();
    expect(httpsHostOf('not a url')).toBeUndefined();
    expect(httpsHostOf(undefined)).toBeUndefined();
  });

  it('collects the hosts of a list of URLs into a set, with the hosts given before', () => {
    const hosts = httpsHostsOf(
      ['https://a.example/feed', 'http://b.example/feed', 'https://a.example/other', undefined],
      ['c.example'],
    );
    expect([...hosts].sort()).toEqual(['a.example', 'c.example']);
  });
});
