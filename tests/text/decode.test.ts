import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decode } from '../../lambdas/shared/text/decode';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

describe('decode', () => {
  it('decodes windows-1251 Cyrillic named by the HTTP charset', () => {
    // "Привет" in windows-1251: П=CF р=F0 и=E8 в=E2 е=E5 т=F2
    const out = decode(bytes(0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2), {
      contentType: 'text/xml; charset=Windows-1251',
    });
    expect(out).toEqual({ text: 'Привет', encoding: 'windows-1251', source: 'http' });
  });

  it('decodes GB2312 declared in the XML declaration (as its superset gb18030)', () => {
    // 中 = D6 D0, 文 = CE C4 in GB2312
    const doc = concat(
      ascii('<?xml version="1.0" encoding="GB2312"?><t>'),
      bytes(0xd6, 0xd0, 0xce, 0xc4),
      ascii('</t>'),
    );
    const out = decode(doc);
    expect(out.text).toBe('<?xml version="1.0" encoding="GB2312"?><t>中文</t>');
    expect(out.encoding).toBe('gb18030');
    expect(out.source).toBe('declaration');
  });

  it('decodes Big5 and Shift_JIS from their declarations', () => {
    // 中 = A4 A4, 文 = A4 E5 in Big5; 日 = 93 FA, 本 = 96 7B in Shift_JIS
    const big5 = decode(
      concat(ascii("<?xml version='1.0' encoding='big5'?>"), bytes(0xa4, 0xa4, 0xa4, 0xe5)),
    );
    expect(big5.text.endsWith('中文')).toBe(true);
    expect(big5.encoding).toBe('big5');
    const sjis = decode(
      concat(ascii('<?xml version="1.0" encoding="Shift_JIS"?>'), bytes(0x93, 0xfa, 0x96, 0x7b)),
    );
    expect(sjis.text.endsWith('日本')).toBe(true);
    expect(sjis.encoding).toBe('shift_jis');
  });

  it('honours a UTF-16 byte order mark and strips it', () => {
    expect(decode(bytes(0xff, 0xfe, 0x48, 0x00, 0x69, 0x00))).toEqual({
      text: 'Hi',
      encoding: 'utf-16le',
      source: 'bom',
    });
    expect(decode(bytes(0xfe, 0xff, 0x00, 0x48, 0x00, 0x69))).toEqual({
      text: 'Hi',
      encoding: 'utf-16be',
      source: 'bom',
    });
    expect(decode(bytes(0xef, 0xbb, 0xbf, 0x41))).toEqual({ text: 'A', encoding: 'utf-8', source: 'bom' });
  });

  it('recognises UTF-16 without a BOM from the first "<"', () => {
    const out = decode(bytes(0x00, 0x3c, 0x00, 0x61, 0x00, 0x3e));
    expect(out.text).toBe('<a>');
    expect(out.encoding).toBe('utf-16be');
  });

  it('lets valid UTF-8 win over a wrong declaration', () => {
    // "é" as UTF-8 (C3 A9) in a document that claims windows-1251
    const doc = concat(
      ascii('<?xml version="1.0" encoding="windows-1251"?><t>'),
      bytes(0xc3, 0xa9),
      ascii('</t>'),
    );
    const out = decode(doc, { contentType: 'application/rss+xml; charset=windows-1251' });
    expect(out.text.endsWith('<t>é</t>')).toBe(true);
    expect(out.encoding).toBe('utf-8');
    expect(out.source).toBe('sniffed');
  });

  it('prefers the HTTP charset over the XML declaration', () => {
    // E9 is "é" in ISO-8859-1 and "й" in windows-1251.
    const doc = concat(ascii('<?xml version="1.0" encoding="iso-8859-1"?><t>'), bytes(0xe9), ascii('</t>'));
    expect(decode(doc, { contentType: 'text/xml; charset="windows-1251"' }).text.endsWith('<t>й</t>')).toBe(
      true,
    );
    expect(decode(doc).text.endsWith('<t>é</t>')).toBe(true);
  });

  it('lets the document’s own charset win over an HTTP utf-8 its bytes are not', () => {
    // "Привет" in windows-1251 behind a server-wide "charset=utf-8".
    const word = bytes(0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2);
    const doc = concat(ascii('<?xml version="1.0" encoding="windows-1251"?><t>'), word, ascii('</t>'));
    expect(decode(doc, { contentType: 'text/xml; charset=utf-8' })).toEqual({
      text: '<?xml version="1.0" encoding="windows-1251"?><t>Привет</t>',
      encoding: 'windows-1251',
      source: 'declaration',
    });
    // Without a declaration of its own, the HTTP charset still stands (no guessing).
    const bare = concat(ascii('<t>'), word, ascii('</t>'));
    expect(decode(bare, { contentType: 'text/xml; charset=utf-8' }).encoding).toBe('utf-8');
  });

  it('reads Latin-1 bytes 0x80–0x9F as windows-1252 punctuation', () => {
    // 93 and 94 are the curly double quotes in windows-1252.
    const doc = concat(
      ascii('<?xml version="1.0" encoding="iso-8859-1"?><t>'),
      bytes(0x93, 0x61, 0x94),
      ascii('</t>'),
    );
    const out = decode(doc);
    expect(out.text.endsWith('<t>\u201ca\u201d</t>')).toBe(true);
    expect(out.encoding).toBe('iso-8859-1');
  });

  it('reads <meta charset> in an HTML page', () => {
    const page = concat(
      ascii('<html><head><meta charset="koi8-r"></head><body>'),
      bytes(0xf0, 0xd2, 0xc9),
      ascii('</body>'),
    );
    // KOI8-R: F0 = П, D2 = р, C9 = и
    const out = decode(page, { kind: 'html' });
    expect(out.text).toContain('<body>При</body>');
    expect(out).toMatchObject({ encoding: 'koi8-r', source: 'meta' });
  });

  it('sniffs an undeclared windows-1251 Russian text', () => {
    const russian =
      'Министр иностранных дел провёл переговоры со своим коллегой. Стороны обсудили вопросы двустороннего сотрудничества, ' +
      'региональной безопасности и торговли. По итогам встречи было подписано соглашение о культурном обмене.';
    const out = decode(Uint8Array.from(iconv.encode(`<p>${russian}</p>`, 'windows-1251')));
    expect(out.encoding).toBe('windows-1251');
    expect(out.text).toBe(`<p>${russian}</p>`);
    expect(out.source).toBe('sniffed');
  });

  it('defaults to UTF-8 for plain ASCII with no evidence, and is empty for no bytes', () => {
    expect(decode(ascii('<rss/>'))).toEqual({ text: '<rss/>', encoding: 'utf-8', source: 'default' });
    expect(decode(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8', source: 'default' });
  });
});

describe('charsetFromContentType', () => {
  it('reads quoted and spaced parameters', () => {
    expect(charsetFromContentType("application/atom+xml;charset='us-ascii'")).toBe('us-ascii');
    expect(charsetFromContentType('text/xml;charset = "UTF-8"; q=1')).toBe('UTF-8');
    expect(charsetFromContentType('text/xml; charset:iso-8859-1')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });
});
