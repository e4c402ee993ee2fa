import { describe, expect, it } from 'vitest';
import { cleanText } from '../../lambdas/shared/text/clean';

// cleanText is one pass over the text; these are the cases where a single pass could drift from
// "normalize, drop invisibles, collapse spaces, split lines, trim each".
describe('cleanText in one pass', () => {
  it('counts "\\r\\n" and a lone "\\r" as one line break, also with an invisible character between', () => {
    expect(cleanText('a\r\nb\rc\r\u200b\nd', { keepLines: true })).toBe('a\nb\nc\nd');
  });

  it('makes a paragraph of two carriage returns in a row', () => {
    expect(cleanText('a\r\rb', { keepLines: true })).toBe('a\n\nb');
  });

  it('joins words split by a soft hyphen and does not double a space around a zero-width one', () => {
    expect(cleanText('Deutsch\u00adland')).toBe('Deutschland');
    expect(cleanText('a \u200b b')).toBe('a b');
  });

  it('turns line breaks into one space without keepLines', () => {
    expect(cleanText('a\r\n\r\nb \n c')).toBe('a b c');
  });

  it('drops leading and trailing breaks and spaces with keepLines', () => {
    expect(cleanText('\n\n  a \n\n', { keepLines: true })).toBe('a');
  });

  it('turns a C1 control (NEL) into a space, not a line break', () => {
    expect(cleanText('a\u0085b', { keepLines: true })).toBe('a b');
  });

  it('composes to NFC and keeps single spaces between words', () => {
    expect(cleanText('Cafe\u0301 ve  Kazakistan')).toBe('Caf\u00e9 ve Kazakistan');
  });

  it('trims a line that starts with an invisible character and a space', () => {
    expect(cleanText('a\n\u200b b', { keepLines: true })).toBe('a\nb');
  });
});
