import { describe, expect, it } from 'vitest';
import { mapSpread, percentile, spread } from '../../bench/stats.ts';

describe('percentile (nearest rank)', () => {
  it.each([
    { samples: [], p: 50, expected: Number.NaN },
    { samples: [7], p: 99, expected: 7 },
    { samples: [3, 1, 2], p: 50, expected: 2 },
    { samples: [1, 2, 3, 4], p: 50, expected: 2 },
    { samples: [1, 2, 3, 4], p: 75, expected: 3 },
    { samples: [1, 2, 3, 4], p: 100, expected: 4 },
    { samples: [1, 2, 3, 4], p: 0, expected: 1 },
    { samples: Array.from({ length: 100 }, (_, i) => 100 - i), p: 99, expected: 99 },
    { samples: Array.from({ length: 1000 }, (_, i) => i + 1), p: 99, expected: 990 },
  ])('p$p of $samples.length samples is $expected', ({ samples, p, expected }) => {
    expect(percentile(samples, p)).toBe(expected);
  });
});

describe('spread', () => {
  it.each([
    { samples: [5, 1, 3], expected: { min: 1, median: 3, max: 5, runs: 3 } },
    { samples: [4, 1, 2, 10], expected: { min: 1, median: 3, max: 10, runs: 4 } },
    { samples: [2], expected: { min: 2, median: 2, max: 2, runs: 1 } },
  ])('of $samples', ({ samples, expected }) => {
    expect(spread(samples)).toEqual(expected);
  });

  it('is NaN with no runs', () => {
    expect(spread([])).toEqual({ min: Number.NaN, median: Number.NaN, max: Number.NaN, runs: 0 });
  });

  it('turns times into throughputs with min and max swapped', () => {
    expect(mapSpread({ min: 100, median: 200, max: 400, runs: 3 }, (ms) => 1000 / ms)).toEqual({ min: 2.5, median: 5, max: 10, runs: 3 });
  });
});
