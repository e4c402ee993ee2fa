/**
 * Feed throughput: decode + parse + normalize (`parseFeed`) next to bare rss-parser `parseString` on
 * the same generated RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) documents of 20, 200 and 2000 items with
 * multilingual HTML content. Goal: the full path at or above half the bare parser's rate.
 */
import Parser from 'rss-parser';
import { parseFeed } from '../lambdas/shared/feed/parse-feed';
import { type BenchRow, median } from './types';

type Kind = 'rss' | 'atom' | 'rdf';

const SNIPPETS = [
  {
    lang: 'en',
    title: 'Foreign Minister meets NATO Secretary-General',
    text: 'The ministers discussed Euro-Atlantic security & support for Ukraine.',
  },
  {
    lang: 'tr',
    title: 'Dışişleri Bakanı Kazakistan mevkidaşı ile görüştü',
    text: 'Bakan, ikili ilişkileri ve bölgesel gelişmeleri ele aldı; işbirliği güçlenecek.',
  },
  {
    lang: 'ru',
    title: 'Министр провёл переговоры с коллегой из Армении',
    text: 'Стороны обсудили ход мирного процесса и транспортные проекты в регионе.',
  },
  {
    lang: 'zh',
    title: '外交部长会见中国外交部长',
    text: '双方就双边关系和共同关心的国际地区问题交换了意见，同意加强合作。',
  },
  {
    lang: 'fr',
    title: 'Déclaration conjointe sur la situation au Soudan',
    text: 'Les ministres condamnent les attaques contre les civils et appellent à un cessez-le-feu.',
  },
  {
    lang: 'ar',
    title: 'وزير الخارجية يستقبل نظيره الأردني',
    text: 'بحث الجانبان العلاقات الثنائية وسبل تعزيز التعاون في مختلف المجالات.',
  },
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function html(i: number): string {
  const s = SNIPPETS[i % SNIPPETS.length]!;
  return (
    `<p>${esc(s.text)}</p><p><a href="/press/${i}.html" onclick="track()">${esc(s.title)}</a> — <em>${esc(s.text)}</em></p>` +
    `<ul><li>${esc(s.text)}</li><li>${esc(s.title)}</li></ul><img src="/img/${i}.jpg" alt="photo"><script>x()</script>`
  );
}

export function generateFeed(kind: Kind, count: number): string {
  const day = (i: number) => new Date(Date.UTC(2026, 10, 24, 12, 0) - i * 3_600_000);
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = SNIPPETS[i % SNIPPETS.length]!;
    const url = `https://mfa.example.org/${s.lang}/press/${i}.html?utm_source=rss`;
    if (kind === 'rss') {
      items.push(
        `<item><title>${esc(s.title)} (${i})</title><link>${esc(url)}</link><guid isPermaLink="false">press-${i}</guid>` +
          `<pubDate>${day(i).toUTCString()}</pubDate><dc:creator>Press Office</dc:creator><category>Diplomacy</category>` +
          `<description>${esc(s.text)}</description><content:encoded><![CDATA[${html(i)}]]></content:encoded></item>`,
      );
    } else if (kind === 'atom') {
      items.push(
        `<entry xml:lang="${s.lang}"><title>${esc(s.title)} (${i})</title><link rel="alternate" type="text/html" href="${esc(url)}"/>` +
          `<id>urn:press:${i}</id><published>${day(i).toISOString()}</published><updated>${day(i).toISOString()}</updated>` +
          `<author><name>Press Office</name></author><category term="Diplomacy"/><summary>${esc(s.text)}</summary>` +
          `<content type="html">${esc(html(i))}</content></entry>`,
      );
    } else {
      items.push(
        `<item rdf:about="${esc(url)}"><title>${esc(s.title)} (${i})</title><link>${esc(url)}</link>` +
          `<dc:date>${day(i).toISOString()}</dc:date><dc:creator>Press Office</dc:creator><dc:subject>Diplomacy</dc:subject>` +
          `<description>${esc(s.text)}</description><content:encoded><![CDATA[${html(i)}]]></content:encoded></item>`,
      );
    }
  }
  const ns =
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"';
  if (kind === 'rss') {
    return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" ${ns}><channel><title>Press releases</title><link>https://mfa.example.org/</link><language>en</language>${items.join('')}</channel></rss>`;
  }
  if (kind === 'atom') {
    return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Press releases</title><link href="https://mfa.example.org/"/><id>urn:press</id><updated>2026-11-24T12:00:00Z</updated>${items.join('')}</feed>`;
  }
  return `<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ${ns}><channel rdf:about="https://mfa.example.org/"><title>Press releases</title><link>https://mfa.example.org/</link></channel>${items.join('')}</rdf:RDF>`;
}

/** CPU time of this process in ms: on a shared machine, wall time measures the neighbours too. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Times both functions (CPU time) in alternating rounds until `minMs` of wall time have passed (at
 * least 5 rounds) and keeps the median of each, so a busy machine affects both alike.
 */
async function timeBoth(
  full: () => unknown,
  ref: () => Promise<unknown>,
  minMs: number,
  /** Runs per round: CPU clocks tick coarsely, so a round must last well over a tick. */
  reps: number,
): Promise<{ full: number; ref: number }> {
  full();
  await ref(); // warm-up
  const fulls: number[] = [];
  const refs: number[] = [];
  const start = performance.now();
  do {
    let t = cpuMs();
    for (let i = 0; i < reps; i++) full();
    fulls.push((cpuMs() - t) / reps);
    t = cpuMs();
    for (let i = 0; i < reps; i++) await ref();
    refs.push((cpuMs() - t) / reps);
  } while (performance.now() - start < minMs || fulls.length < 5);
  return { full: median(fulls), ref: median(refs) };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const bare = new Parser(); // default options: the bare parser
  // Warm both up on every format first, so the first configuration measured does not also pay
  // for JIT tiering and lazily built tables that every later one gets for free.
  for (const kind of ['rss', 'atom', 'rdf'] as const) {
    const text = generateFeed(kind, 200);
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < 10; i++) {
      parseFeed(bytes, { timezone: 'UTC' });
      await bare.parseString(text);
    }
  }
  for (const kind of ['rss', 'atom', 'rdf'] as const) {
    for (const count of [20, 200, 2000]) {
      const text = generateFeed(kind, count);
      const bytes = new TextEncoder().encode(text);
      const mb = bytes.byteLength / 1_048_576;
      const minMs = count === 2000 ? 1500 : 600;
      const { full, ref } = await timeBoth(
        () => parseFeed(bytes, { timezone: 'UTC' }),
        () => bare.parseString(text),
        minMs,
        Math.max(1, Math.round(200 / count)),
      );
      const label = `${kind} ${count} items (${(bytes.byteLength / 1024).toFixed(0)} KB)`;
      rows.push(
        {
          area: 'feed',
          metric: `${label} parseFeed`,
          value: mb / (full / 1000),
          unit: 'MB/s',
          note: `${Math.round(count / (full / 1000))} items/s, CPU time`,
        },
        {
          area: 'feed',
          metric: `${label} rss-parser`,
          value: mb / (ref / 1000),
          unit: 'MB/s',
          note: `${Math.round(count / (ref / 1000))} items/s, CPU time`,
        },
        {
          area: 'feed',
          metric: `${label} ratio`,
          value: ref / full,
          unit: '×',
          note: 'parseFeed rate / rss-parser rate; goal ≥ 0.5',
        },
      );
    }
  }
  return rows;
}
