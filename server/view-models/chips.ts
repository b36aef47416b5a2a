import type { SearchRequest } from '../../index/types.ts';
import type { Labeller } from './labels.ts';
import { LIST_FILTERS, removeFilter, selectedYear, withFilters, type ListFilter, type RequestDefaults } from './requests.ts';
import { searchHref } from './urls.ts';

/** The selected filters of a search, as chips that remove them and as the searches "without this filter". */

/** A selected filter shown above the results, with the URL that removes it. */
export interface Chip {
  kind: string;
  label: string;
  removeHref: string;
}

const KIND_LABELS: Record<ListFilter, string> = {
  country: 'Country', person: 'Person', topic: 'Topic', source: 'Source', doc: 'Article',
};

/** One chip per selected filter value, in the order of the facet panel, each with the URL that removes it. */
export function filterChips(request: SearchRequest, defaults: RequestDefaults, labels: Labeller): Chip[] {
  const chips: Chip[] = [];
  for (const name of LIST_FILTERS) {
    for (const value of request.filters[name]) {
      chips.push({ kind: KIND_LABELS[name], label: filterLabel(name, value, labels), removeHref: searchHref(removeFilter(request, name, value), defaults) });
    }
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

/** Each selected filter with the request that drops it: what the no-results page offers to try. */
export function requestsWithoutEachFilter(request: SearchRequest, labels: Labeller): Array<{ label: string; request: SearchRequest }> {
  const out: Array<{ label: string; request: SearchRequest }> = [];
  for (const name of LIST_FILTERS) {
    for (const value of request.filters[name]) {
      out.push({ label: filterLabel(name, value, labels), request: removeFilter(request, name, value) });
    }
  }
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
