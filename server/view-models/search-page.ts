import type { SearchPage, SearchRequest } from '../../index/query/index.ts';
import { filterChips, withoutAnyFilter, type Chip } from './chips.ts';
import { facetGroups, yearOptions, type FacetGroup, type YearOption } from './facet-panel.ts';
import { hitView, type HitView } from './hit.ts';
import { plural, type Labeller } from './labels.ts';
import { pagination, type Pagination } from './pagination.ts';
import type { RequestDefaults } from './requests.ts';
import { asTypedQuery, typedValues, withoutAllTyped, type TypedQuery } from './typed-query.ts';
import { searchHref } from './urls.ts';

/** The search page: results, facet panel, chips, pagination and the help shown when nothing is found. */

/** A form field the search form carries without a visible control. */
export interface HiddenInput {
  name: string;
  value: string;
}

/** What removing one filter of a search that found nothing would give. */
export interface Relaxation {
  label: string;
  count: number;
  countText: string;
  href: string;
}

/** Everything search.ejs shows. */
export interface SearchView {
  q: string;
  total: number;
  totalText: string;
  tookMs: number;
  relaxed: boolean;
  sort: SearchRequest['sort'];
  /** The sort order URLs leave out; the script drops it too, so its URLs match the server's. */
  defaultSort: SearchRequest['sort'];
  from: string;
  to: string;
  hits: HitView[];
  facets: FacetGroup[];
  years: YearOption[];
  chips: Chip[];
  clearHref: string | null;
  pagination: Pagination | null;
  /** Parameters of the request that the form has no visible control for (doc, size, facetSize). */
  hidden: HiddenInput[];
  firstShown: number;
  lastShown: number;
  /** The URL of the last page, when the requested page lies past it. */
  pastEndHref: string | null;
  /** A corrected query when some word was not found (nothing found, or only some of the words). */
  correction: { text: string; href: string } | null;
  /** Present when nothing was found. */
  empty: { relaxations: Relaxation[] } | null;
  title: string;
}

/** Inputs to `searchView` beside the page itself. */
export interface SearchViewInput {
  /** The request as the user sent it (URLs are made from it). */
  request: SearchRequest;
  page: SearchPage;
  defaults: RequestDefaults;
  labels: Labeller;
  /** A corrected query (for an empty or relaxed page), and for an empty page the totals with each filter removed. */
  correction?: string | null;
  relaxations?: Relaxation[];
  /** The facet size the page was searched with, when larger than the request's (to fill "show more"). */
  fetchedFacetSize?: number;
  /** The request's `q` as the route parsed it (parsed here when absent). */
  query?: TypedQuery;
}

/** The search page's data: results, facet groups, chips, pagination and the no-results help. */
export function searchView(input: SearchViewInput): SearchView {
  const { request, page, defaults, labels } = input;
  const query = input.query ?? asTypedQuery(request.q, labels.schema);
  const href = (r: SearchRequest) => searchHref(r, defaults);
  const chips = filterChips(request, defaults, labels, query);
  const lastPage = Math.max(1, Math.ceil(page.total / request.size));
  const firstShown = page.total === 0 ? 0 : (page.page - 1) * request.size + 1;
  const correction = input.correction ?? null;
  const applied = {
    country: [...request.filters.country, ...typedValues(query, 'country')],
    person: [...request.filters.person, ...typedValues(query, 'person')],
    topic: [...request.filters.topic, ...typedValues(query, 'topic')],
  };
  return {
    q: request.q,
    total: page.total,
    totalText: plural(page.total, 'paragraph'),
    tookMs: page.tookMs,
    relaxed: page.relaxed && page.total > 0,
    sort: request.sort,
    defaultSort: defaults.sort,
    from: request.filters.from ?? '',
    to: request.filters.to ?? '',
    hits: page.hits.map((hit) => hitView(hit, request, defaults, applied)),
    facets: facetGroups(page, input.fetchedFacetSize ?? request.facetSize, query),
    years: yearOptions(page.facets.year, request, defaults),
    chips,
    clearHref: chips.length === 0 ? null : href(withoutAnyFilter(request, query)),
    pagination: lastPage > 1 ? pagination(request, page.page, lastPage, defaults) : null,
    hidden: hiddenInputs(request, defaults),
    firstShown,
    lastShown: Math.min(page.total, firstShown + page.hits.length - 1),
    pastEndHref: page.total > 0 && page.hits.length === 0 ? href({ ...request, page: lastPage }) : null,
    correction: correction === null ? null : { text: correction, href: href({ ...request, q: correction, page: 1 }) },
    empty: page.total === 0 ? { relaxations: input.relaxations ?? [] } : null,
    title: searchTitle(query, chips),
  };
}

/** The query's words, then the label of each filter (typed filters appear as chips, so not twice). */
function searchTitle(query: TypedQuery, chips: Chip[]): string {
  const parts = [withoutAllTyped(query), ...chips.map((chip) => chip.label)].filter((part) => part !== '');
  return parts.length === 0 ? 'All paragraphs' : parts.join(' · ');
}

function hiddenInputs(request: SearchRequest, defaults: RequestDefaults): HiddenInput[] {
  const hidden: HiddenInput[] = request.filters.doc.map((value) => ({ name: 'doc', value }));
  if (request.size !== defaults.size) hidden.push({ name: 'size', value: String(request.size) });
  if (request.facetSize !== defaults.facetSize) hidden.push({ name: 'facetSize', value: String(request.facetSize) });
  return hidden;
}
