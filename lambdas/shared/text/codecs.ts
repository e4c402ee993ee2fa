/**
 * The legacy-charset libraries (iconv-lite's tables and chardet's sniffers, ~520 KB of a bundle) as a
 * part loaded on demand. UTF-8 and ASCII documents, most of what the pipeline reads, never need them:
 * `decode.ts` hands them over at import for every synchronous caller, and normalize-article loads them
 * the first time a document in another charset arrives (a separate chunk; see lazy-part.ts).
 */
import type Chardet from 'chardet';
import type Iconv from 'iconv-lite';
import { LazyPart } from '../lazy-part';

export interface LegacyCodecs {
  iconv: typeof Iconv;
  chardet: typeof Chardet;
}

export const legacyCodecs = new LazyPart<LegacyCodecs>('legacy charsets (iconv-lite, chardet)', async () => {
  const [iconv, chardet] = await Promise.all([import('iconv-lite'), import('chardet')]);
  return { iconv: iconv.default, chardet: chardet.default };
});

export function codecs(): LegacyCodecs {
  return legacyCodecs.get();
}
