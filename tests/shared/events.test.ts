import { describe, expect, it } from 'vitest';
import { ArticleDiscoveredDetail, DetailType, FeedDueDetail, patternFor } from '../../lambdas/shared/events';

describe('events module', () => {
  it('builds the pattern a rule needs from the detail-type name', () => {
    expect(patternFor(DetailType.FeedDue)).toEqual({ source: ['diplowire'], 'detail-type': ['Feed.Due'] });
  });

  it('rejects a Feed.Due without a scheduledAt', () => {
    const result = FeedDueDetail.safeParse({ feedId: 'tr-mfa-press-en', url: 'https://www.mfa.gov.tr/' });
    expect(result.success).toBe(false);
  });

  it('rejects an articleId that is not 32 hex characters', () => {
    const result = ArticleDiscoveredDetail.safeParse({
      feedId: 'f',
      sourceId: 's',
      articleId: 'XYZ',
      url: 'https://example.org/a',
      contentInFeed: false,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('articleId is 32 lower-case hex characters');
  });
});
