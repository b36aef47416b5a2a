import { describe, expect, it } from 'vitest';
import { filterChips, requestsWithoutEachFilter, withoutAnyFilter } from '../../../server/view-models/chips.ts';
import { searchHref } from '../../../server/view-models/urls.ts';
import { labellerFor } from '../../../server/view-models/labels.ts';
import { fixtureIndex } from '../pages-fixture.ts';
import { defaults, req } from './fixture.ts';

describe('filterChips', () => {
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

  it.each([
    {
      q: 'troops country:fr', filters: {},
      expected: [['Country', 'France', '/search?q=troops']],
    },
    {
      q: 'person:keir-starmer source:"Daily Ledger" troops', filters: { country: ['GB'] },
      expected: [
        ['Country', 'United Kingdom', '/search?q=person%3Akeir-starmer+source%3A%22Daily+Ledger%22+troops'],
        ['Person', 'Keir Starmer', '/search?q=source%3A%22Daily+Ledger%22+troops&country=GB'],
        ['Source', 'Daily Ledger', '/search?q=person%3Akeir-starmer+troops&country=GB'],
      ],
    },
    {
      q: 'country:FR troops', filters: { country: ['FR'] },
      expected: [['Country', 'France', '/search?q=troops']],
    },
    { q: 'troops country:FR OR peace', filters: {}, expected: [] },
  ])('makes chips for the filters typed in q=$q, removing a chip rewrites q', ({ q, filters, expected }) => {
    const chips = filterChips(req({ q, filters }), defaults, labellerFor(fixtureIndex()));
    expect(chips.map((chip) => [chip.kind, chip.label, chip.removeHref])).toEqual(expected);
  });

  it('clears typed and URL filters together, keeping the words', () => {
    expect(searchHref(withoutAnyFilter(req({ q: 'country:FR troops topic:t', filters: { person: ['p'], from: '2024-01-01' } })), defaults))
      .toBe('/search?q=troops');
  });

  it('offers to drop each URL and typed filter when nothing is found', () => {
    const relaxations = requestsWithoutEachFilter(req({ q: 'x topic:spending', filters: { country: ['FR'], to: '2024-01-01' } }), labellerFor(fixtureIndex()));
    expect(relaxations.map(({ label, request }) => [label, searchHref(request, defaults)])).toEqual([
      ['France', '/search?q=x+topic%3Aspending&to=2024-01-01'],
      ['Defence spending', '/search?q=x&country=FR&to=2024-01-01'],
      ['… – 2024-01-01', '/search?q=x+topic%3Aspending&country=FR'],
    ]);
  });
});
