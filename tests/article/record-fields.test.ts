import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  articleIdFor,
  collapseSpaces,
  contentHashOf,
  countWords,
  cutAtWord,
  deriveTitle,
  firstSentence,
  summarize,
} from '../../lambdas/shared/article/record-fields';
import { referenceCountWords } from '../text/reference';

describe('articleIdFor', () => {
  it('is the first 32 hex characters of sha256 of the canonical URL', () => {
    // sha256("https://example.org/a") computed independently with `printf %s … | sha256sum`.
    const expected = createHash('sha256').update('https://example.org/a').digest('hex').slice(0, 32);
    expect(articleIdFor('https://example.org/a')).toBe(expected);
    expect(articleIdFor('https://example.org/a')).toHaveLength(32);
  });

  it('hashes text as UTF-8 the way a Hash object does, lone surrogates included', () => {
    // contentHashOf uses one-shot crypto.hash; its digests must equal the createHash ones stored
    // in earlier records, or every article would look updated.
    expect(contentHashOf('Türkiye’s 两国 😀')).toBe(
      createHash('sha256').update('Türkiye’s 两国 😀', 'utf8').digest('hex'),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(contentHashOf(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 500 },
    );
  });

  it('uses sourceId and contentHash when there is no URL, and keeps the two apart', () => {
    expect(articleIdFor({ sourceId: 'a', contentHash: 'bc' })).not.toBe(
      articleIdFor({ sourceId: 'ab', contentHash: 'c' }),
    );
  });
});

describe('firstSentence and deriveTitle', () => {
  it('does not end a sentence at abbreviations or initials', () => {
    expect(firstSentence('Erdoğan visited on Oct. 12. Then he left.')).toBe('Erdoğan visited on Oct. 12.');
    expect(firstSentence('The U.S. President met Mr. Tokayev in Astana. Talks followed.')).toBe(
      'The U.S. President met Mr. Tokayev in Astana.',
    );
  });

  it('handles closing quotes and CJK full stops', () => {
    expect(firstSentence('“We agree.” He said so.')).toBe('“We agree.”');
    expect(firstSentence('两国外长会谈。双方同意。')).toBe('两国外长会谈。');
  });

  it('cuts a long first sentence at a word boundary to at most 120 characters', () => {
    const title = deriveTitle(`${'word '.repeat(40)}end.`);
    expect(title.length).toBeLessThanOrEqual(120);
    // 24 words + spaces = 119 characters, plus the ellipsis = 120.
    expect(title).toBe(`${'word '.repeat(24).trim()}…`);
  });

  it('drops the final period of a short sentence', () => {
    expect(deriveTitle('Ministers met in Baku. More later.')).toBe('Ministers met in Baku');
  });
});

describe('summarize and cutAtWord', () => {
  it('keeps short text whole and cuts long text at a word boundary, at most 300 characters', () => {
    expect(summarize('Short text.')).toBe('Short text.');
    const s = summarize('alpha beta gamma '.repeat(40));
    expect(s.length).toBeLessThanOrEqual(300);
    expect(s).toMatch(/(alpha|beta|gamma)…$/);
  });

  it('prefers the given summary', () => {
    expect(summarize('the text', 'the feed summary')).toBe('the feed summary');
  });

  it('cuts a single long word where it stands', () => {
    expect(cutAtWord('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('collapseSpaces', () => {
  it('turns each run of whitespace into one space and leaves single spaces alone', () => {
    expect(collapseSpaces('a  b\n\nc d\u00a0e \t f')).toBe('a b c d e f');
    expect(collapseSpaces(' a ')).toBe(' a ');
    expect(collapseSpaces('\u3000a\u2028')).toBe(' a ');
  });

  it('equals replace(/\\s+/g, " ") on any text', () => {
    const ws = fc.constantFrom(
      ' ',
      '  ',
      '\n',
      '\n\n',
      '\t',
      '\r\n',
      '\u00a0',
      '\u2003',
      '\u3000',
      '\ufeff',
      '\u200b',
      'a',
      'é',
      '中',
    );
    const text = fc.oneof(
      fc.array(ws, { maxLength: 30 }).map((p) => p.join('')),
      fc.string({ unit: 'binary', maxLength: 60 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(collapseSpaces(t)).toBe(t.replace(/\s+/g, ' '));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('countWords', () => {
  it('counts whitespace-separated words holding a letter or digit', () => {
    expect(countWords('Türkiye-Kazakhstan ties — $10 billion, “milestone”.')).toBe(5);
  });

  it('counts each Chinese or Japanese character as a word, Korean by spaces', () => {
    expect(countWords('两国外长会谈')).toBe(6);
    expect(countWords('トルコ外相 2022年')).toBe(7); // 5 kana/kanji + "2022" + 年
    expect(countWords('양국 외교부 장관은')).toBe(3);
  });

  it('counts an ideograph run, then Latin after it, and not Latin after punctuation in the run', () => {
    expect(countWords('中文abc中文')).toBe(5); // 中 文 abc 中 文
    expect(countWords('中文-abc')).toBe(2); // the dash keeps "abc" inside the counted chunk
    expect(countWords('  ')).toBe(0);
    expect(countWords('— – …')).toBe(0);
  });

  // The state-machine count must match the previous implementation (kept in tests/text/reference.ts)
  // on any text: scripts with and without spaces, punctuation, surrogate pairs, controls.
  const pieces = fc.constantFrom(
    'Türkiye’s',
    'Kazakhstan',
    '$10',
    '—',
    '-',
    ' ',
    '  ',
    '\n\n',
    '\t',
    '\u00a0',
    '\u3000',
    '\u2009',
    '两国外长',
    '会谈。',
    'トルコ',
    'ガ',
    '2022年',
    'สวัสดีครับ',
    'وزير الخارجية',
    '١٢٣',
    '양국 외교부',
    'Ελλάδα;',
    'Москва.',
    'e\u0301',
    '😀',
    '𠀀',
    '\ud800',
    '(',
    '“',
    'x',
  );
  const text = fc.oneof(
    fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );

  it('gives the same count as the previous implementation on random multilingual text', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(countWords(t)).toBe(referenceCountWords(t));
      }),
      { numRuns: 10000 },
    );
  });
});
