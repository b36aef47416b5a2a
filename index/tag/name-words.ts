import { foldWord, words } from '../text.ts';
import type { WordToken } from './tokens.ts';

/**
 * The words of a person's name, as opposed to the word tokens of the text: a hyphen or an apostrophe inside a
 * name joins its parts into one word ("Kilroy-Silk", "O'Sullivan", "Jae-in"), so surnames are compared whole.
 */

/** True when token j is glued to token j-1 into one name word: a hyphen or an apostrophe and nothing else. */
export function gluedAt(tokens: readonly WordToken[], j: number): boolean {
  const gap = tokens[j]?.gap;
  return j > 0 && (gap === '-' || gap === "'");
}

/** The folded name words of tokens [start, end): glued tokens become one word, parts joined by "-". */
export function nameWordsOf(tokens: readonly WordToken[], start: number, end: number): string[] {
  const result: string[] = [];
  for (let k = start; k < end; k += 1) {
    const folded = (tokens[k] as WordToken).folded;
    if (k > start && gluedAt(tokens, k)) result[result.length - 1] += `-${folded}`;
    else result.push(folded);
  }
  return result;
}

/** Number of name words in tokens [start, end). */
export function nameWordCount(tokens: readonly WordToken[], start: number, end: number): number {
  let count = 0;
  for (let k = start; k < end; k += 1) if (k === start || !gluedAt(tokens, k)) count += 1;
  return count;
}

/** The folded name words of a name from a data file: "Robert Kilroy-Silk" → ["robert", "kilroy-silk"]. */
export function nameWordsOfPhrase(phrase: string): string[] {
  return phrase
    .split(/\s+/)
    .map((part) => words(part).map(foldWord).join('-'))
    .filter((word) => word !== '');
}

const ROMAN = /^(?:X{0,3})(?:IX|IV|V?I{0,3})$/;

/** A regnal number written in Roman capitals: "II", "VI", "XIV" (not the empty string). */
export function isRegnalNumber(raw: string): boolean {
  return raw.length > 0 && ROMAN.test(raw);
}

// Spelling variants of transliterated names, applied in order: "Qadhafi", "Gaddafi", "Kadhafi" → "kadafi".
const SKELETON_STEPS: Array<[RegExp, string]> = [
  [/ph/g, 'f'],
  [/([dkgt])h/g, '$1'],
  [/[qcg]/g, 'k'],
  [/ck/g, 'k'],
  [/y/g, 'i'],
  [/ou|oo/g, 'u'],
  [/ee/g, 'i'],
  [/-/g, ''],
  [/(.)\1+/g, '$1'],
];

/**
 * A transliteration-tolerant key of a folded name word, so spellings of one name from another script meet:
 * "gaddafi", "qadhafi" and "kadhafi" share one, "zelensky" and "zelenskyy" another.
 */
export function nameSkeleton(folded: string): string {
  let key = folded;
  for (const [pattern, replacement] of SKELETON_STEPS) key = key.replace(pattern, replacement);
  return key;
}
