export { classifyAddress } from './address-policy';
export { createHttpClient, defaultUserAgent, feedAccept, type HttpClientOptions, pageAccept } from './client';
export { FetchError, type FetchErrorCode, isFetchError } from './fetch-error';
export type { ResolveHost } from './guarded-lookup';
export { maxRetryAfterMs, retryAfterMs } from './retry-after';
export { parseTargetUrl } from './url-guard';
