import { readMetaLine } from '../article-text.ts';
import { structuredDate } from './blocks.ts';
import { attribute, decodeHtmlText, type DomDocument } from './dom.ts';

/**
 * What a news page says about itself, read before anything is removed from it. Each field is taken from the first
 * source that has it: JSON-LD (NewsArticle, Article and kin), then Open Graph and `article:*` meta, then
 * `<meta name="author">`, `<time datetime>`, the canonical link and the site name.
 */

export interface PageMetadata {
  title: string | null;
  date: string | null;
  author: string | null;
  source: string | null;
  url: string | null;
}

interface JsonLdArticle {
  headline: string | null;
  date: string | null;
  author: string | null;
  publisher: string | null;
  url: string | null;
}

/** JSON-LD blocks larger than this are not read (a page's own metadata is a few kilobytes). */
const MAX_JSON_LD_CHARS = 1_000_000;
const MAX_JSON_LD_DEPTH = 8;
const ARTICLE_TYPE = /(?:Article|BlogPosting|Report)$/;

/** The page's metadata; null where no source on the page states a field. */
export function pageMetadata(document: DomDocument): PageMetadata {
  const ld = jsonLdArticle(document);
  const meta = (key: string): string | null => metaContent(document, key);
  const byline = bylineElement(document);
  const url = httpUrl(attribute(document.querySelector('link[rel~="canonical"]'), 'href')) ?? httpUrl(meta('og:url')) ?? ld?.url ?? null;
  return {
    title: ld?.headline ?? meta('og:title') ?? meta('twitter:title') ?? documentTitle(document, meta('og:site_name')),
    date:
      ld?.date ??
      structuredDate(meta('article:published_time')) ??
      structuredDate(meta('og:published_time')) ??
      timeDate(document) ??
      byline.date,
    author: ld?.author ?? personName(meta('article:author')) ?? personName(meta('author')) ?? byline.author,
    source: ld?.publisher ?? meta('og:site_name') ?? meta('application-name') ?? hostName(url),
    url,
  };
}

/** `<meta property|name="key" content>`, first match, entities decoded by the parser. */
function metaContent(document: DomDocument, key: string): string | null {
  for (const element of Array.from(document.querySelectorAll(`meta[property="${key}"], meta[name="${key}"]`))) {
    const content = attribute(element, 'content');
    if (content !== null) return content;
  }
  return null;
}

/** `<title>` without a trailing " | Site" or " - Site" when that is the site's name. */
function documentTitle(document: DomDocument, siteName: string | null): string | null {
  const title = document.title.replace(/\s+/g, ' ').trim();
  if (title.length === 0) return null;
  if (siteName !== null) {
    for (const separator of [' | ', ' - ', ' – ', ' — ', ' :: ']) {
      const suffix = `${separator}${siteName}`;
      if (title.endsWith(suffix) && title.length > suffix.length) return title.slice(0, -suffix.length);
    }
  }
  return title;
}

/** The publication time the page marks up: `itemprop=datePublished` or `pubdate` first, then the first `<time>`. */
function timeDate(document: DomDocument): string | null {
  const marked = document.querySelector('time[itemprop="datePublished"], time[pubdate], [itemprop="datePublished"][content]');
  for (const element of [marked, document.querySelector('article time[datetime]'), document.querySelector('time[datetime]')]) {
    const date = structuredDate(attribute(element, 'datetime') ?? attribute(element, 'content'));
    if (date !== null) return date;
  }
  return null;
}

const BYLINE_SELECTOR = '[itemprop="author"] [itemprop="name"], [itemprop="author"], [rel="author"], .byline, .author-name, .author';

/** The author (and date) a byline element states: "By Jane Doe", "Jane Doe | 14 September 2022". */
function bylineElement(document: DomDocument): { author: string | null; date: string | null } {
  const text = (document.querySelector(BYLINE_SELECTOR)?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const meta = text.length > 0 ? readMetaLine(text) : null;
  if (meta === null) return { author: null, date: null };
  return { author: meta.author === null ? null : personName(meta.author), date: meta.date };
}

/** A name as written, without "By"; null for a URL (`article:author` often holds a profile link). */
function personName(value: string | null): string | null {
  if (value === null) return null;
  const text = value.replace(/\s+/g, ' ').trim().replace(/^by\s+/i, '');
  if (text.length === 0 || text.length > 200 || /^https?:\/\//i.test(text)) return null;
  return text;
}

// ---------- JSON-LD ----------

/** The first NewsArticle/Article (or kin) of the page's JSON-LD blocks, through arrays and `@graph`. */
function jsonLdArticle(document: DomDocument): JsonLdArticle | null {
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    const source = script.textContent ?? '';
    if (source.length > MAX_JSON_LD_CHARS) continue;
    let value: unknown;
    try {
      value = JSON.parse(source.replace(/^\s*<!--|-->\s*$/g, ''));
    } catch {
      // Broken JSON-LD is common on real pages; the other sources of metadata still apply.
      continue;
    }
    const article = findArticle(value, 0);
    if (article !== null) return readArticle(article);
  }
  return null;
}

function findArticle(value: unknown, depth: number): Record<string, unknown> | null {
  if (depth > MAX_JSON_LD_DEPTH || typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findArticle(item, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  const types = ([] as unknown[]).concat(record['@type'] ?? []);
  if (types.some((type) => typeof type === 'string' && ARTICLE_TYPE.test(type))) return record;
  return findArticle(record['@graph'], depth + 1);
}

function readArticle(record: Record<string, unknown>): JsonLdArticle {
  return {
    headline: text(record['headline']) ?? text(record['name']),
    date: structuredDate(text(record['datePublished']) ?? text(record['dateCreated'])),
    author: names(record['author']),
    publisher: names(record['publisher']),
    url: httpUrl(text(record['url'])) ?? httpUrl(text(record['mainEntityOfPage']) ?? text(objectField(record['mainEntityOfPage'], '@id'))),
  };
}

/** A person or organisation, or a list of them, → "A, B"; null when none has a name. */
function names(value: unknown): string | null {
  const list = ([] as unknown[]).concat(value ?? []);
  const found = list
    .map((item) => (typeof item === 'string' ? personName(decodeHtmlText(item)) : personName(text(objectField(item, 'name')))))
    .filter((name): name is string => name !== null);
  return found.length > 0 ? [...new Set(found)].join(', ') : null;
}

function objectField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const decoded = decodeHtmlText(value).replace(/\s+/g, ' ').trim();
  return decoded.length > 0 ? decoded : null;
}

// ---------- URLs ----------

function httpUrl(value: string | null): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** `https://www.example.com/a` → `example.com`: the site an article came from when the page names none. */
function hostName(url: string | null): string | null {
  if (url === null) return null;
  return new URL(url).hostname.replace(/^www\./, '') || null;
}
