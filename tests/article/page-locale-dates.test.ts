/**
 * An article page's dates are read in the page's locale: its `<html lang>`, its og:locale, or (when
 * it declares none) the feed's language in its source's country. Expected values worked out by hand:
 *  - 1 Farvardin 1405 = 21 March 2026; Farvardin…Aban are 6×31 + 2×30 = 246 days, so 5 Azar
 *    (month 9, day 5) = 21 March + 250 days = 26 November 2026.
 *  - en-US writes month first: 7/11/2022 is 11 July 2022; en-GB and most others day first: 7 November.
 *  - Tehran is UTC+03:30 all year (no daylight saving since 2022): 10:30 there is 07:00Z.
 */
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../lambdas/shared/article/extract';
import { normalizeDocument } from '../../lambdas/shared/article/normalize';

const BODY =
  '<p>This paragraph is the body of the statement, long enough for the extractor to treat it as the article text and not as navigation or a label of any kind.</p>'.repeat(
    3,
  );

function page(htmlAttrs: string, dateLine: string, head = '', body = BODY): string {
  return `<!DOCTYPE html><html ${htmlAttrs}><head><title>Statement</title>${head}</head><body><article><h1>Statement by the Ministry of Foreign Affairs</h1>${dateLine}${body}</article></body></html>`;
}

const published = (html: string, opts: { timezone?: string; locale?: string } = {}) =>
  extractPage(html, opts).publishedAt;

describe('a Persian page’s ASCII-digit dates are Solar Hijri', () => {
  it('reads 1405/09/05 in the date line of a <html lang="fa"> page as 26 November 2026', () => {
    const html = page('lang="fa" dir="rtl"', '<div class="date">تاریخ انتشار: 1405/09/05</div>');
    expect(published(html)).toEqual({ iso: '2026-11-26T00:00:00.000Z', precision: 'day' });
  });

  it('reads a bare 1405/09/05 line under the headline the same way', () => {
    const html = page('lang="fa-IR"', '<p>1405/09/05</p>');
    expect(published(html)).toEqual({ iso: '2026-11-26T00:00:00.000Z', precision: 'day' });
  });

  it('reads the same line as the year 1405 on a page in another language', () => {
    const html = page('lang="en"', '<div class="date">Published: 1405/09/05</div>');
    expect(published(html)).toEqual({ iso: '1405-09-05T00:00:00.000Z', precision: 'day' });
  });

  it('takes Persian from the feed when the page declares no language', () => {
    const html = page('', '<div class="date">1405/09/05</div>');
    expect(published(html, { locale: 'fa-IR' })).toEqual({
      iso: '2026-11-26T00:00:00.000Z',
      precision: 'day',
    });
  });

  it('reads a Persian-digit line under the headline, and its time in the feed’s zone', () => {
    const html = page('lang="fa"', '<p>۵ آذر ۱۴۰۵ - ۱۰:۳۰</p>');
    expect(published(html, { timezone: 'Asia/Tehran' })).toEqual({
      iso: '2026-11-26T07:00:00.000Z',
      precision: 'time',
    });
  });

  it('leaves a Persian page undated when its only numbers are counts in sentences', () => {
    const body =
      '<p>در این نشست ۱۲۳۴ نفر از نمایندگان کشورها شرکت کردند و درباره همکاری‌های منطقه‌ای گفتگو کردند.</p>' +
      '<p>۱۲۳۴</p><div class="meta">بازدید: ۱۲۳۴</div><div class="meta">بازدید: 1234</div>' +
      '<p>وزارت امور خارجه در بیانیه‌ای اعلام کرد که این نشست با حضور ۱۲ کشور برگزار شد و گفتگوها ادامه خواهد داشت.</p>'.repeat(
        2,
      );
    expect(published(page('lang="fa"', '', '', body))).toBeUndefined();
  });
});

describe('date lines in other scripts', () => {
  it('reads Arabic-Indic and Thai digits and Thai month names in a date line', () => {
    expect(published(page('lang="ar"', '<div class="date">نشر بتاريخ: ٢٦ نوفمبر ٢٠٢٦</div>'))?.iso).toBe(
      '2026-11-26T00:00:00.000Z',
    );
    // Thai ๒๕๖๙ is 2569 B.E.; 2569 − 543 = 2026.
    const thai = '<span class="post-date">วันที่ ๒๖ พฤศจิกายน ๒๕๖๙</span>';
    expect(published(page('lang="th"', thai))?.iso).toBe('2026-11-26T00:00:00.000Z');
  });

  it('keeps the time of a Persian date line with its label, in the feed’s zone', () => {
    const line = '<div class="date">تاریخ انتشار: ۵ آذر ۱۴۰۵ - ساعت ۱۰:۳۰</div>';
    expect(published(page('lang="fa"', line), { timezone: 'Asia/Tehran' })).toEqual({
      iso: '2026-11-26T07:00:00.000Z',
      precision: 'time',
    });
  });

  it('keeps the half after الموافق of a double date inside a date line', () => {
    // The halves disagree on purpose so that the result says which one was read: 15 Jumada al-Ula
    // 1448 is 26 October 2026 in Umm al-Qura (ICU's Intl calendar prints 2026-10-26 so), the
    // Gregorian half says 26 November.
    const line = '<div class="date">صدر في: الأربعاء 15 جمادى الأولى 1448هـ الموافق 26 نوفمبر 2026م</div>';
    expect(published(page('lang="ar"', line))?.iso).toBe('2026-11-26T00:00:00.000Z');
    const hijriOnly = '<div class="date">صدر في: الأربعاء 15 جمادى الأولى 1448هـ</div>';
    expect(published(page('lang="ar"', hijriOnly))?.iso).toBe('2026-10-26T00:00:00.000Z');
  });
});

describe('numeric dates in the page’s region order', () => {
  it('reads 7/11/2022 as 11 July on an en-US page and 7 November on an en-GB one', () => {
    const line = '<div class="date">Posted 7/11/2022</div>';
    expect(published(page('lang="en-US"', line))?.iso).toBe('2022-07-11T00:00:00.000Z');
    expect(published(page('lang="en-GB"', line))?.iso).toBe('2022-11-07T00:00:00.000Z');
  });

  it('takes the region from og:locale when <html lang> names none', () => {
    const html = page('lang="en"', '<p>7/11/2022</p>', '<meta property="og:locale" content="en_US">');
    expect(published(html)?.iso).toBe('2022-07-11T00:00:00.000Z');
  });

  it('takes the region from the feed (en in the U.S.) when the page names none', () => {
    const html = page('lang="en"', '<p>7/11/2022</p>');
    expect(published(html, { locale: 'en-US' })?.iso).toBe('2022-07-11T00:00:00.000Z');
    expect(published(html)?.iso).toBe('2022-11-07T00:00:00.000Z');
  });

  it('normalizes a U.S. ministry’s page with the feed’s language and the source’s country', () => {
    const bytes = new TextEncoder().encode(page('', '<p>7/11/2022</p>'));
    const clock = { now: () => new Date('2026-11-26T00:00:00.000Z') };
    const input = { bytes, contentType: 'text/html', sourceId: 'us-state', url: 'https://state.example/s' };
    const us = normalizeDocument({ ...input, declaredLanguage: 'en', sourceCountry: 'US' }, clock);
    expect([us.publishedAt, us.datePrecision]).toEqual(['2022-07-11T00:00:00.000Z', 'day']);
    const uk = normalizeDocument({ ...input, declaredLanguage: 'en', sourceCountry: 'GB' }, clock);
    expect(uk.publishedAt).toBe('2022-11-07T00:00:00.000Z');
  });
});
