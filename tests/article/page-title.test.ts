import { describe, expect, it } from 'vitest';
import { stripSiteName } from '../../lambdas/shared/article/page-title';

describe('stripSiteName', () => {
  // The <title> of each page in tests/fixtures/pages, and the headline its <h1> shows.
  const cases: Array<[string, string, { siteName?: string; url?: string }?]> = [
    [
      'No: 318, 9 Kasım 2022, Kazakistan’ın Şımkent Şehrinde Fahri Başkonsolosluğumuzun Açılışı Hk. / T.C. Dışişleri Bakanlığı',
      'No: 318, 9 Kasım 2022, Kazakistan’ın Şımkent Şehrinde Fahri Başkonsolosluğumuzun Açılışı Hk.',
    ],
    [
      'No: 12, 12 January 2024, Press Release Regarding the Earthquake in Afghanistan / Rep. of Türkiye Ministry of Foreign Affairs',
      'No: 12, 12 January 2024, Press Release Regarding the Earthquake in Afghanistan',
    ],
    [
      'Türkiye, Kazakhstan agree to boost trade to $10B | Daily Sabah',
      'Türkiye, Kazakhstan agree to boost trade to $10B',
      { siteName: 'Daily Sabah' },
    ],
    [
      'وزير الخارجية التركي يزور الرياض لبحث العلاقات الثنائية | أخبار | الجزيرة نت',
      'وزير الخارجية التركي يزور الرياض لبحث العلاقات الثنائية',
    ],
    [
      'Außenministerin Baerbock zum Besuch in Kasachstan und Usbekistan - Auswärtiges Amt',
      'Außenministerin Baerbock zum Besuch in Kasachstan und Usbekistan',
    ],
    [
      'Turquie – Entretien de Catherine Colonna avec son homologue turc (2 mars 2023) - Ministère de l’Europe et des Affaires étrangères',
      'Turquie – Entretien de Catherine Colonna avec son homologue turc (2 mars 2023)',
    ],
    [
      'El ministro Albares se reúne con su homólogo turco | Ministerio de Asuntos Exteriores',
      'El ministro Albares se reúne con su homólogo turco',
    ],
    ['王毅同土耳其外长恰武什奥卢通电话_中华人民共和国外交部', '王毅同土耳其外长恰武什奥卢通电话'],
    [
      'Kazakhstan and Türkiye discuss expansion of trade and economic cooperation - Ministry of Foreign Affairs of the Republic of Kazakhstan',
      'Kazakhstan and Türkiye discuss expansion of trade and economic cooperation',
    ],
    [
      'UK and Kazakhstan sign strategic partnership agreement - GOV.UK',
      'UK and Kazakhstan sign strategic partnership agreement',
    ],
    [
      'Çavuşoğlu: Türkiye-Kazakistan ticaret hacmi hedefi 10 milyar dolar - Son Dakika Haberleri',
      'Çavuşoğlu: Türkiye-Kazakistan ticaret hacmi hedefi 10 milyar dolar',
    ],
    [
      'Telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev • President of Russia',
      'Telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev',
    ],
    [
      'О телефонном разговоре Министра иностранных дел России С.В.Лаврова с Министром иностранных дел Казахстана М.Б.Тлеуберди - Министерство иностранных дел Российской Федерации',
      'О телефонном разговоре Министра иностранных дел России С.В.Лаврова с Министром иностранных дел Казахстана М.Б.Тлеуберди',
    ],
    ['日トルコ外相電話会談｜外務省', '日トルコ外相電話会談'],
    ['中哈两国外长举行会谈--国际--人民网', '中哈两国外长举行会谈'],
    [
      'Secretary Blinken’s Meeting with Kazakhstani Foreign Minister Tileuberdi - United States Department of State',
      'Secretary Blinken’s Meeting with Kazakhstani Foreign Minister Tileuberdi',
    ],
    [
      'Лавров и Чавушоглу обсудили по телефону зерновую сделку - ТАСС',
      'Лавров и Чавушоглу обсудили по телефону зерновую сделку',
    ],
    [
      'Guterres welcomes Black Sea Grain Initiative extension | UN News',
      'Guterres welcomes Black Sea Grain Initiative extension',
    ],
  ];
  it.each(cases)('%s', (title, headline, hints) => {
    expect(stripSiteName(title, hints)).toBe(headline);
  });

  it('strips a site name written before the headline', () => {
    expect(stripSiteName('Ministry of Foreign Affairs | Statement on the situation in Sudan')).toBe(
      'Statement on the situation in Sudan',
    );
    expect(
      stripSiteName('Daily Sabah - Türkiye and Kazakhstan sign a deal', {
        url: 'https://www.dailysabah.com/x',
      }),
    ).toBe('Türkiye and Kazakhstan sign a deal');
  });

  it('keeps dash-separated topic prefixes and headlines without a site', () => {
    for (const t of [
      'Liban - Déclaration de la porte-parole (24 novembre 2026)',
      'La Turquie et l’Arménie relancent le dialogue sur la normalisation de leurs relations',
      'Кулеба обговорив із Чавушоглу продовження зернової ініціативи',
      'Sudan: UK statement at the UN Security Council, November 2026',
      'Lavrov - Talks postponed again',
    ])
      expect(stripSiteName(t)).toBe(t);
  });

  it('never strips a headline down to a stub', () => {
    expect(stripSiteName('News | Daily Sabah')).toBe('News | Daily Sabah');
  });
});
