/**
 * The module-scope DynamoDB client every function shares across invocations: the lean client
 * (./client), not SDK v3, for cold-start time. The endpoint comes from the standard
 * `AWS_ENDPOINT_URL_DYNAMODB` (the local runner points it at dynalite). Exported so the local
 * runner can add middleware (write counters, fault injection) with `dynamoClient.use(…)`.
 */
import { DocumentClient, DynamoClient } from './client/dynamodb';

export const dynamoClient = new DynamoClient();

/** Plain objects over a client; optional record fields are left out of the item, never stored as NULL. */
export function documentClientFor(client: DynamoClient): DocumentClient {
  return new DocumentClient(client);
}

export const documentClient = documentClientFor(dynamoClient);
