import { describe, expect, it } from 'vitest';
import { matchesPattern, PatternError, validatePattern } from '../../local/event-pattern';

const s3Event = {
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: {
    bucket: { name: 'diplowire-archive' },
    object: { key: 'raw/tr-mfa/2022-11-09/a.html', size: 120 },
  },
};

describe('EventBridge pattern matching', () => {
  it('matches exact values from a list, and nothing else', () => {
    const pattern = { source: ['diplowire'], 'detail-type': ['Feed.Due', 'Feed.Failed'] };
    expect(matchesPattern(pattern, { source: 'diplowire', 'detail-type': 'Feed.Failed' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'diplowire', 'detail-type': 'Article.Discovered' })).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.s3', 'detail-type': 'Feed.Due' })).toBe(false);
  });

  it('requires the field to be present for an exact match', () => {
    expect(matchesPattern({ source: ['diplowire'] }, { 'detail-type': 'Feed.Due' })).toBe(false);
  });

  it('matches nested detail fields and key prefixes', () => {
    const pattern = {
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: ['diplowire-archive'] }, object: { key: [{ prefix: 'raw/' }] } },
    };
    expect(matchesPattern(pattern, s3Event)).toBe(true);
    const feedsKey = { ...s3Event, detail: { ...s3Event.detail, object: { key: 'feeds/x/abc.xml' } } };
    expect(matchesPattern(pattern, feedsKey)).toBe(false);
    const otherBucket = { ...s3Event, detail: { ...s3Event.detail, bucket: { name: 'someone-else' } } };
    expect(matchesPattern(pattern, otherBucket)).toBe(false);
    // A nested pattern against a scalar or missing object does not match.
    expect(matchesPattern(pattern, { ...s3Event, detail: 'raw/' })).toBe(false);
  });

  it('matches when any element of an array field matches', () => {
    expect(matchesPattern({ detail: { countries: ['TR'] } }, { detail: { countries: ['KZ', 'TR'] } })).toBe(
      true,
    );
    expect(matchesPattern({ detail: { countries: ['RU'] } }, { detail: { countries: ['KZ', 'TR'] } })).toBe(
      false,
    );
  });

  it('supports suffix, anything-but, numeric, exists and equals-ignore-case', () => {
    const event = { detail: { key: 'a.HTML', size: 10, lang: 'TR' } };
    expect(matchesPattern({ detail: { key: [{ suffix: '.HTML' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { key: [{ suffix: '.xml' }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { lang: [{ 'anything-but': ['EN', 'FR'] }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { lang: [{ 'anything-but': 'TR' }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { key: [{ 'anything-but': { prefix: 'a.' } }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { size: [{ numeric: ['>', 5, '<=', 10] }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { size: [{ numeric: ['>', 10] }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { missing: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { size: [{ exists: false }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { lang: [{ 'equals-ignore-case': 'tr' }] } }, event)).toBe(true);
  });

  it('rejects operators it does not implement instead of silently routing nothing', () => {
    expect(() => validatePattern({ detail: { key: [{ wildcard: 'raw/*' }] } }, 'rule R')).toThrow(
      PatternError,
    );
    expect(() => validatePattern({ detail: { key: [{ wildcard: 'raw/*' }] } }, 'rule R')).toThrow(
      'rule R.detail.key: unsupported matcher {"wildcard":"raw/*"}',
    );
    expect(() => validatePattern({ $or: [] })).toThrow('"$or" is not supported');
    expect(() =>
      validatePattern({ source: ['diplowire'], detail: { key: [{ prefix: 'raw/' }] } }),
    ).not.toThrow();
  });
});
