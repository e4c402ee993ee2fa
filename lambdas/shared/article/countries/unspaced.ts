/**
 * Chinese and Japanese have no spaces between words: names are found as strings, the longest that
 * starts at each place winning ("中非共和国" before "中国"), the search going on after it.
 */
import { countryIndexData, indexText } from './trie';
import { unitsOf } from './units';

interface Unspaced {
  /** 1 where some name starts with the UTF-16 unit. */
  first: Uint8Array;
  /** Names by first unit, longest first, and their codes. */
  byFirst: Map<number, { names: string[]; codes: string[] }>;
}

const indexes = new Map<string, Unspaced | null>();

function indexFor(lang: string): Unspaced | null {
  let index = indexes.get(lang);
  if (index === undefined) {
    const data = countryIndexData().unspaced[lang];
    index = null;
    if (data !== undefined) {
      index = { first: new Uint8Array(65536), byFirst: new Map() };
      const lines = indexText(data).split('\n');
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i] as string;
        const bar = line.lastIndexOf('|');
        const c = line.charCodeAt(0);
        index.first[c] = 1;
        let list = index.byFirst.get(c);
        if (!list) {
          list = { names: [], codes: [] };
          index.byFirst.set(c, list);
        }
        list.names.push(line.slice(0, bar));
        list.codes.push(line.slice(bar + 1));
      }
    }
    indexes.set(lang, index);
  }
  return index;
}

/** Whether `lang` is written without spaces and has a name index. */
export function isUnspaced(lang: string): boolean {
  return indexFor(lang) !== null;
}

function startsWithAt(units: Uint16Array, n: number, at: number, name: string): boolean {
  if (at + name.length > n) return false;
  for (let k = 1; k < name.length; k++) if (units[at + k] !== name.charCodeAt(k)) return false;
  return true;
}

export function findUnspaced(text: string, lang: string): string[] {
  const index = indexFor(lang);
  if (!index) return [];
  const { first, byFirst } = index;
  const units = unitsOf(text);
  const n = text.length;
  const out: string[] = [];
  let i = 0;
  while (i < n) {
    const c = units[i] as number;
    if (first[c] === 0) {
      i++;
      continue;
    }
    let advance = 1;
    const { names, codes } = byFirst.get(c) as { names: string[]; codes: string[] };
    for (let k = 0; k < names.length; k++) {
      const name = names[k] as string;
      if (startsWithAt(units, n, i, name)) {
        const code = codes[k] as string;
        if (!out.includes(code)) out.push(code);
        advance = name.length;
        break;
      }
    }
    i += advance;
  }
  return out;
}
