/** schedule-feeds: every few minutes (EventBridge schedule), emit Feed.Due for each feed that is due. */
import { Logger } from '@aws-lambda-powertools/logger';
import { documentClient } from '../shared/aws/dynamodb-client';
import { readEnv } from '../shared/aws/env';
import { createEventPublisher } from '../shared/aws/event-publisher';
import { eventBridgeClient } from '../shared/aws/eventbridge-client';
import { createFeedStateStore } from '../shared/aws/feed-state-store';
import { systemClock } from '../shared/ports';
import { currentFeeds, loadCurrentRegistry } from '../shared/store/registry-provider';
import { ENV } from '../shared/store/schema';
import { type ScheduleFeedsDeps, scheduleFeeds } from './core';

const env = readEnv('schedule-feeds', [ENV.feedStateTable, ENV.eventBusName]);
const logger = new Logger({ serviceName: 'schedule-feeds' });

export const deps: ScheduleFeedsDeps = {
  clock: systemClock,
  feedStates: createFeedStateStore(documentClient, env.FEED_STATE_TABLE),
  events: createEventPublisher(eventBridgeClient, env.EVENT_BUS_NAME),
  feeds: currentFeeds,
};

/** The scheduled event carries nothing we need; any event (or none) starts a round. */
export const handler = async (_event?: unknown, _context?: unknown) => {
  await loadCurrentRegistry();
  const result = await scheduleFeeds(deps);
  logger.info('feeds scheduled', { due: result.due.length, feeds: result.feeds });
  return { due: result.due.length, feeds: result.feeds };
};
