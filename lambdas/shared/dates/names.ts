/**
 * Month and weekday names in many languages, generated from the ICU data in Intl (long, short and
 * the genitive forms used next to a day number, e.g. Russian «ноября», Polish «listopada»), so they
 * are not hand-typed. The tables are generated once into names-data.ts (scripts/generate-date-names.ts):
 * building them from Intl takes ~220 DateTimeFormat constructions, ~80–250 ms of CPU on first use. Keys are folded (lower case, no accents, dotless i → i, no dots) so that
 * "MÄRZ", "märz" and "marz" all match. A key that means different months in two languages is dropped
 * (Croatian is left out for that reason: its «listopad» is October, the Polish and Czech one November).
 */

import { MONTH_NAMES, WEEKDAY_NAMES } from './names-data';

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
] as const;

/** Lower case, accents removed, dotless/dotted i unified, trailing dots removed. */
export function foldName(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .replace(/\./g, '');
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

/** Folded weekday names in every language of DATE_LOCALES. */
export function weekdayNames(): Set<string> {
  weekdays ??= new Set(WEEKDAY_NAMES.split('|'));
  return weekdays;
}
