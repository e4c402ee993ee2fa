/**
 * `decode` with the legacy-charset libraries loaded: what the feed parser, the listing reader, the CLI
 * and the tests import. The logic is in decode-core.ts, which normalize-article uses without loading
 * iconv-lite and chardet until a document needs them (see codecs.ts and lazy-part.ts).
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { legacyCodecs } from './codecs';

legacyCodecs.use({ iconv, chardet });

export * from './decode-core';
