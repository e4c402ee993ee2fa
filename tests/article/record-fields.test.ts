import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  articleIdFor,
  countWords,
  cutAtWord,
  deriveTitle,
  firstSentence,
  summarize,
} from '../../lambdas/shared/article/record-fields';

describe('articleIdFor', () => {
  it('is the first 32 hex characters of sha256 of the canonical URL', () => {
    // sha256("https://example.org/a") computed independently with `printf %s … | sha256sum`.
    const expected = createHash('sha256').update('https://example.org/a').digest('hex').slice(0, 32);
    expect(articleIdFor('https://example.org/a')).toBe(expected);
    expect(articleIdFor('https://example.org/a')).toHaveLength(32);
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

describe('countWords', () => {
  it('counts whitespace-separated words holding a letter or digit', () => {
    expect(countWords('Türkiye-Kazakhstan ties — $10 billion, “milestone”.')).toBe(5);
  });

  it('counts each Chinese or Japanese character as a word, Korean by spaces', () => {
    expect(countWords('两国外长会谈')).toBe(6);
    expect(countWords('トルコ外相 2022年')).toBe(7); // 5 kana/kanji + "2022" + 年
    expect(countWords('양국 외교부 장관은')).toBe(3);
  });
});
