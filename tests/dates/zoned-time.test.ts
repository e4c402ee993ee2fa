import fc from 'fast-check';
import { DateTime as Luxon } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DateTime } from '../../lambdas/shared/dates/zoned-time';

const utc = (t: Parameters<typeof DateTime.fromObject>[0], zone: string) =>
  new Date(DateTime.fromObject(t, { zone }).toMillis()).toISOString();

describe('zoned wall time → UTC (parse-date without Luxon)', () => {
  it('applies the zone offset in force at that date (worked out by hand)', () => {
    // Paris is UTC+1 in November, UTC+2 in July; New York UTC-4 in July; Kolkata +5:30; Kathmandu +5:45.
    expect(utc({ year: 2022, month: 11, day: 9, hour: 14, minute: 30 }, 'Europe/Paris')).toBe(
      '2022-11-09T13:30:00.000Z',
    );
    expect(utc({ year: 2022, month: 7, day: 1, hour: 12 }, 'Europe/Paris')).toBe('2022-07-01T10:00:00.000Z');
    expect(utc({ year: 2022, month: 7, day: 1, hour: 12 }, 'America/New_York')).toBe(
      '2022-07-01T16:00:00.000Z',
    );
    expect(
      utc({ year: 2022, month: 1, day: 1, hour: 3, minute: 10, second: 5, millisecond: 7 }, 'Asia/Kolkata'),
    ).toBe('2021-12-31T21:40:05.007Z');
    expect(utc({ year: 2022, month: 1, day: 1, hour: 12 }, 'Asia/Kathmandu')).toBe(
      '2022-01-01T06:15:00.000Z',
    );
  });

  it('moves a time inside a spring-forward gap forward, as Luxon does (02:30 Paris on 27 March 2022 → 03:30 CEST)', () => {
    expect(utc({ year: 2022, month: 3, day: 27, hour: 2, minute: 30 }, 'Europe/Paris')).toBe(
      '2022-03-27T01:30:00.000Z',
    );
  });

  it('says invalid for a zone the runtime does not know, as Luxon does', () => {
    expect(DateTime.fromObject({ year: 2022, month: 1, day: 1 }, { zone: 'Mars/Olympus' }).isValid).toBe(
      false,
    );
    expect(Luxon.fromObject({ year: 2022, month: 1, day: 1 }, { zone: 'Mars/Olympus' }).isValid).toBe(false);
  });

  it('gives the same instant as Luxon for any wall time in zones with DST, odd offsets and history', () => {
    const zones = [
      'Europe/Paris',
      'America/New_York',
      'America/Sao_Paulo',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Asia/Tehran',
      'Pacific/Apia',
      'Europe/Moscow',
      'Africa/Casablanca',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.record({
          year: fc.integer({ min: 1900, max: 2040 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 28 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
          second: fc.integer({ min: 0, max: 59 }),
          millisecond: fc.integer({ min: 0, max: 999 }),
        }),
        (zone, wall) => {
          const ours = DateTime.fromObject(wall, { zone });
          const theirs = Luxon.fromObject(wall, { zone });
          expect(ours.isValid).toBe(theirs.isValid);
          expect(ours.toMillis()).toBe(theirs.toMillis());
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with Luxon around DST changes, where wall times are skipped or happen twice', () => {
    const changes: Array<[string, number, number, number]> = [
      ['Europe/Paris', 2022, 3, 27],
      ['Europe/Paris', 2022, 10, 30],
      ['America/New_York', 2022, 3, 13],
      ['America/New_York', 2022, 11, 6],
      ['Australia/Lord_Howe', 2022, 4, 3],
      ['Australia/Lord_Howe', 2022, 10, 2],
    ];
    for (const [zone, year, month, day] of changes) {
      for (let minutes = 0; minutes < 5 * 60; minutes += 15) {
        const wall = { year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 };
        const label = `${zone} ${JSON.stringify(wall)}`;
        expect(DateTime.fromObject(wall, { zone }).toMillis(), label).toBe(
          Luxon.fromObject(wall, { zone }).toMillis(),
        );
      }
    }
  });
});
