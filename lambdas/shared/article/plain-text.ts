/**
 * Plain-text documents (backfill imports): an optional leading space, an optional
 * `date YYYY-MM-DD` or `date YYYY-MM` line head, then the article. Copy-pasted pages often keep
 * navigation crumbs at the start or end ("Home › Politics", "Share", "© 2022 …"); those lines
 * are dropped, prose is never touched.
 */
import { cleanText } from '../text/clean';

export interface PlainTextDocument {
  text: string;
  /** The date from the `date` head, at day or month precision. */
  date?: { iso: string; precision: 'day' | 'month' };
}

const DATE_HEAD = /^\s*date[ \t]+(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|$)[ \t]*\n?/i;

// One short line made of navigation vocabulary, separators, social network names or a notice.
const NAV_WORDS =
  /^(home|menu|search|share|tweet|print|email|e-mail|facebook|twitter|x|whatsapp|telegram|linkedin|reddit|copy link|read more|related( articles| news| stories)?|more( news| stories)?|advertisement|advert|sponsored|subscribe|sign in|log in|login|newsletter|follow us|back to top|top|next|previous|prev|tags?|comments?|skip to (main )?content|go to top|cookies?|accept|main page|ana sayfa|главная|поделиться|accueil|partager|startseite|teilen|inicio|compartir|paylaş)$/i;
const SEPARATORS = /\s*(?:[›»>|/•·]|&gt;)\s*/u;
const NOTICE =
  /^(©|\(c\)|copyright\b|all rights reserved|tüm hakları saklıdır|все права защищены|tous droits réservés|alle rechte vorbehalten|todos los derechos reservados)|(we use cookies|this (web)?site uses cookies|cookie policy|privacy policy)/i;

export function isNavigation(paragraph: string): boolean {
  const line = paragraph.trim();
  if (line === '') return true;
  if (NOTICE.test(line) && line.length < 200) return true;
  if (line.length > 120) return false;
  const parts = line.split(SEPARATORS).filter((p) => p !== '');
  // "Home › Politics › Diplomacy", "Share | Tweet | Email", or a lone "Advertisement".
  return (
    parts.length > 0 &&
    parts.every(
      (p) =>
        NAV_WORDS.test(p.trim()) || (parts.length > 1 && p.split(/\s+/).length <= 3 && !/[.!?]$/.test(p)),
    )
  );
}

function validDate(y: number, m: number, d?: number): boolean {
  if (m < 1 || m > 12 || y < 1900 || y > 2200) return false;
  if (d === undefined) return true;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d >= 1 && d <= days;
}

export function parsePlainText(raw: string): PlainTextDocument {
  let body = raw.replace(/^\uFEFF/, '');
  let date: PlainTextDocument['date'];
  const head = DATE_HEAD.exec(body);
  if (head) {
    const y = Number(head[1]);
    const m = Number(head[2]);
    const d = head[3] === undefined ? undefined : Number(head[3]);
    // A malformed head (2022-13-40) is left in the text rather than guessed at.
    if (validDate(y, m, d)) {
      const iso = `${head[1]}-${head[2]}-${head[3] ?? '01'}T00:00:00.000Z`;
      date = { iso, precision: d === undefined ? 'month' : 'day' };
      body = body.slice(head[0].length);
    }
  }
  const paragraphs = cleanText(body, { keepLines: true }).split('\n\n');
  while (paragraphs.length > 0 && isNavigation(paragraphs[0] as string)) paragraphs.shift();
  while (paragraphs.length > 0 && isNavigation(paragraphs[paragraphs.length - 1] as string)) paragraphs.pop();
  // Navigation lines inside a paragraph block at its edges (one crumb line above the first line).
  const text = paragraphs
    .map((p) => {
      const lines = p.split('\n');
      while (lines.length > 1 && isNavigation(lines[0] as string)) lines.shift();
      while (lines.length > 1 && isNavigation(lines[lines.length - 1] as string)) lines.pop();
      return lines.join('\n');
    })
    .join('\n\n');
  return date ? { text, date } : { text };
}
