/**
 * The two kinds of cache the index code keeps: a bounded LRU cache for values computed from what requests or texts
 * bring (words, queries), and a memo for values derived from one object (a loaded index, a column) that die with it.
 */

/** How many entries and bytes a BoundedCache may hold, and how it weighs an entry. */
export interface CacheBounds<K, V> {
  maxEntries: number;
  maxBytes: number;
  /** Approximate bytes an entry holds, key included (see stringBytes and ENTRY_BYTES). */
  sizeOf: (key: K, value: V) => number;
}

/** Approximate bytes of a string: two a character at most, plus V8's header. */
export function stringBytes(text: string): number {
  return text.length * 2 + 16;
}

/** Approximate bytes a cache entry costs besides its key and value: its map slot and list places. */
export const ENTRY_BYTES = 64;

/** No slot: the end of the list of entries. */
const NONE = -1;

/**
 * A least-recently-used cache bounded both by entry count and by approximate bytes: adding an entry evicts the
 * least recently used ones until both bounds hold, and an entry bigger than the byte bound alone is not kept.
 * Reading an entry makes it the most recently used.
 * @example
 *   const sizeOf = (word: string, stem: string) => stringBytes(word) + stringBytes(stem) + ENTRY_BYTES;
 *   const stems = new BoundedCache<string, string>({ maxEntries: 10_000, maxBytes: 2 ** 20, sizeOf });
 *   let stemmed = stems.get(word);
 *   if (stemmed === undefined) stems.set(word, (stemmed = porter2(word)));
 */
export class BoundedCache<K, V> {
  // The entries form a list in order of last use, linked through two typed arrays by slot, so a hit moves its slot
  // to the newest end with a few array writes. On a 100,000-word vocabulary, re-inserting into the Map on each hit
  // made a cached stem eight times slower and linked entry objects twice as slow; slots cost about a third, under a
  // tenth of tokenising a text (tokens, folding, stems).
  private readonly slots = new Map<K, number>();
  private readonly keys: Array<K | undefined> = [];
  private readonly values: Array<V | undefined> = [];
  private readonly sizes: number[] = [];
  private older: Int32Array = new Int32Array(16);
  private newer: Int32Array = new Int32Array(16);
  private readonly freeSlots: number[] = [];
  private oldest = NONE;
  private newest = NONE;
  private heldBytes = 0;

  constructor(private readonly bounds: Readonly<CacheBounds<K, V>>) {}

  /** Entries held. */
  get size(): number {
    return this.slots.size;
  }

  /** Approximate bytes held, by the bounds' `sizeOf`. */
  get bytes(): number {
    return this.heldBytes;
  }

  /** The value cached for `key`, now the most recently used, or undefined. */
  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    if (slot !== this.newest) {
      this.unlink(slot);
      this.append(slot);
    }
    return this.values[slot];
  }

  /** Caches `value` as the most recently used entry, evicting the least recently used ones as the bounds require. */
  set(key: K, value: V): void {
    const previous = this.slots.get(key);
    if (previous !== undefined) this.remove(previous);
    const bytes = this.bounds.sizeOf(key, value);
    if (bytes > this.bounds.maxBytes) return;
    const slot = this.freeSlots.pop() ?? this.newSlot();
    this.keys[slot] = key;
    this.values[slot] = value;
    this.sizes[slot] = bytes;
    this.slots.set(key, slot);
    this.append(slot);
    this.heldBytes += bytes;
    const { maxEntries, maxBytes } = this.bounds;
    while (this.oldest !== NONE && (this.slots.size > maxEntries || this.heldBytes > maxBytes)) {
      this.remove(this.oldest);
    }
  }

  private newSlot(): number {
    const slot = this.keys.length;
    if (slot === this.older.length) {
      this.older = grown(this.older);
      this.newer = grown(this.newer);
    }
    this.keys.push(undefined);
    this.values.push(undefined);
    this.sizes.push(0);
    return slot;
  }

  private remove(slot: number): void {
    this.unlink(slot);
    this.slots.delete(this.keys[slot] as K);
    this.heldBytes -= this.sizes[slot] ?? 0;
    this.keys[slot] = undefined;
    this.values[slot] = undefined;
    this.freeSlots.push(slot);
  }

  private unlink(slot: number): void {
    const older = this.older[slot] ?? NONE;
    const newer = this.newer[slot] ?? NONE;
    if (older === NONE) this.oldest = newer;
    else this.newer[older] = newer;
    if (newer === NONE) this.newest = older;
    else this.older[newer] = older;
  }

  private append(slot: number): void {
    this.older[slot] = this.newest;
    this.newer[slot] = NONE;
    if (this.newest === NONE) this.oldest = slot;
    else this.newer[this.newest] = slot;
    this.newest = slot;
  }
}

function grown(links: Int32Array): Int32Array {
  const bigger = new Int32Array(links.length * 2);
  bigger.set(links);
  return bigger;
}

/**
 * A function of one object, computed once per object: the value is kept in a WeakMap, so it lives exactly as long
 * as its object and needs no eviction. For what derives from one loaded index, column or vocabulary.
 * @example
 *   const everyOrdinal = memoPerObject((index: LoadedIndex) => Int32Array.from(index.paragraphs, (_, k) => k));
 */
export function memoPerObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) {
      value = compute(key);
      values.set(key, value);
    }
    return value;
  };
}
