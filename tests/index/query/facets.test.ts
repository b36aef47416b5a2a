import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { facetValues, topFacetValues, topValues } from '../../../index/query/facets.ts';
import { buildIndex } from '../../../index/store/builder.ts';
import { search } from '../../../index/query/search.ts';
import type { BuiltInFacet, FacetValue, Filters, SearchPage, SearchRequest, StoredParagraph } from '../../../index/types.ts';
import { fixtureContent } from '../../fixtures/search/content.ts';

const content = fixtureContent();
const index = buildIndex(content);
const NO_FILTERS: Filters = { country: [], person: [], topic: [], place: [], source: [], doc: [], from: null, to: null };

function run(q: string, filters: Partial<Filters>, facetSize = 100): SearchPage {
  const request: SearchRequest = { q, filters: { ...NO_FILTERS, ...filters }, sort: 'relevance', page: 1, size: 100, facetSize };
  const result = search(index, request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

// ---------- a brute-force reference, straight from the content ----------

const documentOf = (paragraph: StoredParagraph) => content.documents.find((document) => document.id === paragraph.docId);

function valuesOf(paragraph: StoredParagraph, facet: BuiltInFacet): string[] {
  const document = documentOf(paragraph);
  if (facet === 'source') return document?.source ? [document.source] : [];
  if (facet === 'year') return document?.date ? [document.date.slice(0, 4)] : [];
  return paragraph[facet === 'country' ? 'countries' : facet === 'person' ? 'persons' : facet === 'place' ? 'places' : 'topics'];
}

type FilterName = 'country' | 'person' | 'topic' | 'place' | 'source' | 'doc' | 'date';

function passes(paragraph: StoredParagraph, filters: Filters, except: FilterName | null): boolean {
  const date = documentOf(paragraph)?.date ?? null;
  const checks: Record<FilterName, boolean> = {
    country: filters.country.length === 0 || filters.country.some((code) => paragraph.countries.includes(code)),
    person: filters.person.length === 0 || filters.person.some((id) => paragraph.persons.includes(id)),
    topic: filters.topic.length === 0 || filters.topic.some((id) => paragraph.topics.includes(id)),
    place: filters.place.length === 0 || filters.place.some((id) => paragraph.places.includes(id)),
    source: filters.source.length === 0 || filters.source.includes(documentOf(paragraph)?.source ?? '\u0000'),
    doc: filters.doc.length === 0 || filters.doc.includes(paragraph.docId),
    date: (filters.from === null && filters.to === null)
      || (date !== null && (filters.from === null || date >= filters.from) && (filters.to === null || date <= filters.to)),
  };
  return Object.entries(checks).every(([name, ok]) => ok || name === except);
}

const OWN_FILTER: Record<BuiltInFacet, FilterName> = { country: 'country', person: 'person', topic: 'topic', place: 'place', source: 'source', year: 'date' };

function bruteForceCounts(q: string, filters: Filters, facet: BuiltInFacet): Map<string, number> {
  const matchingQ = new Set(run(q, {}).hits.map((hit) => hit.id));
  const counts = new Map<string, number>();
  for (const paragraph of content.paragraphs) {
    if (!matchingQ.has(`${paragraph.docId}#p-${paragraph.n}`) || !passes(paragraph, filters, OWN_FILTER[facet])) continue;
    for (const value of new Set(valuesOf(paragraph, facet))) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

const FACETS: BuiltInFacet[] = ['country', 'person', 'topic', 'source', 'year'];

describe('disjunctive facet counts', () => {
  it.each([
    { q: '', filters: {} },
    { q: '', filters: { country: ['FR'] } },
    { q: '', filters: { country: ['FR', 'DE'], topic: ['troop-deployment'] } },
    { q: 'troops', filters: { country: ['GB'] } },
    { q: '', filters: { person: ['volodymyr-zelenskyy'], source: ['Kyiv Independent', 'Le Monde'] } },
    { q: '', filters: { from: '2025-01-01', to: '2025-12-31' } },
    { q: 'said', filters: { from: '2024-01-01', country: ['DE'], doc: ['berlin-debate', 'paris-summit'] } },
    { q: 'Macron OR Scholz OR Merz', filters: { person: ['olaf-scholz'] } },
    { q: '', filters: { country: ['IS'] } },
  ])('q=$q filters=$filters: every facet counts with every filter but its own', ({ q, filters }) => {
    const full: Filters = { ...NO_FILTERS, ...filters };
    const page = run(q, filters);
    for (const facet of FACETS) {
      const expected = bruteForceCounts(q, full, facet);
      const listed = new Map(page.facets[facet].filter((value) => value.count > 0).map((value) => [value.value, value.count]));
      expect(listed, facet).toEqual(expected);
    }
  });

  it('shows what choosing another value would add, and marks the chosen one', () => {
    const countries = run('', { country: ['FR'] }).facets.country;
    expect(countries.find((value) => value.value === 'FR')).toMatchObject({ selected: true, label: 'France' });
    expect(countries.find((value) => value.value === 'DE')).toMatchObject({ selected: false, count: 3 });
  });

  it('sorts values by count, then label', () => {
    for (const facet of FACETS) {
      const values = run('', {}).facets[facet];
      const sorted = [...values].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'en'));
      expect(values).toEqual(sorted);
    }
  });

  it('always lists a selected value, even with no hit or no paragraph in the index', () => {
    const topics = run('Warsaw', { topic: ['war'] }).facets.topic;
    expect(topics.filter((value) => value.selected)).toEqual([expect.objectContaining({ value: 'war', count: 0, selected: true })]);
    const countries = run('Warsaw', { country: ['IS'] }).facets.country;
    expect(countries.filter((value) => value.selected)).toEqual([expect.objectContaining({ value: 'IS', count: 0, selected: true })]);
  });

  it('keeps facetSize values, with top leaders and top other people listed separately', () => {
    const page = run('', {}, 2);
    expect(page.facets.country).toHaveLength(2);
    const persons = page.facets.person;
    const leaders = persons.filter((value) => value.leader === true);
    const others = persons.filter((value) => value.leader === false);
    expect(leaders).toHaveLength(2);
    expect(others.map((value) => value.value).sort()).toEqual(['hans-becker', 'marie-dupont']);
    expect(leaders[0]).toMatchObject({ value: 'volodymyr-zelenskyy', count: 2, label: 'Volodymyr Zelenskyy' });
    const withSelection = run('', { country: ['PL'] }, 1).facets.country;
    expect(withSelection.map((value: FacetValue) => value.value)).toContain('PL');
  });

  it('labels sources and years by value, and marks a whole-year date range as that year', () => {
    const page = run('', { from: '2024-01-01', to: '2024-12-31' });
    expect(page.facets.year).toEqual([
      { value: '2025', label: '2025', count: 7, selected: false },
      { value: '2024', label: '2024', count: 5, selected: true },
    ]);
    expect(page.facets.source).toEqual([
      { value: 'Der Spiegel', label: 'Der Spiegel', count: 3, selected: false },
      { value: 'Le Monde', label: 'Le Monde', count: 2, selected: false },
    ]);
  });
});

describe('topValues', () => {
  // Values of every facet of the fixture, plus ones the index has never seen.
  const known = (facet: BuiltInFacet) => index.columns[facet].values;
  const filtersFor = (facet: BuiltInFacet, chosen: string[]): Filters => (facet === 'year'
    ? { ...NO_FILTERS, from: chosen[0] === undefined ? null : `${chosen[0]}-01-01`, to: chosen[0] === undefined ? null : `${chosen[0]}-12-31` }
    : { ...NO_FILTERS, [facet]: chosen });

  it('gives what topFacetValues(facetValues(…)) gives, for any counts, selection and size', () => {
    fc.assert(fc.property(
      fc.constantFrom(...FACETS),
      fc.array(fc.nat({ max: 3 }), { minLength: 40, maxLength: 40 }),
      fc.array(fc.nat({ max: 30 }), { maxLength: 3 }),
      fc.integer({ min: 1, max: 4 }),
      (facet, rawCounts, picks, size) => {
        const values = known(facet);
        const counts = Int32Array.from(values, (_, ordinal) => rawCounts[ordinal] ?? 0);
        const pool = [...values, 'made-up', '1999'];
        const filters = filtersFor(facet, picks.map((pick) => pool[pick % pool.length] ?? ''));
        expect(topValues(index, facet, counts, filters, size))
          .toEqual(topFacetValues(facetValues(index, facet, counts, filters), facet, size));
      },
    ), { numRuns: 500 });
  });
});
