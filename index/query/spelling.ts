import { memoPerObject } from '../cache.ts';
import type { Vocabulary } from '../store/loaded-index.ts';
import { foldWord, STOP_WORDS } from '../text.ts';
import { boundedEditDistance } from '../edit-distance.ts';

/** "Did you mean": words of a query the corpus never uses, replaced by the closest words it does use. */

/** Edit distance with swaps of neighbouring letters as one edit, bounded by `limit` (see boundedEditDistance). */
export function editDistance(a: string, b: string, limit: number): number {
  return boundedEditDistance(a, b, limit, true);
}

/**
 * The query with each word the corpus never uses replaced by the closest word it does use (at most two edits,
 * the most frequent on ties), or null when every word is known or none has a close match. Operators, quotes and
 * `field:value` filters are kept as typed.
 */
export function correctQuery(vocabulary: Pick<Vocabulary, 'words' | 'counts'>, q: string): string | null {
  let changed = false;
  const corrected = q.replace(/(^|[\s"(])(-?)([\p{L}\p{N}][\p{L}\p{N}'’.-]*)(?=$|[\s"),;!?])/gu, (whole, before: string, minus: string, word: string) => {
    if (/^(AND|OR|NOT)$/.test(word)) return whole;
    const folded = foldWord(word);
    if (folded.length < 3 || STOP_WORDS.has(folded) || /\d/.test(folded) || knows(vocabulary, folded)) return whole;
    const replacement = closestWord(vocabulary, folded);
    if (replacement === null) return whole;
    changed = true;
    return `${before}${minus}${replacement}`;
  });
  return changed ? corrected : null;
}

function knows(vocabulary: Pick<Vocabulary, 'words'>, folded: string): boolean {
  let low = 0;
  let high = vocabulary.words.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const word = vocabulary.words[middle] ?? '';
    if (word === folded) return true;
    if (word < folded) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

function closestWord(vocabulary: Pick<Vocabulary, 'words' | 'counts'>, folded: string): string | null {
  const limit = folded.length >= 5 ? 2 : 1;
  const masks = letterMasks(vocabulary.words);
  const mask = letterMask(folded);
  let best: { word: string; distance: number; count: number } | null = null;
  vocabulary.words.forEach((word, i) => {
    if (Math.abs(word.length - folded.length) > limit) return;
    // Each letter one word has and the other lacks costs at least one edit: most words fail this before any DP.
    const other = masks[i] ?? 0;
    if (bitCount(other & ~mask) > limit || bitCount(mask & ~other) > limit) return;
    const distance = editDistance(folded, word, limit);
    if (distance > limit) return;
    const count = vocabulary.counts[i] ?? 0;
    if (best === null || distance < best.distance || (distance === best.distance && count > best.count)) {
      best = { word, distance, count };
    }
  });
  return best === null ? null : (best as { word: string }).word;
}

/** The letter set of each vocabulary word, worked out once per vocabulary. */
const letterMasks = memoPerObject((words: readonly string[]): Uint32Array => Uint32Array.from(words, letterMask));

/**
 * The set of characters of a word as 32 bits (code point mod 32). Two characters may share a bit, which only
 * makes the letter-difference bound weaker, never wrong.
 */
function letterMask(word: string): number {
  let mask = 0;
  for (const char of word) mask |= 1 << ((char.codePointAt(0) ?? 0) % 32);
  return mask >>> 0;
}

function bitCount(value: number): number {
  let v = value >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
