/**
 * Folding hits into results: identical copies into one (`collapse`), then an article's hits into its best one
 * (`group=article`). Each group is represented by its best member in the request's order; the others are kept
 * so that a hit can say "also in N other articles" or "N more paragraphs in this article". One linear pass per
 * step, so folding costs no more than counting.
 */
import type { PositionOrder } from './rank.ts';

/** Hit positions after folding, with what each representative stands for. */
export interface Folding {
  /** Positions of the representatives, ascending. */
  representatives: Int32Array;
  /** Representative position → the other positions folded into it, for representatives that have some. */
  members: Map<number, number[]>;
  /** How many positions were folded away. */
  folded: number;
}

/** No folding: every position stands for itself. */
export function unfolded(positions: Int32Array): Folding {
  return { representatives: positions, members: new Map(), folded: 0 };
}

/**
 * Folds positions sharing a key into the best of them by `order`; a negative key never folds. Positions with a key
 * are few when most paragraphs have no copy, so the map holds only them.
 */
export function foldBy(positions: Int32Array, keyOf: (position: number) => number, order: PositionOrder): Folding {
  const best = new Map<number, number>();
  const groups = new Map<number, number[]>();
  for (const position of positions) {
    const key = keyOf(position);
    if (key < 0) continue;
    const current = best.get(key);
    if (current === undefined) {
      best.set(key, position);
      groups.set(key, [position]);
    } else {
      groups.get(key)?.push(position);
      if (order(position, current) < 0) best.set(key, position);
    }
  }
  if (best.size === 0) return unfolded(positions);
  const kept = new Int32Array(positions.length - countFolded(groups));
  const members = new Map<number, number[]>();
  let k = 0;
  for (const position of positions) {
    const key = keyOf(position);
    if (key >= 0 && best.get(key) !== position) continue;
    kept[k++] = position;
    const group = key >= 0 ? groups.get(key) : undefined;
    if (group !== undefined && group.length > 1) members.set(position, group.filter((other) => other !== position));
  }
  return { representatives: kept, members, folded: positions.length - kept.length };
}

function countFolded(groups: ReadonlyMap<number, number[]>): number {
  let folded = 0;
  for (const group of groups.values()) folded += group.length - 1;
  return folded;
}
