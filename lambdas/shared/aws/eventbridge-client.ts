/**
 * The module-scope EventBridge client (the lean client in ./client, not SDK v3). Endpoint from the
 * standard `AWS_ENDPOINT_URL_EVENTBRIDGE` (the local runner points it at its own PutEvents endpoint).
 * Exported so the local runner can add middleware (counters, fault injection).
 */
import { EventBridgeClient } from './client/eventbridge';

export const eventBridgeClient = new EventBridgeClient();
