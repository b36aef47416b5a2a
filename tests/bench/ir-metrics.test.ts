import { describe, expect, it } from 'vitest';
import { averagePrecision, ndcgAt } from '../../bench/ir-metrics.ts';

const judged = (entries: Array<[string, number]>) => new Map(entries);

describe('averagePrecision', () => {
  it.each([
    { name: 'perfect ranking', ranking: ['a', 'b'], judgements: [['a', 1], ['b', 3]], expected: 1 },
    { name: 'relevant at 2 and 4 of two relevant', ranking: ['x', 'a', 'y', 'b'], judgements: [['a', 2], ['b', 1]], expected: (1 / 2 + 2 / 4) / 2 },
    { name: 'one of two relevant never retrieved', ranking: ['a'], judgements: [['a', 4], ['b', 4]], expected: 0.5 },
    { name: 'gain 0 is judged not relevant', ranking: ['z', 'a'], judgements: [['z', 0], ['a', 1]], expected: 0.5 },
    { name: 'duplicates keep their first position', ranking: ['a', 'a', 'b'], judgements: [['a', 1], ['b', 1]], expected: 1 },
    { name: 'no relevant document', ranking: ['a'], judgements: [['a', 0]], expected: 0 },
    { name: 'empty ranking', ranking: [], judgements: [['a', 1]], expected: 0 },
  ] as const)('$name', ({ ranking, judgements, expected }) => {
    expect(averagePrecision(ranking, judged([...judgements] as Array<[string, number]>))).toBeCloseTo(expected, 10);
  });

  it('ignores relevant documents beyond the cutoff', () => {
    expect(averagePrecision(['x', 'a'], judged([['a', 1]]), 1)).toBe(0);
  });
});

describe('ndcgAt', () => {
  it.each([
    { name: 'ideal order', ranking: ['a', 'b'], judgements: [['a', 3], ['b', 1]], expected: 1 },
    {
      name: 'swapped order',
      ranking: ['b', 'a'],
      judgements: [['a', 3], ['b', 1]],
      expected: (1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)),
    },
    { name: 'nothing relevant retrieved', ranking: ['x', 'y'], judgements: [['a', 2]], expected: 0 },
    { name: 'no positive gains', ranking: ['a'], judgements: [['a', 0]], expected: 0 },
  ] as const)('$name', ({ ranking, judgements, expected }) => {
    expect(ndcgAt(10, ranking, judged([...judgements] as Array<[string, number]>))).toBeCloseTo(expected, 10);
  });

  it('only counts the first k positions', () => {
    expect(ndcgAt(1, ['x', 'a'], judged([['a', 2]]))).toBe(0);
  });
});
