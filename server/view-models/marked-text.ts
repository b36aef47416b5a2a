import { markMatches, type Highlight } from '../../index/query/index.ts';

/** A text cut into runs, the query's words marked the way the search core marks them in snippets. */

/** A run of text, marked when it matches the query, underlined when it is evidence of the selected tag. */
export interface TextPart {
  text: string;
  mark: boolean;
  underline: boolean;
}

/** A span of characters, end exclusive. */
export interface CharSpan {
  start: number;
  end: number;
}

/**
 * Splits a text into runs: the words the search core's highlight marks in snippets are marked, the `underlined`
 * spans (a tag's evidence) underlined. Views escape `text`; no HTML is made here.
 */
export function markedParts(text: string, highlight: Highlight | null, underlined: readonly CharSpan[] = []): TextPart[] {
  const marking = highlight !== null && (highlight.terms.size > 0 || highlight.phrases.length > 0);
  if ((!marking && underlined.length === 0) || text.length === 0) return [{ text, mark: false, underline: false }];
  const MARK = 1;
  const UNDERLINE = 2;
  const flags = new Uint8Array(text.length);
  if (marking) {
    const { tokens, marked } = markMatches(text, highlight);
    tokens.forEach((token, i) => {
      if (marked[i]) flags.fill(MARK, token.start, token.end);
    });
  }
  for (const span of underlined) {
    for (let at = Math.max(0, span.start); at < Math.min(text.length, span.end); at += 1) flags[at] = (flags[at] ?? 0) | UNDERLINE;
  }
  const parts: TextPart[] = [];
  let from = 0;
  for (let at = 1; at <= text.length; at += 1) {
    if (at < text.length && flags[at] === flags[from]) continue;
    const flag = flags[from] ?? 0;
    parts.push({ text: text.slice(from, at), mark: (flag & MARK) !== 0, underline: (flag & UNDERLINE) !== 0 });
    from = at;
  }
  return parts;
}
