import { describe, expect, it } from 'vitest';
import type { Hit, SearchPage } from '../../../index/types.ts';
import { labellerFor } from '../../../server/view-models/labels.ts';
import { searchView, type SearchViewInput } from '../../../server/view-models/search-page.ts';
import { fixtureIndex } from '../pages-fixture.ts';
import { defaults, facet, req, searchPage } from './fixture.ts';

const labels = labellerFor(fixtureIndex());

/** A search page of `total` paragraphs, none folded, undated-free: the fields of issue 10 filled in by hand. */
function page(total: number, change: Partial<SearchPage> = {}): SearchPage {
  return {
    ...searchPage({}, total),
    unit: 'paragraph', distinct: total, folded: { copies: 0, inArticles: 0 }, expanded: [], wider: null, dated: true,
    timeline: { unit: 'month', buckets: [], undated: 0 },
    ...change,
  };
}

function hit(date: string | null = null): Hit {
  return {
    id: 'd#p-1', docId: 'd', n: 1, url: '/doc/d#p-1', title: 'T', date, source: null, section: null, text: 't',
    snippet: 't', countries: [], persons: [], topics: [], places: [], score: 1, copies: { count: 0, shown: [] }, more: { count: 0, shown: [] },
  };
}

function view(input: Partial<SearchViewInput> & Pick<SearchViewInput, 'page'>) {
  return searchView({ request: req({}), defaults, labels, ...input });
}

const dated = { buckets: [{ period: '2025-02', from: '2025-02-01', to: '2025-02-28', count: 3 }], unit: 'month' as const, undated: 0 };

describe('searchView', () => {
  it('has no relaxed notice, chips or pagination when there is nothing to show', () => {
    const shown = view({ request: req({ q: 'zz' }), page: { ...page(0), relaxed: true }, correction: 'za' });
    expect(shown.relaxed).toBe(false);
    expect(shown.clearHref).toBeNull();
    expect(shown.pagination).toBeNull();
    expect(shown.correction).toEqual({ text: 'za', href: '/search?q=za' });
    expect(shown.empty).toEqual({ relaxations: [] });
    expect(shown.exports).toEqual([]);
    expect(shown.showResultsText).toBe('Show results');
  });

  it('counts the shown range and paginates', () => {
    const shown = view({ request: req({ page: 2, size: 20 }), page: { ...page(45), page: 2, hits: [hit()] } });
    expect([shown.firstShown, shown.lastShown, shown.pagination?.last]).toEqual([21, 21, 3]);
    expect(shown.totalText).toBe('45 paragraphs');
    expect(shown.foldText).toBeNull();
    expect(shown.pastEndHref).toBeNull();
    expect(shown.showResultsText).toBe('Show 45 paragraphs');
  });

  it('links to the last page when the page asked for lies past it', () => {
    const shown = view({ request: req({ q: 'x', page: 9 }), page: { ...page(45), page: 9 } });
    expect(shown.pastEndHref).toBe('/search?q=x&page=3');
  });

  it('pages through the distinct results, and says how many copies were folded', () => {
    const shown = view({ request: req({ size: 20 }), page: page(412, { distinct: 377, folded: { copies: 35, inArticles: 0 }, hits: [hit()] }) });
    expect(shown.totalText).toBe('412 paragraphs');
    expect(shown.foldText).toBe('· 377 distinct (35 identical copies folded)');
    expect(shown.pagination?.last).toBe(19);
    const one = view({ page: page(3, { distinct: 2, folded: { copies: 1, inArticles: 0 } }) });
    expect(one.foldText).toBe('· 2 distinct (1 identical copy folded)');
  });

  it.each([
    { group: 'article' as const, copies: 0, expected: 'in 96 articles' },
    { group: 'article' as const, copies: 4, expected: 'in 96 articles (4 identical copies folded)' },
    { group: 'none' as const, copies: 0, expected: '· 96 distinct' },
  ])('says $expected when grouping by $group', ({ group, copies, expected }) => {
    const shown = view({ request: req({ group }), page: page(412, { distinct: 96, folded: { copies, inArticles: 412 - 96 - copies } }) });
    expect(shown.foldText).toBe(expected);
  });

  it('counts articles when the hits are articles', () => {
    const shown = view({ request: req({ scope: 'article' }), page: page(96, { unit: 'article' }) });
    expect([shown.totalText, shown.unitText, shown.foldText]).toEqual(['96 articles', 'articles', null]);
    expect(view({ page: page(0, { unit: 'article' }) }).unitText).toBe('articles');
  });

  it('says which words were matched beyond their exact forms, when none matched exactly', () => {
    const shown = view({
      request: req({ q: 'howrd' }),
      page: page(5, { expanded: [{ word: 'howrd', to: ['toward', 'towards'], why: 'auto' }] }),
    });
    expect(shown.expansion).toEqual({ auto: [{ word: 'howrd', to: ['toward', 'towards'], moreText: null }], requested: [], exactHref: null });
  });

  it('lists the typo and prefix matches asked for, a few of them, with a link back to exact matching', () => {
    const many = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9'];
    const shown = view({
      request: req({ q: 'a', fuzzy: true, page: 2 }),
      page: page(50, { expanded: [{ word: 'a', to: many, why: 'requested' }] }),
    });
    expect(shown.expansion?.requested).toEqual([{ word: 'a', to: many.slice(0, 6), moreText: 'and 3 more' }]);
    expect(shown.expansion?.exactHref).toBe('/search?q=a');
    expect(shown.hidden).toContainEqual({ name: 'fuzzy', value: 'on' });
  });

  it('offers what typo and prefix matching would add as one link to the fuzzy search', () => {
    const shown = view({ request: req({ q: 'toward', page: 2 }), page: page(5, { wider: { count: 12, words: ['towards', 'towar'] } }) });
    expect(shown.wider).toEqual({ countText: '12 paragraphs', words: ['towards', 'towar'], href: '/search?q=toward&fuzzy=on' });
    expect(view({ page: page(5, { wider: { count: 0, words: [] } }) }).wider).toBeNull();
    expect(view({ page: page(5) }).expansion).toBeNull();
  });

  it.each([
    { name: 'an undated index', input: page(5, { dated: false, timeline: { ...dated, buckets: [] } }), expected: false },
    { name: 'results without dates', input: page(5, { hits: [hit(null)] }), expected: false },
    { name: 'dated results', input: page(5, { timeline: dated }), expected: true },
    { name: 'a dated hit', input: page(5, { hits: [hit('2025-01-02')] }), expected: true },
  ])('shows dates, years and the chart only when they mean something: $name', ({ input, expected }) => {
    const shown = view({ page: { ...input, facets: { ...input.facets, year: [facet('2025', 5)] } } });
    expect(shown.dated).toBe(expected);
    expect(shown.years.length > 0).toBe(expected);
    expect(shown.timeline !== null).toBe(expected && input.timeline.buckets.length > 0);
  });

  it('keeps the date range while one is set, though nothing dated was found', () => {
    expect(view({ request: req({ filters: { from: '2030-01-01' } }), page: page(0) }).dated).toBe(true);
    expect(view({ request: req({ filters: { from: '2030-01-01' } }), page: page(0, { dated: false }) }).dated).toBe(false);
  });

  it('charts the comparison queries and keeps them in the links it makes', () => {
    const shown = view({
      request: req({ q: 'troops', size: 2 }),
      page: page(5, { timeline: dated, hits: [hit('2025-02-01')] }),
      compared: [{ q: 'ceasefire', timeline: dated }],
    });
    expect(shown.timeline?.chart.series.map((series) => series.label)).toEqual(['troops', 'ceasefire']);
    expect(shown.timeline?.compare.hidden).toEqual(['ceasefire']);
    expect(shown.pagination?.next).toBe('/search?q=troops&page=2&size=2&compare=ceasefire');
  });

  it('carries the parameters the form has no control for', () => {
    const shown = view({
      request: req({
        filters: { doc: ['d1'], person: ['a', 'b'] }, allOf: ['person', 'topic'], exclude: { country: ['GB', 'FR'] }, scope: 'article', group: 'article',
        collapse: false, size: 5,
      }),
      page: page(5),
    });
    // The facet panel has a visible all-of switch, and the results bar selects scope, grouping and folding.
    expect(shown.hidden).toEqual([
      { name: 'doc', value: 'd1' }, { name: 'notcountry', value: 'GB' }, { name: 'notcountry', value: 'FR' }, { name: 'size', value: '5' },
    ]);
    expect(shown).toMatchObject({ scope: 'article', group: 'article', collapse: false });
  });

  it('links the export of the current query and filters', () => {
    const shown = view({ request: req({ q: 'troops', filters: { country: ['FR'] }, page: 2 }), page: page(30) });
    expect(shown.exports.map((link) => link.href)).toEqual(['/api/export?q=troops&country=FR&format=csv', '/api/export?q=troops&country=FR&format=jsonl']);
  });
});
