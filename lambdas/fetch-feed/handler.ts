/** fetch-feed: on Feed.Due, fetch one feed and announce its new and changed articles. */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricName } from '../../lib/metrics';
import { articleIdFor } from '../shared/article/record-fields';
import { createArticleStore } from '../shared/aws/article-store';
import { documentClient } from '../shared/aws/dynamodb-client';
import { readEnv } from '../shared/aws/env';
import { detailOf } from '../shared/aws/envelope';
import { createEventPublisher } from '../shared/aws/event-publisher';
import { eventBridgeClient } from '../shared/aws/eventbridge-client';
import { createFeedStateStore } from '../shared/aws/feed-state-store';
import { emitMetrics } from '../shared/aws/metrics';
import { DetailType, FeedDueDetail } from '../shared/events';
import { createHttpClient } from '../shared/http/client';
import { type RawArchive, systemClock } from '../shared/ports';
import { feedById, loadCurrentRegistry, registryHttpsHosts } from '../shared/store/registry-provider';
import { ENV } from '../shared/store/schema';
import { canonicalUrl } from '../shared/url';
import { type FetchFeedDeps, fetchFeed } from './core';

const env = readEnv('fetch-feed', [
  ENV.articlesTable,
  ENV.feedStateTable,
  ENV.archiveBucket,
  ENV.eventBusName,
]);
const logger = new Logger({ serviceName: 'fetch-feed' });

// The archive is needed only for feeds whose items are too large for an event: load S3 on first use.
let archive: Promise<RawArchive> | undefined;
const lazyArchive: Pick<RawArchive, 'putIfAbsent'> = {
  async putIfAbsent(...args) {
    archive ??= Promise.all([import('../shared/aws/s3-client'), import('../shared/aws/raw-archive')]).then(
      ([{ s3Client }, { createRawArchive }]) => createRawArchive(s3Client, env.ARCHIVE_BUCKET),
    );
    return (await archive).putIfAbsent(...args);
  },
};

export const deps: FetchFeedDeps = {
  clock: systemClock,
  http: createHttpClient({
    allowPrivateNetwork: env.ALLOW_PRIVATE_NETWORK,
    allowPrivateHosts: env.DIPLOWIRE_ALLOW_PRIVATE_HOSTS,
  }),
  feedStates: createFeedStateStore(documentClient, env.FEED_STATE_TABLE),
  articles: createArticleStore(documentClient, env.ARTICLES_TABLE),
  archive: lazyArchive,
  events: createEventPublisher(eventBridgeClient, env.EVENT_BUS_NAME),
  findFeed: feedById,
  // The parsers are split into chunks of their own (lib/constructs/pipeline-function.ts) and read on
  // the first 200 response: a cold start that ends in 304, a failure or a deferral never loads them.
  parseFeed: async (bytes, context) => (await import('../shared/feed/parse-feed')).parseFeed(bytes, context),
  parseListing: async (bytes, feed, context) => {
    if (!feed.listing) throw new Error(`feed ${feed.id} has format listing but no listing selectors`);
    const { parseListing } = await import('../shared/listing/parse-listing');
    return parseListing(bytes, feed.listing, { ...context, language: feed.language });
  },
  canonicalUrl,
  articleIdFor: (url) => articleIdFor(url),
  // Every host the registry reaches over https: a media feed's http link to a ministry page gets the
  // same id as the ministry's own feed gives it.
  registryHttpsHosts,
};

export const handler = async (event: unknown, _context?: unknown) => {
  const detail = detailOf('fetch-feed', DetailType.FeedDue, FeedDueDetail, event);
  await loadCurrentRegistry();
  const result = await fetchFeed(deps, detail);
  if (result.status === 'failed') {
    logger.warn('feed failed', {
      feedId: result.feedId,
      error: result.error,
      failures: result.state.consecutiveFailures,
    });
    emitMetrics({ [MetricName.FeedsFailed]: 1 });
  } else if (result.status === 'ok' || result.status === 'not-modified') {
    const discovered = result.status === 'ok' ? result.discovered : 0;
    logger.info('feed fetched', { feedId: result.feedId, status: result.status, discovered });
    emitMetrics({ [MetricName.FeedsFetched]: 1, [MetricName.ArticlesDiscovered]: discovered });
  } else {
    logger.info('feed skipped', { feedId: result.feedId, status: result.status });
  }
  return result;
};
