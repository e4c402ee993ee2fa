/**
 * Just enough XML for S3's answers: ListObjects (v1 and v2) results and `<Error>` bodies. These are
 * flat documents with no attributes we need, no CDATA and no namespaces prefixes in element names,
 * so a tight reader (elements by name, the five entities and character references) replaces an XML
 * library at cold start.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references; anything else is left as is. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(Number.parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith('#')) return safeCodePoint(Number.parseInt(ref.slice(1), 10), whole);
    return ENTITIES[ref] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/** The inner text of every `<name>…</name>` in `xml` (not nested in itself), in order. */
export function elements(xml: string, name: string): string[] {
  const out: string[] = [];
  const open = new RegExp(`<${name}(?:\\s[^>]*)?(/?)>`, 'g');
  const close = `</${name}>`;
  for (let match = open.exec(xml); match; match = open.exec(xml)) {
    if (match[1] === '/') {
      out.push('');
      continue;
    }
    const start = match.index + match[0].length;
    const end = xml.indexOf(close, start);
    if (end < 0) break;
    out.push(xml.slice(start, end));
    open.lastIndex = end + close.length;
  }
  return out;
}

/** The decoded text of the first `<name>` element, if any. */
export function text(xml: string, name: string): string | undefined {
  const [inner] = elements(xml, name);
  return inner === undefined ? undefined : decodeXmlText(inner);
}
