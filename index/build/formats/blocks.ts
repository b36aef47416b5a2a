import { deriveTitle, parseDate } from '../article-text.ts';
import type { Article, Metadata } from '../../types.ts';

/**
 * The common end of every structured format (HTML, feeds, PDF): a list of blocks, paragraphs and section headings,
 * written as the Markdown-like text the segmenter already reads (`## Heading` lines, one paragraph per line, blank
 * lines between), so that ids, sections, furniture rules and long-paragraph cuts stay one code path.
 */

/** A paragraph of body text, or a heading that opens a section. */
export interface Block {
  kind: 'paragraph' | 'heading';
  text: string;
}

/** The fields a format found for an article; null where the source does not say. */
export interface ArticleFields {
  id: string;
  origin: string;
  title: string | null;
  date: string | null;
  author: string | null;
  source: string | null;
  url: string | null;
  metadata: Metadata;
}

/** Blocks and fields → the Article every reader gives; the title is derived from the first paragraph if absent. */
export function articleFromBlocks(blocks: readonly Block[], fields: ArticleFields): Article {
  const firstParagraph = blocks.find((block) => block.kind === 'paragraph')?.text ?? 'Untitled';
  return {
    id: fields.id,
    title: cleanField(fields.title) ?? deriveTitle(firstParagraph),
    date: fields.date,
    author: cleanField(fields.author),
    source: cleanField(fields.source),
    url: fields.url,
    text: blocksToText(blocks),
    metadata: fields.metadata,
    origin: fields.origin,
  };
}

/** Blocks → segmenter text; each block's text is escaped so that it reads as itself, not as Markdown. */
export function blocksToText(blocks: readonly Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    const text = collapse(block.text);
    if (text.length === 0) continue;
    lines.push(block.kind === 'heading' ? `## ${escapeInline(text)}` : escapeLine(text));
  }
  return lines.join('\n\n');
}

/** Whitespace runs (newlines and no-break spaces included) → one space, trimmed. */
export function collapse(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

// Characters the segmenter's inline Markdown reading would remove (emphasis, links, escapes): escaped with a
// backslash, which it restores as the character itself.
const INLINE_SPECIAL = /[[\]<>\\*_~`]/g;

function escapeInline(text: string): string {
  return text.replace(INLINE_SPECIAL, (char) => `\\${char}`);
}

/** A paragraph opening like a heading, list item, quote or rule would be read as one: its first mark is escaped. */
function escapeLine(text: string): string {
  const escaped = escapeInline(text);
  return escaped.replace(/^(#|[-+•▪◦‣]|=|>)(?=\s|$|[#=>-])/, '\\$1').replace(/^(\d{1,3})([.)])(?=\s)/, '$1\\$2');
}

function cleanField(value: string | null): string | null {
  if (value === null) return null;
  const text = collapse(value);
  return text.length > 0 ? text : null;
}

/**
 * An ISO date from what structured sources write: ISO 8601, RFC 822 (`Tue, 26 Nov 2024 23:30:00 -0500`), PDF dates
 * (`D:20240315120000Z`), or the English forms parseDate reads. The date is the one written, not converted to UTC.
 */
export function structuredDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = collapse(value);
  if (text.length === 0 || text.length > 100) return null;
  const pdf = /^D:(\d{4})(\d{2})?(\d{2})?/.exec(text);
  if (pdf !== null) return validDate(pdf[1], pdf[2] ?? '01', pdf[3] ?? '01', pdf[2] !== undefined && pdf[3] !== undefined);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(text);
  if (iso !== null) return validDate(iso[1], iso[2], iso[3], true);
  const rfc822 = /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b/.exec(text);
  if (rfc822 !== null) return parseDate(`${rfc822[1]} ${rfc822[2]} ${rfc822[3]}`);
  return parseDate(text);
}

function validDate(year: string | undefined, month: string | undefined, day: string | undefined, complete: boolean): string | null {
  if (!complete || year === undefined || month === undefined || day === undefined) return null;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${year}-${month}-${day}`;
}
