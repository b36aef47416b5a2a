import type { LoadedIndex } from '../index/query/index.ts';

/** Where request handlers get the index from, so a re-index can swap it without restarting. */
export interface IndexSource {
  /** The index to answer this request with; a handler takes it once and keeps it until it answers. */
  current(): LoadedIndex;
}

/** An index source holding one index that can be replaced atomically. */
export function swappableIndex(initial: LoadedIndex): IndexSource & { replace(next: LoadedIndex): void } {
  let index = initial;
  return {
    current: () => index,
    replace: (next) => {
      index = next;
    },
  };
}
