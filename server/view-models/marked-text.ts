import { markMatches, type Highlight } from '../../index/query/index.ts';

/** A text cut into runs, the query's words marked the way the search core marks them in snippets. */

/** A run of text, marked when it matches the query. Views escape `text`; no HTML is made here. */
export interface TextPart {
  text: string;
  mark: boolean;
}

/** Splits a text into runs, marking the words the search core's highlight marks in snippets. */
export function markedParts(text: string, highlight: Highlight | null): TextPart[] {
  if (highlight === null || (highlight.terms.size === 0 && highlight.phrases.length === 0)) return [{ text, mark: false }];
  const { tokens, marked } = markMatches(text, highlight);
  const parts: TextPart[] = [];
  let at = 0;
  tokens.forEach((token, i) => {
    if (!marked[i]) return;
    if (token.start > at) parts.push({ text: text.slice(at, token.start), mark: false });
    parts.push({ text: text.slice(token.start, token.end), mark: true });
    at = token.end;
  });
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}
