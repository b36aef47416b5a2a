import { foldWord, plainPunctuation, tokenize } from '../text.ts';

/**
 * The word tokens the tagger works on: each word with its folded form, its letter case and the
 * punctuation that separates it from the previous word, so rules can ask "capitalised?" or "same sentence?".
 */

/** Letter case of a word: all capitals ("NATO"), initial capital ("Paris"), lower case, or starting with a digit. */
export type Shape = 'upper' | 'capital' | 'lower' | 'other';

export interface WordToken {
  /** The word as written, accents kept, dots of acronyms kept ("U.S."). */
  raw: string;
  /** Lower-case, accent-free, dot-free form used for lookups. */
  folded: string;
  shape: Shape;
  /** Characters between the previous word and this one (curly quotes and dashes made plain). */
  gap: string;
  start: number;
  end: number;
}

const SENTENCE_END = /[.!?:;"()[\]{}|•*]/;

function shapeOf(word: string): Shape {
  const first = word[0] ?? '';
  const lowerFirst = first.toLowerCase();
  const upperFirst = first.toUpperCase();
  if (lowerFirst === upperFirst) return 'other';
  if (first === lowerFirst) return 'lower';
  if (word.length > 1 && word === word.toUpperCase() && /\p{L}.*\p{L}/u.test(word)) return 'upper';
  return 'capital';
}

/** Splits a paragraph into word tokens with case shape and separating punctuation. */
export function wordTokens(paragraph: string): WordToken[] {
  const plain = plainPunctuation(paragraph);
  const tokens: WordToken[] = [];
  let previousEnd = 0;
  for (const token of tokenize(plain)) {
    tokens.push({
      raw: token.word,
      folded: foldWord(token.word),
      shape: shapeOf(token.word),
      gap: plain.slice(previousEnd, token.start),
      start: token.start,
      end: token.end,
    });
    previousEnd = token.end;
  }
  return tokens;
}

/** True when the gap before a word ends a sentence or a clause in quotes/brackets, or at the very start. */
export function startsSentence(tokens: readonly WordToken[], i: number): boolean {
  const token = tokens[i];
  if (token === undefined) return false;
  if (i === 0) return true;
  return SENTENCE_END.test(token.gap) || token.gap.includes('\n');
}

/** True when two neighbouring words belong to one name: separated by one space, a hyphen or an apostrophe. */
export function joined(tokens: readonly WordToken[], i: number): boolean {
  const gap = tokens[i]?.gap;
  return gap === ' ' || gap === '-' || gap === "'";
}

/** True when most words of a paragraph are in capitals: a shouted headline, where case tells nothing. */
export function isShouting(tokens: readonly WordToken[]): boolean {
  let upper = 0;
  let cased = 0;
  for (const token of tokens) {
    if (token.shape === 'other') continue;
    cased += 1;
    if (token.shape === 'upper') upper += 1;
  }
  return cased >= 3 && upper * 2 > cased;
}
