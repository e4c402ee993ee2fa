/** Zone abbreviations → offset in minutes east of UTC. */

/**
 * RFC 822 names, plus the abbreviations that feeds actually use. Ambiguous ones that are not in
 * RFC 822 (IST: India, Ireland or Israel) are left out, so such a date falls back to the feed's zone.
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
  hkt: 480,
  sgt: 480,
  pht: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

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
