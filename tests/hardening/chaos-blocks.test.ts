/**
 * The chaos building blocks (local/chaos.ts): a reproducible PRNG, dice keyed by call identity,
 * middleware that fails real DynamoDB and S3 calls before they leave the lean AWS client, an HTTP wrapper
 * that fails real requests before they are sent, and event duplication.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClient } from '../../lambdas/shared/aws/client/aws-client';
import { DynamoClient } from '../../lambdas/shared/aws/client/dynamodb';
import { createRawArchive } from '../../lambdas/shared/aws/raw-archive';
import { createHttpClient, FetchError } from '../../lambdas/shared/http';
import {
  addChaos,
  ChaosFault,
  chaosHttpClient,
  eventIdentity,
  hash32,
  mulberry32,
  seededDice,
  shouldDuplicate,
} from '../../local/chaos';
import { startEmulators, type TestEmulators } from '../support/emulators';

describe('mulberry32 and seededDice', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(seqA);
  });

  it('stays in [0, 1) and hits a rate of 0.2 about 20% of the time', () => {
    const rng = mulberry32(7);
    let hits = 0;
    let outside = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = rng();
      if (!(x >= 0 && x < 1)) outside++;
      if (x < 0.2) hits++;
    }
    expect(outside).toBe(0);
    // Binomial(20000, 0.2): standard deviation ≈ 57, so ±400 is 7 sigma.
    expect(Math.abs(hits - 4000)).toBeLessThan(400);
  });

  it('hashes identities stably (FNV-1a test vectors)', () => {
    // Published FNV-1a 32-bit values: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
    expect(hash32('foobar')).toBe(0xbf9cf968);
  });

  it('answers per identity, whatever order concurrent calls roll in', () => {
    const first = seededDice(5);
    const second = seededDice(5);
    const x1 = [first('x'), first('y'), first('x'), first('y')];
    const y2 = [second('y'), second('y'), second('x'), second('x')];
    expect([x1[0], x1[2]]).toEqual([y2[2], y2[3]]); // the 1st and 2nd roll of "x"
    expect([x1[1], x1[3]]).toEqual([y2[0], y2[1]]); // the 1st and 2nd roll of "y"
    expect(x1[0]).not.toBe(x1[2]); // a retry of the same call rolls again
    expect(seededDice(6)('x')).not.toBe(x1[0]);
  });

  it('refuses a rate outside [0, 1] with a clear error', () => {
    expect(() => shouldDuplicate(mulberry32(1), 1.5)).toThrow('chaos rate must be between 0 and 1, got 1.5');
  });
});

describe('chaos middleware on real DynamoDB and S3 clients', () => {
  let stack: TestEmulators;
  beforeAll(async () => {
    stack = await startEmulators();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Counts requests that got past the chaos layer, at a later step of the same client. */
  function passed(client: AwsClient) {
    const seen = { n: 0 };
    client.use((next) => async (request) => {
      seen.n++;
      return next(request);
    });
    return seen;
  }

  it('at rate 1 fails every call with a retryable fault before it reaches dynalite', async () => {
    const client = new DynamoClient({
      endpoint: stack.emulators.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const counters = addChaos(client, 1, seededDice(1));
    const through = passed(client);
    const error = await client.call('ListTables', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChaosFault);
    const fault = error as ChaosFault;
    expect(fault.message).toMatch(/^DynamoDB ListTables failed: \w+: chaos: /);
    // Transient as the client and the pipeline see it: throttling, a 5xx, or a reset connection.
    expect(fault.retryable).toBe(true);
    expect(['ThrottlingException', 'InternalServerError', 'ECONNRESET']).toContain(fault.code);
    expect(counters).toEqual({ calls: 1, faults: 1 });
    expect(through.n).toBe(0);
  });

  it('at rate 0 changes nothing', async () => {
    const client = new DynamoClient({
      endpoint: stack.emulators.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const counters = addChaos(client, 0, seededDice(1));
    const out = await client.call('ListTables', {});
    expect(out.TableNames).toContain(stack.names.articlesTable);
    expect(counters).toEqual({ calls: 1, faults: 0 });
  });

  it('fails the same calls for the same seed, about RATE of them', async () => {
    const failedFor = async (seed: number) => {
      const client = new DynamoClient({
        endpoint: stack.emulators.endpoints.dynamodb,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        maxAttempts: 1,
      });
      addChaos(client, 0.3, seededDice(seed));
      const failed: number[] = [];
      for (let i = 0; i < 40; i++) {
        const put = {
          TableName: stack.names.feedStateTable,
          Item: { feedId: { S: `chaos-${i}` }, consecutiveFailures: { N: '0' } },
        };
        await client.call('PutItem', put).catch((e: unknown) => {
          if (!(e instanceof ChaosFault)) throw e;
          failed.push(i);
        });
      }
      return failed;
    };
    const a = await failedFor(11);
    expect(await failedFor(11)).toEqual(a);
    expect(await failedFor(12)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(3); // 40 × 0.3 = 12 expected; 3 is far in the tail
    expect(a.length).toBeLessThan(25);
  });

  it('makes a create-only archive write fail, never answer "exists"', async () => {
    const counters = addChaos(stack.s3, 1, seededDice(3));
    const archive = createRawArchive(stack.s3, stack.names.bucket);
    const error = await archive
      .putIfAbsent('raw/chaos/a.html', new Uint8Array([60, 112, 62]), 'text/html', {})
      .then(
        (r) => r,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ChaosFault);
    expect(counters.faults).toBe(1);
  });
});

describe('chaosHttpClient', () => {
  let server: http.Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('<rss/>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
    return () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
  });

  it('at rate 1 fails with a FetchError connection-reset and sends nothing', async () => {
    const client = chaosHttpClient(createHttpClient({ allowPrivateNetwork: true }), 1, seededDice(1));
    const error = await client.get({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).code).toBe('connection-reset');
    expect((error as FetchError).message).toBe(
      `chaos: the connection to ${new URL(url).host} was reset before a response arrived`,
    );
    expect(seen).toEqual([]);
  });

  it('at rate 0 passes the request through to the real client', async () => {
    const client = chaosHttpClient(createHttpClient({ allowPrivateNetwork: true }), 0, seededDice(1));
    const response = await client.get({ url });
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(response.body)).toBe('<rss/>');
    expect(seen).toEqual(['/feed']);
  });
});

describe('shouldDuplicate', () => {
  it('never at rate 0, always at rate 1, and the same events for the same seed', () => {
    const events = Array.from({ length: 50 }, (_, i) => ({
      source: 'diplowire',
      'detail-type': 'Article.Discovered',
      detail: { articleId: `a${i}` },
    }));
    expect(events.some((e) => shouldDuplicate(seededDice(1), 0, eventIdentity(e)))).toBe(false);
    expect(events.every((e) => shouldDuplicate(seededDice(1), 1, eventIdentity(e)))).toBe(true);
    const pick = (seed: number) => {
      const dice = seededDice(seed);
      return events
        .filter((e) => shouldDuplicate(dice, 0.2, eventIdentity(e)))
        .map((e) => e.detail.articleId);
    };
    expect(pick(9)).toEqual(pick(9));
    expect(pick(9).length).toBeGreaterThan(2);
    expect(pick(9).length).toBeLessThan(25);
  });

  it('identifies an event by its type and detail, not its envelope id', () => {
    const a = { id: '1', source: 'diplowire', 'detail-type': 'Feed.Due', detail: { feedId: 'f' } };
    const b = { ...a, id: '2' };
    expect(eventIdentity(a)).toBe(eventIdentity(b));
    expect(eventIdentity(a)).not.toBe(eventIdentity({ ...a, detail: { feedId: 'g' } }));
  });
});
