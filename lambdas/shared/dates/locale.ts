/**
 * Which locale orders a document's numeric dates. The registry's region wins when it names one (the
 * source's country, written by a person for this source): a U.S. ministry's feed that declares only
 * `en`, or nothing, still reads 11/7/2022 as 7 November, and a Kenyan ministry's WordPress site whose
 * pages and feed say `en-US` (WordPress's default, not a choice) reads 7/11/2022 as 7 November too.
 * Without a region in the registry (media sources), the document's own region decides.
 */

/** The region subtag of a BCP 47 tag: the first 2-letter or 3-digit subtag after the language. */
export function regionOf(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const region = locale
    .replace(/_/g, '-')
    .split('-')
    .slice(1)
    .find((part) => /^[a-z]{2}$/i.test(part) || /^\d{3}$/.test(part));
  return region?.toUpperCase();
}

/**
 * The locale a document's dates are read in: its language, in the registry's region when that names
 * one, else in its own region (see the module comment).
 */
export function dateLocale(declared: string | undefined, registry: string | undefined): string | undefined {
  if (!regionOf(registry)) return withRegionFrom(declared, registry);
  return withRegionFrom(declared?.replace(/_/g, '-').split('-')[0], registry);
}

/** `declared` with the fallback's region when it names none (its own region first). */
export function withRegionFrom(
  declared: string | undefined,
  fallback: string | undefined,
): string | undefined {
  if (regionOf(declared)) return declared;
  const region = regionOf(fallback);
  if (!region) return declared ?? fallback;
  const language = (declared ?? fallback ?? 'und').replace(/_/g, '-').split('-')[0];
  return `${language}-${region}`;
}

/** The registry's view of a feed's locale: its language in its source's country (`en` + `US` → `en-US`). */
export function registryLocale(source: { country?: string }, feed: { language: string }): string {
  return source.country && !regionOf(feed.language) ? `${feed.language}-${source.country}` : feed.language;
}
