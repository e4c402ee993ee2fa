/**
 * Spellings the tokenizer in parse-date.ts cannot read word by word, rewritten before it runs:
 * invisible direction marks, two-word Arabic month names, Vietnamese "26 tháng 11 năm 2026" and its
 * weekdays ("Thứ Năm", "Thứ 5"), Thai "ที่" glued to a weekday, and a page's double date
 * ("15 جمادى الأولى 1448هـ الموافق 26 نوفمبر 2026م"), which is split in two.
 */

// Character ranges, not \p{L}: a /u regex with Unicode property classes costs ~1 ms to build at
// import, paid by every cold start that loads dates. Arabic script is U+0600–U+06FF; Vietnamese
// letters are in Latin-1, Latin Extended and Latin Extended Additional (ạ … ỹ).
const VI_LETTER = 'a-z\\u00c0-\\u024f\\u1e00-\\u1eff';

/** Direction marks and zero-width spaces between words; joiners inside Persian words (سه‌شنبه). */
const INVISIBLE_GAPS = /[\u200b\u200e\u200f\u061c\u2066-\u2069]/g;
const JOINERS = /[\u200c\u200d]/g;
/** Arabic or Thai script, or an invisible mark: the rewrites below have nothing to do without one. */
const NEEDS_REWRITE = /[\u0600-\u06ff\u0e00-\u0e7f\u200b-\u200f\u2066-\u2069]/;

/** Two-word month names (تشرين الثاني, جمادى الأولى, ذو الحجة) become one word the tables know. */
const TWO_WORD_MONTH =
  /(?<![\u0600-\u06ff])(كانون|تشرين|ربيع|جمادى|جمادي|جمادی|ذو|ذي|ذی)\s*(ال[\u0600-\u06ff]+)/g;

const VIETNAMESE = /th[ứá]|chủ|cn/;
const VI_WEEKDAY = new RegExp(
  `(?<![${VI_LETTER}])(?:thứ\\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\\s*nhật|cn)(?![${VI_LETTER}\\d])`,
  'g',
);
const VI_DATE = new RegExp(
  `(?<![${VI_LETTER}\\d])(?:(\\d{1,2})\\s+)?tháng\\s*(\\d{1,2})(?:\\s*(?:,|năm|/)\\s*(\\d{4}))?(?!\\d)`,
);

/** "ه. ش." and "ه. ق." (Solar or lunar Hijri, spaced) are the markers ه.ش and ه.ق. */
const SPACED_MARKER = /(?<![\u0600-\u06ff])ه\s*\.\s*([شق])(?![\u0600-\u06ff])\.?/g;

/** Thai writes "วันพฤหัสบดีที่ 26" and "วันที่ 26": ที่ ("the") glued to the word before a number. */
const THAI_THE = /ที่(?=\s*\d)/g;

export interface LocalForms {
  text: string;
  year?: number;
  month?: number;
  day?: number;
}

/** `s` is lower case with ASCII digits. */
export function rewriteLocalForms(s: string): LocalForms {
  let text = s;
  if (NEEDS_REWRITE.test(text)) {
    text = text.replace(INVISIBLE_GAPS, ' ').replace(JOINERS, '');
    text = text.replace(TWO_WORD_MONTH, '$1_$2').replace(SPACED_MARKER, 'ه$1').replace(THAI_THE, ' ');
  }
  const out: LocalForms = { text };
  if (VIETNAMESE.test(text)) {
    text = text.replace(VI_WEEKDAY, ' ');
    out.text = text.replace(VI_DATE, (_, d?: string, mo?: string, y?: string) => {
      out.month = Number(mo);
      if (d !== undefined) out.day = Number(d);
      if (y !== undefined) out.year = Number(y);
      return ' ';
    });
  }
  return out;
}

const CONNECTOR = /[\s،,]*\s(?:الموافق|الموافقة|برابر\s+با|مطابق\s+با)(?:\s+لـ?)?\s+/;
/** After a Hijri or Solar Hijri year marker (1448هـ, 1405 ه.ش) another date may follow directly. */
const AFTER_MARKER = /(?<=[\d٠-٩۰-۹]\s?(?:هـ|ه\.ق|ه\.ش|ه)\.?)(?![\u0600-\u06ff.])\s*[-–—|،,]?\s*/;

/** The two dates of a double date, in the order written, or undefined when the text has one. */
export function doubleDateParts(s: string): [string, string] | undefined {
  const m = CONNECTOR.exec(s) ?? AFTER_MARKER.exec(s);
  if (!m) return undefined;
  const first = s.slice(0, m.index).trim();
  const second = s.slice(m.index + m[0].length).trim();
  return first && second ? [first, second] : undefined;
}
