import type { EntityKind, Filters, SearchRequest } from '../../index/query/index.ts';

/**
 * Search requests the pages derive from the one they were sent: filter changes, the browse-everything request and
 * the request behind an entity. Pure; never changes a request it is given.
 */

/** The filter parameters that take several values. */
export type ListFilter = 'country' | 'person' | 'topic' | 'source' | 'doc';
export type { EntityKind };

/** Request values that are left out of a URL when they equal these (the parser's defaults). */
export type RequestDefaults = Pick<SearchRequest, 'sort' | 'size' | 'facetSize'>;

/** The list filters in the order of the facet panel (and of URLs). */
export const LIST_FILTERS: readonly ListFilter[] = ['country', 'person', 'topic', 'source', 'doc'];

/** Filters with nothing selected. */
export function emptyFilters(): Filters {
  return { country: [], person: [], topic: [], source: [], doc: [], from: null, to: null };
}

/** A copy of the request with new filters; any change of filters goes back to page 1. */
export function withFilters(request: SearchRequest, change: Partial<Filters>): SearchRequest {
  return { ...request, filters: { ...request.filters, ...change }, page: 1 };
}

/** The request with one more value of a list filter (unchanged when it is already there). */
export function addFilter(request: SearchRequest, name: ListFilter, value: string): SearchRequest {
  const current = request.filters[name];
  return withFilters(request, { [name]: current.includes(value) ? current : [...current, value] });
}

/** The request without one value of a list filter. */
export function removeFilter(request: SearchRequest, name: ListFilter, value: string): SearchRequest {
  return withFilters(request, { [name]: request.filters[name].filter((v) => v !== value) });
}

/** The request with a value added when absent, removed when present: what ticking a facet checkbox does. */
export function toggleFilter(request: SearchRequest, name: ListFilter, value: string): SearchRequest {
  return request.filters[name].includes(value) ? removeFilter(request, name, value) : addFilter(request, name, value);
}

/** The year a from/to pair covers exactly, or null. */
export function selectedYear(filters: Pick<Filters, 'from' | 'to'>): string | null {
  const year = filters.from?.slice(0, 4);
  if (year === undefined || filters.from !== `${year}-01-01` || filters.to !== `${year}-12-31`) return null;
  return year;
}

/** The search for every paragraph, with the parser's defaults. */
export function browseRequest(defaults: RequestDefaults): SearchRequest {
  return { q: '', filters: emptyFilters(), sort: defaults.sort, page: 1, size: defaults.size, facetSize: defaults.facetSize };
}

/** The search for every paragraph that mentions an entity. */
export function searchRequestFor(kind: EntityKind, id: string, defaults: RequestDefaults): SearchRequest {
  return withFilters(browseRequest(defaults), { [kind]: [id] });
}
