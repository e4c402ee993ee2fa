import { describe, expect, it } from 'vitest';
import { maxRetryAfterMs, retryAfterMs } from '../../lambdas/shared/http/retry-after';

const now = new Date('2026-11-25T12:00:00Z');

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs({ 'retry-after': '120' }, now)).toBe(120_000);
    expect(retryAfterMs({ 'retry-after': ' 0 ' }, now)).toBe(0);
  });

  it('reads an IMF-fixdate as the time left until then', () => {
    expect(retryAfterMs({ 'retry-after': 'Wed, 25 Nov 2026 12:01:30 GMT' }, now)).toBe(90_000);
  });

  it('reads the obsolete RFC 850 and asctime date forms, asctime as GMT', () => {
    expect(retryAfterMs({ 'retry-after': 'Wednesday, 25-Nov-26 12:00:10 GMT' }, now)).toBe(10_000);
    expect(retryAfterMs({ 'retry-after': 'Wed Nov 25 12:00:05 2026' }, now)).toBe(5_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(retryAfterMs({ 'retry-after': 'Tue, 24 Nov 2026 12:00:00 GMT' }, now)).toBe(0);
  });

  it('finds the header whatever its case and takes the first of repeated values', () => {
    expect(retryAfterMs({ 'Retry-After': '3' }, now)).toBe(3_000);
    expect(retryAfterMs({ 'retry-after': ['4', '99'] }, now)).toBe(4_000);
  });

  it('caps absurd delays at one week', () => {
    expect(maxRetryAfterMs).toBe(604_800_000);
    expect(retryAfterMs({ 'retry-after': '999999999999' }, now)).toBe(604_800_000);
    expect(retryAfterMs({ 'retry-after': 'Fri, 25 Nov 2039 12:00:00 GMT' }, now)).toBe(604_800_000);
  });

  it('returns undefined for a missing or unreadable header', () => {
    expect(retryAfterMs({}, now)).toBeUndefined();
    for (const value of [
      '',
      'soon',
      '-5',
      '1.5',
      '2026-11-25T12:00:10Z',
      'Wed, 99 Nov 2026 12:00:00 GMT',
      '12:00:00',
    ]) {
      expect(retryAfterMs({ 'retry-after': value }, now), value).toBeUndefined();
    }
  });
});
