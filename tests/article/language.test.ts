import { describe, expect, it } from 'vitest';
import { detectLanguage, resolveLanguage, sampleOf } from '../../lambdas/shared/article/language';
import { eldLanguage } from '../../lambdas/shared/article/language/eld-scorer';
import { languageSamples } from './language-samples';

describe('detectLanguage on hand-written samples in 27 languages', () => {
  const results = languageSamples.map((s) => ({ ...s, got: detectLanguage(s.text) }));

  it('prints the accuracy table and reaches at least 95% on short and on long texts', () => {
    const rows = ['short', 'long'].map((kind) => {
      const of = results.filter((r) => r.kind === kind);
      const ok = of.filter((r) => r.got === r.lang).length;
      return { kind, samples: of.length, correct: ok, accuracy: Number((ok / of.length).toFixed(3)) };
    });
    console.table(rows);
    const misses = results.filter((r) => r.got !== r.lang).map((r) => `${r.lang}/${r.kind} → ${r.got}`);
    console.log('misses:', misses.join(', ') || 'none');
    for (const row of rows) expect(row.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('gets the languages of this project’s sources right on every sample', () => {
    for (const lang of ['en', 'tr', 'ru', 'zh', 'fr', 'de', 'es', 'ar', 'ja', 'ko', 'kk', 'uk', 'fa']) {
      for (const r of results.filter((x) => x.lang === lang))
        expect(`${lang}/${r.kind}: ${r.got}`).toBe(`${lang}/${r.kind}: ${lang}`);
    }
  });

  it('returns undefined when there is nothing to judge', () => {
    expect(detectLanguage('')).toBeUndefined();
    expect(detectLanguage('12:30 — 2022')).toBeUndefined();
  });

  it('samples a bounded prefix that ends on a word boundary', () => {
    const s = sampleOf('word '.repeat(1000), 600);
    expect(s.length).toBeLessThanOrEqual(600);
    expect(s.endsWith('word')).toBe(true);
  });
});

describe('detectLanguage: Malay or Indonesian (ELD knows only ms)', () => {
  // Hand-written; each is what ELD calls "ms". Markers: Malaysian bahawa, kerana, kerjasama,
  // antarabangsa, mesyuarat, Julai, iaitu, pelancongan; Indonesian bahwa, karena, internasional,
  // pemerintah, Juli, yaitu, pariwisata.
  const cases: Array<[string, string]> = [
    [
      'id',
      'Pemerintah Indonesia menegaskan bahwa kerja sama internasional sangat penting karena kawasan ini menghadapi banyak tantangan.',
    ],
    [
      'id',
      'Kementerian Luar Negeri menyatakan bahwa pertemuan itu akan diadakan di Jakarta pada bulan Juli.',
    ],
    [
      'id',
      'Presiden mengatakan kedua negara sepakat untuk meningkatkan perdagangan dan investasi, yaitu di bidang energi dan pariwisata.',
    ],
    [
      'ms',
      'Kerajaan Malaysia menegaskan bahawa kerjasama antarabangsa amat penting kerana rantau ini berdepan banyak cabaran.',
    ],
    [
      'ms',
      'Wisma Putra dalam satu kenyataan berkata mesyuarat itu akan diadakan di Kuala Lumpur pada bulan Julai.',
    ],
    [
      'ms',
      'Perdana Menteri berkata kedua-dua negara bersetuju untuk meningkatkan perdagangan dan pelaburan, iaitu dalam bidang tenaga dan pelancongan.',
    ],
  ];

  it('tells them apart by the words only one of them uses', () => {
    for (const [lang, text] of cases) {
      expect(eldLanguage(text), text).toBe('ms');
      expect(`${detectLanguage(text)}: ${text}`).toBe(`${lang}: ${text}`);
    }
  });

  it('takes a text with no such word as Indonesian, and keeps a declared Malay', () => {
    const headline = 'Menteri Luar Negeri bertemu mitranya di Ankara';
    expect(detectLanguage(headline)).toBe('id');
    expect(resolveLanguage(headline, 'ms')).toEqual({ language: 'ms', languageSource: 'declared' });
  });
});

describe('resolveLanguage', () => {
  const english = 'The foreign ministers met on Tuesday to discuss trade and energy.';

  it('keeps a declared language the text agrees with, as declared (region subtag dropped)', () => {
    expect(resolveLanguage(english, 'en-GB')).toEqual({ language: 'en', languageSource: 'declared' });
  });

  it('prefers the detected language when the declaration contradicts the text', () => {
    expect(resolveLanguage(english, 'tr')).toEqual({ language: 'en', languageSource: 'detected' });
  });

  it('keeps the declaration when the text is too short to judge', () => {
    expect(resolveLanguage('2022', 'ru')).toEqual({ language: 'ru', languageSource: 'declared' });
  });

  it('says und when nothing is known', () => {
    expect(resolveLanguage('…')).toEqual({ language: 'und', languageSource: 'declared' });
  });
});
