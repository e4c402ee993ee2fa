import { describe, expect, it } from 'vitest';
import { cleanText } from '../../lambdas/shared/text/clean';
import { htmlToText } from '../../lambdas/shared/text/html-to-text';

describe('htmlToText', () => {
  it('turns block elements into paragraphs separated by one blank line', () => {
    expect(htmlToText('<h1>Title</h1><div><p>First  para.</p>\n\n<p>Second\npara.</p></div>')).toBe(
      'Title\n\nFirst para.\n\nSecond para.',
    );
  });

  it('turns <br> into a line break inside a paragraph', () => {
    expect(htmlToText('<p>Line one<br>Line two<br/>Line three</p>')).toBe('Line one\nLine two\nLine three');
  });

  it('decodes named and numeric entities', () => {
    expect(htmlToText('Fish &amp; chips &ndash; caf&eacute; &#8217;n&#x2019; &nbsp;x')).toBe(
      'Fish & chips – café ’n’ x',
    );
  });

  it('drops script, style and their content', () => {
    expect(htmlToText('<p>Keep</p><script>alert("x")</script><style>p{color:red}</style><p>this</p>')).toBe(
      'Keep\n\nthis',
    );
  });

  it('returns Unicode NFC', () => {
    // "e" + combining acute accent becomes the single code point é.
    expect(htmlToText('<p>Caf\u0065\u0301</p>')).toBe('Caf\u00e9');
  });

  it('makes list items separate paragraphs and table cells separate words', () => {
    expect(htmlToText('<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>')).toBe(
      'one\n\ntwo\n\na b',
    );
  });

  it('leaves plain text alone apart from whitespace', () => {
    expect(htmlToText('  Türkiye’s   minister\tmet  ')).toBe('Türkiye’s minister met');
  });
});

describe('cleanText', () => {
  it('collapses all whitespace, including NBSP and newlines, and trims', () => {
    expect(cleanText('\u00a0 a \n\n b\u2003c ')).toBe('a b c');
  });

  it('removes zero-width and control characters but keeps ZWNJ', () => {
    expect(cleanText('a\u200bb\u0007c\u200cd')).toBe('ab c\u200cd');
  });

  it('keeps paragraphs and lines when asked', () => {
    expect(cleanText(' a  b \n c \n \n\n d ', { keepLines: true })).toBe('a b\nc\n\nd');
  });
});
