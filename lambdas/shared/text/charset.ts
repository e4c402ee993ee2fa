/**
 * Charset labels as servers and documents write them, mapped to one canonical lower-case name
 * (what `decode` reports) and to the decoder iconv-lite should use for it.
 */
import { codecs } from './codecs';

/** Label (lower-case, no spaces) → canonical name. Anything else iconv-lite knows is kept as is. */
const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-unicode20utf8': 'utf-8',
  ascii: 'us-ascii',
  'ansi_x3.4-1968': 'us-ascii',
  'iso646-us': 'us-ascii',
  latin1: 'iso-8859-1',
  l1: 'iso-8859-1',
  cp819: 'iso-8859-1',
  ibm819: 'iso-8859-1',
  // GB2312 and GBK documents routinely contain GBK/GB18030 characters; the superset decodes both.
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
  'euc-cn': 'gb18030',
  chinese: 'gb18030',
  csgb2312: 'gb18030',
  'big5-hkscs': 'big5',
  'cn-big5': 'big5',
  'x-x-big5': 'big5',
  csbig5: 'big5',
  'ks_c_5601-1987': 'euc-kr',
  cp949: 'euc-kr',
  'windows-949': 'euc-kr',
  korean: 'euc-kr',
  sjis: 'shift_jis',
  'shift-jis': 'shift_jis',
  ms_kanji: 'shift_jis',
  'x-sjis': 'shift_jis',
  'windows-31j': 'shift_jis',
  cp932: 'shift_jis',
  csshiftjis: 'shift_jis',
  'x-euc-jp': 'euc-jp',
  tis620: 'tis-620',
  'windows-874': 'tis-620',
  'iso-8859-11': 'tis-620',
  utf16: 'utf-16',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  utf32: 'utf-32',
  utf32le: 'utf-32le',
  utf32be: 'utf-32be',
  'ucs-2': 'utf-16',
  'ucs-4': 'utf-32',
};

/** Canonical name → iconv-lite decoder, where they differ. */
const DECODER: Record<string, string> = {
  // WHATWG Encoding: documents labelled Latin-1 or ASCII are decoded as windows-1252 everywhere,
  // because "smart quotes" in 0x80–0x9F are far more common than C1 control characters.
  'iso-8859-1': 'windows-1252',
  'us-ascii': 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'tis-620': 'windows-874',
  shift_jis: 'cp932',
  'euc-kr': 'cp949',
};

/** The canonical name for a label, or undefined when nothing can decode it. */
export function canonicalCharset(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  let key = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim()
    .toLowerCase();
  if (key === '') return undefined;
  key = key.replace(/^(x-)?(cp|windows)[-_]?(125\d)$/, 'windows-$3');
  key = key.replace(/^iso[-_ ]?8859[-_ ]?(\d+)(:\d+)?$/, 'iso-8859-$1');
  key = key.replace(
    /^latin-?([2-9])$/,
    (_, n: string) => `iso-8859-${{ 2: 2, 3: 3, 4: 4, 5: 9, 6: 10 }[n] ?? n}`,
  );
  key = key.replace(/^koi8[-_]?([ru])$/, 'koi8-$1');
  const name = ALIASES[key] ?? key;
  // UTF-8 is decoded natively: naming it must not load the legacy tables.
  if (name === 'utf-8') return name;
  return codecs().iconv.encodingExists(DECODER[name] ?? name) ? name : undefined;
}

export function decoderFor(canonical: string): string {
  return DECODER[canonical] ?? canonical;
}
