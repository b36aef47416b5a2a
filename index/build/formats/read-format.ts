import { gunzipSync } from 'node:zlib';
import { toDocId } from '../article-text.ts';
import { decodeMarkup } from './charset.ts';
import type { ReadArticle } from './html-article.ts';
import { detectFormat, isGzip, stripCorpusExtension, type InputFormat } from './sniff.ts';
import type { Article, Result, Warning } from '../../types.ts';

/**
 * One corpus file's bytes → its format and the articles of the structured formats (pages, feeds, PDFs), with a
 * warning for everything skipped or repaired. Text and JSONL are left to read-corpus, which has always read them.
 * The readers (DOM, Readability, PDF.js: a second of loading) are imported when a file needs them, so that a
 * corpus of text, and the staleness check every server start runs, never load them.
 */

/** A corpus file as the readers name it: its path inside the corpus and as shown in messages. */
export interface NamedFile {
  relative: string;
  shown: string;
}

/** Decompressed size at most of a `.gz` page or feed: a bound on a zip bomb. */
export const MAX_GUNZIP_BYTES = 64 * 1024 * 1024;

/** The bytes to read (gunzipped when compressed) and the format they are in; an error names why the file is skipped. */
export function openFormat(bytes: Uint8Array, file: NamedFile): Result<{ bytes: Uint8Array; format: InputFormat }> {
  let content = bytes;
  if (file.relative.toLowerCase().endsWith('.gz') || isGzip(bytes)) {
    if (!isGzip(bytes)) return { ok: false, error: { code: 'bad_gzip', message: 'not gzip-compressed despite its .gz name; skipped' } };
    try {
      content = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIP_BYTES });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `larger than ${MAX_GUNZIP_BYTES / 1024 / 1024} MB uncompressed` : (error as Error).message;
      return { ok: false, error: { code: 'bad_gzip', message: `cannot be decompressed (${reason}); skipped` } };
    }
  }
  const format = detectFormat(file.relative, content);
  return format.ok ? { ok: true, value: { bytes: content, format: format.value } } : format;
}

/** The articles of a page, feed or PDF; never throws (a failure is a warning naming the file). */
export async function readStructured(
  bytes: Uint8Array,
  format: Exclude<InputFormat, 'text' | 'jsonl'>,
  file: NamedFile,
): Promise<{ articles: Article[]; warnings: Warning[] }> {
  const warnings: Warning[] = [];
  const id = toDocId(stripCorpusExtension(file.relative));
  const place = { id, origin: file.shown };
  const read = await readArticles(bytes, format, place);
  if (!read.ok) return { articles: [], warnings: [{ origin: file.shown, message: read.error.message }] };
  for (const note of read.value.notes) warnings.push({ origin: file.shown, message: note });
  const articles: Article[] = [];
  for (const { article, notes } of read.value.articles) {
    articles.push(article);
    for (const note of notes) warnings.push({ origin: article.origin, message: note });
  }
  return { articles, warnings };
}

async function readArticles(
  bytes: Uint8Array,
  format: Exclude<InputFormat, 'text' | 'jsonl'>,
  place: { id: string; origin: string },
): Promise<Result<{ articles: ReadArticle[]; notes: string[] }>> {
  if (format === 'pdf') {
    const { articleFromPdf } = await import('./pdf-article.ts');
    const pdf = await articleFromPdf(bytes, place);
    return pdf.ok ? { ok: true, value: { articles: [pdf.value], notes: [] } } : pdf;
  }
  const decoded = decodeMarkup(bytes);
  if (!decoded.ok) return decoded;
  const notes = decoded.value.warning === null ? [] : [decoded.value.warning];
  if (format === 'feed') {
    const { articlesFromFeed } = await import('./feed-articles.ts');
    const feed = articlesFromFeed(decoded.value.text, place.id, place.origin);
    if (!feed.ok) return feed;
    if (feed.value.articles.length === 0) return { ok: false, error: { code: 'empty_feed', message: 'the feed has no item with text; skipped' } };
    return { ok: true, value: { articles: feed.value.articles, notes: [...notes, ...feed.value.notes] } };
  }
  const { articleFromHtml } = await import('./html-article.ts');
  const page = articleFromHtml(decoded.value.text, place);
  if (!page.ok) return page;
  return { ok: true, value: { articles: [page.value], notes: [...notes, ...page.value.notes] } };
}
