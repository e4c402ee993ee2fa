/**
 * How long a server asked us to wait (RFC 9110 §10.2.3), in milliseconds from `now`, or undefined
 * when the header is absent or unreadable. Accepts delay-seconds (`120`) and an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`, plus the obsolete RFC 850 and asctime forms Date.parse reads).
 * A date in the past means "now" (0). Absurd values are capped so one bad header cannot park a
 * feed for years.
 */
export const maxRetryAfterMs = 7 * 24 * 60 * 60 * 1000;

export function retryAfterMs(
  headers: Record<string, string | string[] | undefined>,
  now: Date,
): number | undefined {
  const raw = headerValue(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (/^\d+$/.test(value)) {
    return Math.min(Number(value) * 1000, maxRetryAfterMs);
  }
  // Only date-looking text goes to Date.parse, which also accepts things like "1" or "2020".
  if (!/^[A-Za-z]{3,9},? .*\d{2}:\d{2}:\d{2}/.test(value)) return undefined;
  // asctime dates carry no zone but are GMT by definition; Date.parse would read them as local time.
  const asctime = /^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/.test(value);
  const at = Date.parse(asctime ? `${value} GMT` : value);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now.getTime(), 0), maxRetryAfterMs);
}

function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
