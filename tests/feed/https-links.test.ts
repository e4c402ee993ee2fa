/**
 * The parser writes https for an item's http link when diplowire itself fetched the feed from that
 * host over https (the document's URL), or the registry says so (`httpsHosts`): one page, one URL.
 */
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../lambdas/shared/feed/parse-feed';

const rss = (channelLink: string, links: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Press</title>
<link>${channelLink}</link>
${links.map((l, i) => `<item><title>Item ${i}</title><link>${l}</link></item>`).join('\n')}
</channel></rss>`;

const links = [
  'http://www.mfa.gov.tr/a.en.mfa?x=1&utm_source=rss',
  'https://www.mfa.gov.tr/b.en.mfa',
  'http://mfa.gov.tr/c.en.mfa',
  'http://www.mfa.gov.tr:8080/d.en.mfa',
  'http://other.example/e',
  '/f.en.mfa',
];

describe('parseFeed and https', () => {
  it('upgrades http links to the host it fetched over https, and only those', () => {
    const parsed = parseFeed(rss('http://www.mfa.gov.tr/', links), {
      url: 'https://www.mfa.gov.tr/rss/press.xml',
    });
    expect(parsed.items.map((i) => i.url)).toEqual([
      'https://www.mfa.gov.tr/a.en.mfa?x=1',
      'https://www.mfa.gov.tr/b.en.mfa',
      'http://mfa.gov.tr/c.en.mfa', // bare name: another host
      'http://www.mfa.gov.tr:8080/d.en.mfa', // another port: another origin
      'http://other.example/e',
      // Relative to the feed's own link, http://www.mfa.gov.tr/, on the known host.
      'https://www.mfa.gov.tr/f.en.mfa',
    ]);
    expect(parsed.feed.url).toBe('https://www.mfa.gov.tr/');
  });

  it('keeps http when the feed itself came over http', () => {
    const parsed = parseFeed(rss('http://www.mfa.gov.tr/', links), {
      url: 'http://www.mfa.gov.tr/rss/press.xml',
    });
    expect(parsed.items.map((i) => i.url)).toEqual([
      'http://www.mfa.gov.tr/a.en.mfa?x=1',
      'https://www.mfa.gov.tr/b.en.mfa',
      'http://mfa.gov.tr/c.en.mfa',
      'http://www.mfa.gov.tr:8080/d.en.mfa',
      'http://other.example/e',
      'http://www.mfa.gov.tr/f.en.mfa',
    ]);
  });

  it('keeps http when the feed was fetched over https on another port', () => {
    const parsed = parseFeed(rss('http://www.mfa.gov.tr/', links.slice(0, 1)), {
      url: 'https://www.mfa.gov.tr:8443/rss/press.xml',
    });
    expect(parsed.items[0]?.url).toBe('http://www.mfa.gov.tr/a.en.mfa?x=1');
  });

  it('takes hosts known from elsewhere (the registry) for a feed fetched over http', () => {
    const parsed = parseFeed(rss('http://www.mfa.gov.tr/', links.slice(0, 3)), {
      url: 'http://feeds.example/mfa.xml',
      httpsHosts: new Set(['mfa.gov.tr']),
    });
    expect(parsed.items.map((i) => i.url)).toEqual([
      'http://www.mfa.gov.tr/a.en.mfa?x=1',
      'https://www.mfa.gov.tr/b.en.mfa',
      'https://mfa.gov.tr/c.en.mfa',
    ]);
  });

  it('does not count a Content-Location header as a fetch over https', () => {
    const parsed = parseFeed(rss('http://www.mfa.gov.tr/', links.slice(0, 1)), {
      url: 'http://www.mfa.gov.tr/rss/press.xml',
      headers: { 'content-location': 'https://www.mfa.gov.tr/rss/press.xml' },
    });
    expect(parsed.items[0]?.url).toBe('http://www.mfa.gov.tr/a.en.mfa?x=1');
  });

  it('upgrades a permalink guid that stands in for a missing link', () => {
    const xml = `<rss version="2.0"><channel><title>T</title>
<item><title>G</title><guid>http://www.mfa.gov.tr/g.en.mfa</guid></item></channel></rss>`;
    const parsed = parseFeed(xml, { url: 'https://www.mfa.gov.tr/rss.xml' });
    expect(parsed.items[0]?.url).toBe('https://www.mfa.gov.tr/g.en.mfa');
    // The guid itself is the feed's identifier for the item: kept as written.
    expect(parsed.items[0]?.guid).toBe('http://www.mfa.gov.tr/g.en.mfa');
  });
});
