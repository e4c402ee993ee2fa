/**
 * The lean AWS client the handlers use instead of SDK v3 (see the README, "Why the handlers don't
 * use AWS SDK v3"): SigV4 by `aws4`, one keep-alive agent per protocol over node:http/https, the
 * SDK's standard retry mode (3 attempts, exponential backoff with full jitter, on network errors,
 * 5xx, 429 and throttling codes), a per-attempt deadline, and one typed AwsError.
 *
 * Each service (dynamodb.ts, s3.ts, eventbridge.ts) supplies a Protocol: how an operation's input
 * becomes an HTTP request, and how the answer becomes output or an error. Middleware wraps the whole
 * call, retries included (like the SDK's `initialize` step): what it counts is once per call, and a
 * fault it throws reaches the caller as a failure the SDK's retries could not hide.
 */
import http from 'node:http';
import https from 'node:https';
import aws4 from 'aws4';
import { type CredentialSource, type Credentials, CredentialsError, defaultCredentials } from './credentials';
import {
  AwsError,
  isRetryableAnswer,
  isRetryableNetworkCode,
  isThrottling,
  type ServiceName,
} from './errors';

/** One call as middleware sees it: `input` is what goes on the wire (DynamoDB items marshalled). */
export interface AwsRequest {
  readonly service: ServiceName;
  readonly operation: string;
  readonly input: Record<string, unknown>;
}
export type Next = (request: AwsRequest) => Promise<unknown>;
export type Middleware = (next: Next) => Next;

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

/** What a service's wire protocol makes of one operation. */
export interface Protocol {
  readonly service: ServiceName;
  /** SigV4 service name. */
  readonly signingName: string;
  /** The suffix of `AWS_ENDPOINT_URL_<ID>`. */
  readonly endpointId: string;
  defaultEndpoint(region: string): string;
  request(operation: string, input: Record<string, unknown>, endpoint: URL): WireRequest;
  /** Output of a 2xx answer. */
  output(operation: string, answer: HttpAnswer): unknown;
  /** Code and message of a non-2xx answer. */
  error(operation: string, answer: HttpAnswer): { code: string; message: string };
}

export interface ClientOptions {
  /** Overrides `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` / the regional default. */
  endpoint?: string;
  /** Overrides AWS_REGION / AWS_DEFAULT_REGION. */
  region?: string;
  credentials?: Credentials | CredentialSource;
  /** Attempts per call, the first included. Default 3 (the SDK's standard mode). */
  maxAttempts?: number;
  /** Deadline of one attempt, from connecting to the last byte of the answer. Default 10 s. */
  attemptTimeoutMs?: number;
  /** Where endpoint, region and credentials are read from. Default process.env. */
  env?: Record<string, string | undefined>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 50 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 50 }),
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Backoff bases of the SDK's standard mode: 100 ms, 500 ms after throttling; capped at 20 s. */
const BASE_DELAY_MS = 100;
const THROTTLING_BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

export class AwsClient {
  private readonly middleware: Middleware[] = [];
  private readonly credentials: CredentialSource;
  private readonly env: Record<string, string | undefined>;
  private resolved?: { endpoint: URL; region: string };

  constructor(
    private readonly protocol: Protocol,
    private readonly options: ClientOptions = {},
  ) {
    this.env = options.env ?? process.env;
    const given = options.credentials;
    this.credentials =
      typeof given === 'function' ? given : given ? async () => given : defaultCredentials(this.env);
  }

  get service(): ServiceName {
    return this.protocol.service;
  }

  /**
   * Adds middleware around every call; the first added is the outermost. Returns a function that
   * removes it again.
   */
  use(middleware: Middleware): () => void {
    this.middleware.push(middleware);
    return () => {
      const at = this.middleware.indexOf(middleware);
      if (at >= 0) this.middleware.splice(at, 1);
    };
  }

  send(operation: string, input: Record<string, unknown>): Promise<unknown> {
    let next: Next = (request) => this.perform(request);
    for (let i = this.middleware.length - 1; i >= 0; i--) next = this.middleware[i]!(next);
    return next({ service: this.protocol.service, operation, input });
  }

  /** Endpoint and region, read once (the first call), so a test may set the environment after import. */
  private where(operation: string): { endpoint: URL; region: string } {
    if (this.resolved) return this.resolved;
    const env = this.env;
    const region = this.options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) {
      throw this.configError(operation, 'no region: set AWS_REGION (Lambda always does)');
    }
    const ignoreEnv = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true';
    const configured =
      this.options.endpoint ??
      (ignoreEnv ? undefined : (env[`AWS_ENDPOINT_URL_${this.protocol.endpointId}`] ?? env.AWS_ENDPOINT_URL));
    const text = configured || this.protocol.defaultEndpoint(region);
    let endpoint: URL;
    try {
      endpoint = new URL(text);
    } catch {
      throw this.configError(operation, `the endpoint ${JSON.stringify(text)} is not a URL`);
    }
    if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
      throw this.configError(operation, `the endpoint ${text} is neither http nor https`);
    }
    this.resolved = { endpoint, region };
    return this.resolved;
  }

  private configError(operation: string, detail: string): AwsError {
    return new AwsError({ service: this.service, operation, code: 'ConfigError', detail, retryable: false });
  }

  private async perform({ operation, input }: AwsRequest): Promise<unknown> {
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 3);
    const sleep = this.options.sleep ?? defaultSleep;
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
      let failure: AwsError;
      try {
        return await this.attempt(operation, input);
      } catch (error) {
        failure = this.asAwsError(operation, error);
      }
      if (!failure.retryable || attempt >= maxAttempts) throw failure.withAttempts(attempt);
      const base = isThrottling(failure.code, failure.status) ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
      // Full jitter: a random delay up to the exponential bound spreads retries of many callers.
      await sleep(Math.floor(random() * Math.min(MAX_DELAY_MS, base * 2 ** (attempt - 1))));
    }
  }

  private async attempt(operation: string, input: Record<string, unknown>): Promise<unknown> {
    const { endpoint, region } = this.where(operation);
    const wire = this.protocol.request(operation, input, endpoint);
    let credentials: Credentials;
    try {
      credentials = await this.credentials();
    } catch (error) {
      throw new AwsError({
        service: this.service,
        operation,
        code: 'CredentialsError',
        detail: error instanceof CredentialsError ? error.message : String(error),
        retryable: false,
        cause: error,
      });
    }
    const signed = aws4.sign(
      {
        host: wire.url.host,
        path: `${wire.url.pathname}${wire.url.search}`,
        method: wire.method,
        headers: { ...wire.headers, Host: wire.url.host },
        body: wire.body as string | Buffer | undefined,
        service: this.protocol.signingName,
        region,
      },
      credentials,
    );
    const answer = await exchange(wire, signed.headers as Record<string, string>, this.timeoutMs());
    if (answer.status >= 200 && answer.status < 300) return this.protocol.output(operation, answer);
    const { code, message } = this.protocol.error(operation, answer);
    throw new AwsError({
      service: this.service,
      operation,
      code,
      status: answer.status,
      detail: message,
      retryable: isRetryableAnswer(code, answer.status),
    });
  }

  private timeoutMs(): number {
    return this.options.attemptTimeoutMs ?? 10_000;
  }

  private asAwsError(operation: string, error: unknown): AwsError {
    if (error instanceof AwsError) return error;
    const code = (error as { code?: unknown })?.code;
    const name = typeof code === 'string' ? code : ((error as Error)?.name ?? 'Error');
    const message = (error as Error)?.message ?? String(error);
    return new AwsError({
      service: this.service,
      operation,
      code: name,
      detail: message,
      retryable: isRetryableNetworkCode(name),
      cause: error,
    });
  }
}

class TimeoutError extends Error {
  readonly code = 'TimeoutError';
}

/** One HTTP exchange, the whole answer read into memory (our answers are small or capped). */
function exchange(
  wire: WireRequest,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const { url } = wire;
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: wire.method,
      headers,
      agent: agents[url.protocol as 'http:' | 'https:'],
    });
    const timer = setTimeout(
      () => request.destroy(new TimeoutError(`no complete answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('close', () => {
        if (!response.complete)
          fail(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    request.end(wire.body);
  });
}

/** A header's value as one string. */
export function header(answer: HttpAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
