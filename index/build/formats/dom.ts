import { parseHTML } from 'linkedom';

/**
 * The part of the DOM the HTML and feed readers use, typed here (the project compiles without the DOM library),
 * and the one place a page is parsed: linkedom, a fast, forgiving DOM without a browser.
 */

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly parentNode: DomNode | null;
  readonly childNodes: ArrayLike<DomNode>;
}

export interface DomElement extends DomNode {
  readonly localName: string;
  readonly children: ArrayLike<DomElement>;
  innerHTML: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  closest(selectors: string): DomElement | null;
  contains(other: DomNode): boolean;
  remove(): void;
}

export interface DomDocument extends DomNode {
  readonly documentElement: DomElement;
  readonly body: DomElement | null;
  readonly title: string;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  createElement(name: string): DomElement;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** A whole page or a fragment (a feed item's content) → a document; a fragment is put in a page's body. */
export function parseDocument(html: string): DomDocument {
  const page = /<html[\s>]/i.test(html.slice(0, 65_536)) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(page).document as unknown as DomDocument;
}

/** True when the node is an element. */
export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

/** The element's attribute, whitespace collapsed; null when absent or blank. */
export function attribute(element: DomElement | null, name: string): string | null {
  const value = element?.getAttribute(name)?.replace(/\s+/g, ' ').trim() ?? '';
  return value.length > 0 ? value : null;
}

let entityScratch: DomElement | null = null;

/** Text that may hold HTML entities or tags (JSON-LD values, feed titles) → plain text. */
export function decodeHtmlText(value: string): string {
  if (!/[&<]/.test(value)) return value;
  entityScratch ??= parseDocument('').createElement('div');
  entityScratch.innerHTML = value;
  return entityScratch.textContent ?? value;
}
