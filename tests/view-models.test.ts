import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FacetName, FacetValue, Hit, SearchPage, SearchRequest } from '../index/types.ts';
import {
  barChart, browseRequest, correctQuery, editDistance, emptyFilters, entityProfile, facetGroups, filterChips, formatDate,
  idSafe, labellerFor, markedParts, niceCeiling, pageLinks, plural, safeExternalUrl, searchQueryString, searchView,
  selectedYear, timeBuckets, toggleFilter, withFilters, yearOptions, type RequestDefaults,
} from '../server/view-models.ts';
import { fixtureContent, fixtureIndex } from './pages-fixture.ts';

const defaults: RequestDefaults = { sort: 'relevance', size: 20, facetSize: 10 };
const base = browseRequest(defaults);

function req(change: Omit<Partial<SearchRequest>, 'filters'> & { filters?: Partial<SearchRequest['filters']> }): SearchRequest {
  return { ...base, ...change, filters: { ...emptyFilters(), ...change.filters } };
}

describe('searchQueryString', () => {
  it.each([
    { request: req({}), expected: '' },
    { request: req({ q: '  ' }), expected: '' },
    { request: req({ q: 'troops' }), expected: 'q=troops' },
    { request: req({ q: 'a&b=c' }), expected: 'q=a%26b%3Dc' },
    { request: req({ filters: { country: ['FR', 'GB'] } }), expected: 'country=FR&country=GB' },
    { request: req({ q: 'x', filters: { person: ['p'], topic: ['t'], source: ['S S'], doc: ['d'] } }), expected: 'q=x&person=p&topic=t&source=S+S&doc=d' },
    { request: req({ filters: { from: '2024-01-01', to: '2024-12-31' } }), expected: 'from=2024-01-01&to=2024-12-31' },
    { request: req({ sort: 'date', page: 3 }), expected: 'sort=date&page=3' },
    { request: req({ page: 1, size: 20, facetSize: 10 }), expected: '' },
    { request: req({ size: 5, facetSize: 30 }), expected: 'size=5&facetSize=30' },
  ])('$expected', ({ request, expected }) => {
    expect(searchQueryString(request, defaults)).toBe(expected);
  });
});

describe('filter changes', () => {
  it.each([
    { filters: {}, value: 'FR', expected: ['FR'] },
    { filters: { country: ['GB'] }, value: 'FR', expected: ['GB', 'FR'] },
    { filters: { country: ['FR', 'GB'] }, value: 'FR', expected: ['GB'] },
  ])('toggling $value in $filters.country gives $expected, back on page 1', ({ filters, value, expected }) => {
    const toggled = toggleFilter(req({ filters, page: 4 }), 'country', value);
    expect(toggled.filters.country).toEqual(expected);
    expect(toggled.page).toBe(1);
  });

  it('never changes the request it is given', () => {
    const request = req({ filters: { country: ['FR'] } });
    toggleFilter(request, 'country', 'GB');
    withFilters(request, { country: [] });
    expect(request.filters.country).toEqual(['FR']);
  });
});

describe('pageLinks', () => {
  const numbers = (current: number, last: number) =>
    pageLinks(current, last, (n) => `/p${n}`).pages.map((link) => (link === null ? '…' : link.current ? `[${link.number}]` : String(link.number)));
  it.each([
    { current: 1, last: 1, expected: ['[1]'] },
    { current: 1, last: 3, expected: ['[1]', '2', '3'] },
    { current: 1, last: 10, expected: ['[1]', '2', '3', '…', '10'] },
    { current: 5, last: 10, expected: ['1', '…', '3', '4', '[5]', '6', '7', '…', '10'] },
    { current: 4, last: 10, expected: ['1', '2', '3', '[4]', '5', '6', '…', '10'] },
    { current: 10, last: 10, expected: ['1', '…', '8', '9', '[10]'] },
  ])('page $current of $last', ({ current, last, expected }) => {
    expect(numbers(current, last)).toEqual(expected);
  });

  it('has no previous link on the first page and no next link on the last', () => {
    expect(pageLinks(1, 3, (n) => `/p${n}`)).toMatchObject({ prev: null, next: '/p2' });
    expect(pageLinks(3, 3, (n) => `/p${n}`)).toMatchObject({ prev: '/p2', next: null });
  });
});

describe('small formatters', () => {
  it.each([
    { from: '2024-01-01', to: '2024-12-31', expected: '2024' },
    { from: '2024-01-01', to: '2024-12-30', expected: null },
    { from: '2024-01-01', to: null, expected: null },
    { from: null, to: '2024-12-31', expected: null },
    { from: '2023-01-01', to: '2024-12-31', expected: null },
  ])('selectedYear($from, $to) = $expected', ({ from, to, expected }) => {
    expect(selectedYear({ from, to })).toBe(expected);
  });

  it.each([
    { date: '2025-02-17', expected: '17 Feb 2025' },
    { date: '2024-11-05T10:00:00Z', expected: '5 Nov 2024' },
    { date: '2024-13-05', expected: '2024-13-05' },
    { date: 'yesterday', expected: 'yesterday' },
    { date: null, expected: null },
  ])('formatDate($date) = $expected', ({ date, expected }) => {
    expect(formatDate(date)).toBe(expected);
  });

  it.each([
    { count: 0, expected: '0 paragraphs' },
    { count: 1, expected: '1 paragraph' },
    { count: 12345, expected: '12,345 paragraphs' },
  ])('plural($count)', ({ count, expected }) => {
    expect(plural(count, 'paragraph')).toBe(expected);
  });

  it.each([
    { url: 'https://example.org/a?b=1', expected: 'https://example.org/a?b=1' },
    { url: 'http://example.org', expected: 'http://example.org/' },
    { url: 'javascript:alert(1)', expected: null },
    { url: ' JavaScript:alert(1)', expected: null },
    { url: 'data:text/html,<script>alert(1)</script>', expected: null },
    { url: '/relative/path', expected: null },
    { url: 'not a url', expected: null },
    { url: null, expected: null },
  ])('safeExternalUrl($url) = $expected', ({ url, expected }) => {
    expect(safeExternalUrl(url)).toBe(expected);
  });

  it.each([
    { value: 'FR', expected: 'FR' },
    { value: 'emmanuel-macron', expected: 'emmanuel-macron' },
    { value: 'Le Monde', expected: 'Le_20_Monde' },
    { value: 'a_b', expected: 'a_5f_b' },
    { value: '"><x', expected: '_22__3e__3c_x' },
  ])('idSafe($value) = $expected', ({ value, expected }) => {
    expect(idSafe(value)).toBe(expected);
  });

  it('gives distinct values distinct ids made only of id-safe characters', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      expect(idSafe(a)).toMatch(/^[A-Za-z0-9_-]*$/);
      if (a !== b) expect(idSafe(a)).not.toBe(idSafe(b));
    }));
  });

  it.each([
    { value: 0, expected: 1 }, { value: 1, expected: 1 }, { value: 3, expected: 5 }, { value: 7, expected: 10 },
    { value: 10, expected: 10 }, { value: 11, expected: 20 }, { value: 180, expected: 200 }, { value: 501, expected: 1000 },
  ])('niceCeiling($value) = $expected', ({ value, expected }) => {
    expect(niceCeiling(value)).toBe(expected);
  });
});

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

describe('markedParts', () => {
  it('splits a text into runs that join back to it, marking the highlighted words', () => {
    const parts = markedParts('Troops, troop and <b>TROOPS</b>.', { terms: new Set(['troop']), phrases: [] });
    expect(parts.map((part) => part.text).join('')).toBe('Troops, troop and <b>TROOPS</b>.');
    expect(parts.filter((part) => part.mark).map((part) => part.text)).toEqual(['Troops', 'troop', 'TROOPS']);
  });

  it('marks phrases and returns the text whole without a highlight', () => {
    const parts = markedParts('A coalition of the willing met.', { terms: new Set(), phrases: ['coalition of the willing'] });
    expect(parts.filter((part) => part.mark).map((part) => part.text)).toEqual(['coalition', 'of', 'the', 'willing']);
    expect(markedParts('text', null)).toEqual([{ text: 'text', mark: false }]);
  });

  it('always joins back to the text', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom('a', 'troop', 'x'), (text, term) => {
      expect(markedParts(text, { terms: new Set([term]), phrases: [] }).map((part) => part.text).join('')).toBe(text);
    }));
  });
});

describe('charts', () => {
  it.each([
    { dates: [], expected: [] },
    { dates: ['2024-11-25'], expected: [['Nov 2024', 1]] },
    { dates: ['2024-11-25', '2025-02-01', '2025-02-17'], expected: [['Nov 2024', 1], ['Dec 2024', 0], ['Jan 2025', 0], ['Feb 2025', 2]] },
    { dates: ['2020-05-01', '2024-06-01', '2024-07-01'], expected: [['2020', 1], ['2021', 0], ['2022', 0], ['2023', 0], ['2024', 2]] },
    { dates: ['2024-12-31', 'unknown', '2025-01-01'], expected: [['Dec 2024', 1], ['Jan 2025', 1]] },
  ])('timeBuckets($dates)', ({ dates, expected }) => {
    expect(timeBuckets(dates).map((bucket) => [bucket.label, bucket.count])).toEqual(expected);
  });

  it('draws one bar per bucket inside the plot, the tallest reaching the rounded maximum', () => {
    const chart = barChart([{ label: 'Jan', short: 'J', count: 3 }, { label: 'Feb', short: 'F', count: 0 }, { label: 'Mar', short: 'M', count: 10 }]);
    expect(chart).not.toBeNull();
    if (chart === null) return;
    expect(chart.bars).toHaveLength(3);
    for (const bar of chart.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(chart.plot.left);
      expect(bar.x + bar.width).toBeLessThanOrEqual(chart.plot.right);
      expect(bar.y + bar.height).toBeCloseTo(chart.plot.bottom, 0);
    }
    expect(chart.bars[2]?.height).toBeCloseTo(chart.plot.bottom - chart.plot.top, 0);
    expect(chart.bars[1]?.height).toBe(0);
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['0', '5', '10']);
    expect(chart.bars[2]?.title).toBe('Mar: 10 paragraphs');
    expect(chart.description).toContain('most in Mar');
    expect(barChart([])).toBeNull();
  });

  it('keeps every axis label inside the chart', () => {
    const buckets = timeBuckets(['2021-01-01', '2024-12-01']);
    const chart = barChart(buckets);
    expect(chart?.xLabels.length).toBeLessThanOrEqual(6);
    for (const label of chart?.xLabels ?? []) {
      const left = label.anchor === 'start' ? label.x : label.anchor === 'end' ? label.x - 44 : label.x - 22;
      expect(left).toBeGreaterThanOrEqual(0);
      expect(left + 44).toBeLessThanOrEqual(chart?.width ?? 0);
    }
  });
});

function facet(value: string, count: number, selected = false, extra: Partial<FacetValue> = {}): FacetValue {
  return { value, label: value.toLowerCase(), count, selected, ...extra };
}

function searchPage(facets: Partial<Record<FacetName, FacetValue[]>>, total = 5): SearchPage {
  return {
    query: base, total, page: 1, size: 20, relaxed: false, tookMs: 1, hits: [],
    facets: { country: [], person: [], topic: [], source: [], year: [], ...facets },
  };
}

describe('facet panel', () => {
  it('splits persons into leaders and people and links each option to the toggled search', () => {
    const page = searchPage({
      person: [facet('a', 3, true, { leader: true }), facet('b', 2, false, { leader: false }), facet('c', 1, false, { leader: true })],
    });
    const groups = facetGroups(page, req({ filters: { person: ['a'] } }), defaults);
    expect(groups.map((group) => [group.title, group.options.map((option) => option.value)])).toEqual([
      ['Leaders', ['a', 'c']],
      ['People', ['b']],
    ]);
    expect(groups[0]?.options[0]?.href).toBe('/search');
    expect(groups[0]?.options[1]?.href).toBe('/search?person=a&person=c');
  });

  it('shows eight options before "show more", but always the selected ones, and a filter box when long', () => {
    const values = Array.from({ length: 14 }, (_, i) => facet(`V${i}`, 20 - i, i === 10));
    const [group] = facetGroups(searchPage({ country: values }), req({}), defaults);
    expect(group?.shown).toBe(11);
    expect(group?.filterPlaceholder).not.toBeNull();
    const [short] = facetGroups(searchPage({ country: values.slice(0, 3) }), req({}), defaults);
    expect(short?.shown).toBe(3);
    expect(short?.filterPlaceholder).toBeNull();
  });

  it('turns years into links that set or clear the year, oldest first', () => {
    const years = yearOptions([facet('2025', 3), facet('2024', 2)], req({ filters: { from: '2024-01-01', to: '2024-12-31' } }), defaults);
    expect(years.map((year) => [year.label, year.selected, year.href])).toEqual([
      ['2024', true, '/search'],
      ['2025', false, '/search?from=2025-01-01&to=2025-12-31'],
    ]);
  });

  it('makes a chip per filter, labelled from the catalogue, each removing only itself', () => {
    const labels = labellerFor(fixtureIndex());
    const request = req({ q: 'x', filters: { country: ['FR'], person: ['keir-starmer'], source: ['Daily Ledger'], doc: ['paris-summit'], from: '2025-01-01' } });
    const chips = filterChips(request, defaults, labels);
    expect(chips.map((chip) => [chip.kind, chip.label, chip.removeHref])).toEqual([
      ['Country', 'France', '/search?q=x&person=keir-starmer&source=Daily+Ledger&doc=paris-summit&from=2025-01-01'],
      ['Person', 'Keir Starmer', '/search?q=x&country=FR&source=Daily+Ledger&doc=paris-summit&from=2025-01-01'],
      ['Source', 'Daily Ledger', '/search?q=x&country=FR&person=keir-starmer&doc=paris-summit&from=2025-01-01'],
      ['Article', 'European leaders meet in Paris on Ukraine', '/search?q=x&country=FR&person=keir-starmer&source=Daily+Ledger&from=2025-01-01'],
      ['From', '2025-01-01', '/search?q=x&country=FR&person=keir-starmer&source=Daily+Ledger&doc=paris-summit'],
    ]);
  });
});

describe('searchView', () => {
  const labels = labellerFor(fixtureIndex());

  it('has no relaxed notice, chips or pagination when there is nothing to show', () => {
    const view = searchView({ request: req({ q: 'zz' }), page: { ...searchPage({}, 0), relaxed: true }, defaults, labels, correction: 'za' });
    expect(view.relaxed).toBe(false);
    expect(view.clearHref).toBeNull();
    expect(view.pagination).toBeNull();
    expect(view.correction).toEqual({ text: 'za', href: '/search?q=za' });
    expect(view.empty).toEqual({ relaxations: [] });
  });

  it('counts the shown range and paginates', () => {
    const hit: Hit = {
      id: 'd#p-1', docId: 'd', n: 1, url: '/doc/d#p-1', title: 'T', date: null, source: null, section: null, text: 't',
      snippet: 't', countries: [], persons: [], topics: [], score: 1,
    };
    const view = searchView({ request: req({ page: 2, size: 20 }), page: { ...searchPage({}, 45), page: 2, hits: [hit] }, defaults, labels });
    expect([view.firstShown, view.lastShown, view.pagination?.last]).toEqual([21, 21, 3]);
    expect(view.totalText).toBe('45 paragraphs');
    expect(view.pastEndHref).toBeNull();
  });

  it('links to the last page when the page asked for lies past it', () => {
    const view = searchView({ request: req({ q: 'x', page: 9 }), page: { ...searchPage({}, 45), page: 9 }, defaults, labels });
    expect(view.pastEndHref).toBe('/search?q=x&page=3');
  });
});

describe('entityProfile', () => {
  const index = fixtureIndex();
  const content = fixtureContent();

  it.each([
    ['person', 'emmanuel-macron', 'persons'],
    ['country', 'UA', 'countries'],
    ['topic', 'spending', 'topics'],
  ] as const)('counts the paragraphs, articles and co-mentions of %s %s', (kind, id, field) => {
    const profile = entityProfile(index, kind, id);
    const mentions = content.paragraphs.filter((paragraph) => paragraph[field].includes(id));
    expect(profile.mentions).toBe(mentions.length);
    expect(profile.documents).toBe(new Set(mentions.map((paragraph) => paragraph.docId)).size);
    const dated = mentions.filter((paragraph) => content.documents.find((doc) => doc.id === paragraph.docId)?.date);
    expect(profile.dates).toHaveLength(dated.length);
    expect(profile.undated).toBe(mentions.length - dated.length);
    const topics = new Map<string, number>();
    for (const paragraph of mentions) {
      for (const topic of paragraph.topics) if (!(kind === 'topic' && topic === id)) topics.set(topic, (topics.get(topic) ?? 0) + 1);
    }
    expect(Object.fromEntries(profile.related.topic.map((item) => [item.id, item.count]))).toEqual(Object.fromEntries(topics));
    expect(profile.related[kind].some((item) => item.id === id)).toBe(false);
  });
});
