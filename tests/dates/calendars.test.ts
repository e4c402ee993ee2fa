/**
 * Solar Hijri and Umm al-Qura Hijri → Gregorian (calendars.ts). The fixed points are worked out by
 * hand, not taken from the code:
 * - Solar Hijri: 1 Farvardin is the day of the March equinox if it falls before noon in Tehran
 *   (UTC+03:30), else the next day. 2024: equinox 20 March 03:06 UTC = 06:36 Tehran → 1 Farvardin
 *   1403 = 20 March 2024. 2025: 20 March 09:01 UTC = 12:31 Tehran → 1 Farvardin 1404 = 21 March 2025.
 *   2026: 20 March 14:46 UTC = 18:16 Tehran → 1 Farvardin 1405 = 21 March 2026. So 1403 has 366 days
 *   (30 Esfand 1403 = 20 March 2025) and 1404 has 365 (no 30 Esfand 1404).
 *   1 Azar is day 6×31 + 2×30 + 1 = 247 of the year; 21 March + 246 days = 22 November (10 days to
 *   31 March, then 30+31+30+31+31+30+31 = 214 to 31 October, 22 more), so 5 Azar 1405 = 26 Nov 2026.
 * - Hijri (Umm al-Qura, Saudi Arabia's official calendar), from the dates announced for 2026:
 *   1 Ramadan 1447 = 18 February 2026, 1 Shawwal 1447 (Eid al-Fitr) = 20 March 2026, so Ramadan 1447
 *   had 30 days; 1 Muharram 1448 (the new year) = 16 June 2026.
 */
import { describe, expect, it } from 'vitest';
import { type Calendar, toGregorian } from '../../lambdas/shared/dates/calendars';

const day = (year: number, month: number, d: number) => ({ year, month, day: d });

describe('toGregorian', () => {
  it.each([
    ['persian', 1405, 1, 1, day(2026, 3, 21)],
    ['persian', 1405, 9, 5, day(2026, 11, 26)],
    ['persian', 1405, 9, 1, day(2026, 11, 22)],
    ['persian', 1403, 1, 1, day(2024, 3, 20)],
    ['persian', 1403, 12, 30, day(2025, 3, 20)],
    ['persian', 1404, 12, 29, day(2026, 3, 20)],
    ['islamic-umalqura', 1447, 9, 1, day(2026, 2, 18)],
    ['islamic-umalqura', 1447, 9, 30, day(2026, 3, 19)],
    ['islamic-umalqura', 1447, 10, 1, day(2026, 3, 20)],
    ['islamic-umalqura', 1448, 1, 1, day(2026, 6, 16)],
  ] as const)('%s %i-%i-%i is %o', (calendar, y, m, d, expected) => {
    expect(toGregorian(calendar, y, m, d)).toEqual(expected);
  });

  it('refuses a day the calendar does not have, and years outside the plausible range', () => {
    expect(toGregorian('persian', 1404, 12, 30)).toBeUndefined();
    // Mehr (month 7) has 30 days, Shahrivar (6) has 31.
    expect(toGregorian('persian', 1405, 7, 31)).toBeUndefined();
    expect(toGregorian('persian', 1405, 6, 31)).toEqual(day(2026, 9, 22));
    expect(toGregorian('persian', 1405, 13, 1)).toBeUndefined();
    expect(toGregorian('persian', 2026, 9, 5)).toBeUndefined();
    expect(toGregorian('islamic-umalqura', 1447, 9, 31)).toBeUndefined();
    expect(toGregorian('islamic-umalqura', 1200, 1, 1)).toBeUndefined();
  });

  it('agrees with ICU’s own forward conversion for every day of 2015–2035, and no day 30 too many', () => {
    // ICU formats Gregorian → calendar; our search goes the other way: each must invert the other.
    for (const calendar of ['persian', 'islamic-umalqura'] as Calendar[]) {
      const format = new Intl.DateTimeFormat(`en-u-ca-${calendar}-nu-latn`, {
        timeZone: 'UTC',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
      const wrong: string[] = [];
      const lastOfMonth = new Map<string, number>();
      for (let ms = Date.UTC(2015, 0, 1); ms < Date.UTC(2036, 0, 1); ms += 86_400_000) {
        const [m, d, y] = format.format(new Date(ms)).split(' ')[0]!.split('/').map(Number) as [
          number,
          number,
          number,
        ];
        const back = toGregorian(calendar, y, m, d);
        if (!back || Date.UTC(back.year, back.month - 1, back.day) !== ms) wrong.push(`${y}-${m}-${d}`);
        lastOfMonth.set(`${y}-${m}`, d);
      }
      // The last month is cut by the end of the range: its last day seen is not its last day.
      lastOfMonth.delete([...lastOfMonth.keys()].at(-1)!);
      for (const [key, last] of lastOfMonth) {
        const [y, m] = key.split('-').map(Number) as [number, number];
        if (last < 31 && toGregorian(calendar, y, m, last + 1)) wrong.push(`${key}-${last + 1} accepted`);
      }
      expect(wrong).toEqual([]);
    }
  });
});
