/**
 * The lean S3 client: addressing (path-style and virtual-hosted), the small XML reader, and the
 * operations against s3rver for real (keys that need encoding, metadata, listing with markers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../../../../lambdas/shared/aws/client/errors';
import { listOutput, objectUrl, S3Client } from '../../../../../lambdas/shared/aws/client/s3';
import { decodeXmlText } from '../../../../../lambdas/shared/aws/client/xml';
import { STUB_CREDENTIALS, type StubServer, startStubServer } from '../../../../support/aws-stub-server';
import { startEmulators, type TestEmulators } from '../../../../support/emulators';
import { verifySigV4 } from './sigv4-verifier';

describe('objectUrl', () => {
  const aws = new URL('https://s3.eu-west-1.amazonaws.com');
  it('puts the bucket in the host (virtual-hosted) unless path style is asked for', () => {
    expect(objectUrl(aws, 'archive-1', 'raw/a b/é+1.html', false).href).toBe(
      'https://archive-1.s3.eu-west-1.amazonaws.com/raw/a%20b/%C3%A9%2B1.html',
    );
    expect(objectUrl(new URL('http://127.0.0.1:4569'), 'archive-1', 'raw/x', true).href).toBe(
      'http://127.0.0.1:4569/archive-1/raw/x',
    );
    expect(objectUrl(aws, 'archive-1', undefined, false).href).toBe(
      'https://archive-1.s3.eu-west-1.amazonaws.com/',
    );
  });

  it('falls back to path style for a bucket name a TLS host name cannot carry', () => {
    expect(objectUrl(aws, 'my.bucket', 'k', false).href).toBe(
      'https://s3.eu-west-1.amazonaws.com/my.bucket/k',
    );
  });
});

describe('the XML reader', () => {
  it('reads a ListBucketResult, decoding entities in keys', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>raw/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>
<Contents><Key>raw/a&amp;b &lt;1&gt;.txt</Key><LastModified>2026-11-25T10:00:00.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>
<Contents><Key>raw/&#x4E2D;&#233;.txt</Key><LastModified>2026-11-25T10:00:01.000Z</LastModified><Size>0</Size></Contents>
<NextContinuationToken>tok/en=</NextContinuationToken></ListBucketResult>`;
    expect(listOutput(xml)).toEqual({
      Contents: [
        {
          Key: 'raw/a&b <1>.txt',
          Size: 12,
          LastModified: new Date('2026-11-25T10:00:00.000Z'),
          ETag: '"abc"',
        },
        { Key: 'raw/中é.txt', Size: 0, LastModified: new Date('2026-11-25T10:00:01.000Z') },
      ],
      IsTruncated: true,
      NextContinuationToken: 'tok/en=',
    });
    expect(listOutput('<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>')).toEqual({
      Contents: [],
      IsTruncated: false,
    });
  });

  it('leaves unknown entities and out-of-range references as they are', () => {
    expect(decodeXmlText('a &nbsp; &#x110000; &apos;b&apos;')).toBe("a &nbsp; &#x110000; 'b'");
  });
});

describe('S3Client requests', () => {
  let stub: StubServer;
  beforeAll(async () => {
    stub = await startStubServer();
  });
  afterAll(async () => stub?.close());

  it('sends a create-only PUT with metadata headers, content type and a signed payload hash', async () => {
    stub.answer({ status: 200, headers: { etag: '"e1"' } });
    const s3 = new S3Client({
      endpoint: stub.origin,
      region: 'us-east-1',
      credentials: STUB_CREDENTIALS,
      forcePathStyle: true,
    });
    const out = await s3.call('PutObject', {
      Bucket: 'b',
      Key: 'raw/x y.html',
      Body: new Uint8Array([1, 2, 3]),
      ContentType: 'text/html; charset=utf-8',
      Metadata: { 'Source-Id': 'tr-mfa' },
      IfNoneMatch: '*',
    });
    expect(out).toEqual({ ETag: '"e1"' });
    const [sent] = stub.requests;
    expect(sent?.url).toBe('/b/raw/x%20y.html');
    expect(sent?.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'x-amz-meta-source-id': 'tr-mfa',
      'if-none-match': '*',
      'content-length': '3',
      // sha256 of the bytes 01 02 03, not a streaming (aws-chunked) upload.
      'x-amz-content-sha256': '039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81',
    });
    expect(sent?.body).toEqual(Buffer.from([1, 2, 3]));
    expect(verifySigV4(sent!, STUB_CREDENTIALS.secretAccessKey).ok).toBe(true);
  });

  it('signs a ListObjectsV2 query the way S3 checks it', async () => {
    stub.answer({
      status: 200,
      xml: '<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>',
    });
    const s3 = new S3Client({
      endpoint: stub.origin,
      region: 'us-east-1',
      credentials: STUB_CREDENTIALS,
      forcePathStyle: true,
    });
    await s3.call('ListObjectsV2', { Bucket: 'b', Prefix: 'raw/a b', ContinuationToken: 'x+y/z=' });
    const sent = stub.requests.at(-1);
    expect(sent?.url.split('?')[1]?.split('&').sort()).toEqual([
      'continuation-token=x%2By%2Fz%3D',
      'list-type=2',
      'prefix=raw%2Fa%20b',
    ]);
    expect(verifySigV4(sent!, STUB_CREDENTIALS.secretAccessKey).ok).toBe(true);
  });
});

describe('S3Client on s3rver', () => {
  let stack: TestEmulators;
  beforeAll(async () => {
    stack = await startEmulators();
  });
  afterAll(async () => stack?.stop());

  it('stores and reads back a key that needs encoding, with its metadata and content type', async () => {
    const key = 'raw/import/Türkiye & Kazakhstan (1)+x.txt';
    await stack.s3.call('PutObject', {
      Bucket: stack.names.bucket,
      Key: key,
      Body: 'Türkiye',
      ContentType: 'text/plain; charset=utf-8',
      Metadata: { 'source-id': 'tr-mfa' },
    });
    const out = await stack.s3.call('GetObject', { Bucket: stack.names.bucket, Key: key });
    expect(Buffer.from(out.Body).toString('utf8')).toBe('Türkiye');
    expect(out.ContentType).toBe('text/plain; charset=utf-8');
    expect(out.Metadata).toEqual({ 'source-id': 'tr-mfa' });
    expect(out.LastModified).toBeInstanceOf(Date);
    const head = await stack.s3.call('HeadObject', { Bucket: stack.names.bucket, Key: key });
    expect(head.ContentLength).toBe(Buffer.byteLength('Türkiye'));
    const listed = await stack.s3.call('ListObjectsV2', {
      Bucket: stack.names.bucket,
      Prefix: 'raw/import/T',
    });
    expect(listed.Contents.map((c) => c.Key)).toEqual([key]);
  });

  it('lists with v1 markers page by page', async () => {
    for (const n of [1, 2, 3]) {
      await stack.s3.call('PutObject', {
        Bucket: stack.names.bucket,
        Key: `pages/${n}.txt`,
        Body: String(n),
      });
    }
    const keys: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await stack.s3.call('ListObjects', {
        Bucket: stack.names.bucket,
        Prefix: 'pages/',
        MaxKeys: 2,
        Marker: marker,
      });
      keys.push(...out.Contents.map((c) => c.Key));
      marker = out.IsTruncated ? (out.NextMarker ?? out.Contents.at(-1)?.Key) : undefined;
      pages++;
    } while (marker);
    expect(keys).toEqual(['pages/1.txt', 'pages/2.txt', 'pages/3.txt']);
    expect(pages).toBe(2);
  });

  it('answers a missing key with a NoSuchKey AwsError (404), and deletes', async () => {
    const error = await stack.s3
      .call('GetObject', { Bucket: stack.names.bucket, Key: 'raw/none' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ service: 'S3', operation: 'GetObject', code: 'NoSuchKey', status: 404 });
    await stack.s3.call('DeleteObject', { Bucket: stack.names.bucket, Key: 'pages/1.txt' });
    const head = await stack.s3
      .call('HeadObject', { Bucket: stack.names.bucket, Key: 'pages/1.txt' })
      .catch((e: unknown) => e);
    expect(head).toMatchObject({ code: 'NotFound', status: 404 });
  });
});
