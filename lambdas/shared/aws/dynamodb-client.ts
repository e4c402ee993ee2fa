/**
 * The module-scope DynamoDB client every function shares across invocations. The endpoint comes from
 * the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB` (the local runner points it at dynalite).
 * Exported so the local runner can add middleware (write counters, fault injection) to it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamoClient = new DynamoDBClient({});

export function documentClientFor(client: DynamoDBClient): DynamoDBDocumentClient {
  // Optional record fields are left out of the item rather than stored as NULL.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export const documentClient = documentClientFor(dynamoClient);
