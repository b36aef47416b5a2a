import { describe, expect, it } from 'vitest';
import { compareHref, compareView, MAX_COMPARE, MAX_COMPARE_LENGTH, parseCompare } from '../../../server/view-models/compare.ts';
import { defaults, req } from './fixture.ts';

describe('parseCompare', () => {
  it.each([
    { query: {}, expected: [] },
    { query: { compare: '' }, expected: [] },
    { query: { compare: ' ceasefire ' }, expected: ['ceasefire'] },
    { query: { compare: ['a', '', 'b', 'a'] }, expected: ['a', 'b'] },
    { query: { compare: ['a', 'b', 'c'] }, expected: ['a', 'b', 'c'] },
    { query: { compare: 'x'.repeat(MAX_COMPARE_LENGTH) }, expected: ['x'.repeat(MAX_COMPARE_LENGTH)] },
    { query: null, expected: [] },
    { query: 'compare=a', expected: [] },
  ])('accepts $query', ({ query, expected }) => {
    expect(parseCompare(query)).toEqual({ ok: true, value: expected });
  });

  it.each([
    { query: { compare: ['a', 'b', 'c', 'd'].slice(0, MAX_COMPARE + 1) } },
    { query: { compare: 'x'.repeat(MAX_COMPARE_LENGTH + 1) } },
    { query: { compare: { nested: 'a' } } },
    { query: { compare: ['a', ['b']] } },
    { query: { compare: 3 } },
  ])('refuses $query as a bad parameter naming compare', ({ query }) => {
    const parsed = parseCompare(query);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe('bad_parameter');
    expect(parsed.error.message).toMatch(/^compare /);
  });

  it('reads only its own property, never an inherited one', () => {
    expect(parseCompare(Object.create({ compare: 'inherited' }))).toEqual({ ok: true, value: [] });
  });
});

describe('compareHref', () => {
  it.each([
    { compare: [], expected: '/search?q=troops' },
    { compare: ['ceasefire'], expected: '/search?q=troops&compare=ceasefire' },
    { compare: ['a b', 'c&d'], expected: '/search?q=troops&compare=a+b&compare=c%26d' },
  ])('adds $compare after the search', ({ compare, expected }) => {
    expect(compareHref(req({ q: 'troops' }), defaults, compare)).toBe(expected);
  });

  it('starts the query string when the search has none', () => {
    expect(compareHref(req({}), defaults, ['x'])).toBe('/search?compare=x');
  });
});

describe('compareView', () => {
  it('lists the search first, then each comparison with a link that drops only it', () => {
    const view = compareView(req({ q: 'troops' }), defaults, ['ceasefire', 'nuclear'], 'paragraphs');
    expect(view.items).toEqual([
      { label: 'troops', key: 0, removeHref: null },
      { label: 'ceasefire', key: 1, removeHref: '/search?q=troops&compare=nuclear' },
      { label: 'nuclear', key: 2, removeHref: '/search?q=troops&compare=ceasefire' },
    ]);
    expect(view.hidden).toEqual(['ceasefire', 'nuclear']);
    expect(view.canAdd).toBe(true);
  });

  it('names a search without words by what it lists, and takes no fifth query', () => {
    const view = compareView(req({}), defaults, ['a', 'b', 'c'], 'articles');
    expect(view.items[0]?.label).toBe('All articles');
    expect(view.canAdd).toBe(false);
  });
});
