import type { BuiltInFacet, FacetValue, SearchPage, SearchRequest } from '../../../index/types.ts';
import { browseRequest, emptyFilters, type RequestDefaults } from '../../../server/view-models/requests.ts';

/** Requests, facet values and search pages for the view-model tests. */

/** The parser defaults the view-model tests assume. */
export const defaults: RequestDefaults = { sort: 'relevance', size: 20, facetSize: 10 };
/** The browse request under those defaults. */
export const base = browseRequest(defaults);

/** A request: the browse request with some fields and filters changed. */
export function req(change: Omit<Partial<SearchRequest>, 'filters'> & { filters?: Partial<SearchRequest['filters']> }): SearchRequest {
  return { ...base, ...change, filters: { ...emptyFilters(), ...change.filters } };
}

/** A facet value labelled with its lower-cased value. */
export function facet(value: string, count: number, selected = false, extra: Partial<FacetValue> = {}): FacetValue {
  return { value, label: value.toLowerCase(), count, selected, ...extra };
}

/** A search page with no hits and the given facets. */
export function searchPage(facets: Partial<Record<BuiltInFacet, FacetValue[]>>, total = 5): SearchPage {
  return {
    query: base, unit: 'paragraph', total, distinct: total, folded: { copies: 0, inArticles: 0 }, page: 1, size: 20,
    relaxed: false, expanded: [], wider: null, dated: true, timeline: { unit: 'month', buckets: [], undated: 0 }, tookMs: 1, hits: [],
    facets: { country: [], person: [], topic: [], place: [], source: [], year: [], ...facets },
  };
}
