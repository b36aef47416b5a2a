import { filterValues, type SearchRequest } from '../../index/query/index.ts';
import type { Labeller } from './labels.ts';
import {
  emptyFilters, removeExclusion, removeFilter, selectedYear, withFilters, type ListFilter, type RequestDefaults,
} from './requests.ts';
import { asTypedQuery, typedValues, withoutAllTyped, withoutTyped, type TypedQuery } from './typed-query.ts';
import { searchHref } from './urls.ts';

/**
 * The selected filters of a search, from its URL or typed into `q`: as chips that remove them, and as the
 * searches "without this filter" the no-results page offers.
 */

/** A selected filter shown above the results, with the URL that removes it. */
export interface Chip {
  kind: string;
  label: string;
  removeHref: string;
}

/** One selected value of a list filter, with the request that no longer applies it. */
interface SelectedValue {
  name: ListFilter;
  label: string;
  without: SearchRequest;
}

/**
 * Every value of a list filter the search applies, in panel order, URL values before typed ones; a value both in
 * the URL and in `q` is one entry whose removal drops both. A typed filter that cannot be cut out of `q` is left out.
 */
function selectedValues(request: SearchRequest, labels: Labeller, query: TypedQuery): SelectedValue[] {
  const out: SelectedValue[] = [];
  for (const name of labels.schema.filterNames) {
    const typed = typedValues(query, name);
    for (const value of new Set([...filterValues(request.filters, name), ...typed])) {
      let without = removeFilter(request, name, value);
      if (typed.includes(value)) {
        const q = withoutTyped(query, name, value);
        if (q === null) continue;
        without = { ...without, q };
      }
      out.push({ name, label: labels.value(name, value), without });
    }
  }
  return out;
}

/**
 * One chip per selected filter value, in the order of the facet panel, each with the URL that removes it. `query`
 * is the request's `q` as the route parsed it (parsed here when absent).
 */
export function filterChips(
  request: SearchRequest, defaults: RequestDefaults, labels: Labeller, query: TypedQuery = asTypedQuery(request.q, labels.schema),
): Chip[] {
  const chips: Chip[] = selectedValues(request, labels, query).map(({ name, label, without }) => ({
    kind: labels.schema.byName.get(name)?.label ?? name, label, removeHref: searchHref(without, defaults),
  }));
  for (const { name, label, without } of excludedValues(request, labels)) {
    chips.push({ kind: `Not ${(labels.schema.byName.get(name)?.label ?? name).toLowerCase()}`, label, removeHref: searchHref(without, defaults) });
  }
  const year = selectedYear(request.filters);
  if (year !== null) {
    chips.push({ kind: 'Year', label: year, removeHref: searchHref(withFilters(request, { from: null, to: null }), defaults) });
  } else {
    if (request.filters.from !== null) {
      chips.push({
        kind: 'From', label: request.filters.from,
        removeHref: searchHref(withFilters(request, { from: null }), defaults),
      });
    }
    if (request.filters.to !== null) {
      chips.push({
        kind: 'To', label: request.filters.to,
        removeHref: searchHref(withFilters(request, { to: null }), defaults),
      });
    }
  }
  return chips;
}

/** Every excluded value of the request (`notcountry=GB`), with the request that no longer excludes it. */
function excludedValues(request: SearchRequest, labels: Labeller): SelectedValue[] {
  const out: SelectedValue[] = [];
  for (const name of labels.schema.filterNames) {
    for (const value of request.exclude?.[name] ?? []) {
      out.push({ name, label: labels.value(name, value), without: removeExclusion(request, name, value) });
    }
  }
  return out;
}

/** The request without any filter, from the URL or typed into `q`: what "Clear all" leads to. */
export function withoutAnyFilter(request: SearchRequest, query: TypedQuery = asTypedQuery(request.q)): SearchRequest {
  return { ...withFilters(request, emptyFilters(query.schema)), q: withoutAllTyped(query), exclude: {}, allOf: [] };
}

/** Each selected filter with the request that drops it: what the no-results page offers to try. */
export function requestsWithoutEachFilter(
  request: SearchRequest, labels: Labeller, query: TypedQuery = asTypedQuery(request.q, labels.schema),
): Array<{ label: string; request: SearchRequest }> {
  const out = [...selectedValues(request, labels, query), ...excludedValues(request, labels)]
    .map(({ label, without }) => ({ label, request: without }));
  if (request.filters.from !== null || request.filters.to !== null) {
    const year = selectedYear(request.filters);
    const label = year ?? [request.filters.from ?? '…', request.filters.to ?? '…'].join(' – ');
    out.push({ label, request: withFilters(request, { from: null, to: null }) });
  }
  return out;
}
