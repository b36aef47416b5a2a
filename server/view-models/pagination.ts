import type { SearchRequest } from '../../index/query/index.ts';
import { compareHref } from './compare.ts';
import type { RequestDefaults } from './requests.ts';

/** Page links under a list of results. */

/** One numbered page link. */
export interface PageLink {
  number: number;
  href: string;
  current: boolean;
}

/** The pagination bar: previous, next and numbered links. */
export interface Pagination {
  prev: string | null;
  next: string | null;
  /** Page numbers around the current one; null marks a gap ("…"). */
  pages: Array<PageLink | null>;
  last: number;
}

/** Page links for a search (and its comparison queries): first, last, and two either side of the current page. */
export function pagination(
  request: SearchRequest, current: number, last: number, defaults: RequestDefaults, compare: readonly string[] = [],
): Pagination {
  return pageLinks(current, last, (n) => compareHref({ ...request, page: n }, defaults, compare));
}

/** Page links: first, last, and two either side of the current page, with gaps between. */
export function pageLinks(current: number, last: number, at: (page: number) => string): Pagination {
  const numbers = new Set<number>([1, last]);
  for (let n = current - 2; n <= current + 2; n += 1) if (n >= 1 && n <= last) numbers.add(n);
  const sorted = [...numbers].sort((a, b) => a - b);
  const pages: Array<PageLink | null> = [];
  sorted.forEach((n, i) => {
    const previous = sorted[i - 1];
    if (previous !== undefined && n - previous > 1) pages.push(null);
    pages.push({ number: n, href: at(n), current: n === current });
  });
  return {
    prev: current > 1 ? at(Math.min(current - 1, last)) : null,
    next: current < last ? at(current + 1) : null,
    pages,
    last,
  };
}
