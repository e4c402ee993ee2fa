import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArticleStore, UnprocessedKeysError } from '../../../../lambdas/shared/aws/article-store';
import { DocumentClient, DynamoClient } from '../../../../lambdas/shared/aws/client/dynamodb';
import { EventBridgeClient } from '../../../../lambdas/shared/aws/client/eventbridge';
import { createEventPublisher, PublishError } from '../../../../lambdas/shared/aws/event-publisher';
import type { OutgoingEvent } from '../../../../lambdas/shared/ports';
import { STUB_CREDENTIALS, type StubServer, startStubServer } from '../../../support/aws-stub-server';

// No emulator produces partial PutEvents failures or unprocessed BatchGet keys: a scripted
// endpoint on loopback answers the real, signed requests of the lean client.
let stub: StubServer;
let client: EventBridgeClient;
beforeAll(async () => {
  stub = await startStubServer();
  client = new EventBridgeClient({
    endpoint: stub.origin,
    region: 'us-east-1',
    credentials: STUB_CREDENTIALS,
  });
});
afterAll(async () => stub?.close());
beforeEach(() => {
  stub.requests.length = 0;
});
const noSleep = async () => {};

function due(n: number): OutgoingEvent {
  return {
    detailType: 'Feed.Due',
    detail: { feedId: `feed-${n}`, url: `https://example.org/${n}`, scheduledAt: '2026-11-25T10:00:00Z' },
  };
}
type Entries = { Entries: { Source: string; DetailType: string; Detail: string; EventBusName: string }[] };
const entriesOf = (call: number) => (stub.requests[call]?.json as Entries | undefined)?.Entries ?? [];
const feedIdsOf = (call: number) =>
  entriesOf(call).map((e) => (JSON.parse(e.Detail) as { feedId: string }).feedId);
const accepted = (n: number) => ({
  status: 200,
  json: { FailedEntryCount: 0, Entries: Array.from({ length: n }, (_, i) => ({ EventId: `id-${i}` })) },
});

describe('EventPublisher on EventBridge', () => {
  it('sends 25 events as requests of 10, 10 and 5 on the named bus with source diplowire', async () => {
    stub.answer(accepted(10), accepted(10), accepted(5));
    await createEventPublisher(client, 'diplowire-bus', { sleep: noSleep }).publish(
      Array.from({ length: 25 }, (_, i) => due(i)),
    );
    expect(stub.requests.map((_, i) => entriesOf(i).length)).toEqual([10, 10, 5]);
    expect(stub.requests[0]?.headers['x-amz-target']).toBe('AWSEvents.PutEvents');
    expect(stub.requests[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(stub.requests[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDSTUB\/\d{8}\/us-east-1\/events\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-date/,
    );
    const first = entriesOf(0)[0];
    expect(first?.Source).toBe('diplowire');
    expect(first?.EventBusName).toBe('diplowire-bus');
    expect(first?.DetailType).toBe('Feed.Due');
  });

  it('re-sends only the entries that failed', async () => {
    stub.answer(
      {
        status: 200,
        json: {
          FailedEntryCount: 2,
          Entries: [
            { EventId: 'a' },
            { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' },
            { EventId: 'c' },
            { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
          ],
        },
      },
      accepted(2),
    );
    await createEventPublisher(client, 'bus', { sleep: noSleep }).publish([due(0), due(1), due(2), due(3)]);
    expect(stub.requests).toHaveLength(2);
    expect(feedIdsOf(1)).toEqual(['feed-1', 'feed-3']);
  });

  it('throws a PublishError naming the error codes after the last attempt', async () => {
    stub.answer({
      status: 200,
      json: {
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }],
      },
    });
    const delays: number[] = [];
    const publisher = createEventPublisher(client, 'bus', {
      maxAttempts: 3,
      baseDelayMs: 100,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const error = await publisher.publish([due(0)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as Error).message).toBe(
      'EventBridge rejected 1 event(s) after 3 attempts (ThrottlingException)',
    );
    expect(stub.requests).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });
});

describe('ArticleStore.knownArticles under throttling (stub: dynalite never leaves keys unprocessed)', () => {
  it('asks again for the UnprocessedKeys only, and gives up with a clear error', async () => {
    const doc = new DocumentClient(
      new DynamoClient({ endpoint: stub.origin, region: 'us-east-1', credentials: STUB_CREDENTIALS }),
    );
    stub.answer(
      {
        status: 200,
        json: {
          Responses: { articles: [{ articleId: { S: 'a' }, contentHash: { S: 'h1' } }] },
          UnprocessedKeys: { articles: { Keys: [{ articleId: { S: 'b' } }] } },
        },
      },
      {
        status: 200,
        json: { Responses: { articles: [{ articleId: { S: 'b' }, contentHash: { S: 'h2' } }] } },
      },
    );
    const store = createArticleStore(doc, 'articles', { sleep: noSleep });
    const known = await store.knownArticles(['a', 'b', 'c']);
    expect([...known.entries()]).toEqual([
      ['a', { contentHash: 'h1' }],
      ['b', { contentHash: 'h2' }],
    ]);
    expect(stub.requests[0]?.headers['x-amz-target']).toBe('DynamoDB_20120810.BatchGetItem');
    type BatchGet = { RequestItems: { articles: { Keys: unknown[] } } };
    const asked = (i: number) => (stub.requests[i]?.json as BatchGet | undefined)?.RequestItems.articles.Keys;
    expect(asked(0)).toEqual([
      { articleId: { S: 'a' } },
      { articleId: { S: 'b' } },
      { articleId: { S: 'c' } },
    ]);
    expect(asked(1)).toEqual([{ articleId: { S: 'b' } }]);

    stub.requests.length = 0;
    stub.answer({
      status: 200,
      json: { UnprocessedKeys: { articles: { Keys: [{ articleId: { S: 'a' } }] } } },
    });
    const stubborn = createArticleStore(doc, 'articles', { sleep: noSleep, maxBatchAttempts: 3 });
    await expect(stubborn.knownArticles(['a'])).rejects.toThrow(
      new UnprocessedKeysError(
        'DynamoDB left 1 of 1 article lookups unprocessed after 3 attempts (throttled)',
      ),
    );
    expect(stub.requests).toHaveLength(3);
  });
});
