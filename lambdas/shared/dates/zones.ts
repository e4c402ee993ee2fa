/** Zone abbreviations → offset in minutes east of UTC. */
import { regionOf } from './locale';

/**
 * RFC 822 names, plus the abbreviations that feeds actually use. The ambiguous IST and AST are read
 * by namedZone() from the feed's region or zone.
 */
export const ZONE_NAMES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  wat: 60,
  bst: 60,
  cet: 60,
  mez: 60,
  west: 60,
  cest: 120,
  mesz: 120,
  eet: 120,
  sast: 120,
  cat: 120,
  eest: 180,
  msk: 180,
  irst: 210,
  gst: 240, // Gulf Standard Time (UAE, Oman); South Georgia's GST (−2) has no ministry feeds
  trt: 180,
  eat: 180,
  ast: -240,
  adt: -180,
  edt: -240,
  est: -300,
  et: -300,
  cdt: -300,
  cst: -360,
  ct: -360,
  mdt: -360,
  mst: -420,
  mt: -420,
  pdt: -420,
  pst: -480,
  pt: -480,
  akst: -540,
  akdt: -480,
  hst: -600,
  pkt: 300,
  npt: 345,
  ict: 420,
  wib: 420,
  wita: 480,
  hkt: 480,
  sgt: 480,
  pht: 480,
  awst: 480,
  wit: 540,
  jst: 540,
  kst: 540,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

/** Where "AST" is Arabia Standard Time (+03:00), not the Atlantic's −04:00 of RFC 822 habit. */
const ARABIA_REGIONS = new Set(['SA', 'KW', 'QA', 'BH', 'IQ', 'YE']);
const ARABIA_ZONES = new Set([
  'Asia/Riyadh',
  'Asia/Kuwait',
  'Asia/Qatar',
  'Asia/Bahrain',
  'Asia/Baghdad',
  'Asia/Aden',
]);

/**
 * A folded zone abbreviation → minutes east of UTC, or undefined when it is not one we know.
 * IST is India (+05:30) unless the feed's region, language or zone says Ireland (Irish Standard
 * Time, +01:00, its summer time) or Israel (+02:00): India's ministries publish far more, and an
 * Irish or Israeli feed declares its region (en-IE, he-IL) or has a registry country.
 */
export function namedZone(
  word: string,
  locale: string | undefined,
  timezone: string | undefined,
): number | undefined {
  if (word === 'ist') {
    const region = regionOf(locale);
    const language = locale?.split(/[-_]/)[0]?.toLowerCase();
    if (region === 'IE' || language === 'ga' || timezone === 'Europe/Dublin') return 60;
    if (region === 'IL' || language === 'he' || language === 'iw' || timezone === 'Asia/Jerusalem')
      return 120;
    return 330;
  }
  if (word === 'ast') {
    const region = regionOf(locale);
    if ((region && ARABIA_REGIONS.has(region)) || (timezone && ARABIA_ZONES.has(timezone))) return 180;
  }
  return ZONE_NAMES[word];
}

/**
 * RFC 822 military zones as the RFC wrote them (A = -1 h … M = -12 h, N = +1 h … Y = +12 h).
 * RFC 1123 notes the signs were published backwards and suggests treating them as unknown; we follow
 * the written standard, like feedparser and Python's email.utils, and J (local time) is not a zone.
 */
export function militaryZone(letter: string): number | undefined {
  const c = letter.toLowerCase();
  if (c.length !== 1 || c < 'a' || c > 'z' || c === 'j') return undefined;
  if (c === 'z') return 0;
  if (c <= 'i') return -(c.charCodeAt(0) - 96) * 60;
  if (c <= 'm') return -(c.charCodeAt(0) - 97) * 60;
  return (c.charCodeAt(0) - 109) * 60;
}
