import type { SearchRequest } from '../../index/query/index.ts';
import type { RequestDefaults } from './requests.ts';
import { searchQueryString } from './urls.ts';

/** Links from the results page to /api/export: the current query and filters, every result, as CSV or JSONL. */

/** One export link. */
export interface ExportLink {
  format: 'csv' | 'jsonl';
  /** "Export CSV": the link's name. */
  label: string;
  /** "CSV": what the link shows after the word "Export". */
  short: string;
  href: string;
}

/** `/api/export?<the search's parameters>&format=…`, without paging (an export has every result). */
export function exportLinks(request: SearchRequest, defaults: RequestDefaults): ExportLink[] {
  const query = searchQueryString({ ...request, page: 1, size: defaults.size, facetSize: defaults.facetSize }, defaults);
  const href = (format: ExportLink['format']) => `/api/export?${query === '' ? '' : `${query}&`}format=${format}`;
  return [
    { format: 'csv', label: 'Export CSV', short: 'CSV', href: href('csv') },
    { format: 'jsonl', label: 'Export JSONL', short: 'JSONL', href: href('jsonl') },
  ];
}
