import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRawArchive } from '../../../../lambdas/shared/aws/raw-archive';
import {
  decodeRawMetadata,
  encodeRawMetadata,
  S3_METADATA_LIMIT,
} from '../../../../lambdas/shared/store/raw-metadata';
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
});

describe('RawArchive create-only branch (SDK mock: s3rver ignores If-None-Match)', () => {
  const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const archive = createRawArchive(s3, 'bucket');
  const failWith = (status: number, name: string) =>
    new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

  it('sends If-None-Match: * and reads 412 Precondition Failed as "exists"', async () => {
    const mock = mockClient(s3);
    mock.on(PutObjectCommand).rejects(failWith(412, 'PreconditionFailed'));
    expect(await archive.putIfAbsent('raw/a', new Uint8Array([1]), 'text/plain', {})).toBe('exists');
    expect(mock.commandCalls(PutObjectCommand)[0]?.args[0].input.IfNoneMatch).toBe('*');
    mock.restore();
  });

  it('reads 409 (a concurrent create of the same content-addressed key) as "exists"', async () => {
    const mock = mockClient(s3);
    mock.on(PutObjectCommand).rejects(failWith(409, 'ConditionalRequestConflict'));
    expect(await archive.putIfAbsent('raw/a', new Uint8Array([1]), 'text/plain', {})).toBe('exists');
    mock.restore();
  });

  it('throws any other failure so the function is retried', async () => {
    const mock = mockClient(s3);
    mock.on(PutObjectCommand).rejects(failWith(503, 'SlowDown'));
    await expect(archive.putIfAbsent('raw/a', new Uint8Array([1]), 'text/plain', {})).rejects.toThrow(
      'SlowDown',
    );
    mock.restore();
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
