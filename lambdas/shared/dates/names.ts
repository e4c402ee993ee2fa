/**
 * Month and weekday names in many languages, generated from the ICU data in Intl (long, short and
 * the genitive forms used next to a day number, e.g. Russian «ноября», Polish «listopada»), so they
 * are not hand-typed. The tables are generated once into names-data.ts (scripts/generate-date-names.ts):
 * building them from Intl takes ~220 DateTimeFormat constructions, ~80–250 ms of CPU on first use. Keys are folded (lower case, no accents, dotless i → i, no dots) so that
 * "MÄRZ", "märz" and "marz" all match. A key that means different months in two languages is dropped
 * (Croatian is left out for that reason: its «listopad» is October, the Polish and Czech one November).
 * The Solar Hijri and Hijri months are generated the same way into tables of their own, since their
 * numbers are months of those calendars.
 */

import type { Calendar } from './calendars';
import { HIJRI_MONTH_NAMES, MONTH_NAMES, PERSIAN_MONTH_NAMES, WEEKDAY_NAMES } from './names-data';

export const DATE_LOCALES = [
  'en',
  'fr',
  'de',
  'es',
  'pt',
  'it',
  'nl',
  'ru',
  'uk',
  'tr',
  'el',
  'hu',
  'pl',
  'cs',
  'sk',
  'ro',
  'sv',
  'da',
  'nb',
  'fi',
  'bg',
  'sr-Latn',
  'sl',
  'lt',
  'lv',
  'et',
  'id',
  'ca',
  'zh',
  'ja',
  'ko',
  'ar',
  // Thai month names are the Gregorian months (ICU's default Thai calendar, Buddhist, only renumbers
  // the year); Persian with the Gregorian calendar gives the transliterated months Iranian sites
  // write for Gregorian dates («نوامبر») and the Persian weekdays. The Solar Hijri and Hijri months
  // have their own tables (CALENDAR_MONTH_LOCALES), because their numbers are not Gregorian months.
  'th',
  'fa-u-ca-gregory',
] as const;

/** Month names of the non-Gregorian calendars, by calendar, with the languages that write them. */
export const CALENDAR_MONTH_LOCALES = {
  // Iranian Persian (فروردین … اسفند) and Dari (حمل … حوت, Afghanistan).
  persian: ['fa', 'fa-AF'],
  'islamic-umalqura': ['ar'],
} as const;

/** Arabic-script letters written two ways (Arabic ي ى / Persian ی, ك / ک, ة / ه): one form each. */
const ARABIC_FOLD: Record<string, string> = { ي: 'ی', ى: 'ی', ك: 'ک', ة: 'ه' };

/**
 * Lower case, accents removed, dotless/dotted i unified, dots removed; in Arabic script also the
 * vowel and hamza marks (أ إ آ → ا), the tatweel and zero-width joiners, and the letters Arabic and
 * Persian keyboards write differently, so «جمادى الأولى» and «جمادي الاولي» are one key.
 */
export function foldName(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640\u200c\u200d]/g, '')
    .replace(/[ıيىكة.]/g, (c) => (c === 'ı' ? 'i' : (ARABIC_FOLD[c] ?? '')));
}

/** Greek nominative month names: Intl only offers the genitive forms. */
const GREEK_NOMINATIVE = [
  'Ιανουάριος',
  'Φεβρουάριος',
  'Μάρτιος',
  'Απρίλιος',
  'Μάιος',
  'Ιούνιος',
  'Ιούλιος',
  'Αύγουστος',
  'Σεπτέμβριος',
  'Οκτώβριος',
  'Νοέμβριος',
  'Δεκέμβριος',
];

/** Common abbreviations that ICU does not produce. */
const EXTRA_MONTHS: Array<[string, number]> = [
  ['sept', 9],
  ['sep', 9],
  ['janv', 1],
  ['fevr', 2],
  ['avr', 4],
  ['juil', 7],
  ['dez', 12],
  ['mrz', 3],
  ['okt', 10],
  ['ene', 1],
  ['dic', 12],
  ['ago', 8],
  ['set', 9],
  ['mei', 5],
  ['mrt', 3],
  // Levantine and Iraqi month names (Syria, Lebanon, Jordan, Iraq); the two-word ones (تشرين الثاني)
  // are joined in parse-date.ts.
  ['كانون_الثاني', 1],
  ['شباط', 2],
  ['آذار', 3],
  ['نيسان', 4],
  ['أيار', 5],
  ['حزيران', 6],
  ['تموز', 7],
  ['آب', 8],
  ['أيلول', 9],
  ['تشرين_الأول', 10],
  ['تشرين_الثاني', 11],
  ['كانون_الأول', 12],
];

/** Hijri month spellings ICU does not produce: the genitive ذي, and the الثاني / الأول variants. */
const EXTRA_HIJRI_MONTHS: Array<[string, number]> = [
  ['ربيع_الثاني', 4],
  ['جمادى_الأول', 5],
  ['جمادى_الثاني', 6],
  ['جمادى_الثانية', 6],
  ['جمادى_الآخر', 6],
  ['ذي_القعدة', 11],
  ['ذي_الحجة', 12],
];

/** Long, short and the genitive forms (as written next to a day number) of every month. */
function monthNames(locale: string): string[][] {
  const formats = (['long', 'short'] as const).flatMap((month) => [
    { format: new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' }), parts: false },
    { format: new Intl.DateTimeFormat(locale, { month, day: 'numeric', timeZone: 'UTC' }), parts: true },
  ]);
  const months: string[][] = [];
  for (let m = 0; m < 12; m++) {
    const date = new Date(Date.UTC(2022, m, 15));
    months.push(
      formats.map(({ format, parts }) =>
        parts
          ? (format.formatToParts(date).find((p) => p.type === 'month')?.value ?? '')
          : format.format(date),
      ),
    );
  }
  return months;
}

/** The month table as Intl builds it now (the generator's source, and the test's reference). */
export function monthsFromIntl(): Map<string, number> {
  const seen = new Map<string, Set<number>>();
  const add = (name: string, month: number) => {
    const key = foldName(name.trim());
    // Numeric forms ("11月", "11") are handled by the numeric rules, not as names.
    if (key === '' || /\d/.test(key)) return;
    const set = seen.get(key) ?? new Set<number>();
    set.add(month);
    seen.set(key, set);
  };
  for (const locale of DATE_LOCALES) {
    for (const [m, names] of monthNames(locale).entries()) {
      for (const name of names) {
        add(name, m + 1);
        // Cyrillic and Greek feeds abbreviate to three letters («ноя», «лис») where ICU writes
        // «нояб.»; Latin-script prefixes are left out, they collide across languages (Finnish
        // «marraskuu» is November). A prefix meaning two months is dropped below like any key.
        if (/^[\p{Script=Cyrillic}\p{Script=Greek}]{4,}/u.test(name)) add(name.slice(0, 3), m + 1);
      }
    }
  }
  for (const [i, name] of GREEK_NOMINATIVE.entries()) add(name, i + 1);
  for (const [name, month] of EXTRA_MONTHS) add(name, month);
  const months = new Map<string, number>();
  for (const [key, set] of seen) if (set.size === 1) months.set(key, [...set][0]!);
  return months;
}

/**
 * Solar Hijri and Hijri month names as Intl builds them now (two-word names joined by `_`, as the
 * tokenizer joins them). A key that is also a Gregorian month name, or in the other calendar, is
 * dropped like any collision.
 */
export function calendarMonthsFromIntl(): Record<Calendar, Map<string, number>> {
  const gregorian = monthsFromIntl();
  const seen = new Map<string, Set<string>>();
  const add = (calendar: Calendar, name: string, month: number) => {
    const key = foldName(name.trim().replace(/\s+/g, '_'));
    const set = seen.get(key) ?? new Set<string>();
    set.add(`${calendar}:${month}`);
    seen.set(key, set);
  };
  for (const [calendar, locales] of Object.entries(CALENDAR_MONTH_LOCALES) as Array<
    [Calendar, readonly string[]]
  >) {
    for (const locale of locales) {
      for (const month of ['long', 'short'] as const) {
        const format = new Intl.DateTimeFormat(locale, { calendar, month, timeZone: 'UTC' });
        // Walk a year day by day: the calendar's months do not start with the Gregorian ones.
        for (let d = 0; d < 366; d += 7) {
          const date = new Date(Date.UTC(2026, 0, 1 + d));
          const numeric = new Intl.DateTimeFormat(`en-u-ca-${calendar}`, {
            month: 'numeric',
            timeZone: 'UTC',
          });
          add(calendar, format.format(date), Number(numeric.format(date)));
        }
      }
    }
  }
  for (const [name, month] of EXTRA_HIJRI_MONTHS) add('islamic-umalqura', name, month);
  const tables: Record<Calendar, Map<string, number>> = { persian: new Map(), 'islamic-umalqura': new Map() };
  for (const [key, set] of seen) {
    if (set.size !== 1 || gregorian.has(key) || key === '' || /\d/.test(key)) continue;
    const [calendar, month] = [...set][0]!.split(':') as [Calendar, string];
    tables[calendar].set(key, Number(month));
  }
  return tables;
}

/** The weekday names as Intl builds them now (the generator's source, and the test's reference). */
export function weekdaysFromIntl(): Set<string> {
  const names = new Set<string>();
  for (const locale of DATE_LOCALES) {
    for (const weekday of ['long', 'short', 'narrow'] as const) {
      const format = new Intl.DateTimeFormat(locale, { weekday, timeZone: 'UTC' });
      for (let d = 0; d < 7; d++) {
        // 2022-11-06 was a Sunday.
        const name = foldName(format.format(new Date(Date.UTC(2022, 10, 6 + d))));
        // One-letter narrow forms ("m", "t") would swallow military zones; CJK single signs are fine.
        if (name.length > 1 || /[^\p{Script=Latin}]/u.test(name)) names.add(name);
      }
    }
  }
  for (const extra of ['tues', 'thur', 'thurs', 'weds']) names.add(extra);
  return names;
}

// Unpacked on first use (well-formed RFC 822 and ISO 8601 dates never need them).
let months: Map<string, number> | undefined;
let weekdays: Set<string> | undefined;

/** Folded month name → month number (1–12), in every language of DATE_LOCALES. */
export function monthNamesTable(): Map<string, number> {
  if (!months) {
    months = new Map();
    for (const [i, keys] of MONTH_NAMES.entries()) for (const key of keys.split('|')) months.set(key, i + 1);
  }
  return months;
}

let calendarMonths: Map<string, { calendar: Calendar; month: number }> | undefined;

/** Folded Solar Hijri and Hijri month name → its calendar and month number (1–12). */
export function calendarMonthTable(): Map<string, { calendar: Calendar; month: number }> {
  if (!calendarMonths) {
    calendarMonths = new Map();
    const lists: Array<[Calendar, readonly string[]]> = [
      ['persian', PERSIAN_MONTH_NAMES],
      ['islamic-umalqura', HIJRI_MONTH_NAMES],
    ];
    for (const [calendar, names] of lists)
      for (const [i, keys] of names.entries())
        for (const key of keys.split('|')) calendarMonths.set(key, { calendar, month: i + 1 });
  }
  return calendarMonths;
}

/** Folded weekday names in every language of DATE_LOCALES. */
export function weekdayNames(): Set<string> {
  weekdays ??= new Set(WEEKDAY_NAMES.split('|'));
  return weekdays;
}
