import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventPublisher, PublishError } from '../../../../lambdas/shared/aws/event-publisher';
import type { OutgoingEvent } from '../../../../lambdas/shared/ports';

// EventBridge has no emulator that produces partial failures: these branches use the SDK mock.
const client = new EventBridgeClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
});
const mock = mockClient(client);
const noSleep = async () => {};

function due(n: number): OutgoingEvent {
  return {
    detailType: 'Feed.Due',
    detail: { feedId: `feed-${n}`, url: `https://example.org/${n}`, scheduledAt: '2026-11-25T10:00:00Z' },
  };
}
const feedIdsOf = (call: number) =>
  (mock.commandCalls(PutEventsCommand)[call]?.args[0].input.Entries ?? []).map(
    (e) => (JSON.parse(e.Detail ?? '{}') as { feedId: string }).feedId,
  );

afterEach(() => mock.reset());

describe('EventPublisher on EventBridge', () => {
  it('sends 25 events as requests of 10, 10 and 5 on the named bus with source diplowire', async () => {
    mock.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: 'id' })),
    }));
    await createEventPublisher(client, 'diplowire-bus', { sleep: noSleep }).publish(
      Array.from({ length: 25 }, (_, i) => due(i)),
    );
    const calls = mock.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 5]);
    const first = calls[0]?.args[0].input.Entries?.[0];
    expect(first?.Source).toBe('diplowire');
    expect(first?.EventBusName).toBe('diplowire-bus');
    expect(first?.DetailType).toBe('Feed.Due');
  });

  it('re-sends only the entries that failed', async () => {
    mock
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [
          { EventId: 'a' },
          { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' },
          { EventId: 'c' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
        ],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }, { EventId: 'd' }] });
    await createEventPublisher(client, 'bus', { sleep: noSleep }).publish([due(0), due(1), due(2), due(3)]);
    expect(mock.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(feedIdsOf(1)).toEqual(['feed-1', 'feed-3']);
  });

  it('throws a PublishError naming the error codes after the last attempt', async () => {
    mock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }],
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
    expect(mock.commandCalls(PutEventsCommand)).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });
});

describe('ArticleStore.knownArticles under throttling (SDK mock: dynalite never leaves keys unprocessed)', () => {
  it('asks again for the UnprocessedKeys only, and gives up with a clear error', async () => {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { BatchGetCommand, DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const { createArticleStore, UnprocessedKeysError } = await import(
      '../../../../lambdas/shared/aws/article-store'
    );
    const doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    );
    const ddb = mockClient(doc);
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { articles: [{ articleId: 'a', contentHash: 'h1' }] },
        UnprocessedKeys: { articles: { Keys: [{ articleId: 'b' }] } },
      })
      .resolvesOnce({ Responses: { articles: [{ articleId: 'b', contentHash: 'h2' }] } });
    const store = createArticleStore(doc, 'articles', { sleep: noSleep });
    const known = await store.knownArticles(['a', 'b', 'c']);
    expect([...known.entries()]).toEqual([
      ['a', { contentHash: 'h1' }],
      ['b', { contentHash: 'h2' }],
    ]);
    expect(ddb.commandCalls(BatchGetCommand)[1]?.args[0].input.RequestItems?.articles?.Keys).toEqual([
      { articleId: 'b' },
    ]);

    ddb.reset();
    ddb.on(BatchGetCommand).resolves({ UnprocessedKeys: { articles: { Keys: [{ articleId: 'a' }] } } });
    const stubborn = createArticleStore(doc, 'articles', { sleep: noSleep, maxBatchAttempts: 3 });
    await expect(stubborn.knownArticles(['a'])).rejects.toThrow(
      new UnprocessedKeysError(
        'DynamoDB left 1 of 1 article lookups unprocessed after 3 attempts (throttled)',
      ),
    );
    ddb.restore();
  });
});
