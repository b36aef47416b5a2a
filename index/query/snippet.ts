import { BoundedCache, ENTRY_BYTES, memoPerObject, stringBytes } from '../cache.ts';
import { foldWord, indexTerm, type Token } from '../text.ts';
import { wordBounds } from './word-bounds.ts';

/** What to highlight: index terms (stems reached by exact, prefix or typo matching) and phrase forms. */
export interface Highlight {
  terms: ReadonlySet<string>;
  /** phraseForm of each phrase: folded words joined by single spaces. */
  phrases: readonly string[];
}

/** About this many words are shown around the densest cluster of matches. */
export const SNIPPET_WORDS = 30;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five HTML-significant characters. */
export function escapeHtml(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char) : text;
}

/** Which words of `text` match: by index term, or as part of a phrase occurrence. Tokens and flags align. */
export function markMatches(text: string, highlight: Highlight): { tokens: Token[]; marked: boolean[] } {
  const { bounds, marked } = markedWords(text, highlight);
  const tokens: Token[] = [];
  for (let k = 0; k < bounds.length; k += 2) {
    const start = bounds[k] ?? 0;
    const end = bounds[k + 1] ?? 0;
    tokens.push({ word: text.slice(start, end), start, end });
  }
  return { tokens, marked: Array.from(marked, (flag) => flag === 1) };
}

/** Index terms of words as written; the same few thousand words recur in every snippet. */
const termOfWord = new BoundedCache<string, string | null>({
  maxEntries: 200_000,
  maxBytes: 32 * 2 ** 20,
  sizeOf: (word, term) => stringBytes(word) + (term === null ? 0 : stringBytes(term)) + ENTRY_BYTES,
});

function termOf(word: string): string | null {
  let term = termOfWord.get(word);
  if (term === undefined) {
    term = indexTerm(word);
    termOfWord.set(word, term);
  }
  return term;
}

/**
 * The ASCII first letters of a set of index terms. Folding and stemming keep a word's first letter (lower-cased),
 * so a word starting with any other ASCII character cannot match, and its term need not be looked up.
 */
const initialsOf = memoPerObject((terms: ReadonlySet<string>): Uint8Array => {
  const initials = new Uint8Array(128);
  for (const term of terms) {
    const code = term.charCodeAt(0);
    if (code < 128) initials[code] = 1;
  }
  return initials;
});

/** Word bounds of `text` (wordBounds pairs) and, per word, 1 when it matches. */
function markedWords(text: string, highlight: Highlight): { bounds: Int32Array; marked: Uint8Array } {
  const bounds = wordBounds(text);
  const count = bounds.length / 2;
  const marked = new Uint8Array(count);
  if (highlight.terms.size > 0) {
    const initials = initialsOf(highlight.terms);
    for (let k = 0; k < count; k += 1) {
      const start = bounds[2 * k] ?? 0;
      const first = text.charCodeAt(start);
      // Upper-case ASCII letters fold to lower case: 'A' (0x41) | 0x20 is 'a'.
      if (first < 128 && initials[first >= 0x41 && first <= 0x5a ? first | 0x20 : first] === 0) continue;
      const term = termOf(text.slice(start, bounds[2 * k + 1] ?? 0));
      if (term !== null && highlight.terms.has(term)) marked[k] = 1;
    }
  }
  if (highlight.phrases.length > 0) {
    const folded: string[] = [];
    for (let k = 0; k < count; k += 1) folded.push(foldWord(text.slice(bounds[2 * k] ?? 0, bounds[2 * k + 1] ?? 0)));
    for (const phrase of highlight.phrases) {
      const sequence = phrase.split(' ');
      for (let start = 0; start + sequence.length <= count; start += 1) {
        if (sequence.every((word, k) => folded[start + k] === word)) marked.fill(1, start, start + sequence.length);
      }
    }
  }
  return { bounds, marked };
}

/**
 * A window of about SNIPPET_WORDS words around the densest cluster of matches, as HTML: the text escaped,
 * each matched word in `<mark>`, "…" where the text is cut. Nothing else in it is markup.
 */
export function makeSnippet(text: string, highlight: Highlight, windowWords = SNIPPET_WORDS): string {
  const { bounds, marked } = markedWords(text, highlight);
  const count = marked.length;
  const [first, last] = bestWindow(marked, windowWords);
  const startChar = first === 0 ? 0 : (bounds[2 * first] ?? 0);
  const endChar = last >= count ? text.length : (bounds[2 * last - 1] ?? text.length);
  let html = first === 0 ? '' : '… ';
  let position = startChar;
  for (let k = first; k < last && k < count; k += 1) {
    if (marked[k] !== 1) continue;
    const start = bounds[2 * k] ?? 0;
    const end = bounds[2 * k + 1] ?? 0;
    html += `${escapeHtml(text.slice(position, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    position = end;
  }
  html += escapeHtml(text.slice(position, endChar));
  return last >= count ? html : `${html} …`;
}

/** Token range [first, last) of the window with the most marked words, centred on them; the earliest on ties. */
function bestWindow(marked: Uint8Array, size: number): [number, number] {
  const count = marked.length;
  if (count <= size) return [0, count];
  let inWindow = 0;
  for (let k = 0; k < size; k += 1) if (marked[k]) inWindow += 1;
  let best = inWindow;
  let bestStart = 0;
  for (let start = 1; start + size <= count; start += 1) {
    if (marked[start - 1]) inWindow -= 1;
    if (marked[start + size - 1]) inWindow += 1;
    if (inWindow > best) {
      best = inWindow;
      bestStart = start;
    }
  }
  if (best === 0) return [0, size];
  let firstMark = bestStart;
  while (!marked[firstMark]) firstMark += 1;
  let lastMark = bestStart + size - 1;
  while (!marked[lastMark]) lastMark -= 1;
  const slack = size - (lastMark - firstMark + 1);
  const start = Math.max(0, Math.min(count - size, firstMark - Math.floor(slack / 2)));
  return [start, start + size];
}
