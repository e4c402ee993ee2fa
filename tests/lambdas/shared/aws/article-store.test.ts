import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../../../lambdas/shared/article';
import { createArticleStore, writeCondition } from '../../../../lambdas/shared/aws/article-store';
import { createFeedStateStore } from '../../../../lambdas/shared/aws/feed-state-store';
import type { ArticleStore } from '../../../../lambdas/shared/ports';
import { ARTICLES_TABLE } from '../../../../lambdas/shared/store/schema';
import { type CallCounter, countCalls, startEmulators, type TestEmulators } from '../../../support/emulators';

const hex = (n: number, width = 32) => n.toString(16).padStart(width, '0');

function record(overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    articleId: hex(1),
    sourceId: 'tr-mfa',
    feedId: 'tr-mfa-press-en',
    url: 'https://www.mfa.gov.tr/no_-359.en.mfa',
    title: 'Press release',
    titleSource: 'feed',
    publishedAt: '2022-11-28T09:00:00.000Z',
    datePrecision: 'time',
    language: 'en',
    languageSource: 'declared',
    summary: 'A summary.',
    text: 'A summary.',
    wordCount: 2,
    countries: ['KZ', 'TR'],
    authors: [],
    categories: [],
    contentHash: hex(0xaa, 64),
    rawKey: 'raw/tr-mfa/2022-11-28/x/aaaa.json',
    fetchedAt: '2022-11-28T10:00:00.000Z',
    ingestedAt: '2022-11-28T10:00:01.000Z',
    version: 1,
    ...overrides,
  };
}

let stack: TestEmulators;
let store: ArticleStore;
let calls: CallCounter;

beforeAll(async () => {
  stack = await startEmulators();
  calls = countCalls(stack.dynamo);
  store = createArticleStore(stack.doc, stack.names.articlesTable);
});
afterAll(async () => stack?.stop());
beforeEach(async () => {
  await stack.clear();
  calls.reset();
});

describe('ArticleStore on dynalite', () => {
  it('creates a new article with one PutItem and reads it back without the index attributes', async () => {
    expect(await store.put(record(), { itemFingerprint: 'fp1' })).toBe('new');
    expect(calls.succeeded.PutItemCommand).toBe(1);
    const stored = await store.get(hex(1));
    expect(stored?.title).toBe('Press release');
    expect(stored?.itemFingerprint).toBe('fp1');
    expect(stored).not.toHaveProperty('publishedSk');
    expect(stored).not.toHaveProperty('primaryCountry');
  });

  it('writes nothing when the same record arrives again (redelivery)', async () => {
    await store.put(record(), { itemFingerprint: 'fp1' });
    expect(
      await store.put(record({ ingestedAt: '2022-11-28T11:00:00.000Z' }), { itemFingerprint: 'fp1' }),
    ).toBe('unchanged');
    expect(calls.succeeded.PutItemCommand).toBe(1);
    expect((await store.get(hex(1)))?.ingestedAt).toBe('2022-11-28T10:00:01.000Z');
  });

  it('replaces the article when a later fetch has a different text', async () => {
    await store.put(record());
    const newer = record({
      contentHash: hex(0xbb, 64),
      text: 'Updated.',
      fetchedAt: '2022-11-29T10:00:00.000Z',
    });
    expect(await store.put(newer)).toBe('updated');
    expect((await store.get(hex(1)))?.text).toBe('Updated.');
  });

  it('never lets a replayed older copy overwrite newer content', async () => {
    await store.put(
      record({ contentHash: hex(0xbb, 64), text: 'Newer.', fetchedAt: '2022-11-29T10:00:00.000Z' }),
    );
    expect(await store.put(record())).toBe('unchanged');
    expect((await store.get(hex(1)))?.text).toBe('Newer.');
  });

  it('refreshes the stored fingerprint when only the feed item changed, and reports it refreshed', async () => {
    await store.put(record(), { itemFingerprint: 'fp1' });
    const later = record({
      fetchedAt: '2022-11-29T10:00:00.000Z',
      rawKey: 'raw/tr-mfa/2022-11-28/x/bbbb.json',
    });
    expect(await store.put(later, { itemFingerprint: 'fp2' })).toBe('refreshed');
    const stored = await store.get(hex(1));
    expect(stored?.itemFingerprint).toBe('fp2');
    expect(stored?.rawKey).toBe('raw/tr-mfa/2022-11-28/x/bbbb.json');
  });

  it('refreshItemFingerprint writes only when the fingerprint differs and the article exists', async () => {
    await store.put(record(), { itemFingerprint: 'fp1' });
    expect(await store.refreshItemFingerprint(hex(1), 'fp1')).toBe(false);
    expect(await store.refreshItemFingerprint(hex(1), 'fp2')).toBe(true);
    expect(await store.refreshItemFingerprint(hex(2), 'fp2')).toBe(false);
    expect((await store.get(hex(1)))?.itemFingerprint).toBe('fp2');
    expect(await store.get(hex(2))).toBeUndefined();
  });

  it('looks up 250 ids in three BatchGetItem calls and finds exactly the stored ones', async () => {
    for (const n of [3, 150, 249])
      await store.put(record({ articleId: hex(n) }), { itemFingerprint: `fp${n}` });
    const ids = Array.from({ length: 250 }, (_, i) => hex(i));
    const known = await store.knownArticles([...ids, hex(3)]);
    expect([...known.keys()].sort()).toEqual([hex(3), hex(150), hex(249)]);
    expect(known.get(hex(150))).toEqual({
      contentHash: hex(0xaa, 64),
      itemFingerprint: 'fp150',
      fetchedAt: '2022-11-28T10:00:00.000Z',
      rawKey: 'raw/tr-mfa/2022-11-28/x/aaaa.json',
      // The record's own date (fixture above): fetch-feed keeps it when a feed re-serves an edited item.
      publishedAt: '2022-11-28T09:00:00.000Z',
      datePrecision: 'time',
    });
    expect(calls.sent.BatchGetCommand ?? calls.sent.BatchGetItemCommand).toBe(3);
  });

  it('lists a source newest first and finds an article by a country it mentions second', async () => {
    await store.put(
      record({ articleId: hex(1), publishedAt: '2022-11-01T00:00:00.000Z', countries: ['TR'] }),
    );
    await store.put(
      record({ articleId: hex(2), publishedAt: '2022-11-03T00:00:00.000Z', countries: ['TR', 'KZ'] }),
    );
    await store.put(
      record({
        articleId: hex(3),
        publishedAt: '2022-11-02T00:00:00.000Z',
        sourceId: 'other',
        countries: ['DE'],
      }),
    );
    const bySource = await store.list({ sourceId: 'tr-mfa' });
    expect(bySource.items.map((a) => a.articleId)).toEqual([hex(2), hex(1)]);
    const since = await store.list({ sourceId: 'tr-mfa', since: '2022-11-02' });
    expect(since.items.map((a) => a.articleId)).toEqual([hex(2)]);
    const kz = await store.list({ country: 'kz' });
    expect(kz.items.map((a) => a.articleId)).toEqual([hex(2)]);
  });

  it('pages with an opaque cursor until every article was returned once', async () => {
    for (let n = 1; n <= 5; n++) await store.put(record({ articleId: hex(n) }));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ sourceId: 'tr-mfa', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((a) => a.articleId));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5].map((n) => hex(n)));
  });
});

describe('listing through indexes that project listing fields only', () => {
  // Five articles of one source, put in an order unlike their dates, each with its own text.
  const days = ['2022-11-03', '2022-11-01', '2022-11-05', '2022-11-02', '2022-11-04'];
  async function putFive(target: ArticleStore): Promise<void> {
    for (const [i, day] of days.entries()) {
      await target.put(
        record({
          articleId: hex(i + 1),
          publishedAt: `${day}T09:00:00.000Z`,
          text: `Full text of article ${i + 1}.`,
          summary: `Summary ${i + 1}.`,
          countries: i % 2 === 0 ? ['TR', 'KZ'] : ['DE'],
        }),
      );
    }
  }
  async function allPages(target: ArticleStore, query: { sourceId: string; country?: string }) {
    const pages: Array<Array<{ articleId: string; text: string; summary: string }>> = [];
    let cursor: string | undefined;
    do {
      const page = await target.list({ ...query, limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.items);
      cursor = page.cursor;
    } while (cursor && pages.length < 10);
    return pages;
  }

  it('lists a source as full records, newest first, across pages', async () => {
    await putFive(store);
    const pages = await allPages(store, { sourceId: 'tr-mfa' });
    // Newest first: 11-05 (#3), 11-04 (#5), 11-03 (#1), 11-02 (#4), 11-01 (#2); two per page.
    expect(pages.map((p) => p.map((a) => a.articleId))).toEqual([
      [hex(3), hex(5)],
      [hex(1), hex(4)],
      [hex(2)],
    ]);
    const flat = pages.flat();
    expect(flat.map((a) => a.text)).toEqual([3, 5, 1, 4, 2].map((n) => `Full text of article ${n}.`));
    expect(flat.map((a) => a.summary)).toEqual([3, 5, 1, 4, 2].map((n) => `Summary ${n}.`));
    // The same record `get` gives, field for field.
    expect(flat[0]).toEqual(await store.get(hex(3)));
  });

  it('filters a source listing on any country an article mentions, from the projected countries', async () => {
    await putFive(store);
    const kz = (await allPages(store, { sourceId: 'tr-mfa', country: 'kz' })).flat();
    // Articles 1, 3 and 5 mention KZ (second); newest first: #3, #5, #1.
    expect(kz.map((a) => a.articleId)).toEqual([hex(3), hex(5), hex(1)]);
    expect(kz[0]?.text).toBe('Full text of article 3.');
  });

  it('keeps the index order when a page needs more than one BatchGetItem (over 100 keys)', async () => {
    // 120 articles of one source, one minute apart: newest first is 120, 119, …, 1.
    for (let n = 1; n <= 120; n++) {
      const minute = String(n % 60).padStart(2, '0');
      const hour = String(Math.floor(n / 60)).padStart(2, '0');
      await store.put(record({ articleId: hex(n), publishedAt: `2022-11-28T${hour}:${minute}:00.000Z` }));
    }
    calls.reset();
    const page = await store.list({ sourceId: 'tr-mfa', limit: 120 });
    expect(page.items.map((a) => a.articleId)).toEqual(Array.from({ length: 120 }, (_, i) => hex(120 - i)));
    expect(page.items.every((a) => a.text === 'A summary.')).toBe(true);
    expect(calls.sent.QueryCommand).toBe(1);
    expect(calls.sent.BatchGetItemCommand).toBe(2);
  });

  it('asks again for keys DynamoDB left unprocessed while listing (throttling injected on the wire)', async () => {
    await putFive(store);
    let throttled = 0;
    // dynalite never leaves keys unprocessed: serve only the first key of the first two
    // BatchGetItem calls and hand the rest back as UnprocessedKeys, as DynamoDB does when throttled.
    const remove = stack.dynamo.use((next) => async (request) => {
      if (request.operation !== 'BatchGetItem' || throttled >= 2) return next(request);
      throttled++;
      const requestItems = request.input.RequestItems as Record<string, { Keys: unknown[] }>;
      const asked = requestItems[stack.names.articlesTable]!.Keys;
      const input = { RequestItems: { [stack.names.articlesTable]: { Keys: asked.slice(0, 1) } } };
      const out = (await next({ ...request, input })) as Record<string, unknown>;
      return { ...out, UnprocessedKeys: { [stack.names.articlesTable]: { Keys: asked.slice(1) } } };
    });
    try {
      const sleeps: number[] = [];
      const patient = createArticleStore(stack.doc, stack.names.articlesTable, {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      });
      const page = await patient.list({ sourceId: 'tr-mfa' });
      expect(page.items.map((a) => a.articleId)).toEqual([hex(3), hex(5), hex(1), hex(4), hex(2)]);
      expect(page.items.map((a) => a.text)).toEqual([3, 5, 1, 4, 2].map((n) => `Full text of article ${n}.`));
      // Three rounds: 1 key served, then 1 of the 4 left, then the last 3; pauses of 50 and 100 ms.
      expect(calls.sent.BatchGetItemCommand).toBe(3);
      expect(sleeps).toEqual([50, 100]);
    } finally {
      remove();
    }
  });

  it('projects only the listing fields into every index, never the text (INCLUDE, as in AWS)', async () => {
    await store.put(record({ updatedAt: '2022-11-28T12:00:00.000Z', sourceCountry: 'TR' }));
    const listing = [
      'articleId',
      'countries',
      'datePrecision',
      'feedId',
      'language',
      'publishedAt',
      'publishedSk',
      'sourceCountry',
      'sourceId',
      'title',
      'updatedAt',
      'url',
      'wordCount',
    ];
    const queries = [
      { IndexName: 'bySource', KeyConditionExpression: 'sourceId = :v', v: 'tr-mfa', key: 'sourceId' },
      { IndexName: 'byDay', KeyConditionExpression: '#d = :v', v: '2022-11-28', key: 'day' },
      {
        IndexName: 'byCountry',
        KeyConditionExpression: 'primaryCountry = :v',
        v: 'KZ',
        key: 'primaryCountry',
      },
    ];
    for (const q of queries) {
      const out = await stack.doc.call('Query', {
        TableName: stack.names.articlesTable,
        IndexName: q.IndexName,
        KeyConditionExpression: q.KeyConditionExpression,
        ExpressionAttributeValues: { ':v': q.v },
        ...(q.key === 'day' ? { ExpressionAttributeNames: { '#d': 'day' } } : {}),
      });
      expect(out.Items).toHaveLength(1);
      // Each index carries its own partition key besides the listing fields (day, primaryCountry).
      const expected = [...new Set([...listing, q.key])].sort();
      expect(Object.keys(out.Items[0] ?? {}).sort(), q.IndexName).toEqual(expected);
      expect(out.Items[0]).toMatchObject({ title: 'Press release', countries: ['KZ', 'TR'] });
    }
  });
});

describe('a store created before the indexes projected listing fields (ALL)', () => {
  const legacyTable = 'articles-all-projected';
  let legacy: ArticleStore;

  beforeAll(async () => {
    // The table exactly as createTableIfMissing made it before: same keys, indexes projecting ALL.
    const keys = new Set([
      ARTICLES_TABLE.partitionKey,
      ...ARTICLES_TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ]);
    await stack.dynamo.send('CreateTable', {
      TableName: legacyTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keys].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [{ AttributeName: ARTICLES_TABLE.partitionKey, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: ARTICLES_TABLE.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
    legacy = createArticleStore(stack.doc, legacyTable);
  });

  it('still lists full records newest first across pages', async () => {
    for (const [n, day] of [
      [1, '2022-11-02'],
      [2, '2022-11-03'],
      [3, '2022-11-01'],
    ] as const) {
      await legacy.put(
        record({ articleId: hex(n), publishedAt: `${day}T00:00:00.000Z`, text: `Text ${n}.` }),
      );
    }
    // Proof that this store is the old layout: its index still holds the text.
    const raw = await stack.doc.call('Query', {
      TableName: legacyTable,
      IndexName: 'bySource',
      KeyConditionExpression: 'sourceId = :s',
      ExpressionAttributeValues: { ':s': 'tr-mfa' },
    });
    expect(raw.Items.map((i) => i.text)).toEqual(['Text 3.', 'Text 1.', 'Text 2.']);

    const seen: Array<[string, string]> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await legacy.list({ sourceId: 'tr-mfa', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((a): [string, string] => [a.articleId, a.text]));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([
      [hex(2), 'Text 2.'],
      [hex(1), 'Text 1.'],
      [hex(3), 'Text 3.'],
    ]);
  });
});

/**
 * The page-missing mark on the article item: written with the record, read by fetch-feed's
 * projection, cleared by a copy built from the page (even one with the same text), kept by a redelivery.
 */
const ID = hex(1);
const rawItem = async () =>
  (await stack.doc.call('GetItem', { TableName: stack.names.articlesTable, Key: { articleId: ID } })).Item;

describe('the page-missing mark', () => {
  it('is stored with the record in one PutItem and read back by knownArticles, not by get', async () => {
    expect(await store.put(record(), { itemFingerprint: 'fp1', pageError: 'http-404' })).toBe('new');
    expect(calls.succeeded.PutItemCommand).toBe(1);
    expect((await rawItem())?.pageError).toBe('http-404');
    const known = await store.knownArticles([ID]);
    expect(known.get(ID)).toMatchObject({
      pageError: 'http-404',
      itemFingerprint: 'fp1',
      fetchedAt: '2022-11-28T10:00:00.000Z',
    });
    expect(await store.get(ID)).not.toHaveProperty('pageError');
  });

  it('stays when the same feed item is normalized again (redelivery): nothing written', async () => {
    await store.put(record(), { itemFingerprint: 'fp1', pageError: 'http-404' });
    const again = record({ ingestedAt: '2022-11-28T12:00:00.000Z' });
    expect(await store.put(again, { itemFingerprint: 'fp1', pageError: 'http-404' })).toBe('unchanged');
    expect(calls.succeeded.PutItemCommand).toBe(1);
    expect((await rawItem())?.pageError).toBe('http-404');
  });

  it('is cleared by a copy from the page, even when its text is the same (refreshed)', async () => {
    await store.put(record(), { itemFingerprint: 'fp1', pageError: 'http-404' });
    const fromPage = record({
      rawKey: `raw/tr-mfa/2022-11-28/${ID}/bbbb.html`,
      fetchedAt: '2022-11-28T11:00:00.000Z',
    });
    expect(await store.put(fromPage, { itemFingerprint: 'fp1' })).toBe('refreshed');
    const item = await rawItem();
    expect(item?.pageError).toBeUndefined();
    expect(item?.rawKey).toBe(`raw/tr-mfa/2022-11-28/${ID}/bbbb.html`);
    // Without the mark the same page copy again writes nothing.
    expect(await store.put(fromPage, { itemFingerprint: 'fp1' })).toBe('unchanged');
    expect(calls.succeeded.PutItemCommand).toBe(2);
  });

  it('is not cleared by an older copy (a replay of an earlier object)', async () => {
    await store.put(record(), { itemFingerprint: 'fp1', pageError: 'http-404' });
    const older = record({
      fetchedAt: '2022-11-28T09:30:00.000Z',
      text: 'Older text.',
      contentHash: 'cc'.repeat(32),
    });
    expect(await store.put(older, { itemFingerprint: 'fp1' })).toBe('unchanged');
    expect((await rawItem())?.pageError).toBe('http-404');
  });
});

describe('the article write condition', () => {
  it('is a sum of products with no parenthesised group, read with AND before OR as DynamoDB does', () => {
    // "new, or (not older and (text differs or page arrived))", distributed by hand.
    expect(writeCondition(['contentHash <> :h', 'attribute_exists(pageError)'])).toBe(
      'attribute_not_exists(articleId) OR fetchedAt <= :fetchedAt AND contentHash <> :h OR ' +
        'fetchedAt <= :fetchedAt AND attribute_exists(pageError)',
    );
  });
});

describe('FeedStateStore on dynalite', () => {
  it('replaces a feed state whole and lists states by feed id', async () => {
    const states = createFeedStateStore(stack.doc, stack.names.feedStateTable);
    await states.put({
      feedId: 'b',
      consecutiveFailures: 2,
      lastError: { code: 'http-500', message: 'x', at: 't' },
    });
    await states.put({ feedId: 'b', consecutiveFailures: 0, etag: '"v2"' });
    await states.put({ feedId: 'a', consecutiveFailures: 0 });
    expect(await states.get('b')).toEqual({ feedId: 'b', consecutiveFailures: 0, etag: '"v2"' });
    expect(await states.get('missing')).toBeUndefined();
    expect((await states.list()).map((s) => s.feedId)).toEqual(['a', 'b']);
  });
});
