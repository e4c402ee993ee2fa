/** archive-article: on Article.Discovered, archive the article's raw bytes (create-only) under raw/. */
import { Logger } from '@aws-lambda-powertools/logger';
import { createArticleStore } from '../shared/aws/article-store';
import { documentClient } from '../shared/aws/dynamodb-client';
import { readEnv } from '../shared/aws/env';
import { detailOf } from '../shared/aws/envelope';
import { createRawArchive } from '../shared/aws/raw-archive';
import { s3Client } from '../shared/aws/s3-client';
import { registryLocale } from '../shared/dates/locale';
import { ArticleDiscoveredDetail, DetailType } from '../shared/events';
import { createHttpClient } from '../shared/http/client';
import { systemClock } from '../shared/ports';
import { feedById, loadCurrentRegistry } from '../shared/store/registry-provider';
import { ENV } from '../shared/store/schema';
import { canonicalUrl } from '../shared/url';
import { type ArchiveArticleDeps, archiveArticle } from './core';

const env = readEnv('archive-article', [ENV.articlesTable, ENV.archiveBucket]);
const logger = new Logger({ serviceName: 'archive-article' });

export const deps: ArchiveArticleDeps = {
  clock: systemClock,
  http: createHttpClient({
    allowPrivateNetwork: env.ALLOW_PRIVATE_NETWORK,
    allowPrivateHosts: env.DIPLOWIRE_ALLOW_PRIVATE_HOSTS,
  }),
  archive: createRawArchive(s3Client, env.ARCHIVE_BUCKET),
  articles: createArticleStore(documentClient, env.ARTICLES_TABLE),
  // Items too large for the event are re-read from the stored feed document (rare): load the parser then.
  parseFeed: async (bytes, context) => (await import('../shared/feed/parse-feed')).parseFeed(bytes, context),
  canonicalUrl,
  timezoneOf: (feedId) => feedById(feedId)?.feed.timezone,
  localeOf: (feedId) => {
    const entry = feedById(feedId);
    return entry && registryLocale(entry.source, entry.feed);
  },
};

export const handler = async (event: unknown, _context?: unknown) => {
  const detail = detailOf('archive-article', DetailType.ArticleDiscovered, ArticleDiscoveredDetail, event);
  await loadCurrentRegistry();
  const result = await archiveArticle(deps, detail);
  if (result.pageUnavailable) {
    logger.warn('article page unavailable; archived the feed item instead', {
      articleId: detail.articleId,
      url: detail.url,
      reason: result.pageUnavailable,
    });
  }
  logger.info('article archived', { articleId: detail.articleId, key: result.key, outcome: result.outcome });
  return result;
};
