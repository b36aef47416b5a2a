import { describe, expect, it } from 'vitest';
import { filterChips } from '../server/view-models/chips.ts';
import { labellerFor } from '../server/view-models/labels.ts';
import { fixtureIndex } from './pages-fixture.ts';
import { defaults, req } from './view-models-fixture.ts';

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
});
