import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correctQuery, editDistance } from '../server/view-models/spelling.ts';

describe('spelling', () => {
  it.each([
    { a: 'troops', b: 'troops', expected: 0 },
    { a: 'troops', b: 'trops', expected: 1 },
    { a: 'sodlier', b: 'soldier', expected: 1 },
    { a: 'macron', b: 'marcon', expected: 1 },
    { a: 'abc', b: 'xyz', expected: 3 },
    { a: 'a', b: 'abcdef', expected: 3 },
  ])('editDistance($a, $b) with limit 2', ({ a, b, expected }) => {
    expect(editDistance(a, b, 2)).toBe(Math.min(expected, 3));
  });

  it('is symmetric and zero only for equal words', () => {
    fc.assert(fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
      expect(editDistance(a, b, 3)).toBe(editDistance(b, a, 3));
      expect(editDistance(a, b, 3) === 0).toBe(a === b);
    }));
  });

  const vocabulary = { words: ['defence', 'macron', 'soldier', 'soldiers', 'troops', 'ukraine'], counts: [3, 5, 1, 4, 9, 12] };
  it.each([
    { q: 'sodliers', expected: 'soldiers' },
    { q: 'troops ukriane', expected: 'troops ukraine' },
    { q: '"sodliers" OR defense', expected: '"soldiers" OR defence' },
    { q: '-marcon troops', expected: '-macron troops' },
    { q: 'country:FR sodliers', expected: 'country:FR soldiers' },
    { q: 'troops ukraine', expected: null },
    { q: 'xylophone', expected: null },
    { q: 'the and', expected: null },
    { q: 'G7 2025', expected: null },
  ])('correctQuery($q) = $expected', ({ q, expected }) => {
    expect(correctQuery(vocabulary, q)).toBe(expected);
  });

  it('prefers the more frequent of two equally close words', () => {
    expect(correctQuery({ words: ['tanks', 'tasks'], counts: [1, 7] }, 'tacks')).toBe('tasks');
    expect(correctQuery({ words: ['tanks', 'tasks'], counts: [7, 1] }, 'tacks')).toBe('tanks');
  });
});
