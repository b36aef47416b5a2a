import { describe, expect, it } from 'vitest';
import { buildFts5, fts5Searcher, matchExpression } from '../../bench/baselines/fts5.ts';
import type { BenchParagraph } from '../../bench/paragraph-file.ts';

describe('matchExpression', () => {
  it.each([
    { words: ['economic', 'growth'], mode: 'AND', expected: '"economic" "growth"' },
    { words: ['economic', 'growth'], mode: 'OR', expected: '"economic" OR "growth"' },
    { words: ['prime', 'minister'], mode: 'PHRASE', expected: '"prime minister"' },
    { words: ['what', 'is', 'NEAR(a', 'b)', '"x"', '.'], mode: 'OR', expected: '"what" OR "is" OR "NEAR" OR "a" OR "b" OR "x"' },
    { words: ['.'], mode: 'OR', expected: '' },
  ] as const)('$mode of $words', ({ words, mode, expected }) => {
    expect(matchExpression(words, mode)).toBe(expected);
  });
});

const p = (text: string, country: string[], topic: string[]): BenchParagraph => ({
  text,
  facets: { country, topic, person: [], place: [], source: [], year: [] },
});

describe('fts5Searcher', () => {
  const db = buildFts5(':memory:', [
    p('troops in France', ['fr'], ['war']),
    p('troops and trade in Germany', ['de'], ['trade']),
    p('more troops for France and Germany', ['fr', 'de'], ['war']),
    p('nothing about soldiers', ['fr'], ['trade']),
  ]);
  const search = fts5Searcher(db);

  it('answers a word query with hits, total and facet counts', () => {
    const answer = search({ match: matchExpression(['troops'], 'AND'), filters: {}, size: 2, facetSize: 10 });
    expect(answer.total).toBe(3);
    expect(answer.hits).toHaveLength(2);
    expect(answer.facets.country).toEqual([{ value: 'de', count: 2 }, { value: 'fr', count: 2 }]);
    expect(answer.facets.topic).toEqual([{ value: 'war', count: 2 }, { value: 'trade', count: 1 }]);
  });

  it('counts a filtered facet without its own filter and the others under it (disjunctive)', () => {
    const answer = search({ match: matchExpression(['troops'], 'AND'), filters: { country: ['de'] }, size: 20, facetSize: 10 });
    expect(answer.hits.sort()).toEqual([1, 2]);
    expect(answer.total).toBe(2);
    expect(answer.facets.country).toEqual([{ value: 'de', count: 2 }, { value: 'fr', count: 2 }]);
    expect(answer.facets.topic).toEqual([{ value: 'trade', count: 1 }, { value: 'war', count: 1 }]);
  });

  it('browses by filter alone, in paragraph order', () => {
    const answer = search({ match: null, filters: { country: ['fr'], topic: ['trade'] }, size: 20, facetSize: 10 });
    expect(answer).toMatchObject({ total: 1, hits: [3] });
    expect(answer.facets.topic).toEqual([{ value: 'war', count: 2 }, { value: 'trade', count: 1 }]);
  });
});
