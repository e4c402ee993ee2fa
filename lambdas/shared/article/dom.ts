/**
 * The slice of the DOM that extraction uses, typed here because the project compiles without the
 * browser `dom` lib (the Lambdas run on Node); linkedom implements all of it.
 */
import { parseHTML } from 'linkedom';

export interface DomElement {
  readonly tagName: string;
  readonly children: ArrayLike<DomElement> & Iterable<DomElement>;
  readonly isConnected: boolean;
  textContent: string | null;
  innerHTML: string;
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement> & ArrayLike<DomElement>;
  matches(selector: string): boolean;
  remove(): void;
}

export interface DomDocument {
  readonly documentElement: DomElement;
  readonly body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement> & ArrayLike<DomElement>;
}

export function parseDocument(html: string): DomDocument {
  const { document } = parseHTML(html);
  // linkedom leaves documentElement null when the markup holds no element (plain text, a lone
  // comment or doctype) and then throws on `.body`; such a page is read as the body of one.
  return (document.documentElement
    ? document
    : parseHTML(`<html><body>${html}</body></html>`).document) as unknown as DomDocument;
}
