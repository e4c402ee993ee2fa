/**
 * The module-scope EventBridge client. Endpoint from the SDK's `AWS_ENDPOINT_URL_EVENTBRIDGE`
 * (the local runner points it at its own PutEvents endpoint).
 * Exported so the local runner can add middleware (counters, fault injection) to it.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

export const eventBridgeClient = new EventBridgeClient({});
