import { describe, expect, it } from 'vitest';
import { BoundedCache, memoPerObject, stringBytes } from '../../index/cache.ts';

/** A step against a cache of string values weighing their length in bytes: `set k=v` or `get k`. */
type Step = `set ${string}=${string}` | `get ${string}`;

/** Runs the steps on a fresh cache; returns what each `get` read (null when absent) and which of a … e are left. */
function run(maxEntries: number, maxBytes: number, steps: readonly Step[]) {
  const cache = new BoundedCache<string, string>({ maxEntries, maxBytes, sizeOf: (_key, value) => value.length });
  const reads: Array<string | null> = [];
  for (const step of steps) {
    const [verb, rest = ''] = step.split(' ');
    const [key = '', value = ''] = rest.split('=');
    if (verb === 'set') cache.set(key, value);
    else reads.push(cache.get(key) ?? null);
  }
  const kept = ['a', 'b', 'c', 'd', 'e'].filter((key) => cache.get(key) !== undefined);
  return { reads, kept };
}

describe('BoundedCache', () => {
  it.each<{ name: string; maxEntries: number; maxBytes: number; steps: Step[]; reads: Array<string | null>; kept: string[] }>([
    {
      name: 'keeps everything within both bounds',
      maxEntries: 3, maxBytes: 100, steps: ['set a=1', 'set b=2', 'get a', 'get b', 'get c'],
      reads: ['1', '2', null], kept: ['a', 'b'],
    },
    {
      name: 'evicts the oldest beyond the entry bound',
      maxEntries: 2, maxBytes: 100, steps: ['set a=1', 'set b=2', 'set c=3'],
      reads: [], kept: ['b', 'c'],
    },
    {
      name: 'evicts the oldest until the byte bound holds',
      maxEntries: 10, maxBytes: 6, steps: ['set a=xx', 'set b=xx', 'set c=xx', 'set d=xxxx'],
      reads: [], kept: ['c', 'd'],
    },
    {
      name: 'evicts in order of last use, not of insertion',
      maxEntries: 3, maxBytes: 100, steps: ['set a=1', 'set b=2', 'set c=3', 'get b', 'get a', 'set d=4', 'set e=5'],
      reads: ['2', '1'], kept: ['a', 'd', 'e'],
    },
    {
      name: 'a read refreshes an entry, so the next oldest goes',
      maxEntries: 2, maxBytes: 100, steps: ['set a=1', 'set b=2', 'get a', 'set c=3', 'get a', 'get b'],
      reads: ['1', '1', null], kept: ['a', 'c'],
    },
    {
      name: 'setting a key again replaces its value and refreshes it',
      maxEntries: 2, maxBytes: 100, steps: ['set a=1', 'set b=2', 'set a=9', 'set c=3', 'get a'],
      reads: ['9'], kept: ['a', 'c'],
    },
    {
      name: 'does not keep an entry bigger than the byte bound, nor evict for it',
      maxEntries: 10, maxBytes: 4, steps: ['set a=1', 'set b=xxxxx', 'get b'],
      reads: [null], kept: ['a'],
    },
    {
      name: 'an oversize value drops the key’s old value',
      maxEntries: 10, maxBytes: 4, steps: ['set a=1', 'set a=xxxxx', 'get a'],
      reads: [null], kept: [],
    },
    {
      name: 'an entry of exactly the byte bound is kept alone',
      maxEntries: 10, maxBytes: 4, steps: ['set a=1', 'set b=xxxx'],
      reads: [], kept: ['b'],
    },
  ])('$name', ({ maxEntries, maxBytes, steps, reads, kept }) => {
    const result = run(maxEntries, maxBytes, steps);
    expect(result.reads).toEqual(reads);
    expect(result.kept).toEqual(kept);
  });

  it('counts the entries and bytes it holds', () => {
    const cache = new BoundedCache<string, string>({ maxEntries: 2, maxBytes: 100, sizeOf: (key, value) => key.length + value.length });
    cache.set('one', 'x');
    cache.set('two', 'yy');
    cache.set('three', 'zzz');
    expect({ size: cache.size, bytes: cache.bytes }).toEqual({ size: 2, bytes: 5 + 8 });
  });

  it('stays within both bounds and keeps the most recently used, over a long run', () => {
    const cache = new BoundedCache<number, string>({ maxEntries: 50, maxBytes: 400, sizeOf: (_key, value) => value.length });
    for (let k = 0; k < 5000; k += 1) {
      cache.set(k % 97, 'x'.repeat(1 + (k % 13)));
      cache.get((k * 7) % 97);
      expect(cache.size).toBeLessThanOrEqual(50);
      expect(cache.bytes).toBeLessThanOrEqual(400);
    }
    expect(cache.get(4999 % 97)).toBeDefined();
  });

  it('weighs a string at two bytes a character plus a header', () => {
    expect(stringBytes('')).toBe(16);
    expect(stringBytes('a'.repeat(1000))).toBe(2016);
  });
});

describe('memoPerObject', () => {
  it('computes once per object, apart for each object', () => {
    let calls = 0;
    const length = memoPerObject((list: readonly number[]) => {
      calls += 1;
      return list.length;
    });
    const one = [1];
    const two = [1, 2];
    expect([length(one), length(two), length(one), length(two)]).toEqual([1, 2, 1, 2]);
    expect(calls).toBe(2);
  });
});
