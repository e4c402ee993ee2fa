/**
 * AWS's JSON protocols (1.0 for DynamoDB, 1.1 for EventBridge): every operation is a POST to the
 * service root with `X-Amz-Target: <prefix>.<Operation>`, a JSON body in and out, and errors named by
 * `__type`. One builder for both services.
 */
import { type HttpAnswer, header, type Protocol } from './aws-client';
import type { ServiceName } from './errors';

/** The partition's DNS suffix: China's regions have their own. */
export function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

export function parseJson(answer: HttpAnswer): Record<string, unknown> {
  if (answer.body.length === 0) return {};
  return JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
}

/** `{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"…"}`. */
export function jsonError(_operation: string, answer: HttpAnswer): { code: string; message: string } {
  let body: Record<string, unknown> = {};
  try {
    body = parseJson(answer);
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
  }
  const type = String(body.__type ?? header(answer, 'x-amzn-errortype') ?? body.code ?? '');
  const code = type.split('#').pop()?.split(':')[0] || `HTTP${answer.status}`;
  const message = String(body.message ?? body.Message ?? '');
  return { code, message };
}

export function jsonProtocol(spec: {
  service: ServiceName;
  signingName: string;
  endpointId: string;
  /** The first label of the regional host: `dynamodb`, `events`. */
  host: string;
  version: '1.0' | '1.1';
  targetPrefix: string;
}): Protocol {
  return {
    service: spec.service,
    signingName: spec.signingName,
    endpointId: spec.endpointId,
    defaultEndpoint: (region) => `https://${spec.host}.${region}.${dnsSuffix(region)}`,
    request: (operation, input, endpoint) => ({
      method: 'POST',
      url: new URL(endpoint.pathname.endsWith('/') ? endpoint.href : `${endpoint.href}/`),
      headers: {
        'content-type': `application/x-amz-json-${spec.version}`,
        'x-amz-target': `${spec.targetPrefix}.${operation}`,
      },
      body: JSON.stringify(input),
    }),
    output: (_operation, answer) => parseJson(answer),
    error: jsonError,
  };
}
