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

  it('takes the registry’s region for the document’s language, else the document’s own region', () => {
    // The registry names the source's country; a document's en-US is often its CMS's default.
    expect(dateLocale('en-GB', 'en-US')).toBe('en-US');
    expect(dateLocale('en-US', 'en-KE')).toBe('en-KE');
    expect(dateLocale('en-GB', 'en')).toBe('en-GB');
    expect(dateLocale('en_US', undefined)).toBe('en_US');
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
