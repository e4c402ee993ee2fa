/**
 * The packed ELD data (lambdas/shared/article/language/eld-small-data.ts) are generated from the
 * installed eld package: regenerating them in memory must give the committed file, so they cannot
 * drift from the package or be edited by hand. The deflated payload is compared inflated: another
 * zlib build may compress the same bytes differently, and only the bytes matter.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, NGRAM_COUNT, PAIR_COUNT } from '../../lambdas/shared/article/language/eld-small-data';
import {
  LANGUAGE_DATA_FILE,
  LANGUAGE_PACKED_FILE,
  type LanguageData,
  payloadOf,
  readEldData,
  renderLanguageData,
} from '../../scripts/generate-language-data';

const REGENERATE = 'run: node --import tsx scripts/generate-language-data.ts';
const withoutPayload = (text: string) => text.replace(/export const PACKED =\s*'[^']*';/, 'PACKED');

let data: LanguageData;
beforeAll(async () => {
  data = await readEldData();
});

describe('packed ELD data', () => {
  it('is what scripts/generate-language-data.ts makes from the installed eld', () => {
    const committed = readFileSync(LANGUAGE_DATA_FILE, 'utf8');
    const fresh = renderLanguageData(data);
    // Booleans with a message: a diff of two 350 KB lines helps no one.
    expect(withoutPayload(committed) === withoutPayload(fresh), REGENERATE).toBe(true);
    const { payload } = payloadOf(data);
    expect(inflateRawSync(readFileSync(LANGUAGE_PACKED_FILE)).equals(payload), REGENERATE).toBe(true);
  });

  it('holds ELD small’s 60 languages and 81,206 n-grams with 141,339 scores', () => {
    // Counted from eld 2.1.0's src/ngrams/small.js (eld's README: 60 languages).
    expect(LANGUAGES.split(' ')).toHaveLength(60);
    expect(NGRAM_COUNT).toBe(81_206);
    expect(PAIR_COUNT).toBe(141_339);
    // The pair counts (one byte per n-gram) add up to the pairs.
    const counts = new Map(data.sections).get('counts') ?? new Uint8Array();
    expect(counts.length).toBe(81_206);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(141_339);
  });
});
