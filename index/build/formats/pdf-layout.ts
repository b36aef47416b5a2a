import type { Block } from './blocks.ts';

/**
 * Positioned text of PDF pages → paragraphs, in reading order, each on the page where it starts. Pure.
 *
 * 1. Items on one baseline are joined into line fragments; a wide horizontal gap (a gutter) splits them.
 * 2. Running headers and footers go: a line at the top or bottom of most pages, digits aside ("Page 3 of 9",
 *    "Annual report 2024 · 7"), and bare page numbers there.
 * 3. Columns: a left edge in the middle of the page where lines start, others end, and hardly any crosses, begins a
 *    column; within a band between two lines that cross it (a title across both columns), each column is read
 *    top to bottom.
 * 4. Lines become paragraphs: a larger gap than the page's line spacing, an indented first line, a change of size,
 *    or a short line ending a sentence ends one; a hyphen at a line end joins the word.
 * 5. A paragraph cut by a column or page end continues where the next one opens in lower case.
 * 6. Lines in a larger type, or short heading-like lines, are headings; every block is labelled with its page.
 */

/** A run of text as the PDF places it: baseline origin, width and font size, in points. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface PdfPageText {
  items: PdfTextItem[];
  width: number;
  height: number;
}

/** A paragraph or heading and the 1-based page it starts on. */
export interface PagedBlock extends Block {
  page: number;
}

interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

/** Lines this many from the top or bottom of a page are where running heads and folios are looked for. */
const EDGE_LINES = 2;
const PAGE_NUMBER = /^(?:(?:page|p\.|seite|pág\.?|página)\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:of|\/|de|von)\s*\d{1,4})?$/i;

/** Paragraphs and headings of a document's pages in reading order; `title` (if known) is not repeated as a heading. */
export function pdfBlocks(pages: readonly PdfPageText[], title: string | null): PagedBlock[] {
  const pageLines = pages.map((page) => lineFragments(page.items));
  const running = runningLines(pageLines);
  const bodySize = commonSize(pageLines.flat());
  const blocks: PagedBlock[] = [];
  let open: PagedBlock | null = null;
  pageLines.forEach((lines, index) => {
    const page = index + 1;
    const body = lines.filter((line, position) => !isEdgeFurniture(line, position, lines, running));
    for (const column of readingOrder(body)) {
      for (const paragraph of paragraphsOf(column, bodySize)) {
        const continues: boolean =
          open !== null && paragraph.first && open.kind === 'paragraph' && paragraph.kind === 'paragraph' &&
          !endsSentence(open.text) && /^\p{Ll}/u.test(paragraph.text);
        if (continues && open !== null) {
          open.text = joinLines(open.text, paragraph.text);
          continue;
        }
        open = { kind: paragraph.kind, text: paragraph.text, page };
        blocks.push(open);
      }
    }
  });
  const titleForm = title === null ? null : comparable(title);
  const kept = blocks.filter((block, index) => !(index < 3 && titleForm !== null && comparable(block.text) === titleForm));
  // A short heading-like line before a paragraph is a heading to the segmenter too; said here, it keeps its page.
  kept.forEach((block, index) => {
    if (block.kind === 'paragraph' && isHeadingLike(block.text) && kept[index + 1]?.kind === 'paragraph') block.kind = 'heading';
  });
  return kept;
}

/** The largest line of the first page when it stands out from the body text: a document's visible title. */
export function visibleTitle(pages: readonly PdfPageText[]): string | null {
  const first = pages[0];
  if (first === undefined) return null;
  const lines = lineFragments(first.items);
  const bodySize = commonSize(pages.flatMap((page) => lineFragments(page.items)));
  let best: Line | null = null;
  for (const line of lines) if (best === null || line.size > best.size) best = line;
  if (best === null || best.size < bodySize * 1.3 || best.text.length > 200) return null;
  const size = best.size;
  // A title may run over two or three lines of the same size.
  return lines.filter((line) => Math.abs(line.size - size) < 0.5).slice(0, 3).map((line) => line.text).join(' ');
}

// ---------- 1: items → line fragments ----------

function lineFragments(items: readonly PdfTextItem[]): Line[] {
  const sorted = items.filter((item) => item.str.trim().length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PdfTextItem[][] = [];
  for (const item of sorted) {
    const row = rows[rows.length - 1];
    const anchor = row?.[0];
    if (row !== undefined && anchor !== undefined && Math.abs(anchor.y - item.y) < Math.max(anchor.size, item.size) * 0.4) row.push(item);
    else rows.push([item]);
  }
  const lines: Line[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let line: Line | null = null;
    for (const item of row) {
      const gap = line === null ? 0 : item.x - line.x1;
      if (line === null || gap > Math.max(item.size, line.size) * 1.5) {
        line = { text: item.str.trim(), x0: item.x, x1: item.x + item.width, y: item.y, size: item.size };
        lines.push(line);
        continue;
      }
      const spaced = gap > item.size * 0.15 || /\s$/.test(line.text) || /^\s/.test(item.str);
      line.text = `${line.text}${spaced ? ' ' : ''}${item.str.trim()}`.replace(/\s+/g, ' ');
      line.x1 = Math.max(line.x1, item.x + item.width);
      line.size = Math.max(line.size, item.size);
    }
  }
  return lines;
}

// ---------- 2: running heads, footers, folios ----------

function edgeKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/** Positions counted from the top and the bottom of a page's lines (sorted top first). */
function isEdge(position: number, count: number): boolean {
  return position < EDGE_LINES || position >= count - EDGE_LINES;
}

/** Keys of edge lines repeated on at least half the pages (and two): running heads and footers. */
function runningLines(pages: readonly Line[][]): Set<string> {
  const pagesWith = new Map<string, number>();
  for (const lines of pages) {
    const keys = new Set(lines.filter((_, position) => isEdge(position, lines.length)).map((line) => edgeKey(line.text)));
    for (const key of keys) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
  }
  const needed = Math.max(2, Math.ceil(pages.length / 2));
  return new Set([...pagesWith].filter(([, count]) => count >= needed).map(([key]) => key));
}

function isEdgeFurniture(line: Line, position: number, lines: readonly Line[], running: ReadonlySet<string>): boolean {
  if (!isEdge(position, lines.length)) return false;
  return running.has(edgeKey(line.text)) || PAGE_NUMBER.test(line.text);
}

// ---------- 3: columns and reading order ----------

/** The page's lines as columns in reading order: bands between lines that cross a gutter, each band's columns left to right. */
function readingOrder(lines: readonly Line[]): Line[][] {
  const gutters = columnStarts(lines);
  if (gutters.length === 0) return lines.length > 0 ? [[...lines]] : [];
  const crosses = (line: Line): boolean => gutters.some((gutter) => line.x0 < gutter - 1 && line.x1 > gutter + 1);
  const columnOf = (line: Line): number => gutters.filter((gutter) => line.x0 >= gutter - 1).length;
  const sequences: Line[][] = [];
  let band: Line[][] = [];
  const flushBand = (): void => {
    for (const column of band) if (column !== undefined && column.length > 0) sequences.push(column);
    band = [];
  };
  for (const line of lines) {
    if (crosses(line)) {
      flushBand();
      sequences.push([line]);
      continue;
    }
    const column = columnOf(line);
    (band[column] ??= []).push(line);
  }
  flushBand();
  return sequences;
}

/** Most candidate column edges tried on one page (distinct left edges across its middle). */
const MAX_GUTTER_CANDIDATES = 60;

/**
 * Where columns after the first begin: a left edge, in the middle of the page, where at least three lines start,
 * at least three end before it, and hardly any line crosses it (a title or a standfirst across the columns may).
 */
function columnStarts(lines: readonly Line[]): number[] {
  if (lines.length < 6) return [];
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    left = Math.min(left, line.x0);
    right = Math.max(right, line.x1);
  }
  const width = right - left;
  const candidates = [...new Set(lines.map((line) => Math.round(line.x0)))]
    .filter((x) => x > left + width * 0.2 && x < left + width * 0.8)
    .sort((a, b) => a - b)
    .slice(0, MAX_GUTTER_CANDIDATES);
  const gutters: number[] = [];
  const crossingAllowed = Math.max(2, lines.length * 0.1);
  for (const candidate of candidates) {
    if (gutters.some((gutter) => Math.abs(gutter - candidate) < 5)) continue;
    let starting = 0;
    let ending = 0;
    let crossing = 0;
    for (const line of lines) {
      if (Math.abs(line.x0 - candidate) < 2) starting += 1;
      else if (line.x0 < candidate - 1 && line.x1 <= candidate + 1) ending += 1;
      else if (line.x0 < candidate - 1 && line.x1 > candidate + 1) crossing += 1;
    }
    if (starting >= 3 && ending >= 3 && crossing <= crossingAllowed) gutters.push(candidate);
  }
  return gutters;
}

// ---------- 4: lines → paragraphs ----------

interface RawParagraph {
  kind: 'paragraph' | 'heading';
  text: string;
  /** True for the first paragraph of a column: the one that may continue the previous column's last. */
  first: boolean;
}

function paragraphsOf(lines: readonly Line[], bodySize: number): RawParagraph[] {
  const spacing = lineSpacing(lines);
  const columnLeft = Math.min(...lines.map((line) => line.x0));
  const columnWidth = Math.max(...lines.map((line) => line.x1)) - columnLeft;
  const groups: Line[][] = [];
  let previous: Line | null = null;
  for (const line of lines) {
    const group = groups[groups.length - 1];
    const breaks =
      previous === null ||
      group === undefined ||
      previous.y - line.y > spacing * 1.4 ||
      Math.abs(previous.size - line.size) > 0.5 ||
      line.x0 - columnLeft > line.size * 0.9 ||
      (previous.x1 - columnLeft < columnWidth * 0.7 && endsSentence(previous.text));
    if (breaks || group === undefined) groups.push([line]);
    else group.push(line);
    previous = line;
  }
  return groups.map((group, index) => {
    const text = group.map((line) => line.text).reduce(joinLines);
    const size = group[0]?.size ?? bodySize;
    const heading = size > bodySize * 1.15 && text.length <= 200;
    return { kind: heading ? 'heading' : 'paragraph', text, first: index === 0 };
  });
}

/** The usual distance between consecutive lines of a column (the median), for telling a paragraph gap. */
function lineSpacing(lines: readonly Line[]): number {
  const gaps: number[] = [];
  for (let index = 1; index < lines.length; index += 1) {
    const gap = (lines[index - 1]?.y ?? 0) - (lines[index]?.y ?? 0);
    if (gap > 0) gaps.push(gap);
  }
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)] ?? (lines[0]?.size ?? 10) * 1.2;
}

/** Two lines of a paragraph as one: a word hyphenated at the line end is rejoined ("restruc-" + "turing"). */
function joinLines(before: string, after: string): string {
  if (/\p{L}-$/u.test(before) && /^\p{Ll}/u.test(after)) return before.slice(0, -1) + after;
  return `${before} ${after}`;
}

function endsSentence(text: string): boolean {
  return /[.!?…:;]["”’)\]]*$/.test(text);
}

/** 1–10 words, capitalised, without final punctuation: how a heading reads (the segmenter's rule). */
function isHeadingLike(text: string): boolean {
  const words = text.split(/\s+/).length;
  return text.length <= 100 && words <= 10 && /^["“‘']?[\p{Lu}\p{N}]/u.test(text) && !/[.!?…,;:]["”’']?$/.test(text);
}

/** The font size most text is set in, by characters. */
function commonSize(lines: readonly Line[]): number {
  const chars = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    chars.set(size, (chars.get(size) ?? 0) + line.text.length);
  }
  let best = 10;
  let most = -1;
  for (const [size, count] of chars) {
    if (count > most) [best, most] = [size, count];
  }
  return best;
}

function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
