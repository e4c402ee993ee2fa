import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, isCountryCode } from '../../lambdas/shared/sources/country-codes';

describe('country code list', () => {
  it('holds exactly the alpha-2 codes of i18n-iso-countries (249 ISO codes plus XK)', () => {
    const iso = Object.keys(countries.getAlpha2Codes());
    expect([...COUNTRY_CODES].sort()).toEqual([...iso].sort());
    expect(COUNTRY_CODES.size).toBe(250);
  });

  it('names only codes the runtime also knows as regions', () => {
    const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
    const unnamed = [...COUNTRY_CODES].filter((code) => regions.of(code) === code);
    expect(unnamed).toEqual([]);
  });

  it('accepts assigned codes and refuses lower case, withdrawn and non-country codes', () => {
    for (const code of ['TR', 'GB', 'CN', 'XK', 'SS', 'PS']) expect(isCountryCode(code)).toBe(true);
    for (const code of ['tr', 'UK', 'SU', 'YU', 'EU', 'UN', 'ZZ', 'XA', 'TUR', '']) {
      expect(isCountryCode(code)).toBe(false);
    }
  });
});
