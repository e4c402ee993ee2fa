/** normalize-article: on S3 Object Created under raw/, build the article record and store it once. */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricName } from '../../lib/metrics';
import { normalizeLoadingOnDemand } from '../shared/article/normalize-document';
import { createArticleStore } from '../shared/aws/article-store';
import { documentClient } from '../shared/aws/dynamodb-client';
import { readEnv } from '../shared/aws/env';
import { detailOf } from '../shared/aws/envelope';
import { createEventPublisher } from '../shared/aws/event-publisher';
import { eventBridgeClient } from '../shared/aws/eventbridge-client';
import { emitMetrics } from '../shared/aws/metrics';
import { createRawArchive } from '../shared/aws/raw-archive';
import { s3Client } from '../shared/aws/s3-client';
import { ObjectCreatedDetail } from '../shared/events';
import { systemClock } from '../shared/ports';
import { feedById, loadCurrentRegistry, sourceById } from '../shared/store/registry-provider';
import { ENV } from '../shared/store/schema';
import { type NormalizeArticleDeps, normalizeArticle } from './core';

const env = readEnv('normalize-article', [ENV.articlesTable, ENV.archiveBucket, ENV.eventBusName]);
const logger = new Logger({ serviceName: 'normalize-article' });

export const deps: NormalizeArticleDeps = {
  clock: systemClock,
  archive: createRawArchive(s3Client, env.ARCHIVE_BUCKET),
  articles: createArticleStore(documentClient, env.ARTICLES_TABLE),
  events: createEventPublisher(eventBridgeClient, env.EVENT_BUS_NAME),
  findFeed: feedById,
  findSource: sourceById,
  // Extraction (Readability, linkedom) loads with the first page, not at cold start: feed items skip it.
  normalizeDocument: normalizeLoadingOnDemand,
};

export const handler = async (event: unknown, _context?: unknown) => {
  const detail = detailOf('normalize-article', 'Object Created', ObjectCreatedDetail, event);
  await loadCurrentRegistry();
  const result = await normalizeArticle(deps, detail);
  logger.info('raw object normalized', { ...result });
  if (result.status === 'new') emitMetrics({ [MetricName.ArticlesNew]: 1 });
  if (result.status === 'updated') emitMetrics({ [MetricName.ArticlesUpdated]: 1 });
  return result;
};
