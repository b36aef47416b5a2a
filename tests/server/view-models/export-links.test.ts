import { describe, expect, it } from 'vitest';
import { exportLinks } from '../../../server/view-models/export-links.ts';
import { defaults, req } from './fixture.ts';

describe('exportLinks', () => {
  it.each([
    { request: req({}), expected: ['/api/export?format=csv', '/api/export?format=jsonl'] },
    {
      request: req({ q: 'troops', filters: { country: ['FR'], from: '2025-01-01' } }),
      expected: ['/api/export?q=troops&country=FR&from=2025-01-01&format=csv', '/api/export?q=troops&country=FR&from=2025-01-01&format=jsonl'],
    },
    // How the search matches and folds is the export's too.
    {
      request: req({ q: 'x', fuzzy: true, group: 'article', exclude: { country: ['GB'] } }),
      expected: ['/api/export?q=x&notcountry=GB&group=article&fuzzy=on&format=csv', '/api/export?q=x&notcountry=GB&group=article&fuzzy=on&format=jsonl'],
    },
    // Paging and facet sizes mean nothing to an export; the order does.
    {
      request: req({ q: 'x', sort: 'date', page: 4, size: 5, facetSize: 40 }),
      expected: ['/api/export?q=x&sort=date&format=csv', '/api/export?q=x&sort=date&format=jsonl'],
    },
  ])('$expected.0', ({ request, expected }) => {
    const links = exportLinks(request, defaults);
    expect(links.map((link) => link.href)).toEqual(expected);
    expect(links.map((link) => link.label)).toEqual(['Export CSV', 'Export JSONL']);
  });
});
