import { foldWord, indexTerm, tokenize } from './text.ts';

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
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Which words of `text` match: by index term, or as part of a phrase occurrence. Tokens and flags align. */
export function markMatches(text: string, highlight: Highlight): { tokens: ReturnType<typeof tokenize>; marked: boolean[] } {
  const tokens = tokenize(text);
  const marked = tokens.map((token) => {
    const term = indexTerm(token.word);
    return term !== null && highlight.terms.has(term);
  });
  if (highlight.phrases.length > 0) {
    const folded = tokens.map((token) => foldWord(token.word));
    for (const phrase of highlight.phrases) {
      const sequence = phrase.split(' ');
      for (let start = 0; start + sequence.length <= folded.length; start += 1) {
        if (sequence.every((word, k) => folded[start + k] === word)) {
          for (let k = 0; k < sequence.length; k += 1) marked[start + k] = true;
        }
      }
    }
  }
  return { tokens, marked };
}

/**
 * A window of about SNIPPET_WORDS words around the densest cluster of matches, as HTML: the text escaped,
 * each matched word in `<mark>`, "…" where the text is cut. Nothing else in it is markup.
 */
export function makeSnippet(text: string, highlight: Highlight, windowWords = SNIPPET_WORDS): string {
  const { tokens, marked } = markMatches(text, highlight);
  const [first, last] = bestWindow(marked, windowWords);
  const startChar = first === 0 ? 0 : (tokens[first]?.start ?? 0);
  const endChar = last >= tokens.length ? text.length : (tokens[last - 1]?.end ?? text.length);
  let html = first === 0 ? '' : '… ';
  let position = startChar;
  for (let k = first; k < last && k < tokens.length; k += 1) {
    const token = tokens[k];
    if (token === undefined || !marked[k]) continue;
    html += `${escapeHtml(text.slice(position, token.start))}<mark>${escapeHtml(token.word)}</mark>`;
    position = token.end;
  }
  html += escapeHtml(text.slice(position, endChar));
  return last >= tokens.length ? html : `${html} …`;
}

/** Token range [first, last) of the window with the most marked words, centred on them; the earliest on ties. */
function bestWindow(marked: readonly boolean[], size: number): [number, number] {
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
