import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STOP_WORDS } from '../../../index/text.ts';
import { correctQuery, editDistance } from '../../../index/query/spelling.ts';

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

describe('correctQuery against a brute-force search', () => {
  /** The closest word by a scan of every word, the most frequent on ties: what correctQuery must find. Vocabularies
   * hold folded words, so the generated words have no accents or capitals. */
  function bruteForce(words: string[], counts: number[], q: string): string | null {
    if (q.length < 3 || STOP_WORDS.has(q) || words.includes(q)) return null;
    const limit = q.length >= 5 ? 2 : 1;
    let best: { word: string; distance: number; count: number } | null = null;
    words.forEach((word, i) => {
      const distance = editDistance(q, word, limit);
      const count = counts[i] ?? 0;
      if (distance <= limit && (best === null || distance < best.distance || (distance === best.distance && count > best.count))) {
        best = { word, distance, count };
      }
    });
    return best === null ? null : (best as { word: string }).word;
  }

  it('finds the same word, whatever the vocabulary', () => {
    const word = fc.stringMatching(/^[a-g]{2,8}$/);
    fc.assert(fc.property(fc.uniqueArray(word, { maxLength: 60 }), word, fc.array(fc.nat(20), { minLength: 60, maxLength: 60 }), (unsorted, q, counts) => {
      const words = [...unsorted].sort();
      expect(correctQuery({ words, counts }, q)).toBe(bruteForce(words, counts, q));
    }), { numRuns: 300 });
  });
});
