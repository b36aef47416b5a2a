import type { SearchRequest } from '../../index/query/index.ts';
import type { Labeller } from './labels.ts';
import { queryFilters, withoutAnyQueryFilter, withoutQueryFilter } from './query-filters.ts';
import { emptyFilters, LIST_FILTERS, removeFilter, selectedYear, withFilters, type ListFilter, type RequestDefaults } from './requests.ts';
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

const KIND_LABELS: Record<ListFilter, string> = {
  country: 'Country', person: 'Person', topic: 'Topic', source: 'Source', doc: 'Article',
};

/**
 * Every value of a list filter the search applies, in panel order, URL values before typed ones; a value both in
 * the URL and in `q` is one entry whose removal drops both. A typed filter that cannot be cut out of `q` is left out.
 */
function selectedValues(request: SearchRequest, labels: Labeller): SelectedValue[] {
  const typed = queryFilters(request.q);
  const out: SelectedValue[] = [];
  for (const name of LIST_FILTERS) {
    for (const value of new Set([...request.filters[name], ...typed[name]])) {
      let without = removeFilter(request, name, value);
      if (typed[name].includes(value)) {
        const q = withoutQueryFilter(request.q, name, value);
        if (q === null) continue;
        without = { ...without, q };
      }
      out.push({ name, label: filterLabel(name, value, labels), without });
    }
  }
  return out;
}

/** One chip per selected filter value, in the order of the facet panel, each with the URL that removes it. */
export function filterChips(request: SearchRequest, defaults: RequestDefaults, labels: Labeller): Chip[] {
  const chips: Chip[] = selectedValues(request, labels).map(({ name, label, without }) => ({
    kind: KIND_LABELS[name], label, removeHref: searchHref(without, defaults),
  }));
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

/** The request without any filter, from the URL or typed into `q`: what "Clear all" leads to. */
export function withoutAnyFilter(request: SearchRequest): SearchRequest {
  return { ...withFilters(request, emptyFilters()), q: withoutAnyQueryFilter(request.q) };
}

/** Each selected filter with the request that drops it: what the no-results page offers to try. */
export function requestsWithoutEachFilter(request: SearchRequest, labels: Labeller): Array<{ label: string; request: SearchRequest }> {
  const out = selectedValues(request, labels).map(({ label, without }) => ({ label, request: without }));
  if (request.filters.from !== null || request.filters.to !== null) {
    const year = selectedYear(request.filters);
    const label = year ?? [request.filters.from ?? '…', request.filters.to ?? '…'].join(' – ');
    out.push({ label, request: withFilters(request, { from: null, to: null }) });
  }
  return out;
}

/** Sources are their own label; other filter values are ids named by the catalogue. */
function filterLabel(name: ListFilter, value: string, labels: Labeller): string {
  return name === 'source' ? value : labels[name](value);
}
