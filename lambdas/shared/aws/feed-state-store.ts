/** FeedStateStore on DynamoDB: one item per feed, replaced whole once per fetch. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { FeedState, FeedStateStore } from '../ports';

export function createFeedStateStore(doc: DynamoDBDocumentClient, tableName: string): FeedStateStore {
  return {
    async get(feedId) {
      const out = await doc.send(
        new GetCommand({ TableName: tableName, Key: { feedId }, ConsistentRead: true }),
      );
      return out.Item as FeedState | undefined;
    },
    async put(state) {
      await doc.send(new PutCommand({ TableName: tableName, Item: state }));
    },
    async list() {
      const states: FeedState[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
        states.push(...((out.Items ?? []) as FeedState[]));
        start = out.LastEvaluatedKey;
      } while (start);
      return states.sort((a, b) => a.feedId.localeCompare(b.feedId));
    },
  };
}
