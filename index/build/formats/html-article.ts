import { Readability } from '@mozilla/readability';
import { articleFromBlocks, collapse, structuredDate, type Block } from './blocks.ts';
import { parseDocument, type DomDocument, type DomElement } from './dom.ts';
import { contentBlocks, removeClutter } from './html-blocks.ts';
import { pageMetadata } from './html-metadata.ts';
import type { Article, Result } from '../../types.ts';

/**
 * A saved web page → one Article, as a reader view sees it: metadata from the whole page, then the furniture
 * removed, then Mozilla's Readability picks the article's content, which becomes paragraphs and sections.
 */

/** Where an article is read from: its document id and the origin named in messages. */
export interface ArticlePlace {
  id: string;
  origin: string;
}

/** An article read from a page or feed, with notes on what was repaired (given as warnings). */
export interface ReadArticle {
  article: Article;
  notes: string[];
}

/** Pages longer than this (characters) are cut there first: past it, a page is a dump, not an article. */
export const MAX_PAGE_CHARS = 4_000_000;
/** Readability gives up on a page with more elements than this; the page is then read without it. */
const MAX_READABILITY_ELEMENTS = 50_000;
/**
 * Nor is it given a page nested deeper than this: its time grows about with the cube of the depth (measured: 1,000
 * nested divs 4.7 s, 5,000 over 7 minutes), while real pages nest 20 to 40 deep.
 */
const MAX_READABILITY_DEPTH = 150;
/** Less article text than this (characters, links excluded) is no article: a section front, an error page. */
const MIN_ARTICLE_CHARS = 200;

type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

/**
 * Reads a page. Error `no_article` when it holds no article text (a home page of links, an empty shell).
 * Never throws on any input.
 */
export function articleFromHtml(html: string, place: ArticlePlace): Result<ReadArticle> {
  const notes: string[] = [];
  let page = html;
  if (page.length > MAX_PAGE_CHARS) {
    page = page.slice(0, MAX_PAGE_CHARS);
    notes.push(`page cut at ${MAX_PAGE_CHARS.toLocaleString('en')} characters`);
  }
  const document = parseDocument(page);
  const metadata = pageMetadata(document);
  removeClutter(document);
  const reader = readerView(document);
  const blocks = withoutTitle(contentBlocks(reader.content ?? fallbackContent(document)), metadata.title ?? reader.title);
  if (proseChars(blocks) < MIN_ARTICLE_CHARS) {
    return { ok: false, error: { code: 'no_article', message: 'no article text found in the page (too little text outside links and furniture); skipped' } };
  }
  const url = metadata.url;
  const article = articleFromBlocks(blocks, {
    ...place,
    title: metadata.title ?? reader.title,
    date: metadata.date ?? structuredDate(reader.publishedTime),
    author: metadata.author ?? reader.byline,
    source: metadata.source ?? reader.siteName,
    url,
    metadata: { filetype: 'html' },
  });
  return { ok: true, value: { article, notes } };
}

/**
 * The HTML of a feed item (already the article body, so no reader view) → blocks, furniture removed. Entities are
 * decoded by the parser.
 */
export function blocksFromFragment(html: string): Block[] {
  const document = parseDocument(html.length > MAX_PAGE_CHARS ? html.slice(0, MAX_PAGE_CHARS) : html);
  removeClutter(document);
  return contentBlocks(fallbackContent(document));
}

interface ReaderView {
  content: DomElement | null;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedTime: string | null;
}

function readerView(document: DomDocument): ReaderView {
  const none: ReaderView = { content: null, title: null, byline: null, siteName: null, publishedTime: null };
  if (nestedDeeperThan(document.documentElement, MAX_READABILITY_DEPTH)) return none;
  let parsed;
  try {
    // Readability is given the page's own element back (the serializer), so the content is not parsed twice.
    parsed = new Readability<DomElement>(document as unknown as ReadabilityDocument, {
      maxElemsToParse: MAX_READABILITY_ELEMENTS,
      charThreshold: 300,
      serializer: (node) => node as unknown as DomElement,
    }).parse();
  } catch {
    // Too many elements, or a page Readability cannot walk: the cleaned body is read instead.
    return none;
  }
  if (parsed === null) return none;
  return {
    content: parsed.content ?? null,
    title: clean(parsed.title),
    byline: clean(parsed.byline)?.replace(/^by\s+/i, '') ?? null,
    siteName: clean(parsed.siteName),
    publishedTime: clean(parsed.publishedTime),
  };
}

/** True when some element lies more than `limit` levels below `root` (an iterative walk: no recursion to overflow). */
function nestedDeeperThan(root: DomElement, limit: number): boolean {
  const stack: Array<[DomElement, number]> = [[root, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [element, depth] = next;
    if (depth > limit) return true;
    for (const child of Array.from(element.children)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Without a reader view: the page's `<article>`, `<main>` or body, furniture already removed. */
function fallbackContent(document: DomDocument): DomElement {
  return document.querySelector('[itemprop="articleBody"]') ?? document.querySelector('article') ?? document.querySelector('main') ?? document.body ?? document.documentElement;
}

/** The headline repeated at the top of the content is the title, not a section. */
function withoutTitle(blocks: Block[], title: string | null): Block[] {
  if (title === null) return blocks;
  const form = comparable(title);
  return blocks.filter((block, index) => !(index < 3 && block.kind === 'heading' && comparable(block.text) === form));
}

function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function proseChars(blocks: readonly Block[]): number {
  return blocks.reduce((sum, block) => sum + (block.kind === 'paragraph' ? block.text.length : 0), 0);
}

function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = collapse(value);
  return text.length > 0 ? text : null;
}
