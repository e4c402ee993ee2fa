/**
 * The faster htmlToText, cleanText and decode must give exactly what the code before them gave
 * (tests/text/reference.ts keeps that code): on random HTML and text built from the constructs
 * where a shortcut could drift (entities at every position, raw-text elements, implied closes,
 * CR/LF, invisible characters, combining marks), on the test pages, and on every file of the
 * shared feed corpus read as HTML.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../lambdas/shared/text/clean';
import { decode } from '../../lambdas/shared/text/decode';
import { htmlToText, simpleTextParts } from '../../lambdas/shared/text/html-to-text';
import { referenceCleanText, referenceHtmlToText } from './reference';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const pages = path.resolve(repoRoot, 'tests/fixtures/pages');

const TEXT_PIECES = [
  'Türkiye’s minister',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '\u00a0',
  '\u200b',
  '\u00ad',
  '\ufeff',
  '\u0085',
  '\u0007',
  'e\u0301',
  '两国外长会谈。',
  'トルコ外相',
  'قال الوزير',
  'รัฐมนตรีต่างประเทศ',
  '양국 외교부',
  'Ελλάδα',
  '😀',
  'x',
  '<',
  '< b',
  '<3',
  '&',
  ' & ',
  '>',
  '"',
];
const ENTITIES = [
  '&amp;',
  '&amp',
  '&lt;',
  '&nbsp;',
  '&nbsp',
  '&copy',
  '&copy;x',
  '&notin;',
  '&notit;',
  '&#8217;',
  '&#x2019;',
  '&#0;',
  '&#128;',
  '&#xD800;',
  '&#x1F600;',
  '&#',
  '&#x;',
  '&unknown;',
  '&AMP;',
  '&ampx',
];
const TAGS = [
  'p',
  'div',
  'br',
  'td',
  'th',
  'tr',
  'table',
  'tbody',
  'li',
  'ul',
  'h1',
  'h2',
  'span',
  'b',
  'a',
  'form',
  'select',
  'option',
  'script',
  'style',
  'title',
  'textarea',
  'iframe',
  'xmp',
  'noscript',
  'template',
  'head',
  'body',
  'html',
  'svg',
  'math',
  'foreignObject',
  'plaintext',
  'dd',
  'dt',
  'hr',
  'img',
  'wbr',
  'em',
  'pre',
  'blockquote',
  'section',
  'ol',
  'details',
  'h3',
  'center',
  'image',
  'strike',
];
const MARKUP = [
  '<!-- a comment -->',
  '<!--',
  '-->',
  '<!doctype html>',
  '<![CDATA[ cdata & <b>x</b> ]]>',
  '<?php echo 1 ?>',
  '</',
  '<!',
  '<a href="/x?a=1&amp;b=2" title=\'&lt;t&gt;\'>',
  '<p class=x&y>',
  '<img src="a.png" alt="A & B"/>',
  '<BR>',
  '</BR>',
  '</br>',
  '<P>',
];

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TEXT_PIECES) },
  { weight: 3, arbitrary: fc.constantFrom(...ENTITIES) },
  { weight: 3, arbitrary: fc.constantFrom(...TAGS).map((t) => `<${t}>`) },
  { weight: 3, arbitrary: fc.constantFrom(...TAGS).map((t) => `</${t}>`) },
  { weight: 1, arbitrary: fc.constantFrom(...TAGS).map((t) => `<${t}/>`) },
  { weight: 2, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
const html = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

// Only what the fast path (simpleTextParts) takes on itself, so that every run exercises it.
const SIMPLE_TAGS = [
  'p',
  'div',
  'br',
  'hr',
  'img',
  'wbr',
  'a',
  'b',
  'span',
  'li',
  'ul',
  'h1',
  'h2',
  'dd',
  'dt',
  'pre',
];
const simplePiece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TEXT_PIECES.filter((t) => !t.includes('<'))) },
  { weight: 3, arbitrary: fc.constantFrom(...ENTITIES) },
  { weight: 3, arbitrary: fc.constantFrom(...SIMPLE_TAGS).map((t) => `<${t}>`) },
  { weight: 3, arbitrary: fc.constantFrom(...SIMPLE_TAGS).map((t) => `</${t}>`) },
  { weight: 1, arbitrary: fc.constantFrom(...SIMPLE_TAGS).map((t) => `<${t}/>`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('<BR>', '</BR>', '<P CLASS="x">', '<a href="/x?a=1&amp;b=2" title=\'>\'>'),
  },
);
const simpleHtml = fc.array(simplePiece, { maxLength: 40 }).map((parts) => parts.join(''));

describe('htmlToText gives what the stock-tokenizer version gave', () => {
  // htmlparser2's rules, worked out by hand from its Parser: the fast path must repeat them.
  it.each([
    ['<b><p>x</b>y', 'x\n\ny'], // closing b first closes the p opened inside it: a paragraph break
    ['a</br>b', 'a\n\nb'], // </br> is read as <br> plus a closing break: two line breaks
    ['a<br/>b', 'a\nb'],
    ['<p>a<p>b', 'a\n\nb'], // a new p closes the open one
    ['<ul><li>a<li>b</ul>c', 'a\n\nb\n\nc'],
    ['a</p>b', 'a\n\nb'], // </p> without <p> is an empty paragraph
    ['<a href="/x">one<a>two</a>', 'onetwo'], // a new a closes the open one: no break, inline
    ['<h1>T<p>x</h1>y', 'T\n\nx\n\ny'],
  ])('%j', (html, text) => {
    expect(simpleTextParts(html)).toBeDefined();
    expect(htmlToText(html)).toBe(text);
  });

  it('on random HTML of text and plain tags, which the fast path handles itself', () => {
    fc.assert(
      fc.property(simpleHtml, (h) => {
        expect(simpleTextParts(h)).toBeDefined();
        expect(htmlToText(h)).toBe(referenceHtmlToText(h));
      }),
      { numRuns: 3000 },
    );
  });

  it('on random HTML', () => {
    fc.assert(
      fc.property(html, (h) => {
        expect(htmlToText(h)).toBe(referenceHtmlToText(h));
      }),
      { numRuns: 3000 },
    );
  });

  it('on the test pages and on every shared corpus file read as HTML', () => {
    const files = [
      ...readdirSync(pages)
        .filter((f) => f.endsWith('.html'))
        .map((f) => path.join(pages, f)),
      ...(readdirSync(corpus, { recursive: true }) as string[])
        .map((f) => path.join(corpus, f))
        .filter((f) => statSync(f).isFile() && !f.endsWith('LICENSE')),
    ];
    expect(files.length).toBeGreaterThan(900);
    const differing = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return htmlToText(text) !== referenceHtmlToText(text);
    });
    expect(differing).toEqual([]);
  });
});

describe('cleanText gives what the previous version gave', () => {
  const text = fc
    .array(fc.constantFrom(...TEXT_PIECES, 'a', 'b', ' a '), { maxLength: 40 })
    .map((p) => p.join(''));
  const anyText = fc.oneof(text, fc.string({ unit: 'binary', maxLength: 60 }));
  it('with and without keepLines', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (t, keepLines) => {
        expect(cleanText(t, { keepLines })).toBe(referenceCleanText(t, { keepLines }));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('decode of UTF-8 gives what a strict TextDecoder gives', () => {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  it('on valid UTF-8 of any code points, and random bytes fall back to the same text as before', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 50 })),
        (s) => {
          const bytes = new TextEncoder().encode(`<p>${s}</p>`);
          expect(decode(bytes, { kind: 'html' }).text).toBe(strict.decode(bytes));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
