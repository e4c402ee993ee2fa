/**
 * The narrow interfaces the pure cores depend on. Lambda handlers wire them to AWS adapters, the
 * local runner to the same adapters pointed at dynalite and s3rver, and unit tests to small fakes.
 * (First draft: the handler work owns and extends these.)
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  /** Conditional GET validators from the feed's state. */
  etag?: string;
  lastModified?: string;
}

export interface HttpResponse {
  /** The final URL after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Decompressed body (capped); empty for 304. */
  body: Uint8Array;
  /** The first permanent (301/308) redirect target, if the request was permanently moved. */
  permanentRedirect?: string;
}

export interface HttpClient {
  get(request: HttpRequest): Promise<HttpResponse>;
}
