import type { LoadedIndex, Vocabulary } from '../index/format.ts';
import { markMatches, type Highlight } from '../index/snippet.ts';
import { foldWord, STOP_WORDS } from '../index/text.ts';
import type { DocumentRecord, FacetValue, Filters, Hit, SearchPage, SearchRequest } from '../index/types.ts';

/**
 * Plain data for the views: every href, label, count and chart coordinate a template needs, so templates only
 * loop, escape and include. Nothing here touches HTTP.
 */

/** The filter parameters that take several values. */
export type ListFilter = 'country' | 'person' | 'topic' | 'source' | 'doc';
/** The entity kinds that have a page of their own. */
export type EntityKind = 'country' | 'person' | 'topic';

/** Request values that are left out of a URL when they equal these (the parser's defaults). */
export type RequestDefaults = Pick<SearchRequest, 'sort' | 'size' | 'facetSize'>;

const LIST_FILTERS: readonly ListFilter[] = ['country', 'person', 'topic', 'source', 'doc'];

// ---------- URLs ----------

/** The query string of a search request, in a stable order, leaving out empty and default values. */
export function searchQueryString(request: SearchRequest, defaults: RequestDefaults): string {
  const params = new URLSearchParams();
  if (request.q.trim() !== '') params.append('q', request.q);
  for (const name of LIST_FILTERS) {
    for (const value of request.filters[name]) params.append(name, value);
  }
  if (request.filters.from !== null) params.append('from', request.filters.from);
  if (request.filters.to !== null) params.append('to', request.filters.to);
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

/** The page of an entity: `/country/FR`, `/person/emmanuel-macron`, `/topic/defence`. */
export function entityHref(kind: EntityKind, id: string): string {
  return `/${kind}/${encodeURIComponent(id)}`;
}

/** The paragraph in its article, with the query words marked when there is a query. */
export function paragraphHref(docId: string, n: number, q = ''): string {
  const query = q.trim() === '' ? '' : `?${new URLSearchParams({ q }).toString()}`;
  return `/doc/${encodeURIComponent(docId)}${query}#p-${n}`;
}

/** The permalink of a paragraph: `/doc/<docId>#p-<n>`, without any query. */
export function permalink(docId: string, n: number): string {
  return paragraphHref(docId, n);
}

// ---------- labels ----------

/** Display names for entity ids and document ids, falling back to the id itself. */
export interface Labeller {
  country(code: string): string;
  person(id: string): string;
  topic(id: string): string;
  doc(id: string): string;
}

const documentTitles = new WeakMap<LoadedIndex, Map<string, string>>();

/** Labels from an index's entity catalogue and document titles. */
export function labellerFor(index: LoadedIndex): Labeller {
  let titles = documentTitles.get(index);
  if (titles === undefined) {
    titles = new Map(index.documents.map((doc) => [doc.id, doc.title]));
    documentTitles.set(index, titles);
  }
  const byId = titles;
  return {
    country: (code) => index.entities.countries[code]?.name ?? code,
    person: (id) => index.entities.persons[id]?.name ?? id,
    topic: (id) => index.entities.topics[id]?.label ?? id,
    doc: (id) => byId.get(id) ?? id,
  };
}

/** "1 paragraph", "2,345 paragraphs". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? singular : pluralForm}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "25 Nov 2024" from an ISO date; other strings are returned as they are. */
export function formatDate(date: string | null): string | null {
  if (date === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (match === null) return date;
  const month = MONTHS[Number(match[2]) - 1];
  return month === undefined ? date : `${Number(match[3])} ${month} ${match[1]}`;
}

// ---------- search page ----------

/** One checkbox of a facet. */
export interface FacetOption {
  name: ListFilter;
  value: string;
  label: string;
  count: number;
  selected: boolean;
  /** Where the checkbox leads when it is used as a link (JS off and the form not submitted). */
  href: string;
  /** A DOM id that stays the same across searches, so focus can return to the same checkbox after a live update. */
  inputId: string;
}

/** A facet as shown in the panel: the first `shown` options, the rest behind "show more". */
export interface FacetGroup {
  key: string;
  title: string;
  /** Placeholder of the filter box, present when the facet is long enough to need one. */
  filterPlaceholder: string | null;
  options: FacetOption[];
  shown: number;
}

/** One year of the Year facet: a link that sets from/to to that year, or clears them when already chosen. */
export interface YearOption {
  label: string;
  count: number;
  selected: boolean;
  href: string;
}

/** A selected filter shown above the results, with the URL that removes it. */
export interface Chip {
  kind: string;
  label: string;
  removeHref: string;
}

/** A tag of a hit, as a link that adds its filter to the current search. */
export interface TagLink {
  kind: EntityKind;
  label: string;
  href: string;
  /** Already a filter of the current search. */
  active: boolean;
  leader: boolean;
  title: string;
}

/** One result. `snippet` is the core's escaped HTML (text + <mark> only). */
export interface HitView {
  id: string;
  title: string;
  date: string | null;
  isoDate: string | null;
  source: string | null;
  section: string | null;
  snippet: string;
  paragraphHref: string;
  permalink: string;
  n: number;
  tags: TagLink[];
}

export interface PageLink {
  number: number;
  href: string;
  current: boolean;
}

export interface Pagination {
  prev: string | null;
  next: string | null;
  /** Page numbers around the current one; null marks a gap ("…"). */
  pages: Array<PageLink | null>;
  last: number;
}

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

/** How many options of a facet show before "show more", and from how many a filter box helps. */
export const FACET_SHOWN = 8;
const FACET_FILTER_FROM = 12;

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
}

/** The search page's data: results, facet groups, chips, pagination and the no-results help. */
export function searchView(input: SearchViewInput): SearchView {
  const { request, page, defaults, labels } = input;
  const href = (r: SearchRequest) => searchHref(r, defaults);
  const chips = filterChips(request, defaults, labels);
  const lastPage = Math.max(1, Math.ceil(page.total / request.size));
  const firstShown = page.total === 0 ? 0 : (page.page - 1) * request.size + 1;
  const correction = input.correction ?? null;
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
    hits: page.hits.map((hit) => hitView(hit, request, defaults)),
    facets: facetGroups(page, request, defaults),
    years: yearOptions(page.facets.year, request, defaults),
    chips,
    clearHref: chips.length === 0 ? null : href(withFilters(request, emptyFilters())),
    pagination: lastPage > 1 ? pagination(request, page.page, lastPage, defaults) : null,
    hidden: hiddenInputs(request, defaults),
    firstShown,
    lastShown: Math.min(page.total, firstShown + page.hits.length - 1),
    pastEndHref: page.total > 0 && page.hits.length === 0 ? href({ ...request, page: lastPage }) : null,
    correction: correction === null ? null : { text: correction, href: href({ ...request, q: correction, page: 1 }) },
    empty: page.total === 0 ? { relaxations: input.relaxations ?? [] } : null,
    title: searchTitle(request, chips),
  };
}

/** Filters with nothing selected. */
export function emptyFilters(): Filters {
  return { country: [], person: [], topic: [], source: [], doc: [], from: null, to: null };
}

function searchTitle(request: SearchRequest, chips: Chip[]): string {
  const parts = [request.q.trim(), ...chips.map((chip) => chip.label)].filter((part) => part !== '');
  return parts.length === 0 ? 'All paragraphs' : parts.join(' · ');
}

function hitView(hit: Hit, request: SearchRequest, defaults: RequestDefaults): HitView {
  const tag = (kind: EntityKind, id: string, label: string, leader: boolean, title: string): TagLink => ({
    kind,
    label,
    href: searchHref(addFilter(request, kind, id), defaults),
    active: request.filters[kind].includes(id),
    leader,
    title,
  });
  return {
    id: hit.id,
    title: hit.title,
    date: formatDate(hit.date),
    isoDate: hit.date,
    source: hit.source,
    section: hit.section,
    snippet: hit.snippet,
    paragraphHref: paragraphHref(hit.docId, hit.n, request.q),
    permalink: permalink(hit.docId, hit.n),
    n: hit.n,
    tags: [
      ...hit.countries.map((c) => tag('country', c.code, c.name, false, `Filter by country: ${c.name}`)),
      ...hit.persons.map((p) => tag('person', p.id, p.name, p.leader, `Filter by person: ${p.name}${p.role ? ` (${p.role})` : ''}`)),
      ...hit.topics.map((t) => tag('topic', t.id, t.label, false, `Filter by topic: ${t.label}`)),
    ],
  };
}

/** The facet groups in panel order: Country, Leaders, People, Topic, Source. Empty groups are left out. */
export function facetGroups(page: SearchPage, request: SearchRequest, defaults: RequestDefaults): FacetGroup[] {
  const persons = page.facets.person;
  const groups: Array<[string, string, ListFilter, FacetValue[], string]> = [
    ['country', 'Country', 'country', page.facets.country, 'Filter countries'],
    ['leaders', 'Leaders', 'person', persons.filter((p) => p.leader === true), 'Filter leaders'],
    ['people', 'People', 'person', persons.filter((p) => p.leader !== true), 'Filter people'],
    ['topic', 'Topic', 'topic', page.facets.topic, 'Filter topics'],
    ['source', 'Source', 'source', page.facets.source, 'Filter sources'],
  ];
  return groups
    .filter(([, , , values]) => values.length > 0)
    .map(([key, title, name, values, placeholder]) => {
      const options = values.map((value): FacetOption => ({
        name,
        value: value.value,
        label: value.label,
        count: value.count,
        selected: value.selected,
        href: searchHref(toggleFilter(request, name, value.value), defaults),
        inputId: `f-${key}-${idSafe(value.value)}`,
      }));
      // Selected options always show, even past the cut.
      const shown = Math.max(FACET_SHOWN, lastSelected(options) + 1);
      return {
        key,
        title,
        filterPlaceholder: options.length >= FACET_FILTER_FROM ? placeholder : null,
        options,
        shown: Math.min(shown, options.length),
      };
    });
}

/** A value as the tail of a DOM id: letters, digits and `-` kept, anything else as `_<hex>_`. */
export function idSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9-]/gu, (char) => `_${char.codePointAt(0)?.toString(16) ?? ''}_`);
}

function lastSelected(options: FacetOption[]): number {
  let last = -1;
  options.forEach((option, i) => {
    if (option.selected) last = i;
  });
  return last;
}

/** The year a from/to pair covers exactly, or null. */
export function selectedYear(filters: Pick<Filters, 'from' | 'to'>): string | null {
  const year = filters.from?.slice(0, 4);
  if (year === undefined || filters.from !== `${year}-01-01` || filters.to !== `${year}-12-31`) return null;
  return year;
}

/** Year facet values as links; years sort oldest first. */
export function yearOptions(values: FacetValue[], request: SearchRequest, defaults: RequestDefaults): YearOption[] {
  const chosen = selectedYear(request.filters);
  return [...values]
    .filter((value) => /^\d{4}$/.test(value.value))
    .sort((a, b) => a.value.localeCompare(b.value))
    .map((value) => {
      const selected = chosen === value.value;
      const change = selected ? { from: null, to: null } : { from: `${value.value}-01-01`, to: `${value.value}-12-31` };
      return {
        label: value.label || value.value,
        count: value.count,
        selected,
        href: searchHref(withFilters(request, change), defaults),
      };
    });
}

/** One chip per selected filter value, in the order of the facet panel, each with the URL that removes it. */
export function filterChips(request: SearchRequest, defaults: RequestDefaults, labels: Labeller): Chip[] {
  const chips: Chip[] = [];
  const kinds: Record<ListFilter, string> = {
    country: 'Country', person: 'Person', topic: 'Topic', source: 'Source', doc: 'Article',
  };
  for (const name of LIST_FILTERS) {
    for (const value of request.filters[name]) {
      const label = name === 'source' ? value : labels[name](value);
      chips.push({ kind: kinds[name], label, removeHref: searchHref(removeFilter(request, name, value), defaults) });
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
      const label = name === 'source' ? value : labels[name](value);
      out.push({ label, request: removeFilter(request, name, value) });
    }
  }
  if (request.filters.from !== null || request.filters.to !== null) {
    const year = selectedYear(request.filters);
    const label = year ?? [request.filters.from ?? '…', request.filters.to ?? '…'].join(' – ');
    out.push({ label, request: withFilters(request, { from: null, to: null }) });
  }
  return out;
}

/** Page links for a search: first, last, and two either side of the current page. */
export function pagination(request: SearchRequest, current: number, last: number, defaults: RequestDefaults): Pagination {
  return pageLinks(current, last, (n) => searchHref({ ...request, page: n }, defaults));
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

function hiddenInputs(request: SearchRequest, defaults: RequestDefaults): HiddenInput[] {
  const hidden: HiddenInput[] = request.filters.doc.map((value) => ({ name: 'doc', value }));
  if (request.size !== defaults.size) hidden.push({ name: 'size', value: String(request.size) });
  if (request.facetSize !== defaults.facetSize) hidden.push({ name: 'facetSize', value: String(request.facetSize) });
  return hidden;
}

// ---------- marking query words in a text ----------

/** A run of text, marked when it matches the query. Views escape `text`; no HTML is made here. */
export interface TextPart {
  text: string;
  mark: boolean;
}

/** Splits a text into runs, marking the words the search core's highlight marks in snippets. */
export function markedParts(text: string, highlight: Highlight | null): TextPart[] {
  if (highlight === null || (highlight.terms.size === 0 && highlight.phrases.length === 0)) return [{ text, mark: false }];
  const { tokens, marked } = markMatches(text, highlight);
  const parts: TextPart[] = [];
  let at = 0;
  tokens.forEach((token, i) => {
    if (!marked[i]) return;
    if (token.start > at) parts.push({ text: text.slice(at, token.start), mark: false });
    parts.push({ text: text.slice(token.start, token.end), mark: true });
    at = token.end;
  });
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

// ---------- spelling ----------

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two neighbouring letters as one edit
 * (optimal string alignment); gives up, returning limit + 1, as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit + 1, limit + 1);
}

/**
 * The query with each word the corpus never uses replaced by the closest word it does use (at most two edits,
 * the most frequent on ties), or null when every word is known or none has a close match. Operators, quotes and
 * `field:value` filters are kept as typed.
 */
export function correctQuery(vocabulary: Pick<Vocabulary, 'words' | 'counts'>, q: string): string | null {
  let changed = false;
  const corrected = q.replace(/(^|[\s"(])(-?)([\p{L}\p{N}][\p{L}\p{N}'’.-]*)(?=$|[\s"),;!?])/gu, (whole, before: string, minus: string, word: string) => {
    if (/^(AND|OR|NOT)$/.test(word)) return whole;
    const folded = foldWord(word);
    if (folded.length < 3 || STOP_WORDS.has(folded) || /\d/.test(folded) || knows(vocabulary, folded)) return whole;
    const replacement = closestWord(vocabulary, folded);
    if (replacement === null) return whole;
    changed = true;
    return `${before}${minus}${replacement}`;
  });
  return changed ? corrected : null;
}

function knows(vocabulary: Pick<Vocabulary, 'words'>, folded: string): boolean {
  let low = 0;
  let high = vocabulary.words.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const word = vocabulary.words[middle] ?? '';
    if (word === folded) return true;
    if (word < folded) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

function closestWord(vocabulary: Pick<Vocabulary, 'words' | 'counts'>, folded: string): string | null {
  const limit = folded.length >= 5 ? 2 : 1;
  let best: { word: string; distance: number; count: number } | null = null;
  vocabulary.words.forEach((word, i) => {
    const distance = editDistance(folded, word, limit);
    if (distance > limit) return;
    const count = vocabulary.counts[i] ?? 0;
    if (best === null || distance < best.distance || (distance === best.distance && count > best.count)) {
      best = { word, distance, count };
    }
  });
  return best === null ? null : (best as { word: string }).word;
}

// ---------- document page ----------

/** A paragraph with its tags resolved to entities: what the document page needs of the core's document view. */
export interface ResolvedParagraph {
  n: number;
  section: string | null;
  text: string;
  countries: Array<{ code: string; name: string }>;
  persons: Array<{ id: string; name: string; leader: boolean; role?: string | null }>;
  topics: Array<{ id: string; label: string }>;
}

export interface DocParagraphView {
  n: number;
  parts: TextPart[];
  tags: TagLink[];
}

export interface DocSectionView {
  heading: string | null;
  headingId: string | null;
  paragraphs: DocParagraphView[];
}

/** Everything doc.ejs shows. */
export interface DocView {
  title: string;
  author: string | null;
  date: string | null;
  isoDate: string | null;
  source: string | null;
  /** The article's URL when it is an http(s) URL; anything else (javascript:, data:) is never made a link. */
  sourceHref: string | null;
  q: string;
  marking: boolean;
  clearMarksHref: string;
  searchInDocHref: string;
  paragraphCountText: string;
  sections: DocSectionView[];
}

/** An http(s) URL as given, or null: corpus URLs only become links when they cannot run script. */
export function safeExternalUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Tags of a paragraph as links to the entity pages. */
export function entityTags(paragraph: Pick<ResolvedParagraph, 'countries' | 'persons' | 'topics'>): TagLink[] {
  return [
    ...paragraph.countries.map((c): TagLink => ({
      kind: 'country', label: c.name, href: entityHref('country', c.code), active: false, leader: false, title: `Country: ${c.name}`,
    })),
    ...paragraph.persons.map((p): TagLink => ({
      kind: 'person', label: p.name, href: entityHref('person', p.id), active: false, leader: p.leader,
      title: `Person: ${p.name}${p.role ? ` (${p.role})` : ''}`,
    })),
    ...paragraph.topics.map((t): TagLink => ({
      kind: 'topic', label: t.label, href: entityHref('topic', t.id), active: false, leader: false, title: `Topic: ${t.label}`,
    })),
  ];
}

/** The document page: paragraphs grouped under their section headings, query words marked when `q` is given. */
export function docView(
  record: Pick<DocumentRecord, 'id' | 'title' | 'author' | 'date' | 'source' | 'url'>,
  paragraphs: readonly ResolvedParagraph[],
  q: string,
  highlight: Highlight | null,
  defaults: RequestDefaults,
): DocView {
  const sections: DocSectionView[] = [];
  let current: DocSectionView | undefined;
  for (const paragraph of paragraphs) {
    if (current === undefined || current.heading !== paragraph.section) {
      current = {
        heading: paragraph.section,
        headingId: paragraph.section === null ? null : `s-${paragraph.n}`,
        paragraphs: [],
      };
      sections.push(current);
    }
    current.paragraphs.push({ n: paragraph.n, parts: markedParts(paragraph.text, highlight), tags: entityTags(paragraph) });
  }
  const docSearch: SearchRequest = { ...withFilters(browseRequest(defaults), { doc: [record.id] }), q };
  return {
    title: record.title,
    author: record.author,
    date: formatDate(record.date),
    isoDate: record.date,
    source: record.source,
    sourceHref: safeExternalUrl(record.url),
    q,
    marking: highlight !== null && (highlight.terms.size > 0 || highlight.phrases.length > 0),
    clearMarksHref: `/doc/${encodeURIComponent(record.id)}`,
    searchInDocHref: searchHref(docSearch, defaults),
    paragraphCountText: plural(paragraphs.length, 'paragraph'),
    sections,
  };
}

// ---------- charts ----------

/** One bucket of a time series: its label for people and its count. */
export interface Bucket {
  /** Long label, e.g. "Nov 2024" or "2004". */
  label: string;
  /** Axis label, e.g. "Nov 24". */
  short: string;
  count: number;
}

export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
}

/** Geometry of a server-rendered SVG bar chart, in viewBox units. */
export interface ChartView {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bars: ChartBar[];
  yTicks: Array<{ y: number; label: string }>;
  xLabels: Array<{ x: number; text: string; anchor: 'start' | 'middle' | 'end' }>;
  description: string;
}

const CHART = { width: 440, height: 180, left: 34, right: 432, top: 12, bottom: 152 };

/** Rounds up to 1, 2 or 5 times a power of ten, so axis labels are round numbers. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Bar-chart geometry for a series of buckets; null when there is nothing to draw. */
export function barChart(buckets: readonly Bucket[], unit = 'paragraph'): ChartView | null {
  if (buckets.length === 0) return null;
  const { left, right, top, bottom } = CHART;
  const max = niceCeiling(Math.max(...buckets.map((bucket) => bucket.count)));
  const slot = (right - left) / buckets.length;
  const barWidth = Math.max(1, Math.min(48, slot * 0.78));
  const round = (n: number) => Math.round(n * 10) / 10;
  const bars = buckets.map((bucket, i): ChartBar => {
    const height = ((bottom - top) * bucket.count) / max;
    return {
      x: round(left + i * slot + (slot - barWidth) / 2),
      y: round(bottom - height),
      width: round(barWidth),
      height: round(height),
      title: `${bucket.label}: ${plural(bucket.count, unit)}`,
    };
  });
  const yTicks = [0, max / 2, max]
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ y: round(bottom - ((bottom - top) * value) / max), label: value.toLocaleString('en-GB') }));
  // About five labels fit under the chart's width; every k-th bucket gets one.
  const every = Math.max(1, Math.ceil(buckets.length / 5));
  const xLabels: ChartView['xLabels'] = [];
  buckets.forEach((bucket, i) => {
    if (i % every !== 0) return;
    const x = round(left + i * slot + slot / 2);
    // A label is about 44 units wide; near an edge it is anchored so it stays inside the chart.
    const anchor = x - 22 < 0 ? 'start' : x + 22 > CHART.width ? 'end' : 'middle';
    xLabels.push({ x, text: bucket.short, anchor });
  });
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const busiest = buckets.reduce((best, bucket) => (bucket.count > best.count ? bucket : best));
  const first = buckets[0]?.label ?? '';
  const last = buckets[buckets.length - 1]?.label ?? '';
  return {
    width: CHART.width,
    height: CHART.height,
    plot: { left, right, top, bottom },
    bars,
    yTicks,
    xLabels,
    description: `${plural(total, unit)} from ${first} to ${last}; most in ${busiest.label} (${busiest.count}).`,
  };
}

/**
 * Counts per month between the first and last date, gaps filled with zero; per year when the dates span more than
 * four years, so bars stay wide enough to see.
 */
export function timeBuckets(dates: readonly string[]): Bucket[] {
  const months = dates.map((date) => /^(\d{4})-(\d{2})/.exec(date)).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]) * 12 + Number(m[2]) - 1);
  if (months.length === 0) return [];
  const first = Math.min(...months);
  const last = Math.max(...months);
  const byYear = last - first >= 48;
  const key = (month: number) => (byYear ? Math.floor(month / 12) : month);
  const counts = new Map<number, number>();
  for (const month of months) counts.set(key(month), (counts.get(key(month)) ?? 0) + 1);
  const buckets: Bucket[] = [];
  for (let k = key(first); k <= key(last); k += 1) {
    const count = counts.get(k) ?? 0;
    if (byYear) {
      buckets.push({ label: String(k), short: String(k), count });
    } else {
      const year = Math.floor(k / 12);
      const month = MONTHS[k % 12] ?? '';
      buckets.push({ label: `${month} ${year}`, short: `${month} ${String(year).slice(2)}`, count });
    }
  }
  return buckets;
}

// ---------- entity pages ----------

/** A related entity with how many paragraphs mention it alongside the page's entity. */
export interface RelatedItem {
  label: string;
  href: string;
  count: number;
  togetherHref: string;
}

export interface RelatedGroup {
  key: string;
  title: string;
  items: RelatedItem[];
}

/** Counts over the paragraphs that mention one entity. */
export interface EntityProfile {
  mentions: number;
  documents: number;
  /** The document date of each dated mention. */
  dates: string[];
  undated: number;
  related: Record<EntityKind, Array<{ id: string; count: number }>>;
}

const TAG_FIELD: Record<EntityKind, 'countries' | 'persons' | 'topics'> = {
  country: 'countries', person: 'persons', topic: 'topics',
};

/** Scans the paragraphs that mention an entity: how many, when, and what else they mention. */
export function entityProfile(index: LoadedIndex, kind: EntityKind, id: string): EntityProfile {
  const field = TAG_FIELD[kind];
  const documents = new Set<string>();
  const dates: string[] = [];
  let undated = 0;
  const counters: Record<EntityKind, Map<string, number>> = { country: new Map(), person: new Map(), topic: new Map() };
  index.paragraphs.forEach((paragraph, ordinal) => {
    if (!paragraph[field].includes(id)) return;
    documents.add(paragraph.docId);
    const date = index.documents[index.paragraphDocument[ordinal] ?? -1]?.date ?? null;
    if (date === null) undated += 1;
    else dates.push(date);
    for (const other of ['country', 'person', 'topic'] as const) {
      for (const value of new Set(paragraph[TAG_FIELD[other]])) {
        if (other === kind && value === id) continue;
        counters[other].set(value, (counters[other].get(value) ?? 0) + 1);
      }
    }
  });
  const top = (counts: Map<string, number>) => [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([value, count]) => ({ id: value, count }));
  return {
    mentions: dates.length + undated,
    documents: documents.size,
    dates,
    undated,
    related: { country: top(counters.country), person: top(counters.person), topic: top(counters.topic) },
  };
}

/** Everything entity.ejs shows. */
export interface EntityView {
  kind: EntityKind;
  kindLabel: string;
  name: string;
  role: string | null;
  leader: boolean;
  country: { label: string; href: string } | null;
  mentionsText: string;
  documentsText: string;
  searchHref: string;
  chartTitle: string;
  chart: ChartView | null;
  undatedText: string | null;
  related: RelatedGroup[];
  hits: HitView[];
  firstShown: number;
  pagination: Pagination | null;
}

/** The entity's own facts, from the catalogue. */
export interface EntityFacts {
  kind: EntityKind;
  id: string;
  name: string;
  role: string | null;
  leader: boolean;
  country: string | null;
}

/** The entity catalogue's facts about one entity, or null when no paragraph of the index mentions it. */
export function entityFacts(index: LoadedIndex, kind: EntityKind, id: string): EntityFacts | null {
  if (kind === 'country') {
    const country = index.entities.countries[id];
    return country ? { kind, id, name: country.name, role: null, leader: false, country: null } : null;
  }
  if (kind === 'person') {
    const person = index.entities.persons[id];
    return person ? { kind, id, name: person.name, role: person.role, leader: person.leader, country: person.country } : null;
  }
  const topic = index.entities.topics[id];
  return topic ? { kind, id, name: topic.label, role: null, leader: false, country: null } : null;
}

const RELATED_SHOWN = 8;

/** The entity page: facts, chart, related entities and one page of its paragraphs, newest first. */
export function entityView(input: {
  facts: EntityFacts;
  profile: EntityProfile;
  page: SearchPage;
  request: SearchRequest;
  defaults: RequestDefaults;
  labels: Labeller;
}): EntityView {
  const { facts, profile, page, request, defaults, labels } = input;
  const base = searchRequestFor(facts.kind, facts.id, defaults);
  const buckets = timeBuckets(profile.dates);
  const byYear = buckets.length > 0 && /^\d{4}$/.test(buckets[0]?.label ?? '');
  const relatedGroup = (kind: EntityKind, key: string, title: string): RelatedGroup => ({
    key,
    title,
    items: profile.related[kind].slice(0, RELATED_SHOWN).map(({ id, count }) => ({
      label: labels[kind](id),
      href: entityHref(kind, id),
      count,
      togetherHref: searchHref(addFilter(base, kind, id), defaults),
    })),
  });
  const lastPage = Math.max(1, Math.ceil(page.total / request.size));
  const pageHref = (n: number) => `${entityHref(facts.kind, facts.id)}${n > 1 ? `?page=${n}` : ''}`;
  return {
    kind: facts.kind,
    kindLabel: { country: 'Country', person: 'Person', topic: 'Topic' }[facts.kind],
    name: facts.name,
    role: facts.role,
    leader: facts.leader,
    country: facts.country === null ? null : { label: labels.country(facts.country), href: entityHref('country', facts.country) },
    mentionsText: plural(profile.mentions, 'paragraph'),
    documentsText: plural(profile.documents, 'article'),
    searchHref: searchHref(base, defaults),
    chartTitle: byYear ? 'Mentions per year' : 'Mentions per month',
    chart: barChart(buckets),
    undatedText: profile.undated > 0 ? `${plural(profile.undated, 'paragraph')} from undated articles not charted.` : null,
    related: [
      relatedGroup('person', 'persons', facts.kind === 'person' ? 'Mentioned with' : 'People'),
      relatedGroup('country', 'countries', 'Countries'),
      relatedGroup('topic', 'topics', 'Topics'),
    ],
    hits: page.hits.map((hit) => hitView(hit, base, defaults)),
    firstShown: page.total === 0 ? 0 : (page.page - 1) * request.size + 1,
    pagination: lastPage > 1 ? pageLinks(page.page, lastPage, pageHref) : null,
  };
}

/** The search for every paragraph, with the parser's defaults. */
export function browseRequest(defaults: RequestDefaults): SearchRequest {
  return { q: '', filters: emptyFilters(), sort: defaults.sort, page: 1, size: defaults.size, facetSize: defaults.facetSize };
}

/** The search for every paragraph that mentions an entity. */
export function searchRequestFor(kind: EntityKind, id: string, defaults: RequestDefaults): SearchRequest {
  return withFilters(browseRequest(defaults), { [kind]: [id] });
}

// ---------- home page ----------

export interface TopItem {
  label: string;
  count: number;
  searchHref: string;
  profileHref: string;
}

/** Everything home.ejs shows. */
export interface HomeView {
  documents: string;
  paragraphs: string;
  documentsText: string;
  paragraphsText: string;
  countries: string;
  persons: string;
  /** First and last article dates, formatted; null when no article is dated. */
  firstDate: string | null;
  lastDate: string | null;
  lists: Array<{ key: string; title: string; items: TopItem[] }>;
}

const TOP_SHOWN = 10;

/** The home page: corpus counts, date range and the most mentioned countries, leaders and topics. */
export function homeView(index: LoadedIndex, facets: SearchPage['facets'], defaults: RequestDefaults): HomeView {
  const dates = index.documents.map((doc) => doc.date).filter((date): date is string => date !== null).sort();
  const first = formatDate(dates[0] ?? null);
  const last = formatDate(dates[dates.length - 1] ?? null);
  const items = (kind: EntityKind, values: FacetValue[]) => values.slice(0, TOP_SHOWN).map((value): TopItem => ({
    label: value.label,
    count: value.count,
    searchHref: searchHref(searchRequestFor(kind, value.value, defaults), defaults),
    profileHref: entityHref(kind, value.value),
  }));
  const count = (n: number) => n.toLocaleString('en-GB');
  return {
    documents: count(index.documents.length),
    paragraphs: count(index.paragraphs.length),
    documentsText: plural(index.documents.length, 'article'),
    paragraphsText: plural(index.paragraphs.length, 'paragraph'),
    countries: count(Object.keys(index.entities.countries).length),
    persons: count(Object.keys(index.entities.persons).length),
    firstDate: first,
    lastDate: last,
    lists: [
      { key: 'countries', title: 'Countries', items: items('country', facets.country) },
      { key: 'leaders', title: 'Leaders', items: items('person', facets.person.filter((p) => p.leader === true)) },
      { key: 'topics', title: 'Topics', items: items('topic', facets.topic) },
    ],
  };
}
