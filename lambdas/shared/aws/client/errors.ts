/**
 * One error type for every failed AWS call, whatever the service: the message names the service and
 * the operation ("DynamoDB GetItem failed after 3 attempts: socket hang up (ECONNRESET)"), so a
 * dead letter or a log line says where it broke without a stack trace.
 */

export type ServiceName = 'DynamoDB' | 'S3' | 'EventBridge';

export interface AwsErrorFields {
  service: ServiceName;
  operation: string;
  /** The service's error code (`ConditionalCheckFailedException`, `NoSuchKey`) or a network code (`ECONNRESET`). */
  code: string;
  /** HTTP status of the answer; absent when no answer came (network failure, timeout). */
  status?: number;
  /** The service's own message, or the network error's. */
  detail: string;
  /** Whether trying again may succeed (throttling, 5xx, a dropped connection). */
  retryable: boolean;
  /** Attempts made, retries included. */
  attempts?: number;
  cause?: unknown;
}

export class AwsError extends Error {
  override readonly name = 'AwsError';
  readonly service: ServiceName;
  readonly operation: string;
  readonly code: string;
  readonly status: number | undefined;
  readonly detail: string;
  readonly retryable: boolean;
  readonly attempts: number;

  constructor(fields: AwsErrorFields) {
    const attempts = fields.attempts ?? 1;
    const after = attempts > 1 ? ` after ${attempts} attempts` : '';
    const status = fields.status === undefined ? '' : ` (HTTP ${fields.status})`;
    const what =
      fields.detail && fields.detail !== fields.code ? `${fields.code}: ${fields.detail}` : fields.code;
    super(`${fields.service} ${fields.operation} failed${after}: ${what}${status}`, { cause: fields.cause });
    this.service = fields.service;
    this.operation = fields.operation;
    this.code = fields.code;
    this.status = fields.status;
    this.detail = fields.detail;
    this.retryable = fields.retryable;
    this.attempts = attempts;
  }

  /** The same failure, counted with the attempts it took. */
  withAttempts(attempts: number): AwsError {
    if (attempts === this.attempts) return this;
    const { service, operation, code, status, detail, retryable, cause } = this;
    return new AwsError({ service, operation, code, status, detail, retryable, cause, attempts });
  }
}

/** True for an AwsError with one of these codes (`isAwsError(e, 'ConditionalCheckFailedException')`). */
export function isAwsError(error: unknown, ...codes: string[]): error is AwsError {
  return error instanceof AwsError && (codes.length === 0 || codes.includes(error.code));
}

/** Error codes that mean "too fast, slow down": retried, with a longer backoff. As the SDK's standard mode. */
export const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
]);

/** Codes of answers that are transient whatever their status. */
const TRANSIENT_CODES = new Set([
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'InternalFailure',
]);

/** Network failures worth another attempt: the request may never have reached the service. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'TimeoutError',
]);

export function isThrottling(code: string, status?: number): boolean {
  return THROTTLING_CODES.has(code) || status === 429;
}

/** Whether an answer with this status and code is worth retrying. */
export function isRetryableAnswer(code: string, status: number): boolean {
  return isThrottling(code, status) || TRANSIENT_CODES.has(code) || status >= 500;
}

export function isRetryableNetworkCode(code: string): boolean {
  return NETWORK_CODES.has(code);
}
