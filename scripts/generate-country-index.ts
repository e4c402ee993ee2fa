/**
 * Writes lambdas/shared/article/countries/index-data.json from the country datasets (see build-index.ts).
 * Run after upgrading i18n-iso-countries or world-countries, or after editing country-hand-added.ts:
 *   node --import tsx scripts/generate-country-index.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderCountryIndexData } from '../lambdas/shared/article/countries/build-index';

const out = path.resolve(import.meta.dirname, '../lambdas/shared/article/countries/index-data.json');
const text = renderCountryIndexData();
writeFileSync(out, text);
console.log(`wrote ${path.relative(process.cwd(), out)} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KB)`);
