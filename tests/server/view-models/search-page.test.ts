import { describe, expect, it } from 'vitest';
import type { Hit } from '../../../index/types.ts';
import { labellerFor } from '../../../server/view-models/labels.ts';
import { searchView } from '../../../server/view-models/search-page.ts';
import { fixtureIndex } from '../pages-fixture.ts';
import { defaults, req, searchPage } from './fixture.ts';

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
