/**
 * Match lists, the currency of query evaluation: paragraphs ascending with per-paragraph scores, words and typos,
 * and their sorted-list algebra (intersection, union, difference, lookup).
 */
import { memoPerObject } from '../cache.ts';
import type { LoadedIndex } from '../store/loaded-index.ts';

/** Paragraphs matching part of a query, ascending, with parallel per-paragraph data. */
export interface MatchList {
  paragraphs: Int32Array;
  scores: Float64Array;
  /** Words and phrases of the query matched (they differ only under OR). */
  words: Uint16Array;
  /** Typos (edit distance) it took to match, as Meilisearch counts them. */
  typos: Uint16Array;
}

/** A list of `length` zeroed entries, to be filled in. */
export function emptyList(length: number): MatchList {
  return {
    paragraphs: new Int32Array(length),
    scores: new Float64Array(length),
    words: new Uint16Array(length),
    typos: new Uint16Array(length),
  };
}

/** A list of bare paragraphs (scores 0), for exclusions. */
export function asList(paragraphs: Int32Array): MatchList {
  const list = emptyList(paragraphs.length);
  list.paragraphs.set(paragraphs);
  return list;
}

/** The entries of a list at the given positions. */
export function pick(list: MatchList, positions: readonly number[]): MatchList {
  const picked = emptyList(positions.length);
  positions.forEach((position, k) => {
    picked.paragraphs[k] = list.paragraphs[position] ?? 0;
    picked.scores[k] = list.scores[position] ?? 0;
    picked.words[k] = list.words[position] ?? 0;
    picked.typos[k] = list.typos[position] ?? 0;
  });
  return picked;
}

/** 0 … paragraphs − 1, built once per index. */
export const everyOrdinal = memoPerObject((index: LoadedIndex): Int32Array => {
  const ordinals = new Int32Array(index.paragraphs.length);
  for (let k = 0; k < ordinals.length; k += 1) ordinals[k] = k;
  return ordinals;
});

/** Every paragraph of the index, scores 0: what an empty AND or a phrase of stop words matches. */
export function everyParagraph(index: LoadedIndex): MatchList {
  return asList(everyOrdinal(index));
}

/** Paragraphs in every list; scores, words and typos add up. Smallest lists first, so work follows the rarest. */
export function intersectAll(lists: MatchList[]): MatchList {
  const sorted = [...lists].sort((a, b) => a.paragraphs.length - b.paragraphs.length);
  const [first, ...rest] = sorted;
  return rest.reduce(intersect, first ?? emptyList(0));
}

/** Paragraphs in both lists; scores, words and typos add up. */
export function intersect(a: MatchList, b: MatchList): MatchList {
  const positions: Array<[number, number]> = [];
  let j = 0;
  for (let i = 0; i < a.paragraphs.length && j < b.paragraphs.length; i += 1) {
    const paragraph = a.paragraphs[i] ?? 0;
    j = seek(b.paragraphs, paragraph, j);
    if (b.paragraphs[j] === paragraph) positions.push([i, j]);
  }
  const list = emptyList(positions.length);
  positions.forEach(([i, jj], k) => {
    list.paragraphs[k] = a.paragraphs[i] ?? 0;
    list.scores[k] = (a.scores[i] ?? 0) + (b.scores[jj] ?? 0);
    list.words[k] = (a.words[i] ?? 0) + (b.words[jj] ?? 0);
    list.typos[k] = (a.typos[i] ?? 0) + (b.typos[jj] ?? 0);
  });
  return list;
}

/** First position ≥ `from` whose paragraph is ≥ `target`: galloping, then binary search. */
export function seek(paragraphs: Int32Array, target: number, from: number): number {
  let low = from;
  let step = 1;
  let high = from;
  while (high < paragraphs.length && (paragraphs[high] ?? 0) < target) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, paragraphs.length);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((paragraphs[middle] ?? 0) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Paragraphs in either list; scores and words add up, typos are the fewest of the alternatives. */
export function unite(a: MatchList, b: MatchList): MatchList {
  const list = emptyList(a.paragraphs.length + b.paragraphs.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.paragraphs.length || j < b.paragraphs.length) {
    const left = i < a.paragraphs.length ? (a.paragraphs[i] ?? 0) : Infinity;
    const right = j < b.paragraphs.length ? (b.paragraphs[j] ?? 0) : Infinity;
    if (left < right) {
      copyEntry(a, i, list, k);
      i += 1;
    } else if (right < left) {
      copyEntry(b, j, list, k);
      j += 1;
    } else {
      list.paragraphs[k] = left;
      list.scores[k] = (a.scores[i] ?? 0) + (b.scores[j] ?? 0);
      list.words[k] = (a.words[i] ?? 0) + (b.words[j] ?? 0);
      list.typos[k] = Math.min(a.typos[i] ?? 0, b.typos[j] ?? 0);
      i += 1;
      j += 1;
    }
    k += 1;
  }
  return {
    paragraphs: list.paragraphs.subarray(0, k),
    scores: list.scores.subarray(0, k),
    words: list.words.subarray(0, k),
    typos: list.typos.subarray(0, k),
  };
}

/** Copies entry `i` of one list to entry `k` of another. */
function copyEntry(from: MatchList, i: number, to: MatchList, k: number): void {
  to.paragraphs[k] = from.paragraphs[i] ?? 0;
  to.scores[k] = from.scores[i] ?? 0;
  to.words[k] = from.words[i] ?? 0;
  to.typos[k] = from.typos[i] ?? 0;
}

/** The list without the given paragraphs (ascending). */
export function subtract(list: MatchList, removed: Int32Array): MatchList {
  if (removed.length === 0) return list;
  const kept: number[] = [];
  let j = 0;
  for (let i = 0; i < list.paragraphs.length; i += 1) {
    const paragraph = list.paragraphs[i] ?? 0;
    j = seek(removed, paragraph, j);
    if (removed[j] !== paragraph) kept.push(i);
  }
  return kept.length === list.paragraphs.length ? list : pick(list, kept);
}

/** Score of a paragraph in a list (binary search), 0 if absent. */
export function scoreIn(list: MatchList, paragraph: number): number {
  const position = seek(list.paragraphs, paragraph, 0);
  return list.paragraphs[position] === paragraph ? (list.scores[position] ?? 0) : 0;
}
