/**
 * The document layer: plain objects in and out, marshalled as `DynamoDBDocumentClient` with
 * `removeUndefinedValues: true` did (the wire JSON below is written by hand from the DynamoDB
 * attribute value format), checked on a scripted endpoint and on dynalite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient, DynamoClient } from '../../../../../lambdas/shared/aws/client/dynamodb';
import { STUB_CREDENTIALS, type StubServer, startStubServer } from '../../../../support/aws-stub-server';
import { startEmulators, type TestEmulators } from '../../../../support/emulators';

describe('DocumentClient marshalling', () => {
  let stub: StubServer;
  let doc: DocumentClient;
  beforeAll(async () => {
    stub = await startStubServer();
    doc = new DocumentClient(
      new DynamoClient({ endpoint: stub.origin, region: 'us-east-1', credentials: STUB_CREDENTIALS }),
    );
  });
  afterAll(async () => stub?.close());

  it('marshals items, keys and expression values; drops undefined fields', async () => {
    stub.answer({ status: 200, json: {} });
    await doc.call('PutItem', {
      TableName: 'articles',
      Item: {
        articleId: 'a1',
        wordCount: 120,
        ratio: 0.5,
        live: true,
        nothing: null,
        countries: ['TR', 'KZ'],
        tags: new Set(['x', 'y']),
        nested: { title: 'Türkiye', empty: undefined, depth: { n: -3 } },
        summary: undefined,
      },
      ConditionExpression: 'attribute_not_exists(articleId) OR contentHash <> :h',
      ExpressionAttributeValues: { ':h': 'abc', ':n': 7 },
    });
    expect(stub.requests[0]?.json).toEqual({
      TableName: 'articles',
      Item: {
        articleId: { S: 'a1' },
        wordCount: { N: '120' },
        ratio: { N: '0.5' },
        live: { BOOL: true },
        nothing: { NULL: true },
        countries: { L: [{ S: 'TR' }, { S: 'KZ' }] },
        tags: { SS: ['x', 'y'] },
        nested: { M: { title: { S: 'Türkiye' }, depth: { M: { n: { N: '-3' } } } } },
      },
      ConditionExpression: 'attribute_not_exists(articleId) OR contentHash <> :h',
      ExpressionAttributeValues: { ':h': { S: 'abc' }, ':n': { N: '7' } },
    });
  });

  it('unmarshals what comes back: Item, Items, LastEvaluatedKey, Responses, UnprocessedKeys', async () => {
    stub.answer({
      status: 200,
      json: {
        Items: [{ id: { S: 'x' }, n: { N: '1.25' }, ss: { SS: ['a'] }, m: { M: { b: { BOOL: false } } } }],
        LastEvaluatedKey: { id: { S: 'x' } },
      },
    });
    const page = await doc.call('Query', { TableName: 't', KeyConditionExpression: 'id = :id' });
    expect(page.Items).toEqual([{ id: 'x', n: 1.25, ss: new Set(['a']), m: { b: false } }]);
    expect(page.LastEvaluatedKey).toEqual({ id: 'x' });

    stub.answer({ status: 200, json: {} });
    expect((await doc.call('GetItem', { TableName: 't', Key: { id: 'none' } })).Item).toBeUndefined();
  });
});

describe('DocumentClient on dynalite', () => {
  let stack: TestEmulators;
  beforeAll(async () => {
    stack = await startEmulators();
  });
  afterAll(async () => stack?.stop());

  it('round-trips an item with sets, numbers and nested maps, and pages a scan', async () => {
    const table = stack.names.feedStateTable;
    const item = {
      feedId: 'f-1',
      n: 42,
      frac: 0.125,
      tags: new Set(['a', 'b']),
      m: { deep: { list: [1, 'two'] } },
    };
    await stack.doc.call('PutItem', { TableName: table, Item: { ...item, gone: undefined } });
    const back = await stack.doc.call('GetItem', {
      TableName: table,
      Key: { feedId: 'f-1' },
      ConsistentRead: true,
    });
    expect(back.Item).toEqual(item);
    for (const id of ['f-2', 'f-3'])
      await stack.doc.call('PutItem', { TableName: table, Item: { feedId: id } });
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await stack.doc.call('Scan', { TableName: table, Limit: 2, ExclusiveStartKey: start });
      ids.push(...page.Items.map((i) => String(i.feedId)));
      start = page.LastEvaluatedKey;
      pages++;
    } while (start);
    expect(ids.sort()).toEqual(['f-1', 'f-2', 'f-3']);
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it('reports a missing table as a typed error naming DynamoDB and the operation', async () => {
    await expect(
      stack.doc.call('GetItem', { TableName: 'no-such-table', Key: { feedId: 'x' } }),
    ).rejects.toThrow(/^DynamoDB GetItem failed: ResourceNotFoundException: .* \(HTTP 400\)$/);
  });
});
