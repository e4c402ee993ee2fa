import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatorError, Emulators, LOCAL_CREDENTIALS, LOCAL_NAMES } from '../../local/emulators';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'diplowire-emulators-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function clients(emulators: Emulators) {
  const common = { region: LOCAL_NAMES.region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 };
  return {
    dynamo: new DynamoDBClient({ ...common, endpoint: emulators.endpoints.dynamodb }),
    s3: new S3Client({
      ...common,
      endpoint: emulators.endpoints.s3,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  };
}

describe('embedded emulators', () => {
  it('create the tables with their indexes, and keep data between runs on the same folder', async () => {
    const dataDir = path.join(tmp, 'store');
    const first = await Emulators.start({ dataDir });
    const a = clients(first);
    const table = await a.dynamo.send(new DescribeTableCommand({ TableName: LOCAL_NAMES.articlesTable }));
    expect(table.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
      'byCountry',
      'byDay',
      'bySource',
    ]);
    await a.dynamo.send(
      new PutItemCommand({
        TableName: LOCAL_NAMES.feedStateTable,
        Item: { feedId: { S: 'tr-mfa' }, n: { N: '7' } },
      }),
    );
    await a.s3.send(
      new PutObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: 'raw/import/x/a.txt', Body: 'Türkiye' }),
    );
    a.dynamo.destroy();
    a.s3.destroy();
    await first.stop();

    const second = await Emulators.start({ dataDir });
    const b = clients(second);
    try {
      const item = await b.dynamo.send(
        new GetItemCommand({ TableName: LOCAL_NAMES.feedStateTable, Key: { feedId: { S: 'tr-mfa' } } }),
      );
      expect(item.Item?.n).toEqual({ N: '7' });
      const object = await b.s3.send(
        new GetObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: 'raw/import/x/a.txt' }),
      );
      expect(await object.Body?.transformToString()).toBe('Türkiye');
    } finally {
      b.dynamo.destroy();
      b.s3.destroy();
      await second.stop();
    }
  });

  it('refuses a data folder another live process holds, and takes over one whose holder died', async () => {
    const dataDir = path.join(tmp, 'held');
    await Emulators.start({ dataDir }).then((e) => e.stop());
    // pid 1 always exists.
    writeFileSync(path.join(dataDir, 'diplowire.lock'), '1');
    await expect(Emulators.start({ dataDir })).rejects.toThrow(EmulatorError);
    await expect(Emulators.start({ dataDir })).rejects.toThrow(
      `the data folder ${dataDir} is in use by another diplowire process (pid 1)`,
    );
    writeFileSync(path.join(dataDir, 'diplowire.lock'), '2147483646');
    const taken = await Emulators.start({ dataDir });
    await taken.stop();
  });
});
