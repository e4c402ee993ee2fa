import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../../../lambdas/shared/aws/client/errors';
import { S3Client } from '../../../../lambdas/shared/aws/client/s3';
import { createRawArchive } from '../../../../lambdas/shared/aws/raw-archive';
import {
  decodeRawMetadata,
  encodeRawMetadata,
  S3_METADATA_LIMIT,
} from '../../../../lambdas/shared/store/raw-metadata';
import { STUB_CREDENTIALS, type StubServer, startStubServer } from '../../../support/aws-stub-server';
import { countCalls, startEmulators, type TestEmulators } from '../../../support/emulators';

let stack: TestEmulators;
beforeAll(async () => {
  stack = await startEmulators();
});
afterAll(async () => stack?.stop());

describe('RawArchive on s3rver', () => {
  it('stores the bytes exactly and gives the non-ASCII metadata back decoded', async () => {
    const archive = createRawArchive(stack.s3, stack.names.bucket);
    const bytes = new Uint8Array([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x0a]); // "Привет\n" in windows-1251
    const meta = encodeRawMetadata({
      sourceId: 'ru-mid',
      title: 'Заявление МИД России',
      url: 'https://mid.ru/a?b=1',
    });
    expect(
      await archive.putIfAbsent(
        'raw/ru-mid/2022-11-28/a/1.html',
        bytes,
        'text/html; charset=windows-1251',
        meta,
      ),
    ).toBe('created');
    const back = await archive.get('raw/ru-mid/2022-11-28/a/1.html');
    expect(back?.body).toEqual(bytes);
    expect(back?.contentType).toBe('text/html; charset=windows-1251');
    expect(back?.metadata.title).toBe('Заявление МИД России');
    expect(back?.metadata['source-id']).toBe('ru-mid');
    expect(back?.metadata.url).toBe('https://mid.ru/a?b=1');
  });

  it('answers undefined for a key that is not there', async () => {
    const archive = createRawArchive(stack.s3, stack.names.bucket);
    expect(await archive.get('raw/none/x')).toBeUndefined();
  });

  it('lists only the keys under a prefix', async () => {
    const archive = createRawArchive(stack.s3, stack.names.bucket);
    const counter = countCalls(stack.s3);
    for (const key of ['raw/import/a.txt', 'raw/import/b.txt', 'feeds/f/1.xml']) {
      await archive.putIfAbsent(key, new TextEncoder().encode(key), 'text/plain', {});
    }
    const keys: string[] = [];
    for await (const entry of archive.list('raw/import/')) keys.push(entry.key);
    expect(keys).toEqual(['raw/import/a.txt', 'raw/import/b.txt']);
    expect(counter.succeeded.PutObjectCommand).toBe(3);
  });

  it('lists every key of a prefix exactly once past the 1,000 keys of one page', async () => {
    const archive = createRawArchive(stack.s3, stack.names.bucket);
    // 1,005 keys: one full page of 1,000 and 5 on the next. Neighbours on both sides of the prefix
    // ('-' sorts before '/', 'z' after) must not leak in.
    const keys = Array.from({ length: 1005 }, (_, i) => `raw/many/${String(i).padStart(4, '0')}.txt`);
    const all = ['raw/many-before/x.txt', ...keys, 'raw/manyz/y.txt'];
    const body = new Uint8Array([0x31]);
    for (let i = 0; i < all.length; i += 64) {
      await Promise.all(all.slice(i, i + 64).map((key) => archive.putIfAbsent(key, body, 'text/plain', {})));
    }
    const counter = countCalls(stack.s3);
    const listed: string[] = [];
    for await (const entry of archive.list('raw/many/')) {
      expect(entry.size).toBe(1);
      listed.push(entry.key);
    }
    expect(listed).toHaveLength(1005);
    expect(new Set(listed).size).toBe(1005);
    expect(listed[0]).toBe('raw/many/0000.txt');
    expect(listed[999]).toBe('raw/many/0999.txt');
    expect(listed[1000]).toBe('raw/many/1000.txt');
    expect(listed.at(-1)).toBe('raw/many/1004.txt');
    expect([...listed].sort()).toEqual(keys);
    // Two requests: a page of 1,000, then the last 5.
    expect(counter.total('succeeded', 'ListObjectsCommand', 'ListObjectsV2Command')).toBe(2);
  }, 60_000);
});

describe('RawArchive create-only branch (stub: s3rver ignores If-None-Match)', () => {
  let stub: StubServer;
  let archive: ReturnType<typeof createRawArchive>;
  beforeAll(async () => {
    stub = await startStubServer();
    const s3 = new S3Client({
      endpoint: stub.origin,
      region: 'us-east-1',
      credentials: STUB_CREDENTIALS,
      forcePathStyle: true,
      sleep: async () => {},
    });
    archive = createRawArchive(s3, 'bucket');
  });
  afterAll(async () => stub?.close());
  const s3Error = (status: number, code: string) => ({
    status,
    xml: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} here</Message></Error>`,
  });

  it('sends If-None-Match: * and reads 412 Precondition Failed as "exists"', async () => {
    stub.requests.length = 0;
    stub.answer(s3Error(412, 'PreconditionFailed'));
    expect(await archive.putIfAbsent('raw/a b/ü.html', new Uint8Array([1]), 'text/plain', {})).toBe('exists');
    const sent = stub.requests[0];
    expect(sent?.method).toBe('PUT');
    expect(sent?.url).toBe('/bucket/raw/a%20b/%C3%BC.html');
    expect(sent?.headers['if-none-match']).toBe('*');
    expect(stub.requests).toHaveLength(1);
  });

  it('reads 409 (a concurrent create of the same content-addressed key) as "exists"', async () => {
    stub.answer(s3Error(409, 'ConditionalRequestConflict'));
    expect(await archive.putIfAbsent('raw/a', new Uint8Array([1]), 'text/plain', {})).toBe('exists');
  });

  it("throws any other failure, naming S3 and the operation, after the client's retries", async () => {
    stub.requests.length = 0;
    stub.answer(s3Error(503, 'SlowDown'));
    const error = await archive
      .putIfAbsent('raw/a', new Uint8Array([1]), 'text/plain', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).message).toBe(
      'S3 PutObject failed after 3 attempts: SlowDown: SlowDown here (HTTP 503)',
    );
    expect(stub.requests).toHaveLength(3);
  });
});

describe('raw object metadata', () => {
  it('stays within S3’s 2 KB by cutting the title at a character boundary', () => {
    const title = 'Ж'.repeat(2000);
    const meta = encodeRawMetadata({
      sourceId: 's',
      articleId: 'a'.repeat(32),
      url: 'https://x.org/a',
      title,
    });
    const size = Object.entries(meta).reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(size).toBeLessThanOrEqual(S3_METADATA_LIMIT);
    expect(Object.values(meta).every((v) => /^[\x20-\x7e]*$/.test(v))).toBe(true);
    const decoded = decodeRawMetadata(meta).title ?? '';
    expect(decoded.length).toBeGreaterThan(100);
    expect(title.startsWith(decoded)).toBe(true);
  });
});
