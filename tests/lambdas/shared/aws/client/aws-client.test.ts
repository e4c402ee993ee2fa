/**
 * The lean AWS client's common behaviour (signing, endpoints, retries, timeouts, errors, middleware),
 * over real HTTP to a scripted endpoint on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoClient, dynamoProtocol } from '../../../../../lambdas/shared/aws/client/dynamodb';
import { AwsError } from '../../../../../lambdas/shared/aws/client/errors';
import { eventBridgeProtocol } from '../../../../../lambdas/shared/aws/client/eventbridge';
import { STUB_CREDENTIALS, type StubServer, startStubServer } from '../../../../support/aws-stub-server';
import { verifySigV4 } from './sigv4-verifier';

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(async () => stub?.close());
beforeEach(() => {
  stub.requests.length = 0;
});

const ok = { status: 200, json: {} };
function dynamo(options: ConstructorParameters<typeof DynamoClient>[0] = {}) {
  const delays: number[] = [];
  const client = new DynamoClient({
    endpoint: stub.origin,
    region: 'eu-central-1',
    credentials: STUB_CREDENTIALS,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 1,
    ...options,
  });
  return { client, delays };
}

describe('signing', () => {
  it('signs with SigV4 for the service and region, as an independent check recomputes it', async () => {
    stub.answer(ok);
    await dynamo().client.call('GetItem', { TableName: 't', Key: { id: { S: 'ü' } } });
    const [sent] = stub.requests;
    expect(sent?.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(sent?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(sent?.json).toEqual({ TableName: 't', Key: { id: { S: 'ü' } } });
    const check = verifySigV4(sent!, STUB_CREDENTIALS.secretAccessKey);
    expect(check.scope).toMatch(/^\d{8}\/eu-central-1\/dynamodb\/aws4_request$/);
    expect(check.ok).toBe(true);
    expect(verifySigV4(sent!, 'another-secret').ok).toBe(false);
  });

  it('reads credentials from the environment, the session token included', async () => {
    stub.answer(ok);
    const env = {
      AWS_REGION: 'us-west-2',
      AWS_ENDPOINT_URL_DYNAMODB: stub.origin,
      AWS_ACCESS_KEY_ID: 'AKIDENV',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_SESSION_TOKEN: 'token-123',
    };
    await new DynamoClient({ env }).call('ListTables', {});
    const [sent] = stub.requests;
    expect(sent?.headers['x-amz-security-token']).toBe('token-123');
    expect(String(sent?.headers.authorization)).toContain('Credential=AKIDENV/');
    expect(verifySigV4(sent!, 'env-secret')).toEqual({
      ok: true,
      scope: expect.stringContaining('/us-west-2/'),
    });
  });

  it("falls back to the SDK's provider chain (here a shared credentials file) when the environment has no keys", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'diplowire-creds-'));
    const file = path.join(dir, 'credentials');
    writeFileSync(file, '[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n');
    const saved = { ...process.env };
    // The provider chain reads process.env itself.
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
      delete process.env[k];
    process.env.AWS_SHARED_CREDENTIALS_FILE = file;
    process.env.AWS_CONFIG_FILE = path.join(dir, 'no-config');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      stub.answer(ok);
      await new DynamoClient({ endpoint: stub.origin, region: 'us-east-1' }).call('ListTables', {});
      expect(String(stub.requests[0]?.headers.authorization)).toContain('Credential=AKIDFILE/');
      expect(verifySigV4(stub.requests[0]!, 'file-secret').ok).toBe(true);
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('endpoints and configuration', () => {
  it('defaults to the regional endpoints, China included', () => {
    expect(dynamoProtocol.defaultEndpoint('eu-central-1')).toBe(
      'https://dynamodb.eu-central-1.amazonaws.com',
    );
    expect(eventBridgeProtocol.defaultEndpoint('us-east-1')).toBe('https://events.us-east-1.amazonaws.com');
    expect(dynamoProtocol.defaultEndpoint('cn-north-1')).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn');
  });

  it('ignores configured endpoints when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true', async () => {
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: stub.origin,
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
    };
    const client = new DynamoClient({
      env,
      credentials: STUB_CREDENTIALS,
      maxAttempts: 1,
      attemptTimeoutMs: 200,
    });
    const error = await client.call('ListTables', {}).catch((e: unknown) => e);
    // The regional endpoint was tried instead (unreachable from here), never the stub.
    expect(error).toBeInstanceOf(AwsError);
    expect(stub.requests).toHaveLength(0);
  });

  it('prefers AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL', async () => {
    stub.answer(ok);
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9/not-this-one',
      AWS_ENDPOINT_URL_DYNAMODB: `${stub.origin}/`,
    };
    await new DynamoClient({ env, credentials: STUB_CREDENTIALS }).call('ListTables', {});
    expect(stub.requests).toHaveLength(1);
  });

  it('fails with a ConfigError naming the missing region, and sends nothing', async () => {
    const error = await new DynamoClient({ env: {}, credentials: STUB_CREDENTIALS, endpoint: stub.origin })
      .call('GetItem', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).message).toBe(
      'DynamoDB GetItem failed: ConfigError: no region: set AWS_REGION (Lambda always does)',
    );
    expect(stub.requests).toHaveLength(0);
  });
});

describe('retries (the SDK standard mode: 3 attempts, full-jitter backoff)', () => {
  it('retries a 5xx and succeeds, waiting up to 100 then 200 ms', async () => {
    stub.answer(
      {
        status: 500,
        json: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'oops' },
      },
      { status: 503, json: { __type: 'ServiceUnavailable' } },
      { status: 200, json: { TableNames: ['a'] } },
    );
    const { client, delays } = dynamo();
    expect(await client.call('ListTables', {})).toEqual({ TableNames: ['a'] });
    expect(stub.requests).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it('backs off longer after throttling, and names the code once attempts run out', async () => {
    stub.answer({
      status: 400,
      json: {
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message: 'Rate exceeded',
      },
    });
    const { client, delays } = dynamo();
    const error = (await client.call('PutItem', {}).catch((e: unknown) => e)) as AwsError;
    expect(delays).toEqual([500, 1000]);
    expect(error).toMatchObject({
      service: 'DynamoDB',
      operation: 'PutItem',
      code: 'ProvisionedThroughputExceededException',
      status: 400,
      retryable: true,
      attempts: 3,
    });
    expect(error.message).toBe(
      'DynamoDB PutItem failed after 3 attempts: ProvisionedThroughputExceededException: Rate exceeded (HTTP 400)',
    );
  });

  it('does not retry a client error: a failed condition comes back at once', async () => {
    stub.answer({
      status: 400,
      json: {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      },
    });
    const error = (await dynamo()
      .client.call('PutItem', {})
      .catch((e: unknown) => e)) as AwsError;
    expect(stub.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'ConditionalCheckFailedException', retryable: false, attempts: 1 });
    expect(error.message).toBe(
      'DynamoDB PutItem failed: ConditionalCheckFailedException: The conditional request failed (HTTP 400)',
    );
  });

  it('names the service and the operation when the connection drops (not just "socket hang up")', async () => {
    stub.answer({ drop: true });
    const error = (await dynamo()
      .client.call('GetItem', {})
      .catch((e: unknown) => e)) as AwsError;
    expect(stub.requests).toHaveLength(3);
    expect(error).toMatchObject({ code: 'ECONNRESET', status: undefined, retryable: true });
    expect(error.message).toBe('DynamoDB GetItem failed after 3 attempts: ECONNRESET: socket hang up');
  });

  it('gives each attempt a deadline, so a server that never answers fails in time', async () => {
    stub.answer({ hang: true });
    const { client } = dynamo({ attemptTimeoutMs: 150, maxAttempts: 2 });
    const started = performance.now();
    const error = (await client.call('GetItem', {}).catch((e: unknown) => e)) as AwsError;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(stub.requests).toHaveLength(2);
    expect(error.message).toBe(
      'DynamoDB GetItem failed after 2 attempts: TimeoutError: no complete answer within 150 ms',
    );
  });
});

describe('middleware', () => {
  it('wraps the whole call once, first added outermost, sees the wire input, and can be removed', async () => {
    stub.answer({ status: 500, json: { __type: 'InternalFailure' } }, ok);
    const { client } = dynamo();
    const seen: string[] = [];
    client.use((next) => async (request) => {
      seen.push(`outer ${request.service}.${request.operation} ${JSON.stringify(request.input)}`);
      return next(request);
    });
    const remove = client.use((next) => async (request) => {
      seen.push('inner');
      return next(request);
    });
    await client.call('GetItem', { TableName: 't' });
    // Two HTTP attempts, one pass through the middleware: it sits outside the retries.
    expect(stub.requests).toHaveLength(2);
    expect(seen).toEqual(['outer DynamoDB.GetItem {"TableName":"t"}', 'inner']);
    remove();
    seen.length = 0;
    stub.answer(ok);
    await client.call('GetItem', { TableName: 't' });
    expect(seen).toEqual(['outer DynamoDB.GetItem {"TableName":"t"}']);
  });

  it('can fail a call before anything is sent', async () => {
    const { client } = dynamo();
    client.use(() => async () => {
      throw new Error('injected');
    });
    await expect(client.call('GetItem', {})).rejects.toThrow('injected');
    expect(stub.requests).toHaveLength(0);
  });
});
