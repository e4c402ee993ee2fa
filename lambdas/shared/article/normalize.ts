/**
 * normalizeDocument with page extraction loaded: what the CLI, the bench, the tests and the local
 * tools import. The logic is in normalize-document.ts, which leaves extraction out so that the
 * normalize-article bundle loads it only for pages (see there).
 */
import '../text/decode'; // registers the legacy charsets for synchronous callers
import { extractPage } from './extract';
import { pageExtraction } from './normalize-document';

pageExtraction.use(extractPage);

export * from './normalize-document';
