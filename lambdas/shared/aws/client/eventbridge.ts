/** EventBridge over its JSON 1.1 protocol: PutEvents, the one operation the pipeline sends. */
import { AwsClient, type ClientOptions, type Protocol } from './aws-client';
import { dnsSuffix, jsonError, parseJson } from './dynamodb';

export type EventBridgeOperation = 'PutEvents';

export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
}
export interface PutEventsOutput {
  FailedEntryCount?: number;
  /** Positional: result i belongs to entry i of the request. */
  Entries?: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
}

export const eventBridgeProtocol: Protocol = {
  service: 'EventBridge',
  signingName: 'events',
  endpointId: 'EVENTBRIDGE',
  defaultEndpoint: (region) => `https://events.${region}.${dnsSuffix(region)}`,
  request: (operation, input, endpoint) => ({
    method: 'POST',
    url: new URL(endpoint.pathname.endsWith('/') ? endpoint.href : `${endpoint.href}/`),
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSEvents.${operation}`,
    },
    body: JSON.stringify(input),
  }),
  output: (_operation, answer) => parseJson(answer),
  error: jsonError,
};

export class EventBridgeClient extends AwsClient {
  constructor(options: ClientOptions = {}) {
    super(eventBridgeProtocol, options);
  }

  call(operation: EventBridgeOperation, input: { Entries: PutEventsEntry[] }): Promise<PutEventsOutput> {
    return this.send(operation, input as unknown as Record<string, unknown>) as Promise<PutEventsOutput>;
  }
}
