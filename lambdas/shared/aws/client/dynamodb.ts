/**
 * DynamoDB over its JSON 1.0 protocol, and a document layer that marshals plain objects the way
 * `DynamoDBDocumentClient` with `removeUndefinedValues: true` does (with the SDK's own
 * `@aws-sdk/util-dynamodb`: 5 KB bundled, so the stored items stay identical byte for byte).
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AwsClient, type ClientOptions } from './aws-client';
import { jsonProtocol } from './json-protocol';

/** The operations the adapters and the local tools send; the IAM test maps each to its action. */
export type DynamoOperation =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'ListTables';

export const dynamoProtocol = jsonProtocol({
  service: 'DynamoDB',
  signingName: 'dynamodb',
  endpointId: 'DYNAMODB',
  host: 'dynamodb',
  version: '1.0',
  targetPrefix: 'DynamoDB_20120810',
});

/** DynamoDB on its wire format: inputs and outputs hold attribute values (`{ S: 'x' }`). */
export class DynamoClient extends AwsClient {
  constructor(options: ClientOptions = {}) {
    super(dynamoProtocol, options);
  }

  call(operation: DynamoOperation, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.send(operation, input) as Promise<Record<string, unknown>>;
  }
}

export type Item = Record<string, unknown>;

interface TableInput {
  TableName: string;
}
export interface GetInput extends TableInput {
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
}
export interface PutInput extends TableInput {
  Item: Item;
  ConditionExpression?: string;
  ExpressionAttributeValues?: Item;
  ExpressionAttributeNames?: Record<string, string>;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface UpdateInput extends TableInput {
  Key: Item;
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeValues?: Item;
  ExpressionAttributeNames?: Record<string, string>;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'ALL_NEW' | 'UPDATED_OLD' | 'UPDATED_NEW';
}
export interface DeleteInput extends TableInput {
  Key: Item;
}
export interface ReadManyInput extends TableInput {
  IndexName?: string;
  KeyConditionExpression?: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeValues?: Item;
  ExpressionAttributeNames?: Record<string, string>;
  ScanIndexForward?: boolean;
  Limit?: number;
  ExclusiveStartKey?: Item;
  ConsistentRead?: boolean;
}
export interface BatchGetInput {
  RequestItems: Record<string, { Keys: Item[]; ProjectionExpression?: string; ConsistentRead?: boolean }>;
}

/** Document operations: their inputs and outputs in plain objects. */
export interface DocumentOperations {
  GetItem: { input: GetInput; output: { Item?: Item } };
  PutItem: { input: PutInput; output: { Attributes?: Item } };
  UpdateItem: { input: UpdateInput; output: { Attributes?: Item } };
  DeleteItem: { input: DeleteInput; output: { Attributes?: Item } };
  Query: { input: ReadManyInput; output: { Items: Item[]; LastEvaluatedKey?: Item } };
  Scan: { input: ReadManyInput; output: { Items: Item[]; LastEvaluatedKey?: Item } };
  BatchGetItem: {
    input: BatchGetInput;
    output: { Responses: Record<string, Item[]>; UnprocessedKeys: Record<string, { Keys: Item[] }> };
  };
}

const MARSHALL = { removeUndefinedValues: true } as const;
const toWire = (value: Item) => marshall(value, MARSHALL) as Item;
const fromWire = (value: unknown) => unmarshall(value as Parameters<typeof unmarshall>[0]);

/** Marshals the item-valued fields of a document input (the same fields lib-dynamodb marshals). */
function marshallInput(input: object): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...input };
  for (const field of ['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey'] as const) {
    const value = wire[field];
    if (value !== undefined) wire[field] = toWire(value as Item);
  }
  const requestItems = wire.RequestItems as BatchGetInput['RequestItems'] | undefined;
  if (requestItems) {
    wire.RequestItems = Object.fromEntries(
      Object.entries(requestItems).map(([table, request]) => [
        table,
        { ...request, Keys: request.Keys.map(toWire) },
      ]),
    );
  }
  return wire;
}

function unmarshallOutput(output: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string, unknown> = { ...output };
  for (const field of ['Item', 'Attributes', 'LastEvaluatedKey'] as const) {
    if (plain[field] !== undefined) plain[field] = fromWire(plain[field]);
  }
  if (Array.isArray(plain.Items)) plain.Items = plain.Items.map(fromWire);
  const responses = plain.Responses as Record<string, unknown[]> | undefined;
  plain.Responses = Object.fromEntries(
    Object.entries(responses ?? {}).map(([table, items]) => [table, items.map(fromWire)]),
  );
  const unprocessed = plain.UnprocessedKeys as Record<string, { Keys: unknown[] }> | undefined;
  plain.UnprocessedKeys = Object.fromEntries(
    Object.entries(unprocessed ?? {}).map(([table, request]) => [
      table,
      { ...request, Keys: (request.Keys ?? []).map(fromWire) },
    ]),
  );
  if (!Array.isArray(plain.Items)) plain.Items = [];
  return plain;
}

/**
 * Plain objects in, plain objects out, over a DynamoClient (whose middleware sees the marshalled
 * wire input, as SDK middleware on the base client did).
 */
export class DocumentClient {
  constructor(readonly client: DynamoClient) {}

  async call<Op extends keyof DocumentOperations>(
    operation: Op,
    input: DocumentOperations[Op]['input'],
  ): Promise<DocumentOperations[Op]['output']> {
    const output = await this.client.call(operation, marshallInput(input));
    return unmarshallOutput(output) as DocumentOperations[Op]['output'];
  }
}
