import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseQuery, queryFilters, withoutAnyQueryFilter, withoutQueryFilter, type QueryFilterName,
} from '../../../index/query/parse.ts';

describe('withoutQueryFilter', () => {
  it.each<{ q: string; name: QueryFilterName; value: string; expected: string | null }>([
    { q: 'country:FR troops', name: 'country', value: 'FR', expected: 'troops' },
    { q: 'troops country:fr', name: 'country', value: 'FR', expected: 'troops' },
    { q: 'troops Person:keir-starmer peace', name: 'person', value: 'keir-starmer', expected: 'troops peace' },
    { q: 'troops source:"Le Monde" peace', name: 'source', value: 'Le Monde', expected: 'troops peace' },
    { q: 'troops source:\u201CLe Monde\u201D', name: 'source', value: 'Le Monde', expected: 'troops' },
    { q: 'country:FR country:GB', name: 'country', value: 'GB', expected: 'country:FR' },
    { q: 'country:FR a country:FR', name: 'country', value: 'FR', expected: 'a' },
    { q: '"country:FR" troops country:FR', name: 'country', value: 'FR', expected: '"country:FR" troops' },
    { q: '(a OR b) topic:spending', name: 'topic', value: 'spending', expected: '(a OR b)' },
    { q: 'a"b"country:FR c', name: 'country', value: 'FR', expected: 'a"b" c' },
    { q: 'troops', name: 'country', value: 'FR', expected: null },
    { q: 'country:GB', name: 'country', value: 'FR', expected: null },
    { q: '"country:FR"', name: 'country', value: 'FR', expected: null },
    // Cutting the filter here would join `troops` and `peace` into an OR the user never typed.
    { q: 'troops country:FR OR peace', name: 'country', value: 'FR', expected: null },
  ])('$q without $name:$value → $expected', ({ q, name, value, expected }) => {
    expect(withoutQueryFilter(q, name, value)).toBe(expected);
  });

  const token = fc.oneof(
    fc.constantFrom('troops', 'peace', 'OR', '-war', '"a phrase"', '(x OR y)', 'country:FR', 'country:gb', 'person:a-b',
      'source:"Le Monde"', 'topic:t', 'doc:d1', ')', '('),
    fc.stringMatching(/^[a-z:"()-]{1,6}$/),
  );
  it('drops exactly that filter and keeps the other filters, whatever the query', () => {
    fc.assert(fc.property(fc.array(token, { maxLength: 7 }), fc.array(fc.constantFrom(' ', '  '), { minLength: 7, maxLength: 7 }), (tokens, gaps) => {
      const q = tokens.map((t, i) => `${t}${gaps[i] ?? ' '}`).join('');
      const parsed = parseQuery(q);
      if (!parsed.ok) return;
      for (const name of ['country', 'person', 'topic', 'source', 'doc'] as const) {
        for (const value of parsed.value.filters[name]) {
          const rewritten = withoutQueryFilter(q, name, value);
          if (rewritten === null) continue;
          const after = parseQuery(rewritten);
          expect(after.ok).toBe(true);
          if (!after.ok) continue;
          expect(after.value.filters[name]).not.toContain(value);
          expect(after.value.filters[name]).toEqual(parsed.value.filters[name].filter((v) => v !== value));
        }
      }
    }));
  });
});

describe('queryFilters and withoutAnyQueryFilter', () => {
  it.each([
    { q: 'troops country:fr person:x', filters: { country: ['FR'], person: ['x'] }, words: 'troops' },
    { q: 'source:"Le Monde"', filters: { source: ['Le Monde'] }, words: '' },
    // troops AND (country:FR OR peace): the filter is part of an OR, so it is no chip and stays in the words.
    { q: 'troops country:FR OR peace', filters: {}, words: 'troops country:FR OR peace' },
    // The unclosed group is the whole query, so its filter is a top-level one.
    { q: '(unclosed country:FR', filters: { country: ['FR'] }, words: '(unclosed' },
  ])('$q', ({ q, filters, words }) => {
    expect(queryFilters(q)).toEqual({ country: [], person: [], topic: [], place: [], source: [], doc: [], ...filters });
    expect(withoutAnyQueryFilter(q)).toBe(words);
  });
});
