/** Ordering hits: by relevance or by recency, the first `limit` of them with a bounded heap, and hit positions. */
import type { FilteredCandidates } from './facets.ts';
import type { MatchList } from './match-list.ts';

/** Whether some candidate passes every filter. */
export function hasHit(candidates: FilteredCandidates): boolean {
  return candidates.masks.some((mask) => mask === 0);
}

/** Positions (in the candidate list) of candidates that pass every filter. */
export function positionsOfHits(candidates: FilteredCandidates): Int32Array {
  let count = 0;
  for (const mask of candidates.masks) if (mask === 0) count += 1;
  const positions = new Int32Array(count);
  let k = 0;
  candidates.masks.forEach((mask, position) => {
    if (mask === 0) positions[k++] = position;
  });
  return positions;
}

/** An order of hit positions: negative when the first comes first. */
export type PositionOrder = (a: number, b: number) => number;

/**
 * Relevance order of list positions. With every word required: most words (under OR), fewest typos, highest
 * score, newest. With words optional (`optionalOf` words): all of them or not, highest score, newest.
 * `rank` is the browse rank of the list's units (paragraphs or articles).
 */
export function relevanceComparator(rank: Int32Array, list: MatchList, optionalOf: number | null): PositionOrder {
  const { words, typos, scores, paragraphs } = list;
  const newer = (a: number, b: number): number => (rank[paragraphs[a] ?? 0] ?? 0) - (rank[paragraphs[b] ?? 0] ?? 0);
  if (optionalOf !== null) {
    const lacksSome = (a: number): number => ((words[a] ?? 0) >= optionalOf ? 0 : 1);
    return (a, b) => lacksSome(a) - lacksSome(b) || (scores[b] ?? 0) - (scores[a] ?? 0) || newer(a, b);
  }
  return (a, b) => (words[b] ?? 0) - (words[a] ?? 0)
    || (typos[a] ?? 0) - (typos[b] ?? 0)
    || (scores[b] ?? 0) - (scores[a] ?? 0)
    || newer(a, b);
}

/** Browse order of candidate positions: newest document first, then paragraph order. */
export function recencyComparator(candidates: FilteredCandidates): PositionOrder {
  const rank = candidates.level.recencyRank;
  const ordinals = candidates.ordinals;
  return (a, b) => (rank[ordinals[a] ?? 0] ?? 0) - (rank[ordinals[b] ?? 0] ?? 0);
}

/** The first `limit` items in comparator order: a bounded heap when the limit is small, else a full sort. */
export function firstInOrder(items: Int32Array, limit: number, compare: (a: number, b: number) => number): Int32Array {
  const count = Math.min(limit, items.length);
  if (count * 4 >= items.length) return items.slice().sort(compare).subarray(0, count);
  // A max-heap of the best `count` so far: its root is the worst of them, replaced by anything better.
  const heap = items.slice(0, count);
  const siftDown = (start: number) => {
    let parent = start;
    for (;;) {
      const left = parent * 2 + 1;
      if (left >= count) return;
      const right = left + 1;
      const child = right < count && compare(heap[right] ?? 0, heap[left] ?? 0) > 0 ? right : left;
      if (compare(heap[child] ?? 0, heap[parent] ?? 0) <= 0) return;
      [heap[child], heap[parent]] = [heap[parent] ?? 0, heap[child] ?? 0];
      parent = child;
    }
  };
  for (let k = Math.floor(count / 2) - 1; k >= 0; k -= 1) siftDown(k);
  for (let k = count; k < items.length; k += 1) {
    const item = items[k] ?? 0;
    if (count > 0 && compare(item, heap[0] ?? 0) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}
