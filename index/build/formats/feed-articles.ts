import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import { articleFromBlocks, collapse, structuredDate, type Block } from './blocks.ts';
import { decodeHtmlText } from './dom.ts';
import { blocksFromFragment, MAX_PAGE_CHARS, type ReadArticle } from './html-article.ts';
import type { Result } from '../../types.ts';

/**
 * An RSS or Atom feed → one Article per item: title, link (url), published date, authors, and the fullest content
 * the item carries (`content:encoded` or Atom `content` over `description`/`summary`), its HTML read like a page's.
 * An item with only a summary is indexed from it, marked `feed_content: summary` in its metadata, and the feed gets
 * one note counting such items.
 */

type FeedItem = ReturnType<typeof parseFeed>['items'][number];

/** A feed's items read, with notes on what was skipped or partial. */
export interface ReadFeed {
  articles: ReadArticle[];
  notes: string[];
}

/** Items read from one feed at most; a feed is a window on a site, not an archive. */
export const MAX_FEED_ITEMS = 5000;
/** Raw date elements, most specific first (RSS `pubDate`, Dublin Core `date`, Atom `published`, `issued`, `updated`). */
const DATE_ELEMENTS = ['pubdate', 'date', 'published', 'issued', 'updated'];

/**
 * Reads a feed; the ids of its articles are `<fileId>-<hash of the item's guid, link or title>`, so that an item
 * keeps its id (and permalinks) when newer items push it down the feed. Error `bad_feed` when it cannot be parsed.
 */
export function articlesFromFeed(xml: string, fileId: string, origin: string): Result<ReadFeed> {
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml.length > MAX_PAGE_CHARS * 4 ? xml.slice(0, MAX_PAGE_CHARS * 4) : xml);
  } catch (error) {
    return { ok: false, error: { code: 'bad_feed', message: `not a readable RSS or Atom feed (${error instanceof Error ? error.message : String(error)}); skipped` } };
  }
  const notes: string[] = [];
  const items = feed.items.slice(0, MAX_FEED_ITEMS);
  if (feed.items.length > MAX_FEED_ITEMS) notes.push(`only the first ${MAX_FEED_ITEMS} of ${feed.items.length} items read`);
  const source = plain(feed.title);
  const articles: ReadArticle[] = [];
  const seen = new Set<string>();
  let summaries = 0;
  let empty = 0;
  for (const [index, item] of items.entries()) {
    const body = fullestContent(item);
    const blocks = body === null ? [] : contentBlocksOf(body.html);
    if (blocks.every((block) => block.kind !== 'paragraph')) {
      empty += 1;
      continue;
    }
    if (body?.summaryOnly) summaries += 1;
    const key = item.id ?? item.url ?? `${item.title ?? ''}\0${rawDate(item) ?? ''}\0${index}`;
    let id = `${fileId}-${shortHash(key)}`;
    // Two items with the same guid: the second is still an article, numbered by its place in the feed.
    if (seen.has(id)) id = `${id}-${index + 1}`;
    seen.add(id);
    const article = articleFromBlocks(blocks, {
      id,
      origin: `${origin} item ${index + 1}`,
      title: plain(item.title),
      date: structuredDate(rawDate(item)) ?? isoDay(item.published ?? item.updated),
      author: item.authors.map((author) => plain(author.name)).filter((name) => name !== null).join(', ') || null,
      source,
      url: item.url,
      metadata: { filetype: 'feed', feed_content: body?.summaryOnly ? 'summary' : 'full' },
    });
    articles.push({ article, notes: [] });
  }
  if (summaries > 0) notes.push(`${summaries} of ${items.length} items carry only a summary; indexed from it (metadata feed_content: summary)`);
  if (empty > 0) notes.push(`${empty} of ${items.length} items have no text; skipped`);
  return { ok: true, value: { articles, notes } };
}

/** The item's content when it is at least as long as its description, else the description (a summary). */
function fullestContent(item: FeedItem): { html: string; summaryOnly: boolean } | null {
  const content = item.content ?? '';
  const description = item.description ?? '';
  if (content.trim().length === 0 && description.trim().length === 0) return null;
  if (content.trim().length === 0) return { html: description, summaryOnly: true };
  if (textLength(content) >= textLength(description)) return { html: content, summaryOnly: false };
  return { html: description, summaryOnly: false };
}

/** HTML content through the page reader's blocks; plain text split at blank lines. */
function contentBlocksOf(body: string): Block[] {
  if (/<[a-z!/][^>]*>/i.test(body)) return blocksFromFragment(body);
  return body
    .split(/\n\s*\n/)
    .map((text) => collapse(text))
    .filter((text) => text.length > 0)
    .map((text) => ({ kind: 'paragraph' as const, text }));
}

function textLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim().length;
}

/** The item's date as written (its own time zone, not converted to UTC as the parser's Date is). */
function rawDate(item: FeedItem): string | null {
  for (const name of DATE_ELEMENTS) {
    const text = item.element.findElementWithName(name)?.textContent.trim();
    if (text !== undefined && text.length > 0) return text;
  }
  return null;
}

function isoDay(date: Date | null): string | null {
  return date !== null && Number.isFinite(date.getTime()) ? date.toISOString().slice(0, 10) : null;
}

/** Titles and names as the feed gives them, HTML (entities, tags) read as text. */
function plain(value: string | null): string | null {
  if (value === null) return null;
  const text = collapse(decodeHtmlText(value));
  return text.length > 0 ? text : null;
}

function shortHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}
