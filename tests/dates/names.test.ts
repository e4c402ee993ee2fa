import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  calendarMonthsFromIntl,
  calendarMonthTable,
  foldName,
  monthNamesTable,
  monthsFromIntl,
  weekdayNames,
  weekdaysFromIntl,
} from '../../lambdas/shared/dates/names';
import { REPO_ROOT } from '../../local/templates';
import { renderNamesData } from '../../scripts/generate-date-names';

describe('the stored month and weekday tables', () => {
  it('are exactly what Intl builds on this Node (regenerate with scripts/generate-date-names.ts)', () => {
    expect([...monthNamesTable()].sort()).toEqual([...monthsFromIntl()].sort());
    expect([...weekdayNames()].sort()).toEqual([...weekdaysFromIntl()].sort());
    const fromIntl = calendarMonthsFromIntl();
    const stored = [...calendarMonthTable()].map(([key, { calendar, month }]) => [calendar, key, month]);
    const built = (['persian', 'islamic-umalqura'] as const).flatMap((calendar) =>
      [...fromIntl[calendar]].map(([key, month]) => [calendar, key, month]),
    );
    expect(stored.sort()).toEqual(built.sort());
  });

  it('is the file the generator writes, byte for byte but for the Node/ICU line', () => {
    const stored = readFileSync(path.join(REPO_ROOT, 'lambdas/shared/dates/names-data.ts'), 'utf8');
    const body = (text: string) => text.split('\n').slice(1).join('\n');
    expect(body(stored)).toBe(body(renderNamesData()));
  });

  it('hold the names feeds use, in their genitive and abbreviated forms too', () => {
    const months = monthNamesTable();
    expect(
      ['ноября', 'ноя', 'kasim', 'novembre', 'nov', 'listopada', 'listopad', 'نوفمبر', 'تشرين_الثاني'].map(
        (k) => months.get(foldName(k)),
      ),
    ).toEqual([11, 11, 11, 11, 11, 11, 11, 11, 11]);
    // Latin-script prefixes are not added: «marr» would be a guess.
    expect(months.has('marr')).toBe(false);
    expect(weekdayNames().has('carsamba')).toBe(true);
  });

  it('hold the Thai months and the Solar Hijri and Hijri months in their own calendar, by their number there', () => {
    // Thai months are the Gregorian ones (November = พฤศจิกายน, abbreviated พ.ย.).
    expect(['พฤศจิกายน', 'พ.ย.', 'มกราคม'].map((k) => monthNamesTable().get(foldName(k)))).toEqual([
      11, 11, 1,
    ]);
    // Solar Hijri: Farvardin is month 1, Azar 9, Esfand 12; Dari names the same months Hamal, Qaws, Hut.
    // Hijri: Muharram 1, Jumada al-Ula 5, Dhu al-Hijja 12 (also in the genitive ذي الحجة).
    const calendarMonth = (k: string) => calendarMonthTable().get(foldName(k));
    expect(['فروردین', 'آذر', 'اسفند', 'حمل', 'قوس', 'حوت'].map((k) => calendarMonth(k))).toEqual(
      [1, 9, 12, 1, 9, 12].map((month) => ({ calendar: 'persian', month })),
    );
    expect(
      ['محرم', 'جمادى_الأولى', 'جمادي_الاولي', 'ذو_الحجة', 'ذي_الحجة'].map((k) => calendarMonth(k)),
    ).toEqual([1, 5, 5, 12, 12].map((month) => ({ calendar: 'islamic-umalqura', month })));
    // The Levantine آذار (March) and the Persian آذر (Azar) stay apart.
    expect(monthNamesTable().get(foldName('آذار'))).toBe(3);
    expect(monthNamesTable().has(foldName('آذر'))).toBe(false);
  });
});
