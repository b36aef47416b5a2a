import { collapse, type Block } from './blocks.ts';
import { isElement, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from './dom.ts';

/**
 * A page's furniture removed, and its content element turned into blocks: `<p>`, `<li>` and the like become
 * paragraphs, `<h1>`–`<h4>` section headings; captions, share bars, related links, newsletter boxes, cookie banners
 * and comments go.
 */

/** Elements that are never article text. */
const CLUTTER_TAGS = [
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas', 'video', 'audio', 'picture',
  'form', 'button', 'select', 'input', 'textarea', 'nav', 'aside', 'footer', 'figure', 'figcaption', 'dialog',
];
const CLUTTER_SELECTOR = [
  ...CLUTTER_TAGS,
  '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[role="complementary"]', '[role="dialog"]',
  '[role="alertdialog"]', '[aria-modal="true"]', '[hidden]', '[aria-hidden="true"]',
].join(', ');

// Words of a class or id that name furniture. Matched on whole words of the name ("related-stories", "shareBar"),
// never inside one, so "shared-content" or "adviser" stay.
const CLUTTER_WORDS = new Set([
  'cookie', 'cookies', 'consent', 'gdpr', 'newsletter', 'newsletters', 'subscribe', 'subscription', 'signup',
  'share', 'sharing', 'sharebar', 'social', 'related', 'recommended', 'recommendations', 'comment', 'comments',
  'disqus', 'promo', 'advert', 'advertisement', 'ad', 'ads', 'sponsor', 'sponsored', 'outbrain', 'taboola',
  'trending', 'popular', 'breadcrumb', 'breadcrumbs', 'paywall', 'modal', 'popup', 'caption', 'credit', 'credits',
  'toolbar', 'sidebar', 'masthead', 'menu', 'footer', 'tags', 'byline', 'dateline', 'author', 'timestamp',
]);
const CLUTTER_PAIRS = new Set(['most read', 'read more', 'more stories', 'also read', 'see also', 'top stories']);

/** An element holding more than this share of the page's text is the content, whatever its class says. */
const MAX_CLUTTER_SHARE = 0.4;

/**
 * Removes furniture from the page in place. An element is kept, whatever its name, when it holds the article
 * (`<article>`, `<main>`, `articleBody`) or much of the page's text: a wrapper named "page has-comments" is not a
 * comment.
 */
export function removeClutter(document: DomDocument): void {
  const root = document.body ?? document.documentElement;
  for (const element of Array.from(root.querySelectorAll(CLUTTER_SELECTOR))) {
    if (element.parentNode !== null && !holdsContent(element)) element.remove();
  }
  for (const header of Array.from(root.querySelectorAll('header'))) {
    if (header.parentNode !== null && header.closest('article, main') === null && !holdsContent(header)) header.remove();
  }
  const pageChars = (root.textContent ?? '').length;
  for (const element of Array.from(root.querySelectorAll('[class], [id]'))) {
    if (element.parentNode === null || !hasClutterName(element) || holdsContent(element)) continue;
    if ((element.textContent ?? '').length > pageChars * MAX_CLUTTER_SHARE) continue;
    element.remove();
  }
}

function holdsContent(element: DomElement): boolean {
  if (['html', 'body', 'main', 'article'].includes(element.localName)) return true;
  return element.querySelector('article, main, [itemprop="articleBody"]') !== null;
}

/** True when a word of the element's class or id names furniture. */
export function hasClutterName(element: DomElement): boolean {
  const words = nameWords(`${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`);
  for (const [index, word] of words.entries()) {
    if (CLUTTER_WORDS.has(word)) return true;
    if (index > 0 && CLUTTER_PAIRS.has(`${words[index - 1]} ${word}`)) return true;
  }
  return false;
}

/** `shareBar related-stories` → share, bar, related, stories (camelCase split, lower-cased). */
function nameWords(name: string): string[] {
  return name
    .slice(0, 500)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

// ---------- content → blocks ----------

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'summary', 'caption', 'center',
]);
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4']);
const SKIPPED_TAGS = new Set([...CLUTTER_TAGS, 'img', 'head', 'title', 'meta', 'link', 'base']);
const CELL_TAGS = new Set(['td', 'th']);

/** A paragraph this much or more link text (by characters) is a list of links, not prose. */
const MAX_LINK_SHARE = 0.5;
/** Nodes walked at most, and nesting followed at most: content beyond is left out (bounds on a pathological page). */
const MAX_NODES = 400_000;
const MAX_DEPTH = 500;

interface Buffer {
  text: string;
  linkChars: number;
}

/** The blocks of a content element, in document order; link-only paragraphs dropped. */
export function contentBlocks(content: DomElement): Block[] {
  const blocks: Block[] = [];
  let buffer: Buffer = { text: '', linkChars: 0 };
  let budget = MAX_NODES;
  const flush = (): void => {
    // Two line breaks in a row (`<br><br>`) separate paragraphs on pages that use no `<p>`.
    for (const piece of buffer.text.split(/\n[^\S\n]*\n/)) {
      const text = collapse(piece);
      if (text.length === 0) continue;
      const linkShare = buffer.linkChars / Math.max(1, collapse(buffer.text).length);
      if (linkShare >= MAX_LINK_SHARE) continue;
      blocks.push({ kind: 'paragraph', text });
    }
    buffer = { text: '', linkChars: 0 };
  };
  const walk = (node: DomNode, inLink: boolean, depth: number): void => {
    budget -= 1;
    if (budget < 0 || depth > MAX_DEPTH) return;
    if (node.nodeType === TEXT_NODE) {
      const text = node.textContent ?? '';
      buffer.text += text;
      if (inLink) buffer.linkChars += collapse(text).length;
      return;
    }
    if (!isElement(node)) return;
    const tag = node.localName;
    if (SKIPPED_TAGS.has(tag)) return;
    if (tag === 'br') {
      buffer.text += '\n';
      return;
    }
    if (HEADING_TAGS.has(tag)) {
      flush();
      const text = collapse(node.textContent ?? '');
      if (text.length > 0) blocks.push({ kind: 'heading', text });
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    if (CELL_TAGS.has(tag) && buffer.text.trim().length > 0) buffer.text += ' | ';
    for (const child of Array.from(node.childNodes)) walk(child, inLink || tag === 'a', depth + 1);
    if (block) flush();
  };
  walk(content, false, 0);
  flush();
  return blocks;
}
