/** EventBridge over its JSON 1.1 protocol: PutEvents, the one operation the pipeline sends. */
import { AwsClient, type ClientOptions } from './aws-client';
import { jsonProtocol } from './json-protocol';

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

export const eventBridgeProtocol = jsonProtocol({
  service: 'EventBridge',
  signingName: 'events',
  endpointId: 'EVENTBRIDGE',
  host: 'events',
  version: '1.1',
  targetPrefix: 'AWSEvents',
});

export class EventBridgeClient extends AwsClient {
  constructor(options: ClientOptions = {}) {
    super(eventBridgeProtocol, options);
  }

  call(operation: EventBridgeOperation, input: { Entries: PutEventsEntry[] }): Promise<PutEventsOutput> {
    return this.send(operation, input as unknown as Record<string, unknown>) as Promise<PutEventsOutput>;
  }
}
