/**
 * The legacy-charset libraries (iconv-lite's tables and chardet's sniffers, ~520 KB of a bundle) as a
 * slot filled on demand. UTF-8 and ASCII documents, most of what the pipeline reads, never need them:
 * `decode.ts` fills the slot at import for every synchronous caller, and normalize-article loads them
 * with `loadCodecs()` the first time a document in another charset arrives (a separate chunk).
 */
import type Chardet from 'chardet';
import type Iconv from 'iconv-lite';

export interface LegacyCodecs {
  iconv: typeof Iconv;
  chardet: typeof Chardet;
}

let loaded: LegacyCodecs | undefined;

export function useCodecs(codecs: LegacyCodecs): void {
  loaded = codecs;
}

export function codecsLoaded(): boolean {
  return loaded !== undefined;
}

/** Thrown when a document needs a legacy charset that was not loaded; `loadCodecs` answers it. */
export class CodecsNotLoaded extends Error {
  override readonly name = 'CodecsNotLoaded';
}

export function codecs(): LegacyCodecs {
  if (!loaded)
    throw new CodecsNotLoaded('legacy charsets are not loaded: await loadCodecs() or import text/decode');
  return loaded;
}

export async function loadCodecs(): Promise<void> {
  if (loaded) return;
  const [iconv, chardet] = await Promise.all([import('iconv-lite'), import('chardet')]);
  loaded ??= { iconv: iconv.default, chardet: chardet.default };
}
