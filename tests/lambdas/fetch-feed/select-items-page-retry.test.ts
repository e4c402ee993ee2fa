/** When fetch-feed asks again for a page that was missing: pure decisions, instants written by hand. */
import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  changedCandidates,
  PAGE_RETRY_AFTER_MINUTES,
  pageRetryDue,
} from '../../../lambdas/fetch-feed/select-items';
import type { KnownArticle } from '../../../lambdas/shared/ports';

const marked: KnownArticle = {
  itemFingerprint: 'fp',
  fetchedAt: '2026-11-25T12:00:00.000Z',
  pageError: 'http-404',
};
const at = (iso: string) => new Date(iso);

describe('pageRetryDue', () => {
  it('uses the thresholds 10 min, 1 h, 6 h, 24 h and 72 h', () => {
    expect([...PAGE_RETRY_AFTER_MINUTES]).toEqual([10, 60, 360, 1440, 4320]);
  });

  it('is due when a threshold falls after the previous poll and at or before this one', () => {
    // 10 min threshold = 12:10.
    expect(pageRetryDue(marked, '2026-11-25T12:00:00.000Z', at('2026-11-25T12:10:00.000Z'))).toBe(true);
    expect(pageRetryDue(marked, '2026-11-25T12:05:00.000Z', at('2026-11-25T12:30:00.000Z'))).toBe(true);
    // 24 h threshold = 2026-11-26 12:00.
    expect(pageRetryDue(marked, '2026-11-26T08:00:00.000Z', at('2026-11-26T12:00:00.000Z'))).toBe(true);
  });

  it('is not due between thresholds, nor when the previous poll already passed the threshold', () => {
    expect(pageRetryDue(marked, '2026-11-25T12:00:00.000Z', at('2026-11-25T12:09:59.000Z'))).toBe(false);
    expect(pageRetryDue(marked, '2026-11-25T12:10:00.000Z', at('2026-11-25T12:59:00.000Z'))).toBe(false);
    expect(pageRetryDue(marked, '2026-11-25T19:00:00.000Z', at('2026-11-26T11:00:00.000Z'))).toBe(false);
  });

  it('is never due after 72 h', () => {
    // 72 h threshold = 2026-11-28 12:00.
    expect(pageRetryDue(marked, '2026-11-28T11:30:00.000Z', at('2026-11-28T12:00:00.000Z'))).toBe(true);
    expect(pageRetryDue(marked, '2026-11-28T12:00:00.000Z', at('2026-12-20T12:00:00.000Z'))).toBe(false);
  });

  it('counts every threshold passed so far when the feed has no previous poll', () => {
    expect(pageRetryDue(marked, undefined, at('2026-11-25T12:20:00.000Z'))).toBe(true);
    expect(pageRetryDue(marked, undefined, at('2026-11-25T12:05:00.000Z'))).toBe(false);
  });

  it('is never due for an article without the mark or without fetchedAt', () => {
    const { pageError: _none, ...unmarked } = marked;
    expect(pageRetryDue(unmarked, '2026-11-25T12:00:00.000Z', at('2026-11-25T12:30:00.000Z'))).toBe(false);
    const { fetchedAt: _t, ...undated } = marked;
    expect(pageRetryDue(undated, '2026-11-25T12:00:00.000Z', at('2026-11-25T12:30:00.000Z'))).toBe(false);
  });
});

describe('changedCandidates with a page retry', () => {
  const candidate = (articleId: string, itemFingerprint = 'fp'): Candidate => ({
    articleId,
    url: `https://mfa.example/${articleId}`,
    item: { authors: [], categories: [] },
    itemFingerprint,
  });

  it('announces an unchanged marked item again only when the retry rule says so, flagged as a retry', () => {
    const known = new Map<string, KnownArticle>([
      ['a', marked],
      ['b', { itemFingerprint: 'fp', fetchedAt: marked.fetchedAt }],
    ]);
    const all = [candidate('a'), candidate('b'), candidate('c')];
    expect(
      changedCandidates(all, known, () => true).map((c) => [c.candidate.articleId, c.isNew, c.pageRetry]),
    ).toEqual([
      ['a', false, true],
      ['b', false, true],
      ['c', true, undefined],
    ]);
    expect(changedCandidates(all, known, () => false).map((c) => c.candidate.articleId)).toEqual(['c']);
    expect(changedCandidates(all, known).map((c) => c.candidate.articleId)).toEqual(['c']);
  });

  it('announces a changed marked item as a change, not as a retry', () => {
    const known = new Map<string, KnownArticle>([['a', marked]]);
    expect(changedCandidates([candidate('a', 'fp2')], known, () => true)).toEqual([
      { candidate: candidate('a', 'fp2'), isNew: false },
    ]);
  });
});
