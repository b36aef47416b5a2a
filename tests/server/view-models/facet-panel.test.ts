import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { facetGroups, idSafe, yearOptions } from '../../../server/view-models/facet-panel.ts';
import { defaults, facet, req, searchPage } from './fixture.ts';

describe('idSafe', () => {
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
});

describe('facet panel', () => {
  it('splits persons into leaders and people and gives each option a stable input id', () => {
    const page = searchPage({
      person: [facet('a', 3, true, { leader: true }), facet('b', 2, false, { leader: false }), facet('c', 1, false, { leader: true })],
    });
    const groups = facetGroups(page, defaults.facetSize);
    expect(groups.map((group) => [group.title, group.options.map((option) => option.value)])).toEqual([
      ['Leaders', ['a', 'c']],
      ['People', ['b']],
    ]);
    expect(groups[0]?.options.map((option) => [option.name, option.selected, option.inputId])).toEqual([
      ['person', true, 'f-leaders-a'],
      ['person', false, 'f-leaders-c'],
    ]);
  });

  it('shows eight options before "show more", but always the selected ones, and a filter box when long', () => {
    const values = Array.from({ length: 14 }, (_, i) => facet(`V${i}`, 20 - i, i === 10));
    const [group] = facetGroups(searchPage({ country: values }), 60);
    expect(group?.shown).toBe(11);
    expect(group?.filterPlaceholder).not.toBeNull();
    const [short] = facetGroups(searchPage({ country: values.slice(0, 3) }), 60);
    expect(short?.shown).toBe(3);
    expect(short?.filterPlaceholder).toBeNull();
  });

  it.each([
    { values: 3, selected: 0, fetched: 4, complete: true, filterBox: false },
    { values: 4, selected: 0, fetched: 4, complete: false, filterBox: true },
    { values: 5, selected: 1, fetched: 4, complete: false, filterBox: true },
    { values: 4, selected: 1, fetched: 4, complete: true, filterBox: false },
    { values: 14, selected: 0, fetched: 60, complete: true, filterBox: true },
  ])('$values values ($selected selected) of $fetched fetched: complete $complete, filter box $filterBox', ({ values, selected, fetched, complete, filterBox }) => {
    const list = Array.from({ length: values }, (_, i) => facet(`V${i}`, 20 - i, i < selected));
    const [group] = facetGroups(searchPage({ topic: list }), fetched);
    expect(group?.complete).toBe(complete);
    expect(group?.filterPlaceholder !== null).toBe(filterBox);
    expect([group?.facet, group?.leaders]).toEqual(['topic', null]);
  });

  it('tells the Leaders and People groups apart for the facet value search', () => {
    const page = searchPage({ person: [facet('a', 2, false, { leader: true }), facet('b', 1, false, { leader: false })] });
    expect(facetGroups(page, defaults.facetSize).map((group) => [group.key, group.facet, group.leaders])).toEqual([
      ['leaders', 'person', true],
      ['people', 'person', false],
    ]);
  });

  it('tells which selected values come from filters typed into q, with q without each', () => {
    const page = searchPage({ country: [facet('FR', 3, true), facet('GB', 2, true), facet('DE', 1)] });
    const [group] = facetGroups(page, defaults.facetSize, 'troops country:fr');
    expect(group?.options.map((option) => [option.value, option.qWithout])).toEqual([['FR', 'troops'], ['GB', null], ['DE', null]]);
  });

  it('turns years into links that set or clear the year, oldest first', () => {
    const years = yearOptions([facet('2025', 3), facet('2024', 2)], req({ filters: { from: '2024-01-01', to: '2024-12-31' } }), defaults);
    expect(years.map((year) => [year.label, year.selected, year.href])).toEqual([
      ['2024', true, '/search'],
      ['2025', false, '/search?from=2025-01-01&to=2025-12-31'],
    ]);
  });
});
