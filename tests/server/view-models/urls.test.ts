import { describe, expect, it } from 'vitest';
import { searchQueryString } from '../../../server/view-models/urls.ts';
import { defaults, req } from './fixture.ts';

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
