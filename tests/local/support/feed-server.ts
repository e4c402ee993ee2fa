/**
 * A loopback HTTP server for end-to-end runs: each path answers with a handler, and feeds are
 * built from plain item lists (encoded in any charset iconv-lite knows).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface FeedServer {
  origin: string;
  routes: Map<string, Route>;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    const route = routes.get(pathname);
    if (route) route(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

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
export function serve(bytes: Buffer, contentType: string, options: { etag?: string } = {}): Route {
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
