import {
  isBoilerplateLine,
  isLinkOnly,
  isMetaLine,
  plainInline,
  wordCount,
} from './article-text.ts';
import { phraseForm } from '../text.ts';
import type { Article, Paragraph } from '../types.ts';

/**
 * Article text → clean paragraphs, in one linear pass.
 *
 * 1. Lines are grouped into units: a blank line ends a unit; inside a block, a line ends one too
 *    (texts with one paragraph per line), unless the block is hard-wrapped, the line ends with a
 *    Markdown hard break, or the sentence visibly continues on the next line.
 * 2. A unit that ends mid-sentence is rejoined with the next one when that opens in lower case or
 *    with punctuation, across blank lines too (page breaks).
 * 3. Bullet items on consecutive lines stay together: a list of short items is one paragraph (an item
 *    like "- a freeze on petrol duty" means little alone); a list of long items, paragraphs in
 *    their own right, gives one paragraph per item.
 * 4. Furniture is dropped: the title repeated, bylines, date lines, navigation, contact and
 *    subscription lines, link-only lines, rules.
 * 5. Short capitalised lines without final punctuation that introduce a paragraph are section
 *    headings, as are Markdown headings; a run of such lines is a list of items and stays as text.
 */

type UnitKind = 'text' | 'list' | 'heading';

interface Unit {
  kind: UnitKind;
  /** The source lines, trimmed; a line opening with closing punctuation is glued to the one before. */
  lines: string[];
}

/** Paragraphs longer than this are cut at sentence ends, so that one huge line stays searchable. */
export const MAX_PARAGRAPH_CHARS = 5000;

const LIST_ITEM = /^(?:[-*+•▪◦‣]|\d{1,3}[.)])\s+\S/;
const ATX_HEADING = /^#{1,6}(?:\s+|$)/;
const SETEXT_UNDERLINE = /^(?:={3,}|-{3,})$/;
const WRAP_MIN_WIDTH = 50;
const WRAP_MAX_WIDTH = 120;
/** Average item length above which a list's items are paragraphs of their own. */
const LONG_LIST_ITEM_CHARS = 200;

/** Splits an article's text into numbered paragraphs (1-based, counting emitted paragraphs only). */
export function splitParagraphs(article: Article): Paragraph[] {
  const units = splitLongLists(readUnits(article.text));
  const titleForm = phraseForm(article.title);
  const kept = units.filter((unit) => !isFurniture(unit, article, titleForm));
  const paragraphs: Paragraph[] = [];
  let section: string | null = null;
  for (const [index, unit] of kept.entries()) {
    const text = unitText(unit);
    if (unit.kind === 'heading' || isSectionHeading(kept, index)) {
      section = text.length > 0 ? text : null;
      continue;
    }
    for (const piece of splitLong(text)) {
      paragraphs.push({ docId: article.id, n: paragraphs.length + 1, section, text: piece });
    }
  }
  return paragraphs;
}

// ---------- 1–3: lines → units ----------

function readUnits(text: string): Unit[] {
  const units: Unit[] = [];
  let current: Unit | null = null;
  let previousRaw = '';
  for (const block of readBlocks(text)) {
    const wrapped = isHardWrapped(block);
    let firstInBlock = true;
    for (const raw of block) {
      const line = raw.trim().replace(/^(?:>\s?)+/, '').trim();
      const gap = firstInBlock;
      firstInBlock = false;
      if (!gap && current !== null && SETEXT_UNDERLINE.test(line) && current.kind === 'text' && isHeadingLike(plainInline(rawText(current)))) {
        current.kind = 'heading';
        continue;
      }
      const kind: UnitKind = ATX_HEADING.test(line) ? 'heading' : LIST_ITEM.test(line) ? 'list' : 'text';
      if (current !== null && joins(current, kind, line, raw, previousRaw, gap, wrapped)) {
        current.lines.push(line);
      } else {
        current = { kind, lines: [line] };
        units.push(current);
      }
      previousRaw = raw;
    }
  }
  return units;
}

/** Replaces each list whose items are long on average by one unit per item. */
function splitLongLists(units: Unit[]): Unit[] {
  return units.flatMap((unit) => {
    if (unit.kind !== 'list') return [unit];
    const items: Unit[] = [];
    for (const line of unit.lines) {
      const last = items[items.length - 1];
      if (last === undefined || LIST_ITEM.test(line)) items.push({ kind: 'list', lines: [line] });
      else last.lines.push(line);
    }
    const chars = unit.lines.reduce((sum, line) => sum + line.length, 0);
    return items.length > 1 && chars / items.length > LONG_LIST_ITEM_CHARS ? items : [unit];
  });
}

/** Runs of non-blank lines; a form feed counts as a blank line. */
function readBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  let block: string[] = [];
  for (const line of text.split(/\r\n?|\n|\f/)) {
    if (line.trim().length === 0) {
      if (block.length > 0) blocks.push(block);
      block = [];
    } else {
      block.push(line);
    }
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

function joins(
  current: Unit,
  kind: UnitKind,
  line: string,
  raw: string,
  previousRaw: string,
  gap: boolean,
  wrapped: boolean,
): boolean {
  if (current.kind === 'heading' || kind === 'heading') return false;
  if (!/[\p{L}\p{N}]/u.test(line)) return false;
  if (kind === 'list') return current.kind === 'list' && !gap;
  // An indented line under a list item continues that item.
  if (current.kind === 'list' && !gap && /^\s/.test(raw)) return true;
  const hardBreak = previousRaw.endsWith('  ') || previousRaw.endsWith('\\');
  if (!gap && (hardBreak || wrapped)) return true;
  return endsMidSentence(current.lines[current.lines.length - 1] ?? '') && continuesSentence(line);
}

/**
 * A block of three or more lines of similar width (50–120 characters), most of them ending
 * mid-sentence, is one hard-wrapped paragraph rather than one paragraph per line.
 */
function isHardWrapped(block: string[]): boolean {
  if (block.length < 3) return false;
  const lines = block.map((line) => line.trim());
  if (lines.some((line) => LIST_ITEM.test(line) || ATX_HEADING.test(line))) return false;
  // A loop, not Math.max(...lines): a block can hold hundreds of thousands of lines.
  let width = 0;
  for (const line of lines) width = Math.max(width, line.length);
  if (width < WRAP_MIN_WIDTH || width > WRAP_MAX_WIDTH) return false;
  const inner = lines.slice(0, -1);
  const openEnded = inner.filter((line) => endsMidSentence(line)).length;
  return inner.every((line) => line.length >= width * 0.6) && openEnded * 2 >= inner.length;
}

/** True when text stops without final punctuation (closing quotes, brackets and emphasis ignored). */
function endsMidSentence(text: string): boolean {
  const end = text.slice(-12).replace(/[\s"'”’»)\]*_]+$/, '');
  return end.length > 0 && !/[.!?…:]$/.test(end);
}

/** A line that can only be the rest of a sentence: a lower-case word, a bracket or punctuation first. */
function continuesSentence(line: string): boolean {
  return /^(?:\p{Ll}+(?!\p{L})|[(,;:.)\]}–—])/u.test(line);
}

/** The unit's lines joined by spaces, without a space before a line that opens with closing punctuation. */
function rawText(unit: Unit): string {
  let text = '';
  for (const line of unit.lines) {
    text += text.length === 0 || /^[,;:.)\]}]/.test(line) ? line : ` ${line}`;
  }
  return text;
}

// ---------- 4: furniture ----------

/** Furniture as a whole ("To contact … visit:" over two lines), or line by line (a byline, then a date). */
function isFurniture(unit: Unit, article: Article, titleForm: string): boolean {
  if (isFurnitureText(unitText(unit), rawText(unit), article, titleForm)) return true;
  // Furniture is short: a long unit is checked only as a whole.
  return (
    unit.lines.length > 1 &&
    unit.lines.length <= 4 &&
    unitText(unit).length <= 300 &&
    unit.lines.every((line) => isFurnitureText(plainInline(line), line, article, titleForm))
  );
}

function isFurnitureText(text: string, raw: string, article: Article, titleForm: string): boolean {
  if (!/[\p{L}\p{N}]/u.test(text) || isLinkOnly(raw)) return true;
  if (text.length > 300) return false;
  if (isBoilerplateLine(text)) return true;
  // "By Christmas Day." is a sentence; a byline has no final full stop.
  if (!/[.!?]$/.test(text) && isMetaLine(text, article.author)) return true;
  // A title ends without a full stop; a first sentence that became a derived title does not.
  return !text.endsWith('.') && text.length <= article.title.length * 2 + 20 && phraseForm(text) === titleForm;
}

// ---------- 5: headings ----------

/** A heading-like unit between body paragraphs, not part of a run of such lines (a list of items). */
function isSectionHeading(units: Unit[], index: number): boolean {
  const unit = units[index];
  const next = units[index + 1];
  const previous = units[index - 1];
  if (unit === undefined || unit.kind !== 'text' || !isHeadingLike(unitText(unit))) return false;
  if (next === undefined || next.kind === 'heading' || (next.kind === 'text' && isHeadingLike(unitText(next)))) return false;
  return previous === undefined || previous.kind !== 'text' || !isHeadingLike(unitText(previous));
}

/**
 * A line that reads as a heading: 1–10 words, at most 100 characters, opening with a capital or a
 * digit, one phrase without final punctuation ("Contexts of the War", "Second scenario").
 */
function isHeadingLike(text: string): boolean {
  if (text.length === 0 || text.length > 100 || wordCount(text) > 10) return false;
  if (!/^["“‘']?[\p{Lu}\p{N}]/u.test(text) || !/\p{L}/u.test(text)) return false;
  if (/[.!?…,;:]["”’']?$/.test(text)) return false;
  return !/[.!?]["”’)]*\s+["“‘(]?\p{Lu}/u.test(text);
}

// ---------- text ----------

const textCache = new WeakMap<Unit, string>();

/** A unit's plain text: Markdown inline syntax and heading marks removed, whitespace collapsed. */
function unitText(unit: Unit): string {
  let text = textCache.get(unit);
  if (text === undefined) {
    const raw = rawText(unit);
    const source = unit.kind === 'heading' ? raw.replace(/^#{1,6}\s*/, '').replace(/\s+#+$/, '') : raw;
    text = plainInline(source);
    textCache.set(unit, text);
  }
  return text;
}

/** Cuts an over-long paragraph at sentence ends (or spaces) into pieces of at most MAX_PARAGRAPH_CHARS. */
function splitLong(text: string): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > MAX_PARAGRAPH_CHARS) {
    const window = rest.slice(0, MAX_PARAGRAPH_CHARS);
    let cut = -1;
    for (const end of window.matchAll(/[.!?…]["”’)\]]*\s/g)) cut = (end.index ?? 0) + end[0].length;
    if (cut < MAX_PARAGRAPH_CHARS / 2) cut = window.lastIndexOf(' ') + 1;
    if (cut < MAX_PARAGRAPH_CHARS / 2) cut = MAX_PARAGRAPH_CHARS;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}
