import { describe, expect, it } from 'vitest';
import { addFilterTogether, selectedYear, toggleFilter, withFilters } from '../../../server/view-models/requests.ts';
import { req } from './fixture.ts';

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

describe('addFilterTogether', () => {
  it.each([
    { filters: {}, allOf: undefined, value: 'gordon-brown', persons: ['gordon-brown'], expected: undefined },
    { filters: { person: ['tony-blair'] }, allOf: undefined, value: 'gordon-brown', persons: ['tony-blair', 'gordon-brown'], expected: ['person'] },
    { filters: { person: ['tony-blair'] }, allOf: ['country' as const], value: 'gordon-brown', persons: ['tony-blair', 'gordon-brown'], expected: ['country', 'person'] },
    { filters: { person: ['tony-blair', 'gordon-brown'] }, allOf: ['person' as const], value: 'john-prescott', persons: ['tony-blair', 'gordon-brown', 'john-prescott'], expected: ['person'] },
    { filters: { person: ['tony-blair'] }, allOf: undefined, value: 'tony-blair', persons: ['tony-blair'], expected: undefined },
  ])('adding $value to $filters.person (allOf $allOf) gives $persons, all of $expected', ({ filters, allOf, value, persons, expected }) => {
    const together = addFilterTogether(req({ filters, allOf }), 'person', value);
    expect(together.filters.person).toEqual(persons);
    expect(together.allOf).toEqual(expected);
  });
});

describe('selectedYear', () => {
  it.each([
    { from: '2024-01-01', to: '2024-12-31', expected: '2024' },
    { from: '2024-01-01', to: '2024-12-30', expected: null },
    { from: '2024-01-01', to: null, expected: null },
    { from: null, to: '2024-12-31', expected: null },
    { from: '2023-01-01', to: '2024-12-31', expected: null },
  ])('selectedYear($from, $to) = $expected', ({ from, to, expected }) => {
    expect(selectedYear({ from, to })).toBe(expected);
  });
});
