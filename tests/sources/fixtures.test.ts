/**
 * Every feed of `sources.json` has a recorded fixture (tests/fixtures/sources/<feedId>.<ext>, listed in
 * index.json) modelled on that site's habits, read through the real parse path. The expected values
 * were worked out by hand from the fixtures (offsets converted to UTC by hand), not copied from output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../lambdas/shared/feed/parse-feed';
import type { ParsedFeed } from '../../lambdas/shared/feed/types';
import { parseListing } from '../../lambdas/shared/listing/parse-listing';
import { type FeedEntry, feedsOf, isListing, loadRegistryFile } from '../../lambdas/shared/sources/registry';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(repoRoot, 'tests/fixtures/sources');
const index: Record<string, { file: string; contentType: string }> = JSON.parse(
  readFileSync(path.join(fixtures, 'index.json'), 'utf8'),
);
const registry = await loadRegistryFile(path.join(repoRoot, 'sources.json'));

interface Expected {
  count: number;
  url: string;
  title: string;
  publishedAt: string;
  language: string;
  /** A habit of the site the fixture must keep showing. */
  also?: (parsed: ParsedFeed) => void;
}

const expected: Record<string, Expected> = {
  'tr-mfa-press-en': {
    count: 3,
    url: 'https://www.mfa.gov.tr/no_-259_-kazakistan-in-simkent-sehrinde-fahri-baskonsoloslugumuzun-acilmasi-hk.en.mfa',
    title:
      'No: 259, 24 November 2026, Press Release Regarding the Opening of the Honorary Consulate General of Türkiye in Shymkent, Kazakhstan',
    publishedAt: '2026-11-24T14:05:00.000Z',
    language: 'en',
    // http and https links both occur on the ministry's feed; read from its https URL, the http one
    // (fixture line 16) is written https, so one page has one identity.
    also: (p) =>
      expect(p.items[1]?.url).toBe(
        'https://www.mfa.gov.tr/no_-258_-sudan-in-kuzey-darfur-eyaletindeki-saldirilar-hk.en.mfa',
      ),
  },
  'tr-mfa-press-tr': {
    count: 2,
    url: 'https://www.mfa.gov.tr/no_-259_-kazakistan-in-simkent-sehrinde-fahri-baskonsoloslugumuzun-acilmasi-hk.tr.mfa',
    title: "No: 259, 24 Kasım 2026, Kazakistan'ın Şımkent Şehrinde Fahri Başkonsolosluğumuzun Açılması Hk.",
    publishedAt: '2026-11-24T14:00:00.000Z',
    language: 'tr',
  },
  'us-state-press-releases': {
    count: 2,
    url: 'https://www.state.gov/secretarys-call-with-turkiyes-foreign-minister-4/',
    title: 'Secretary\u2019s Call with Türkiye\u2019s Foreign Minister',
    publishedAt: '2026-11-24T20:41:12.000Z',
    language: 'en-US',
    also: (p) => {
      expect(p.feed.title).toBe('Press Releases \u2013 United States Department of State');
      expect(p.items[0]?.guid).toBe('https://www.state.gov/?p=611290');
      expect(p.items[0]?.authors).toEqual(['Office of the Spokesperson']);
      expect(p.items[0]?.contentText).toContain('ceasefire in Sudan');
    },
  },
  'us-state-press-briefings': {
    count: 2,
    url: 'https://www.state.gov/briefings/department-press-briefing-november-24-2026/',
    title: 'Department Press Briefing \u2013 November 24, 2026',
    publishedAt: '2026-11-24T19:55:30.000Z',
    language: 'en-US',
  },
  'us-state-secretarys-remarks': {
    count: 1,
    url: 'https://www.state.gov/secretarys-remarks-to-the-press-in-astana-kazakhstan/',
    title: 'Secretary\u2019s Remarks to the Press in Astana, Kazakhstan',
    publishedAt: '2026-11-21T09:30:00.000Z',
    language: 'en-US',
  },
  'gb-fcdo-activity': {
    count: 3,
    url: 'https://www.gov.uk/government/news/uk-sanctions-suppliers-of-drones-to-sudan',
    title: 'UK sanctions suppliers of drones to Sudan',
    publishedAt: '2026-11-24T17:31:06.000Z',
    language: 'en-GB',
    // The entry id carries the edit time, so it is no identity: the URL is.
    also: (p) =>
      expect(p.items[0]?.guid).toBe(
        'https://www.gov.uk/government/news/uk-sanctions-suppliers-of-drones-to-sudan#2026-11-24T17:31:06+00:00',
      ),
  },
  'ru-mid-news-en': {
    count: 2,
    url: 'https://mid.ru/en/foreign_policy/news/2061580/',
    title: 'Foreign Minister Sergey Lavrov\u2019s meeting with Foreign Minister of Kazakhstan',
    publishedAt: '2026-11-24T16:10:00.000Z',
    language: 'en',
  },
  'ru-mid-news-ru': {
    count: 3,
    url: 'https://mid.ru/ru/foreign_policy/news/2061579/',
    title: 'О встрече Министра иностранных дел России с Министром иностранных дел Казахстана',
    publishedAt: '2026-11-24T16:05:00.000Z',
    language: 'ru',
    also: (p) => expect(p.feed.encoding).toBe('windows-1251'),
  },
  'cn-mfa-news-zh': {
    count: 3,
    url: 'https://www.mfa.gov.cn/web/wjdt_674879/wjbxw_674885/202611/t20261124_11770501.shtml',
    title: '王毅同土耳其外长举行会谈',
    // 22:10 Beijing time (UTC+8).
    publishedAt: '2026-11-24T14:10:00.000Z',
    language: 'zh-CN',
    also: (p) => expect(p.feed.format).toBe('listing'),
  },
  'cn-mfa-spokesperson-zh': {
    count: 2,
    url: 'https://www.mfa.gov.cn/web/wjdt_674879/fyrbt_674889/202611/t20261124_11770456.shtml',
    title: '外交部发言人就苏丹北达尔富尔局势答记者问',
    publishedAt: '2026-11-24T12:00:00.000Z',
    language: 'zh-CN',
  },
  'kz-mfa-news-en': {
    count: 3,
    url: 'https://www.gov.kz/memleket/entities/mfa/press/news/details/1061204?lang=en',
    title: 'Kazakhstan and Türkiye discuss expansion of consular network',
    // 24.11.2026: a day, kept as that calendar day.
    publishedAt: '2026-11-24T00:00:00.000Z',
    language: 'en',
  },
  'kz-mfa-news-ru': {
    count: 2,
    url: 'https://www.gov.kz/memleket/entities/mfa/press/news/details/1061203?lang=ru',
    title: 'Казахстан и Турция обсудили расширение консульской сети',
    publishedAt: '2026-11-24T00:00:00.000Z',
    language: 'ru',
  },
  'ca-gac-news-en': {
    count: 2,
    url: 'https://www.canada.ca/en/global-affairs/news/2026/11/minister-of-foreign-affairs-announces-humanitarian-assistance-for-sudan.html',
    title: 'Minister of Foreign Affairs announces humanitarian assistance for Sudan',
    publishedAt: '2026-11-24T19:30:00.000Z',
    language: 'en',
  },
  'ca-gac-news-fr': {
    count: 1,
    url: 'https://www.canada.ca/fr/affaires-mondiales/nouvelles/2026/11/la-ministre-des-affaires-etrangeres-annonce-une-aide-humanitaire-pour-le-soudan.html',
    title: 'La ministre des Affaires étrangères annonce une aide humanitaire pour le Soudan',
    publishedAt: '2026-11-24T19:30:00.000Z',
    language: 'fr',
  },
  'de-aa-presse': {
    count: 2,
    url: 'https://www.auswaertiges-amt.de/de/newsroom/telefonat-tuerkei-2712345',
    title: 'Außenministerin telefoniert mit dem türkischen Außenminister',
    publishedAt: '2026-11-24T17:15:00.000Z',
    language: 'de-DE',
  },
  'de-aa-aktuelles': {
    count: 1,
    url: 'https://www.auswaertiges-amt.de/de/aussenpolitik/laender/kasachstan-node/reise-staatsminister-2712300',
    title: 'Staatsminister reist nach Kasachstan und Usbekistan',
    publishedAt: '2026-11-25T07:00:00.000Z',
    language: 'de-DE',
  },
  'fr-meae-actualites': {
    count: 2,
    url: 'http://www.diplomatie.gouv.fr/fr/dossiers-pays/soudan/evenements/article/soudan-attaques-contre-des-civils-au-darfour-du-nord-23-11-26',
    title: 'Soudan - Attaques contre des civils au Darfour du Nord (23 novembre 2026)',
    publishedAt: '2026-11-23T18:20:05.000Z',
    language: 'fr',
  },
  'au-dfat-ministers': {
    count: 1,
    url: 'https://www.foreignminister.gov.au/minister/media-release/humanitarian-support-sudan',
    title: 'Humanitarian support for Sudan',
    publishedAt: '2026-11-24T23:00:00.000Z',
    language: 'en-AU',
  },
  'jp-kantei-news-en': {
    count: 2,
    url: 'https://japan.kantei.go.jp/104/actions/202611/24kazakhstan.html',
    title: 'Japan-Kazakhstan Summit Meeting',
    publishedAt: '2026-11-24T10:00:00.000Z',
    language: 'en',
    // An .rdf address that serves RSS 2.0.
    also: (p) => expect(p.feed.format).toBe('rss'),
  },
  'in-pib-releases-en': {
    count: 2,
    url: 'https://pib.gov.in/PressReleasePage.aspx?PRID=2195432',
    title: 'External Affairs Minister meets Foreign Minister of Kazakhstan',
    publishedAt: '2026-11-24T13:15:00.000Z',
    language: 'en',
  },
  'ru-kremlin-events-en': {
    count: 2,
    url: 'http://en.kremlin.ru/events/president/news/75790',
    title: 'Telephone conversation with President of Türkiye',
    publishedAt: '2026-11-24T13:20:00.000Z',
    language: 'en',
  },
  'un-news-all-en': {
    count: 2,
    url: 'https://news.un.org/en/story/2026/11/1163321',
    title: 'Sudan: Security Council demands immediate ceasefire in North Darfur',
    publishedAt: '2026-11-23T20:05:00.000Z',
    language: 'en',
    also: (p) => expect(p.items[0]?.guid).toBe('1163321 at https://news.un.org/en'),
  },
  'un-news-all-fr': {
    count: 1,
    url: 'https://news.un.org/fr/story/2026/11/1158431',
    title: 'Soudan : le Conseil de sécurité exige un cessez-le-feu immédiat au Darfour du Nord',
    publishedAt: '2026-11-23T20:14:00.000Z',
    language: 'fr',
  },
  'un-news-all-ru': {
    count: 2,
    url: 'https://news.un.org/ru/story/2026/11/1468890',
    title: 'Совет Безопасности потребовал немедленного прекращения огня в Северном Дарфуре',
    publishedAt: '2026-11-23T20:30:00.000Z',
    language: 'ru',
  },
  'un-news-all-es': {
    count: 1,
    url: 'https://news.un.org/es/story/2026/11/1534021',
    title: 'Sudán: el Consejo de Seguridad exige un alto el fuego inmediato en Darfur del Norte',
    publishedAt: '2026-11-23T21:00:00.000Z',
    language: 'es',
  },
  'un-news-all-zh': {
    count: 2,
    url: 'https://news.un.org/zh/story/2026/11/1143210',
    title: '安理会要求北达尔富尔立即停火',
    publishedAt: '2026-11-23T22:10:00.000Z',
    language: 'zh',
  },
  'eu-council-press-en': {
    count: 1,
    url: 'https://www.consilium.europa.eu/en/press/press-releases/2026/11/24/sudan-council-adopts-further-restrictive-measures/',
    title: 'Sudan: Council adopts further restrictive measures',
    publishedAt: '2026-11-24T10:30:00.000Z',
    language: 'en',
  },
  'nato-news-en': {
    count: 1,
    url: 'https://www.nato.int/cps/en/natohq/news_231045.htm',
    title: 'NATO Secretary General meets the Foreign Minister of Türkiye',
    publishedAt: '2026-11-24T13:10:00.000Z',
    language: 'en',
  },
  'dailysabah-diplomacy': {
    count: 2,
    url: 'https://www.dailysabah.com/politics/diplomacy/honorary-turkish-consulate-in-kazakhstans-shymkent-to-further-ties',
    title: "Honorary Turkish consulate in Kazakhstan's Shymkent to further ties",
    publishedAt: '2026-11-24T15:02:00.000Z',
    language: 'en',
  },
  'kr-mofa-press-en': {
    count: 2,
    url: 'https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=322870&page=1',
    title: 'Foreign Minister Holds Talks with Kazakh Foreign Minister',
    publishedAt: '2026-11-24T00:00:00.000Z',
    language: 'en',
  },
  'aljazeera-all-en': {
    count: 2,
    url: 'https://www.aljazeera.com/news/2026/11/24/sudans-rsf-accused-of-new-attacks-on-displaced-people-in-north-darfur',
    title: 'Sudan\u2019s RSF accused of new attacks on displaced people in North Darfur',
    publishedAt: '2026-11-24T21:17:45.000Z',
    language: 'en',
  },
  'ukrinform-latest-en': {
    count: 1,
    url: 'https://www.ukrinform.net/rubric-polytics/4061234-ukraine-turkiye-discuss-black-sea-security.html',
    title: 'Ukraine, Türkiye discuss Black Sea security',
    publishedAt: '2026-11-24T18:40:00.000Z',
    language: 'en',
  },
  'tass-politics-en': {
    count: 2,
    url: 'https://tass.com/politics/2045871',
    title: 'Russian, Kazakh top diplomats discuss Caspian transit in Moscow',
    publishedAt: '2026-11-24T16:30:11.000Z',
    language: 'en',
  },
};

/** The real parse path the fetcher takes for this kind of feed. */
function parseFixture({ feed }: FeedEntry): ParsedFeed {
  const fixture = index[feed.id];
  if (!fixture) throw new Error(`no fixture for ${feed.id} in tests/fixtures/sources/index.json`);
  const bytes = readFileSync(path.join(fixtures, fixture.file));
  const context = { url: feed.url, timezone: feed.timezone, contentType: fixture.contentType };
  return isListing(feed)
    ? parseListing(bytes, feed.listing, { ...context, language: feed.language })
    : parseFeed(bytes, context);
}

describe('source fixtures', () => {
  it('exist for every feed of sources.json, with expectations, and nothing else', () => {
    const ids = feedsOf(registry).map((e) => e.feed.id);
    expect(Object.keys(index).sort()).toEqual([...ids].sort());
    expect(Object.keys(expected).sort()).toEqual([...ids].sort());
  });

  for (const entry of feedsOf(registry)) {
    it(`${entry.source.id} / ${entry.feed.id} parses to its hand-checked items`, () => {
      const want = expected[entry.feed.id];
      if (!want) throw new Error(`no expectation for ${entry.feed.id}`);
      const parsed = parseFixture(entry);
      expect(parsed.items).toHaveLength(want.count);
      const first = parsed.items[0];
      expect(first?.url).toBe(want.url);
      expect(first?.title).toBe(want.title);
      expect(first?.publishedAt).toBe(want.publishedAt);
      expect(first?.language).toBe(want.language);
      // Every item can become an article: a URL and a title each.
      for (const item of parsed.items) expect(item.url && item.title, JSON.stringify(item)).toBeTruthy();
      want.also?.(parsed);
    });
  }
});
