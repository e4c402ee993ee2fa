/**
 * `decode` with the legacy-charset libraries loaded: what the feed parser, the listing reader, the CLI
 * and the tests import. The logic is in decode-core.ts, which normalize-article uses without loading
 * iconv-lite and chardet until a document needs them (see codecs.ts).
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { useCodecs } from './codecs';

useCodecs({ iconv, chardet });

export * from './decode-core';
