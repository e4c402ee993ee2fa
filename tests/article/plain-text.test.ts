import { describe, expect, it } from 'vitest';
import { parsePlainText } from '../../lambdas/shared/article/plain-text';

describe('parsePlainText', () => {
  it('reads a day date head on the same line as the text, with a leading space', () => {
    expect(parsePlainText(' date 2022-11-09 Türkiye’s consulate opened.\n\nSecond paragraph.')).toEqual({
      text: 'Türkiye’s consulate opened.\n\nSecond paragraph.',
      date: { iso: '2022-11-09T00:00:00.000Z', precision: 'day' },
    });
  });

  it('reads a month date head at month precision', () => {
    expect(parsePlainText('date 2021-03\nText.').date).toEqual({
      iso: '2021-03-01T00:00:00.000Z',
      precision: 'month',
    });
  });

  it('leaves an impossible date head in the text instead of guessing', () => {
    const doc = parsePlainText('date 2022-13-40 Text.');
    expect(doc.date).toBeUndefined();
    expect(doc.text).toBe('date 2022-13-40 Text.');
  });

  it('has no date without a head', () => {
    expect(parsePlainText('Ministers met on 9 November 2022.').date).toBeUndefined();
  });

  it('strips navigation crumbs and notices at the start and end, never prose', () => {
    const raw = [
      'Home › Politics › Diplomacy',
      'Share | Tweet | Email',
      'The ministers met in Astana on Monday.',
      'Read more',
      'They agreed to meet again.',
      'Related articles',
      '© 2022 Daily Sabah. All rights reserved.',
    ].join('\n\n');
    expect(parsePlainText(raw).text).toBe(
      'The ministers met in Astana on Monday.\n\nRead more\n\nThey agreed to meet again.',
    );
  });

  it('normalizes to NFC and collapses whitespace', () => {
    const decomposed = 'Tu\u0308rkiye   and\tKazakhstan';
    expect(parsePlainText(decomposed).text).toBe('Türkiye and Kazakhstan');
  });
});
