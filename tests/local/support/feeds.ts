/**
 * Feeds for end-to-end runs, built from plain item lists (encoded in any charset iconv-lite knows),
 * and the handlers and registries that serve them from `tests/support/feed-server.ts`.
 */
import iconv from 'iconv-lite';
import type { Handler } from '../../support/feed-server';

export interface Item {
  title: string;
  link: string;
  pubDate: string;
  html: string;
}

/** An RSS 2.0 document with the whole article in content:encoded. */
export function rss(items: Item[], encoding = 'utf-8'): Buffer {
  const body = items
    .map(
      (i) => `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.link}</guid>
<pubDate>${i.pubDate}</pubDate><content:encoded><![CDATA[${i.html}]]></content:encoded></item>`,
    )
    .join('\n');
  const xml = `<?xml version="1.0" encoding="${encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Test feed</title><link>https://example.org/</link><description>test</description>
${body}
</channel></rss>`;
  return iconv.encode(xml, encoding);
}

/** Serves bytes with an ETag, answering 304 to a matching If-None-Match (or with no validators at all). */
export function serve(bytes: Buffer, contentType: string, options: { etag?: string } = {}): Handler {
  return (req, res) => {
    if (options.etag && req.headers['if-none-match'] === options.etag) {
      res.writeHead(304, { etag: options.etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': bytes.length,
      ...(options.etag ? { etag: options.etag } : {}),
    });
    res.end(bytes);
  };
}

/** A registry with one source per feed, taking every item whatever its age. */
export function registry(feeds: Array<{ id: string; url: string; language: string }>): string {
  return JSON.stringify({
    sources: feeds.map((f) => ({
      id: `src-${f.id}`,
      name: `Source ${f.id}`,
      kind: 'media',
      feeds: [
        {
          id: f.id,
          url: f.url,
          language: f.language,
          fullText: 'feed',
          pollMinutes: 30,
          timezone: 'UTC',
          maxAgeDays: null,
        },
      ],
    })),
  });
}
