import { describe, expect, it } from 'vitest';
import { containsWord, pickFilters } from '../../bench/query-mix.ts';
import type { BenchParagraph } from '../../bench/paragraph-file.ts';

const paragraph = (country: string[], topic: string[], person: string[] = []): BenchParagraph => ({
  text: '',
  facets: { country, topic, person, place: [], source: [], year: [] },
});

describe('pickFilters', () => {
  it.each([
    {
      name: 'most frequent value, then most frequent among those that have it',
      paragraphs: [paragraph(['fr'], ['war']), paragraph(['fr'], ['trade']), paragraph(['fr'], ['trade']), paragraph(['de'], ['war']), paragraph(['de'], ['war'])],
      facets: ['country', 'topic'] as const,
      expected: { country: ['fr'], topic: ['trade'] },
    },
    {
      name: 'ties go to the smallest value',
      paragraphs: [paragraph(['gb'], []), paragraph(['de'], [])],
      facets: ['country'] as const,
      expected: { country: ['de'] },
    },
    {
      name: 'a facet with no value left is left out',
      paragraphs: [paragraph(['fr'], []), paragraph(['de'], ['war'])],
      facets: ['country', 'topic', 'person'] as const,
      expected: { country: ['de'], topic: ['war'] },
    },
    { name: 'no paragraphs, no filters', paragraphs: [], facets: ['country'] as const, expected: {} },
  ])('$name', ({ paragraphs, facets, expected }) => {
    expect(pickFilters(paragraphs, facets)).toEqual(expected);
  });
});

describe('containsWord', () => {
  it.each([
    { text: 'The Minister said', word: 'minister', expected: true },
    { text: 'ministers met', word: 'minister', expected: false },
    { text: 'prime-minister', word: 'minister', expected: true },
    { text: 'administer', word: 'minister', expected: false },
  ])('$word in "$text" is $expected', ({ text, word, expected }) => {
    expect(containsWord(text, word)).toBe(expected);
  });
});
