/** A listing page fetched over https: its http links to the same host are the https pages. */
import { describe, expect, it } from 'vitest';
import { parseListing } from '../../lambdas/shared/listing/parse-listing';

const page = (body: string, head = '') =>
  `<!DOCTYPE html><html lang="en"><head><title>News</title>${head}</head><body>${body}</body></html>`;
const config = { item: 'li', link: 'a' };
const list = `<ul>
  <li><a href="http://www.mfa.gov.cn/web/1.shtml">One</a></li>
  <li><a href="https://www.mfa.gov.cn/web/1.shtml">One again, over https</a></li>
  <li><a href="http://mfa.gov.cn/web/2.shtml">Two</a></li>
  <li><a href="./3.shtml">Three</a></li>
</ul>`;

describe('parseListing and https', () => {
  it('writes https for http links to the page’s own host, then drops the copy of the same page', () => {
    const parsed = parseListing(page(list), config, { url: 'https://www.mfa.gov.cn/web/' });
    expect(parsed.items.map((i) => [i.url, i.title])).toEqual([
      ['https://www.mfa.gov.cn/web/1.shtml', 'One'],
      ['http://mfa.gov.cn/web/2.shtml', 'Two'],
      ['https://www.mfa.gov.cn/web/3.shtml', 'Three'],
    ]);
  });

  it('upgrades links resolved against an http <base href> on the page’s host', () => {
    const parsed = parseListing(
      page('<ul><li><a href="4.shtml">Four</a></li></ul>', '<base href="http://www.mfa.gov.cn/web/">'),
      config,
      { url: 'https://www.mfa.gov.cn/web/' },
    );
    expect(parsed.items.map((i) => i.url)).toEqual(['https://www.mfa.gov.cn/web/4.shtml']);
  });

  it('keeps http for a page fetched over http unless the registry names the host', () => {
    const overHttp = parseListing(page(list), config, { url: 'http://www.mfa.gov.cn/web/' });
    expect(overHttp.items.map((i) => i.url)).toEqual([
      'http://www.mfa.gov.cn/web/1.shtml',
      'https://www.mfa.gov.cn/web/1.shtml',
      'http://mfa.gov.cn/web/2.shtml',
      'http://www.mfa.gov.cn/web/3.shtml',
    ]);
    const known = parseListing(page(list), config, {
      url: 'http://www.mfa.gov.cn/web/',
      httpsHosts: new Set(['mfa.gov.cn']),
    });
    expect(known.items.map((i) => i.url)).toEqual([
      'http://www.mfa.gov.cn/web/1.shtml',
      'https://www.mfa.gov.cn/web/1.shtml',
      'https://mfa.gov.cn/web/2.shtml',
      'http://www.mfa.gov.cn/web/3.shtml',
    ]);
  });
});
