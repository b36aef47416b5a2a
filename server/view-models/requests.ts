import { BUILT_IN_SCHEMA, filterValues, type EntityKind, type FacetSchema, type Filters, type SearchRequest } from '../../index/query/index.ts';

/**
 * Search requests the pages derive from the one they were sent: filter changes, the browse-everything request and
 * the request behind an entity. Pure; never changes a request it is given.
 */

/** A list filter of the schema (country, person, topic, source, doc, or a metadata facet). */
export type ListFilter = string;
export type { EntityKind };

/** Request values that are left out of a URL when they equal these (the parser's defaults). */
export type RequestDefaults = Pick<SearchRequest, 'sort' | 'size' | 'facetSize'>;

/** Filters with nothing selected: every list filter of the schema empty, no date range. */
export function emptyFilters(schema: FacetSchema = BUILT_IN_SCHEMA): Filters {
  const filters: Filters = { country: [], person: [], topic: [], place: [], source: [], doc: [], from: null, to: null };
  for (const name of schema.filterNames) filters[name] = [];
  return filters;
}

/** A copy of the request with new filters; any change of filters goes back to page 1. */
export function withFilters(request: SearchRequest, change: Partial<Filters>): SearchRequest {
  return { ...request, filters: { ...request.filters, ...change }, page: 1 };
}

/** The request with one more value of a list filter (unchanged when it is already there). */
export function addFilter(request: SearchRequest, name: ListFilter, value: string): SearchRequest {
  const current = filterValues(request.filters, name);
  return withFilters(request, { [name]: current.includes(value) ? current : [...current, value] });
}

/**
 * The request with one more value of a list filter that every hit must have as well as the others: the
 * co-mention ("mentioned with") of two people, not either of them.
 */
export function addFilterTogether(request: SearchRequest, name: ListFilter, value: string): SearchRequest {
  const added = addFilter(request, name, value);
  if (filterValues(added.filters, name).length < 2 || request.allOf?.includes(name)) return added;
  return { ...added, allOf: [...(request.allOf ?? []), name] };
}

/** The request without one value of a list filter. */
export function removeFilter(request: SearchRequest, name: ListFilter, value: string): SearchRequest {
  return withFilters(request, { [name]: filterValues(request.filters, name).filter((v) => v !== value) });
}

/** The request excluding a value of a list filter (and no longer asking for it). */
export function excludeValue(request: SearchRequest, name: ListFilter, value: string): SearchRequest {
  const without = removeFilter(request, name, value);
  const current = request.exclude?.[name] ?? [];
  return { ...without, exclude: { ...request.exclude, [name]: current.includes(value) ? current : [...current, value] } };
}

/** The request no longer excluding a value of a list filter. */
export function removeExclusion(request: SearchRequest, name: ListFilter, value: string): SearchRequest {
  const kept = (request.exclude?.[name] ?? []).filter((v) => v !== value);
  return { ...request, exclude: { ...request.exclude, [name]: kept }, page: 1 };
}

/** The request with a value added when absent, removed when present: what ticking a facet checkbox does. */
export function toggleFilter(request: SearchRequest, name: ListFilter, value: string): SearchRequest {
  return filterValues(request.filters, name).includes(value) ? removeFilter(request, name, value) : addFilter(request, name, value);
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
