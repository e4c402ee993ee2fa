/**
 * The page-missing mark on the article item (dynalite): written with the record, read by fetch-feed's
 * projection, cleared by a copy built from the page (even one with the same text), kept by a redelivery.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../../../lambdas/shared/article';
import { createArticleStore } from '../../../../lambdas/shared/aws/article-store';
import type { ArticleStore } from '../../../../lambdas/shared/ports';
import { type CallCounter, countCalls, startEmulators, type TestEmulators } from '../../../support/emulators';

const ID = 'ab'.repeat(16);

function record(overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    articleId: ID,
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
    countries: [],
    authors: [],
    categories: [],
    contentHash: 'aa'.repeat(32),
    rawKey: `raw/tr-mfa/2022-11-28/${ID}/aaaa.json`,
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
