import { filterValues, type FacetSchema, type SearchPage, type SearchRequest } from '../../index/query/index.ts';
import { filterChips, withoutAnyFilter, type Chip } from './chips.ts';
import { compareHref } from './compare.ts';
import { exportLinks, type ExportLink } from './export-links.ts';
import { facetGroups, yearOptions, type FacetGroup, type YearOption } from './facet-panel.ts';
import { hitView, type HitView } from './hit.ts';
import { formatCount, plural, type Labeller } from './labels.ts';
import { pagination, type Pagination } from './pagination.ts';
import type { RequestDefaults } from './requests.ts';
import { timelineView, type ComparedTimeline, type TimelineView } from './timeline-view.ts';
import { asTypedQuery, typedValues, withoutAllTyped, type TypedQuery } from './typed-query.ts';

/**
 * The search page: results with their summary and notices, the chart over time, the facet panel, chips,
 * pagination, export links and the help shown when nothing is found.
 */

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

/** A word of the query matched beyond its exact forms: the words it reached, the first few of them. */
export interface ExpandedView {
  word: string;
  to: string[];
  /** "and 12 more", when more words were reached than shown. */
  moreText: string | null;
}

/** Which words were matched beyond their exact forms, and why. */
export interface ExpansionNotice {
  /** Words with no exact match in the corpus, matched by typo or prefix instead. */
  auto: ExpandedView[];
  /** Words matched by typo or prefix too, because the search asked for it (fuzzy=on). */
  requested: ExpandedView[];
  /** The same search with exact matching, when fuzzy=on. */
  exactHref: string | null;
}

/** "Also 12 paragraphs with toward, towards": what typo and prefix matching would add, as one link. */
export interface WiderNotice {
  countText: string;
  words: string[];
  href: string;
}

/** Everything search.ejs shows. */
export interface SearchView {
  q: string;
  total: number;
  totalText: string;
  /** After the total: "· 377 distinct (35 identical copies folded)", "in 96 articles", or null when nothing folded. */
  foldText: string | null;
  /** "paragraphs" or "articles": what the results are. */
  unitText: string;
  /** The link that closes the filter panel on a phone: "Show 12 paragraphs". */
  showResultsText: string;
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
  /** No facet, year or date range to offer: the panel says so rather than stand empty. */
  noFilters: boolean;
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
  expansion: ExpansionNotice | null;
  wider: WiderNotice | null;
  /** Whether dates mean anything here: else no date sort, date range, year facet or chart. */
  dated: boolean;
  timeline: TimelineView | null;
  exports: ExportLink[];
  /** How results are matched and listed: the form's scope, grouping and folding controls. */
  scope: 'paragraph' | 'article';
  group: 'none' | 'article';
  collapse: boolean;
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
  /** Comparison queries charted beside the search (`compare=`), with their timelines. */
  compared?: readonly ComparedTimeline[];
}

/** Words reached by one expanded word that the notices list; the rest are counted. */
const EXPANDED_SHOWN = 6;

/** The search page's data: results, facet groups, chips, pagination and the no-results help. */
export function searchView(input: SearchViewInput): SearchView {
  const { request, page, defaults, labels } = input;
  const query = input.query ?? asTypedQuery(request.q, labels.schema);
  const compare = (input.compared ?? []).map((entry) => entry.q);
  const href = (r: SearchRequest) => compareHref(r, defaults, compare);
  const chips = filterChips(request, defaults, labels, query);
  // Pages list distinct results (copies folded, articles grouped); the total counts every matching paragraph.
  const listed = page.distinct;
  const lastPage = request.size === 0 ? 1 : Math.max(1, Math.ceil(listed / request.size));
  const firstShown = listed === 0 || page.hits.length === 0 ? 0 : (page.page - 1) * request.size + 1;
  const correction = input.correction ?? null;
  const applied = {
    country: [...request.filters.country, ...typedValues(query, 'country')],
    person: [...request.filters.person, ...typedValues(query, 'person')],
    topic: [...request.filters.topic, ...typedValues(query, 'topic')],
    place: [...request.filters.place, ...typedValues(query, 'place')],
  };
  const dated = isDated(request, page);
  const facets = facetGroups(page, input.fetchedFacetSize ?? request.facetSize, query, query.schema, { request, defaults });
  const years = dated ? yearOptions(page.facets.year, request, defaults) : [];
  return {
    q: request.q,
    total: page.total,
    totalText: plural(page.total, page.unit),
    foldText: foldText(request, page),
    unitText: `${page.unit}s`,
    showResultsText: page.total > 0 ? `Show ${plural(page.total, page.unit)}` : 'Show results',
    tookMs: page.tookMs,
    relaxed: page.relaxed && page.total > 0,
    sort: request.sort,
    defaultSort: defaults.sort,
    from: request.filters.from ?? '',
    to: request.filters.to ?? '',
    hits: page.hits.map((hit) => hitView(hit, request, defaults, applied)),
    facets,
    years,
    noFilters: facets.length === 0 && years.length === 0 && !dated,
    chips,
    clearHref: chips.length === 0 ? null : href(withoutAnyFilter(request, query)),
    pagination: lastPage > 1 ? pagination(request, page.page, lastPage, defaults, compare) : null,
    hidden: hiddenInputs(request, defaults, query.schema),
    firstShown,
    lastShown: firstShown === 0 ? 0 : Math.min(listed, firstShown + page.hits.length - 1),
    pastEndHref: listed > 0 && page.hits.length === 0 && request.size > 0 ? href({ ...request, page: lastPage }) : null,
    correction: correction === null ? null : { text: correction, href: href({ ...request, q: correction, page: 1 }) },
    empty: page.total === 0 ? { relaxations: input.relaxations ?? [] } : null,
    expansion: expansionNotice(request, page, href),
    wider: page.wider === null || page.wider.count === 0 ? null : {
      countText: plural(page.wider.count, page.unit),
      words: page.wider.words,
      href: href({ ...request, fuzzy: true, page: 1 }),
    },
    dated,
    timeline: dated ? timelineView({ request, defaults, unit: page.unit, own: page.timeline, compared: input.compared ?? [] }) : null,
    exports: page.total === 0 ? [] : exportLinks(request, defaults),
    scope: request.scope ?? 'paragraph',
    group: request.group ?? 'none',
    collapse: request.collapse !== false,
    title: searchTitle(query, chips),
  };
}

/**
 * Whether dates mean anything for this search: the index has dated articles, and the results have dates (or a
 * date range is set, which must stay visible to be changed).
 */
function isDated(request: SearchRequest, page: SearchPage): boolean {
  if (!page.dated) return false;
  if (request.filters.from !== null || request.filters.to !== null) return true;
  return page.timeline.buckets.length > 0 || page.hits.some((hit) => hit.date !== null);
}

/** What folding did to the count: identical copies folded, paragraphs grouped into articles; null when nothing. */
function foldText(request: SearchRequest, page: SearchPage): string | null {
  const copies = page.folded.copies > 0 ? ` (${plural(page.folded.copies, 'identical copy', 'identical copies')} folded)` : '';
  if (request.group === 'article' && page.unit === 'paragraph' && page.total > 0) return `in ${plural(page.distinct, 'article')}${copies}`;
  if (page.distinct === page.total) return null;
  return `· ${formatCount(page.distinct)} distinct${copies}`;
}

function expansionNotice(request: SearchRequest, page: SearchPage, href: (r: SearchRequest) => string): ExpansionNotice | null {
  const shown = (why: 'auto' | 'requested'): ExpandedView[] => page.expanded
    .filter((word) => word.why === why && word.to.length > 0)
    .map((word) => ({
      word: word.word,
      to: word.to.slice(0, EXPANDED_SHOWN),
      moreText: word.to.length > EXPANDED_SHOWN ? `and ${formatCount(word.to.length - EXPANDED_SHOWN)} more` : null,
    }));
  const auto = shown('auto');
  const requested = shown('requested');
  const exactHref = request.fuzzy === true ? href({ ...request, fuzzy: false, page: 1 }) : null;
  if (auto.length === 0 && requested.length === 0 && exactHref === null) return null;
  return { auto, requested, exactHref };
}

/** The query's words, then the label of each filter (typed filters appear as chips, so not twice). */
function searchTitle(query: TypedQuery, chips: Chip[]): string {
  const parts = [withoutAllTyped(query), ...chips.map((chip) => chip.label)].filter((part) => part !== '');
  return parts.length === 0 ? 'All paragraphs' : parts.join(' · ');
}

/** The request's parameters that no visible control of the form carries, so that submitting it keeps them. */
function hiddenInputs(request: SearchRequest, defaults: RequestDefaults, schema: FacetSchema): HiddenInput[] {
  const hidden: HiddenInput[] = request.filters.doc.map((value) => ({ name: 'doc', value }));
  // An all-of mode means something only for a filter with values (as its URLs have it); a facet's switch is visible.
  for (const name of request.allOf ?? []) {
    if (filterValues(request.filters, name).length > 0 && !schema.facetNames.includes(name)) hidden.push({ name: `${name}Match`, value: 'all' });
  }
  for (const [name, values] of Object.entries(request.exclude ?? {})) {
    for (const value of values) hidden.push({ name: `not${name}`, value });
  }
  if (request.fuzzy === true) hidden.push({ name: 'fuzzy', value: 'on' });
  if (request.size !== defaults.size) hidden.push({ name: 'size', value: String(request.size) });
  if (request.facetSize !== defaults.facetSize) hidden.push({ name: 'facetSize', value: String(request.facetSize) });
  return hidden;
}
