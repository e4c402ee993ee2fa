/**
 * HTML's void elements: no end tag and no content (the HTML standard's list, plus the obsolete
 * `param` and `keygen` still met in old pages). One list for every reader that keeps an element
 * stack or writes markup back out.
 */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
