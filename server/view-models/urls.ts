import { BUILT_IN_SCHEMA, documentPageOf, filterValues, type SearchRequest } from '../../index/query/index.ts';
import type { EntityKind, RequestDefaults } from './requests.ts';

const BUILT_IN_FILTERS = new Set(BUILT_IN_SCHEMA.filterNames);

/** The site's URLs: searches, entity pages and paragraph links. Every href a view shows comes from here. */

/**
 * The query string of a search request, in a stable order (q, the built-in filters in the schema's order, metadata
 * facets as the request holds them, each with its all-of mode and exclusions, then from/to, scope, grouping,
 * folding, fuzziness and paging), leaving out empty and default values.
 */
export function searchQueryString(request: SearchRequest, defaults: RequestDefaults): string {
  const params = new URLSearchParams();
  if (request.q.trim() !== '') params.append('q', request.q);
  const metadata = Object.keys(request.filters).filter((name) => !BUILT_IN_FILTERS.has(name) && name !== 'from' && name !== 'to');
  const excluded = Object.keys(request.exclude ?? {}).filter((name) => !BUILT_IN_FILTERS.has(name) && !metadata.includes(name));
  for (const name of [...BUILT_IN_SCHEMA.filterNames, ...metadata, ...excluded]) {
    const values = filterValues(request.filters, name);
    for (const value of values) params.append(name, value);
    if (values.length > 0 && (request.allOf ?? []).includes(name)) params.append(`${name}Match`, 'all');
    for (const value of request.exclude?.[name] ?? []) params.append(`not${name}`, value);
  }
  if (request.filters.from !== null) params.append('from', request.filters.from);
  if (request.filters.to !== null) params.append('to', request.filters.to);
  if (request.scope !== undefined && request.scope !== 'paragraph') params.append('scope', request.scope);
  if (request.group !== undefined && request.group !== 'none') params.append('group', request.group);
  if (request.collapse === false) params.append('collapse', 'off');
  if (request.fuzzy === true) params.append('fuzzy', 'on');
  if (request.sort !== defaults.sort) params.append('sort', request.sort);
  if (request.page > 1) params.append('page', String(request.page));
  if (request.size !== defaults.size) params.append('size', String(request.size));
  if (request.facetSize !== defaults.facetSize) params.append('facetSize', String(request.facetSize));
  return params.toString();
}

/** `/search?…` for a request. */
export function searchHref(request: SearchRequest, defaults: RequestDefaults): string {
  const query = searchQueryString(request, defaults);
  return query === '' ? '/search' : `/search?${query}`;
}

/** The page of an entity: `/country/FR`, `/person/emmanuel-macron`, `/topic/defence`. */
export function entityHref(kind: EntityKind, id: string): string {
  return `/${kind}/${encodeURIComponent(id)}`;
}

/** The paragraph in its article, with the query words marked when there is a query. */
export function paragraphHref(docId: string, n: number, q = ''): string {
  const page = documentPageOf(n);
  const params = new URLSearchParams([...(q.trim() === '' ? [] : [['q', q]]), ...(page > 1 ? [['page', String(page)]] : [])]);
  const query = params.size === 0 ? '' : `?${params.toString()}`;
  return `/doc/${encodeURIComponent(docId)}${query}#p-${n}`;
}

/**
 * The permalink of a paragraph: `/doc/<docId>#p-<n>`, without any query, so it stays the same whatever the page
 * size; on an article of several pages, the page's script sends `#p-<n>` to the page that holds it.
 */
export function permalink(docId: string, n: number): string {
  return `/doc/${encodeURIComponent(docId)}#p-${n}`;
}
