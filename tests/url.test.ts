import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../lambdas/shared/url';

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

  it('keeps the scheme, because https cannot be checked offline', () => {
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
