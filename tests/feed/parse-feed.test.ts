import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../lambdas/shared/feed/errors';
import { parseFeed } from '../../lambdas/shared/feed/parse-feed';

function feedError(run: () => unknown): FeedError {
  try {
    run();
  } catch (error) {
    if (error instanceof FeedError) return error;
    throw error;
  }
  throw new Error('expected a FeedError, got a result');
}

describe('parseFeed over real HTTP', () => {
  // A windows-1251 feed, labelled only by the HTTP charset, with site-relative links and local times.
  const russianFeed = iconv.encode(
    `<?xml version="1.0"?>
<rss version="2.0"><channel><title>МИД России — новости</title><link>/ru/</link>
<item><title>Заявление официального представителя</title><link>/ru/news/1?utm_source=rss#x</link>
<pubDate>9 ноября 2022 г., 14:30</pubDate></item>
</channel></rss>`,
    'windows-1251',
  );
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=windows-1251' });
        res.end(russianFeed);
      } else {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(
          '<!DOCTYPE html><html><head><title>Technical Difficulties</title></head><body>Sorry</body></html>',
        );
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('decodes by the HTTP charset, resolves links against the response URL and uses the feed timezone', async () => {
    const response = await fetch(`${origin}/feed`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const parsed = parseFeed(bytes, {
      url: response.url,
      headers: Object.fromEntries(response.headers),
      timezone: 'Europe/Moscow',
    });
    expect(parsed.feed).toMatchObject({
      title: 'МИД России — новости',
      encoding: 'windows-1251',
      format: 'rss',
    });
    expect(parsed.feed.url).toBe(`${origin}/ru/`);
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]).toMatchObject({
      title: 'Заявление официального представителя',
      url: `${origin}/ru/news/1`,
      // 14:30 in Moscow (UTC+3) is 11:30 UTC.
      publishedAt: '2022-11-09T11:30:00.000Z',
    });
    expect(parsed.wellFormed).toBe(true);
  });

  it('names an HTML error page by its title', async () => {
    const response = await fetch(`${origin}/maintenance`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const error = feedError(() => parseFeed(bytes, { headers: Object.fromEntries(response.headers) }));
    expect(error.code).toBe('html-instead-of-feed');
    expect(error.message).toBe(
      'the server returned an HTML page, not a feed: <title>Technical Difficulties</title>',
    );
  });
});

describe('parseFeed: formats', () => {
  it('reads Atom 1.0 with xml:base, the alternate link, html and xhtml content', () => {
    const parsed =
      parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/en/" xml:lang="en">
  <title type="html">Press &amp;amp; statements</title>
  <link rel="self" href="feed.atom"/><link rel="alternate" type="text/html" href="press/"/>
  <entry xml:base="/fr/">
    <title>Déclaration</title><id>urn:uuid:1</id>
    <link rel="edit" href="edit/1"/><link rel="alternate" href="declaration.html"/>
    <updated>2022-11-09T10:00:00+01:00</updated>
    <author><name>Porte-parole</name></author><category term="sudan" label="Soudan"/>
    <summary type="html">&lt;p&gt;Le &lt;b&gt;ministre&lt;/b&gt; a parlé.&lt;/p&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Voir <a href="annexe.pdf">l’annexe</a>.</p></div></content>
  </entry>
</feed>`);
    expect(parsed.feed).toMatchObject({
      title: 'Press & statements',
      url: 'https://example.org/en/press/',
      format: 'atom',
      language: 'en',
    });
    expect(parsed.items[0]).toEqual({
      guid: 'urn:uuid:1',
      url: 'https://example.org/fr/declaration.html',
      title: 'Déclaration',
      summary: 'Le ministre a parlé.',
      contentText: 'Voir l’annexe.',
      contentHtml:
        '<p>Voir <a href="https://example.org/fr/annexe.pdf" rel="noopener noreferrer">l’annexe</a>.</p>',
      authors: ['Porte-parole'],
      categories: ['Soudan'],
      // No <published>: the update time is the best publication time there is.
      publishedAt: '2022-11-09T09:00:00.000Z',
      updatedAt: '2022-11-09T09:00:00.000Z',
      language: 'en',
    });
  });

  it('reads RSS 1.0 (RDF) with Dublin Core', () => {
    const parsed =
      parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/"><title>Nachrichten</title><link>https://example.org/</link><dc:language>de</dc:language></channel>
  <item rdf:about="https://example.org/a/1"><title>Erklärung</title><link>https://example.org/a/1</link>
    <dc:date>2022-11-09T12:00:00Z</dc:date><dc:creator>Pressestelle</dc:creator><dc:subject>EU</dc:subject></item>
</rdf:RDF>`);
    expect(parsed.feed).toMatchObject({ title: 'Nachrichten', format: 'rdf', language: 'de' });
    expect(parsed.items).toEqual([
      {
        guid: 'https://example.org/a/1',
        url: 'https://example.org/a/1',
        title: 'Erklärung',
        authors: ['Pressestelle'],
        categories: ['EU'],
        publishedAt: '2022-11-09T12:00:00.000Z',
        language: 'de',
      },
    ]);
  });

  it('reads RSS 0.91 and resolves relative links against the channel link when there is no URL', () => {
    const parsed =
      parseFeed(`<rss version="0.91"><channel><title>Old</title><link>http://old.example.com/news/</link>
<item><title>One</title><link>item1.html</link><description>First &amp; only</description></item></channel></rss>`);
    expect(parsed.items[0]).toMatchObject({
      url: 'http://old.example.com/news/item1.html',
      summary: 'First & only',
    });
  });

  it('takes RSS author names from "email (Name)", dc:creator, and prefers feedburner:origLink', () => {
    const parsed = parseFeed(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><title>T</title><language>tr</language>
<item><title>A</title><link>http://feeds.example.com/~r/x/1</link><feedburner:origLink>https://www.mfa.gov.tr/a.tr.mfa</feedburner:origLink>
<author>press@mfa.gov.tr (Basın Bürosu)</author><dc:creator>Sözcü</dc:creator><category>Dış</category><category>Dış</category></item>
</channel></rss>`);
    expect(parsed.items[0]).toMatchObject({
      url: 'https://www.mfa.gov.tr/a.tr.mfa',
      authors: ['Basın Bürosu', 'Sözcü'],
      categories: ['Dış'],
      language: 'tr',
    });
  });
});

describe('parseFeed: broken XML is recovered, not rejected', () => {
  it('keeps a bare &, reads &nbsp; as HTML, drops control characters and says so', () => {
    const parsed = parseFeed(
      '<rss version="2.0"><channel><title>Q&A\u0007 desk</title><item><title>Tom&nbsp;&amp; Jerry & co</title></item></channel></rss>',
    );
    expect(parsed.wellFormed).toBe(false);
    expect(parsed.feed.title).toBe('Q&A desk');
    expect(parsed.items[0]?.title).toBe('Tom & Jerry & co');
    expect(parsed.warnings).toEqual(
      expect.arrayContaining([
        'control characters removed',
        'bare "&" kept as text',
        'undeclared entity &nbsp; read as its HTML meaning',
      ]),
    );
  });

  it('recovers the items of a truncated document', () => {
    const parsed = parseFeed(
      '<rss version="2.0"><channel><title>T</title><item><title>One</title></item><item><title>Two</title><description>cut he',
    );
    expect(parsed.wellFormed).toBe(false);
    expect(parsed.items.map((i) => i.title)).toEqual(['One', 'Two']);
    expect(parsed.items[1]?.summary).toBe('cut he');
    expect(parsed.warnings.some((w) => w.includes('never closed'))).toBe(true);
  });

  it('reports an unreadable date instead of guessing one', () => {
    const parsed = parseFeed(
      '<rss><channel><item><title>A</title><pubDate>Feb 30 2022</pubDate></item></channel></rss>',
    );
    expect(parsed.items[0]?.publishedAt).toBeUndefined();
    expect(parsed.warnings).toContain('unreadable date "Feb 30 2022" in item 1');
  });
});

describe('parseFeed: what is not a feed is a typed error', () => {
  it.each([
    ['', 'empty-body', 'the server returned an empty body, not a feed'],
    ['  \n ', 'empty-body', 'the server returned an empty body, not a feed'],
    ['{"items":[]}', 'json-instead-of-feed', 'the server returned JSON, not an RSS or Atom feed'],
    [
      '{"version":"https://jsonfeed.org/version/1.1","items":[]}',
      'json-instead-of-feed',
      'the server returned JSON (a JSON Feed), not an RSS or Atom feed',
    ],
    ['<html><body>hi</body></html>', 'html-instead-of-feed', 'the server returned an HTML page, not a feed'],
    [
      '<?xml version="1.0"?><sitemap><url/></sitemap>',
      'not-a-feed',
      'the document is XML whose root element is <sitemap>, not <rss>, <feed> or <rdf:RDF>',
    ],
    ['Service unavailable', 'not-a-feed', 'the document is not XML: it starts with "Service unavailable"'],
    [
      '<?xml version="1.0"?><!-- nothing -->',
      'malformed-xml',
      'the document holds no XML element, so it cannot be a feed',
    ],
  ])('%j → %s', (input, code, message) => {
    const error = feedError(() => parseFeed(Buffer.from(input)));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('refuses a document over the size limit before decoding it', () => {
    const error = feedError(() => parseFeed(new Uint8Array(2048), { maxBytes: 1024 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('the document is 2048 bytes, more than the 1024 bytes a feed may have');
  });

  it('refuses an entity bomb fast and without expanding it', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [${lol.join('')}]><rss><channel><title>&lol9;</title></channel></rss>`;
    const start = performance.now();
    const error = feedError(() => parseFeed(bomb));
    expect(performance.now() - start).toBeLessThan(100);
    expect(error.code).toBe('entity-expansion');
    expect(error.message).toContain('entity bomb');
  });

  it('never loads an external entity (XXE)', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><title>&xxe;</title></channel></rss>';
    const error = feedError(() => parseFeed(xxe));
    expect(error.code).toBe('entity-expansion');
    expect(error.message).toBe(
      'the document declares an external or parameter entity (xxe); such entities are never loaded',
    );
  });

  it('expands a plain internal entity the document declares', () => {
    const parsed = parseFeed(
      '<!DOCTYPE rss [<!ENTITY org "Ministry">]><rss><channel><title>&org; news</title></channel></rss>',
    );
    expect(parsed.feed.title).toBe('Ministry news');
    expect(parsed.wellFormed).toBe(true);
  });
});

describe('parseFeed: hostile structure', () => {
  it('flattens content nested thousands of levels deep instead of overflowing the stack', () => {
    const deep = `${'<div>'.repeat(3000)}deep${'</div>'.repeat(3000)}`;
    const parsed = parseFeed(
      `<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><title>t</title><content:encoded>${deep}</content:encoded></item></channel></rss>`,
    );
    expect(parsed.items[0]?.contentText).toBe('deep');
    expect(parsed.wellFormed).toBe(false);
    expect(parsed.warnings).toContain('elements nested more than 256 levels deep were flattened');
  });
});
