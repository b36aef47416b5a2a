import { foldWord, plainPunctuation, words } from '../text.ts';
import { wordId, wordOf } from './lexicon.ts';

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
  /** Id of `folded` in this thread's lexicon (lexicon.ts), for lookups without string hashing. */
  id: number;
  shape: Shape;
  /** An initial: one capital letter ("W") or dotted capitals ("J.K."). */
  initial: boolean;
  /** Characters between the previous word and this one (curly quotes and dashes made plain). */
  gap: string;
  start: number;
  end: number;
}

const INITIALS = /^(?:\p{Lu}\.)+$/u;
const SENTENCE_END = /[.!?:;"()[\]{}|•*]/;

function isAsciiUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isAsciiLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

function shapeOf(word: string): Shape {
  const code = word.charCodeAt(0);
  if (code < 128) {
    if (isAsciiLower(code)) return 'lower';
    if (!isAsciiUpper(code)) return 'other';
  } else {
    const first = word[0] ?? '';
    const lower = first.toLowerCase();
    if (lower === first.toUpperCase()) return 'other';
    if (first === lower) return 'lower';
  }
  if (word.length === 1) return 'capital';
  let letters = 0;
  for (let k = 0; k < word.length; k += 1) {
    const c = word.charCodeAt(k);
    if (isAsciiLower(c)) return 'capital';
    if (c >= 128) return word === word.toUpperCase() && word !== word.toLowerCase() ? 'upper' : 'capital';
    if (isAsciiUpper(c)) letters += 1;
  }
  return letters > 1 ? 'upper' : 'capital';
}

/** foldWord, with a fast path for plain ASCII words without dots. */
function fold(word: string): string {
  for (let k = 0; k < word.length; k += 1) {
    const c = word.charCodeAt(k);
    if (c >= 128 || c === 46) return foldWord(word);
  }
  return word.toLowerCase();
}

const NON_ASCII = /[^\x00-\x7f]/;

/** What a word is, whatever its place: computed once per distinct spelling. */
interface WordForm {
  folded: string;
  id: number;
  shape: Shape;
  initial: boolean;
}

// Spellings seen in this thread, as written ("Paris", "PARIS" and "paris" are three). A token then costs one map
// lookup, and tokens of one word share one folded string.
const forms = new Map<string, WordForm>();

function formOf(word: string): WordForm {
  let form = forms.get(word);
  if (form === undefined) {
    const shape = shapeOf(word);
    const id = wordId(fold(word));
    form = {
      folded: wordOf(id),
      id,
      shape,
      initial: shape !== 'lower' && shape !== 'other' && (word.length === 1 || INITIALS.test(word)),
    };
    forms.set(word, form);
  }
  return form;
}

/** Splits a paragraph into word tokens with case shape and separating punctuation. */
export function wordTokens(paragraph: string): WordToken[] {
  const plain = NON_ASCII.test(paragraph) ? plainPunctuation(paragraph) : paragraph;
  const tokens: WordToken[] = [];
  let previousEnd = 0;
  // Between two words there is no letter or digit, so each word is found again by indexOf where the last one ended.
  for (const word of words(plain)) {
    const start = plain.indexOf(word, previousEnd);
    const end = start + word.length;
    const form = formOf(word);
    tokens.push({
      raw: word,
      folded: form.folded,
      id: form.id,
      shape: form.shape,
      initial: form.initial,
      gap: plain.slice(previousEnd, start),
      start,
      end,
    });
    previousEnd = end;
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
