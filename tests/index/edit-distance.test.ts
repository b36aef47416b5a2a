import { describe, expect, it } from 'vitest';
import { boundedEditDistance } from '../../index/edit-distance.ts';

describe('boundedEditDistance', () => {
  it.each([
    { a: 'merkel', b: 'merkel', limit: 2, transpositions: false, expected: 0 },
    { a: 'giorgia', b: 'georgia', limit: 1, transpositions: false, expected: 1 },
    { a: 'vince', b: 'vicne', limit: 2, transpositions: false, expected: 2 },
    { a: 'vince', b: 'vicne', limit: 2, transpositions: true, expected: 1 },
    { a: 'blair', b: 'brown', limit: 2, transpositions: true, expected: 3 },
    { a: 'ab', b: 'abcdef', limit: 2, transpositions: false, expected: 3 },
    { a: '', b: 'ab', limit: 2, transpositions: true, expected: 2 },
    { a: 'kitten', b: 'sitting', limit: 5, transpositions: false, expected: 3 },
  ])('$a ~ $b (limit $limit, transpositions $transpositions) = $expected', ({ a, b, limit, transpositions, expected }) => {
    expect(boundedEditDistance(a, b, limit, transpositions)).toBe(expected);
    expect(boundedEditDistance(b, a, limit, transpositions)).toBe(expected);
  });
});
