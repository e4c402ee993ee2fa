/**
 * Which locale orders a document's numeric dates. The document's own language tag wins when it names
 * a region (`en-US`); otherwise the region comes from the registry (the source's country), so a U.S.
 * ministry's feed that declares only `en`, or nothing, still reads 11/7/2022 as 7 November.
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

/** `declared` (the document's language) with the fallback's region when it names none. */
export function dateLocale(declared: string | undefined, fallback: string | undefined): string | undefined {
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
