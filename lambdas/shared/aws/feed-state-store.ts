/** FeedStateStore on DynamoDB: one item per feed, replaced whole once per fetch. */
import type { FeedState, FeedStateStore } from '../ports';
import type { DocumentClient } from './client/dynamodb';

export function createFeedStateStore(doc: DocumentClient, tableName: string): FeedStateStore {
  return {
    async get(feedId) {
      const out = await doc.call('GetItem', { TableName: tableName, Key: { feedId }, ConsistentRead: true });
      return out.Item as FeedState | undefined;
    },
    async put(state) {
      await doc.call('PutItem', { TableName: tableName, Item: { ...state } });
    },
    async list() {
      const states: FeedState[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.call('Scan', { TableName: tableName, ExclusiveStartKey: start });
        states.push(...(out.Items as unknown as FeedState[]));
        start = out.LastEvaluatedKey;
      } while (start);
      return states.sort((a, b) => a.feedId.localeCompare(b.feedId));
    },
  };
}
