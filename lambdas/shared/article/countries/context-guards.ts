/**
 * English context guards for country names that are also given names or a US state: "Michael Jordan",
 * "Chad Smith", "Atlanta, Georgia", "Georgia's governor". They look at the words around a one-word
 * match, which happens a few times a text, so they scan and cut strings freely.
 */
import { GEORGIA_CITIES, GEORGIA_STATE_AFTER, GIVEN_NAME_COUNTRIES } from '../country-hand-added';
import { fold, isWordChar } from './fold';
import { firstNodeByKey, trieFor } from './trie';

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** A word around a match, for the context rules: found by scanning, as they run a few times a text. */
interface Word {
  start: number;
  end: number;
  text: string;
  folded: string;
}

const isSeparator = (text: string, i: number) => !isWordChar(text.charCodeAt(i));

function wordBefore(text: string, pos: number): Word | undefined {
  let end = pos;
  while (end > 0 && isSeparator(text, end - 1)) end--;
  if (end === 0) return undefined;
  let start = end - 1;
  while (start > 0 && !isSeparator(text, start - 1)) start--;
  const w = text.slice(start, end);
  return { start, end, text: w, folded: fold(w) };
}

function wordAfter(text: string, pos: number): Word | undefined {
  let start = pos;
  while (start < text.length && isSeparator(text, start)) start++;
  if (start >= text.length) return undefined;
  let end = start + 1;
  while (end < text.length && !isSeparator(text, end)) end++;
  const w = text.slice(start, end);
  return { start, end, text: w, folded: fold(w) };
}

let givenNames: Set<string | null> | undefined;

/** The codes a given name can yield ("Jordan" JO): a word with another code needs no context check. */
function givenNameCodes(): Set<string | null> {
  givenNames ??= new Set(
    [...GIVEN_NAME_COUNTRIES].map((w) => firstNodeByKey(trieFor('en'), fold(w))?.match?.code ?? null),
  );
  return givenNames;
}

/** English context guards for words that are also given names or a US state. */
export function isFalsePositive(code: string, text: string, start: number, end: number): boolean {
  if (!givenNameCodes().has(code) || !GIVEN_NAME_COUNTRIES.has(text.slice(start, end))) return false;
  const prev = wordBefore(text, start);
  const next = wordAfter(text, end);
  // "Michael Jordan", "Jordan Henderson": a capitalised neighbour in the same sentence is a name.
  const capital = (w: Word | undefined) => w !== undefined && isUpper(w.text.charAt(0));
  const sameClause = (a: number, b: number) => /^[\s]+$/.test(text.slice(a, b));
  if (prev && capital(prev) && sameClause(prev.end, start) && !firstNodeByKey(trieFor('en'), prev.folded))
    return true;
  if (next && capital(next) && sameClause(end, next.start)) return true;
  if (code === 'GE') {
    if (prev && GEORGIA_CITIES.has(prev.folded) && /^,\s*$/.test(text.slice(prev.end, start))) return true;
    const after = next?.folded === 's' ? wordAfter(text, next.end) : next;
    if (after && GEORGIA_STATE_AFTER.has(after.folded)) return true;
    const before: string[] = [];
    for (let w = prev, k = 0; w && k < 3; w = wordBefore(text, w.start), k++) before.unshift(w.folded);
    if (/\bstate of$/.test(before.join(' '))) return true;
  }
  return false;
}
