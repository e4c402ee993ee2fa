import { describe, expect, it } from 'vitest';
import { dateLocale, regionOf, registryLocale } from '../../lambdas/shared/dates/locale';

describe('the locale that orders numeric dates', () => {
  it('finds the region subtag of a language tag', () => {
    expect([regionOf('en-US'), regionOf('en_us'), regionOf('zh-Hant-TW'), regionOf('es-419')]).toEqual([
      'US',
      'US',
      'TW',
      '419',
    ]);
    expect([regionOf('en'), regionOf('sr-Latn'), regionOf(undefined)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('keeps a document’s own region, else takes the registry’s region for the document’s language', () => {
    expect(dateLocale('en-GB', 'en-US')).toBe('en-GB');
    expect(dateLocale('en', 'en-US')).toBe('en-US');
    expect(dateLocale('es', 'en-US')).toBe('es-US');
    expect(dateLocale(undefined, 'en-US')).toBe('en-US');
    expect(dateLocale('fr', 'fr')).toBe('fr');
    expect(dateLocale(undefined, undefined)).toBeUndefined();
  });

  it('puts a source’s country on its feed’s bare language', () => {
    expect(registryLocale({ country: 'US' }, { language: 'en' })).toBe('en-US');
    expect(registryLocale({ country: 'US' }, { language: 'en-GB' })).toBe('en-GB');
    expect(registryLocale({}, { language: 'fr' })).toBe('fr');
  });
});
