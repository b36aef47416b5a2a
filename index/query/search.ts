import { paragraphLinkAt, paragraphRecord } from './documents.ts';
import { evaluateRoot, isStopWordPhrase } from './evaluate.ts';
import { expansionReason, termExpansions, type Context } from './expansion.ts';
import {
  applyFilters, compileFilters, countFacet, excludedValues, facetValues, filterValues, topValues, type FilteredCandidates,
} from './facets.ts';
import { foldBy, unfolded, type Folding } from './fold.ts';
import { levelOf, type Level } from './levels.ts';
import type { LoadedIndex } from '../store/loaded-index.ts';
import { scoreIn, type MatchList } from './match-list.ts';
import { parseQuery, type AndNode, type FilterNode, type ParsedQuery, type PhraseNode, type QueryNode } from './parse.ts';
import { isLongQuery, planQuery, typedFilters } from './plan.ts';
export { LONG_QUERY_WORDS, MAX_PHRASES, MAX_TYPED_FILTERS } from './plan.ts';
import { WorkBudgetExceeded } from './phrase.ts';
import { firstInOrder, hasHit, positionsOfHits, recencyComparator, relevanceComparator, type PositionOrder } from './rank.ts';
import { resolveValue, resolveValues } from './resolve.ts';
import { DEFAULT_SCORING, type Scoring } from './scoring.ts';
import { makeSnippet, type Highlight } from './snippet.ts';
import { isDated, timelineOf } from './timeline.ts';
import { phraseForm } from '../text.ts';
import type {
  ExpandedWord, FacetCounts, FacetName, FacetValue, Filters, Folded, Hit, Result, Scope, SearchPage, SearchRequest,
} from '../types.ts';

export { typoBudget } from './expansion.ts';
export { DEFAULT_SCORING, type Scoring } from './scoring.ts';

/**
 * The read side's query engine. Steps:
 *   1. parse `q` (parse.ts); resolve every filter value, typed or in the URL, to the ids the index stores
 *      (resolve.ts: names and short forms accepted, unknown values refused with suggestions);
 *   2. evaluate the query tree over the term index into match lists (evaluate.ts: paragraphs ascending, with BM25+
 *      scores, words matched and typos), combined by sorted-list intersection, union and difference (match-list.ts).
 *      Typed filters are clauses like words (`person:a person:b` both); URL filters in `allOf` mode join the tree
 *      as clauses, URL exclusions as excluded clauses. Under `scope=article` every list is lifted to articles;
 *   3. test candidates against the URL's other filters once (facets.ts) → hits, and disjunctive facet counts;
 *   4. if nothing matched every word, retry with any word (relaxed); a long query of plain words is matched with
 *      any word from the start, paragraphs that have all of them first (optional words, as Algolia does);
 *   5. fold copies and, with `group=article`, an article's hits into one (fold.ts); rank or sort by date (rank.ts):
 *      only the requested page is ordered in full; build its hits with snippets. A query whose every hit must have
 *      every word ranks by most words matched (under OR), fewest typos, highest score, newest; a relaxed or long
 *      query ranks by all words or not, then score: BM25 already rewards paragraphs with more of the words.
 * Totals and facet counts count every hit, copies included; `distinct` counts the results after folding.
 */


/** How a query's words were required: all of them, all of them first (long query), or any (relaxed). */
type Matching = 'all' | 'optional' | 'any';

/** Paragraphs shown in a hit's list of copies or of more paragraphs in its article. */
const FOLDED_SHOWN = 5;

/** Every paragraph (or article) a request matches, with what is needed for ordering, hits and facets. */
export interface MatchResult {
  /**
   * The values each list filter selects, resolved to ids: the URL's, and those typed at the top level of `q` (which
   * the query applies as clauses): what the facets show as selected.
   */
  filters: Filters;
  /** Excluded values per filter, resolved. */
  exclude: Record<string, string[]>;
  unit: Scope;
  /** No hit has every word of the query: it matched any of them. */
  relaxed: boolean;
  /** Units passing the query and every filter. */
  total: number;
  /** Results after folding copies and grouping. */
  distinct: number;
  folded: { copies: number; inArticles: number };
  /** The first `limit` results (all by default) in the requested order, as paragraph ordinals (an article: its best). */
  ordered(limit?: number): Int32Array;
  /** Relevance score of a result's paragraph (its article's under article scope; 0 when browsing). */
  scoreOf(paragraph: number): number;
  /** Matching paragraphs folded into a result: its copies, and the other paragraphs of its article. */
  foldedInto(paragraph: number): { copies: number[]; more: number[] };
  /** Every unit matching `q`, with the filters each fails: the base of disjunctive facet counts and the timeline. */
  candidates: FilteredCandidates;
  highlight: Highlight;
  /** Words matched beyond their exact forms. */
  expanded: ExpandedWord[];
}

/** How a request is run: its `q` already parsed (so a page parses it once), and the scoring (tests change it). */
export interface SearchOptions {
  parsed?: ParsedQuery;
  scoring?: Scoring;
  /** Milliseconds of evaluation a request may take before it is answered `too_much_work` (default 1000). */
  workBudgetMs?: number;
  /**
   * `performance.now()` past which evaluation stops, shared by every search one HTTP request runs (its comparisons,
   * its "try without …" totals), so the budget is the request's, not each search's. Overrides `workBudgetMs`.
   */
  deadline?: number;
}

/** The deadline of a request that starts now: pass it to every search the request runs. */
export function requestDeadline(workBudgetMs = WORK_BUDGET_MS): number {
  return performance.now() + workBudgetMs;
}

const WORK_BUDGET_MS = 1000;

/** Runs a search request: hits of the requested page, totals, facets, timeline; an error when `q` or a value is bad. */
export function search(index: LoadedIndex, request: SearchRequest, given: SearchOptions = {}): Result<SearchPage> {
  const started = performance.now();
  // The exact search and the wider one it offers share one budget.
  const options: SearchOptions = { ...given, deadline: given.deadline ?? requestDeadline(given.workBudgetMs) };
  const matched = matchParagraphs(index, request, options);
  if (!matched.ok) return matched;
  const result = matched.value;
  const hits = hitsOfPage(index, request, result);
  const facets = {} as FacetCounts;
  for (const facet of index.schema.facetNames) {
    const counted = topValues(index, facet, countFacet(index, facet, result.candidates), result.filters, request.facetSize);
    facets[facet] = [...counted, ...excludedValues(index, facet, result.exclude[facet] ?? [])];
  }
  return {
    ok: true,
    value: {
      query: request,
      unit: result.unit,
      total: result.total,
      distinct: result.distinct,
      folded: result.folded,
      page: request.page,
      size: request.size,
      relaxed: result.relaxed,
      expanded: result.expanded,
      wider: request.fuzzy === true ? null : widerMatches(index, request, options, result),
      dated: isDated(index),
      timeline: timelineOf(index, result),
      tookMs: Math.round((performance.now() - started) * 100) / 100,
      hits,
      facets,
    },
  };
}

/**
 * What typo and prefix matching would add to an exact answer: the extra hits and the words of the text that
 * would bring them. Null when there is nothing to add.
 */
function widerMatches(
  index: LoadedIndex, request: SearchRequest, options: SearchOptions, exact: MatchResult,
): SearchPage['wider'] {
  if (!/[\p{L}\p{N}]/u.test(request.q)) return null;
  const fuzzy = matchParagraphs(index, { ...request, fuzzy: true }, options);
  if (!fuzzy.ok || fuzzy.value.total <= exact.total) return null;
  const words = [...new Set(fuzzy.value.expanded.flatMap((expanded) => expanded.to))];
  return words.length === 0 ? null : { count: fuzzy.value.total - exact.total, words };
}

/** The hits of the requested page of a match result, with snippets, as `search` answers them. */
export function hitsOfPage(index: LoadedIndex, request: Pick<SearchRequest, 'page' | 'size'>, matched: MatchResult): Hit[] {
  if (request.size === 0) return [];
  const first = (request.page - 1) * request.size;
  const ordered = matched.ordered(first + request.size);
  const hits: Hit[] = [];
  for (let k = first; k < ordered.length; k += 1) hits.push(buildHit(index, ordered[k] ?? 0, matched));
  return hits;
}

/** The values of one facet whose value or label has a word starting with `prefix`, with disjunctive counts. */
export function searchFacetValues(
  index: LoadedIndex, request: SearchRequest, facet: FacetName, prefix: string,
): Result<FacetValue[]> {
  const matched = matchParagraphs(index, request);
  if (!matched.ok) return matched;
  const { candidates, filters } = matched.value;
  const wanted = phraseForm(prefix);
  const values = facetValues(index, facet, countFacet(index, facet, candidates), filters).filter((value) => {
    if (wanted === '') return true;
    const forms = [phraseForm(value.label), phraseForm(value.value)];
    return forms.some((form) => form.startsWith(wanted) || form.includes(` ${wanted}`));
  });
  return { ok: true, value: values.filter((value) => value.count > 0 || value.selected).slice(0, request.facetSize) };
}

/** What a query would highlight in a text (for a document page opened from a search), or null if `q` is invalid. */
export function queryHighlight(index: LoadedIndex, q: string): Highlight | null {
  const parsed = parseQuery(q, index.schema);
  if (!parsed.ok) return null;
  return highlightOf(contextFor(index, DEFAULT_SCORING, false, levelOf(index), new Map()), parsed.value.root.children);
}

/** Every paragraph (or article) a request matches, before paging: used by search, export and facet value search. */
export function matchParagraphs(index: LoadedIndex, request: SearchRequest, options: SearchOptions = {}): Result<MatchResult> {
  const scoring = options.scoring ?? DEFAULT_SCORING;
  const parsed = options.parsed !== undefined && options.parsed.q === request.q && options.parsed.schema === index.schema
    ? { ok: true as const, value: options.parsed }
    : parseQuery(request.q, index.schema);
  if (!parsed.ok) return parsed;
  const resolved = resolveRequest(index, request, parsed.value.root);
  if (!resolved.ok) return resolved;
  const { filters, exclude, allOf, values } = resolved.value;
  const level = levelOf(index, request.scope ?? 'paragraph');

  const root = parsed.value.root;
  const plan = planQuery(root, filters, allOf, exclude, values);
  if (!plan.ok) return plan;
  const { wordClauses, clauses, full, anyWord, tested } = plan.value;
  const compiled = compileFilters(index, tested, level);

  const selected: Filters = { ...filters };
  for (const child of root.children) {
    const id = child.kind === 'filter' ? values.get(child) : undefined;
    if (child.kind === 'filter' && id !== undefined && !filterValues(selected, child.name).includes(id)) {
      selected[child.name] = [...filterValues(selected, child.name), id];
    }
  }
  const context: Context = {
    ...contextFor(index, scoring, request.fuzzy === true, level, values),
    phrases: new Map(),
    deadline: options.deadline ?? requestDeadline(options.workBudgetMs),
  };
  let matching: Matching = isLongQuery(wordClauses) ? 'optional' : 'all';
  let matches: MatchList | null;
  let candidates: ReturnType<typeof applyFilters>;
  try {
    matches = evaluateRoot(context, matching === 'optional' ? anyWord : full);
    candidates = applyFilters(compiled, matches?.paragraphs ?? level.every(), level);
    if (matching === 'all' && matches !== null && wordClauses.length > 1 && !hasHit(candidates)) {
      matching = 'any';
      matches = evaluateRoot(context, anyWord);
      candidates = applyFilters(compiled, matches?.paragraphs ?? level.every(), level);
    }
  } catch (error) {
    if (!(error instanceof WorkBudgetExceeded)) throw error;
    return { ok: false, error: { code: 'too_much_work', message: 'q: this query needs more work than one request may take; narrow it (fewer phrases, rarer words, filters)' } };
  }

  const positions = positionsOfHits(candidates);
  const list = matches;
  if (matching === 'optional' && list !== null && !hasEveryWord(list, candidates, wordClauses.length)) matching = 'any';
  const order: PositionOrder = list !== null && request.sort === 'relevance'
    ? relevanceComparator(level.recencyRank, list, matching === 'all' ? null : wordClauses.length)
    : recencyComparator(candidates);
  const unitAt = (position: number): number => candidates.ordinals[position] ?? 0;
  const copies = request.collapse === false ? unfolded(positions) : foldBy(positions, (p) => level.copyKey(unitAt(p)), order);
  const grouped = level.unit === 'paragraph' && request.group === 'article'
    ? foldBy(copies.representatives, (p) => level.documentOf(unitAt(p)), order)
    : unfolded(copies.representatives);
  const evidence = level.unit === 'article'
    ? articleEvidence(index, context, values, [...wordClauses, ...clauses], compileFilters(index, tested, levelOf(index)))
    : null;
  const positionOf = (unit: number): number => positionIn(candidates.ordinals, unit);

  return {
    ok: true,
    value: {
      filters: selected,
      exclude,
      unit: level.unit,
      relaxed: matching === 'any',
      total: positions.length,
      distinct: grouped.representatives.length,
      folded: { copies: copies.folded, inArticles: grouped.folded },
      ordered: (limit = grouped.representatives.length) => firstInOrder(grouped.representatives, limit, order)
        .map((position) => (evidence === null ? unitAt(position) : evidence.best(unitAt(position)))),
      scoreOf: (paragraph) => {
        if (list === null) return 0;
        return scoreIn(list, evidence === null ? paragraph : (index.paragraphDocument[paragraph] ?? -1));
      },
      foldedInto: (paragraph) => {
        const unit = evidence === null ? paragraph : (index.paragraphDocument[paragraph] ?? -1);
        const position = positionOf(unit);
        if (position < 0) return { copies: [], more: [] };
        const copyUnits = (copies.members.get(position) ?? []).map(unitAt);
        if (evidence === null) {
          return { copies: copyUnits, more: (grouped.members.get(position) ?? []).map(unitAt) };
        }
        const n = index.paragraphs[paragraph]?.n ?? 0;
        return {
          copies: copyUnits.map((document) => paragraphNumbered(index, document, n)).filter((p) => p >= 0),
          more: evidence.all(unit).filter((other) => other !== paragraph),
        };
      },
      candidates,
      highlight: highlightOf(context, wordClauses),
      expanded: expandedWords(context, wordClauses),
    },
  };
}

/** A request's filter values (URL and typed) resolved to ids, and the typed filters' ids by node. */
interface ResolvedRequest {
  filters: Filters;
  exclude: Record<string, string[]>;
  allOf: string[];
  values: Map<FilterNode, string>;
}

function resolveRequest(index: LoadedIndex, request: SearchRequest, root: AndNode): Result<ResolvedRequest> {
  const { schema } = index;
  const filters: Filters = { ...request.filters };
  for (const name of schema.filterNames) {
    const values = resolveValues(index, name, filterValues(request.filters, name), name);
    if (!values.ok) return values;
    filters[name] = values.value;
  }
  const exclude: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(request.exclude ?? {})) {
    if (!schema.filterNames.includes(name) || list.length === 0) continue;
    const values = resolveValues(index, name, list, `not${name}`);
    if (!values.ok) return values;
    exclude[name] = values.value;
  }
  const allOf = (request.allOf ?? []).filter((name) => filterValues(filters, name).length > 0);
  const values = new Map<FilterNode, string>();
  for (const node of typedFilters(root)) {
    const value = resolveValue(index, node.name, node.value, `q: ${node.name}:${node.value}`);
    if (!value.ok) return value;
    values.set(node, value.value);
  }
  return { ok: true, value: { filters, exclude, allOf, values } };
}

function contextFor(
  index: LoadedIndex, scoring: Scoring, fuzzy: boolean, level: Level, values: ReadonlyMap<FilterNode, string>,
): Context {
  return { index, scoring, expansions: new Map(), fuzzy, level, unitsOf: (node) => unitsOf(index, level, node, values.get(node)) };
}

const NONE = new Int32Array(0);

/** The units having a typed filter's (resolved) value. */
function unitsOf(index: LoadedIndex, level: Level, node: FilterNode, id: string | undefined): Int32Array {
  if (id === undefined) return NONE;
  if (index.schema.byName.get(node.name)?.source.kind === 'doc') {
    const document = index.documentOrdinal.get(id);
    return document === undefined ? NONE : level.unitsOfDocuments(new Set([document]));
  }
  const ordinal = level.column(node.name)?.ordinalOf.get(id);
  return ordinal === undefined ? NONE : level.unitsWith(node.name, ordinal);
}

/** Whether some hit (candidate passing every filter) matched all `count` words. */
function hasEveryWord(list: MatchList, candidates: FilteredCandidates, count: number): boolean {
  // The candidates are the list's units, in the same order.
  for (let k = 0; k < list.words.length; k += 1) {
    if (candidates.masks[k] === 0 && (list.words[k] ?? 0) >= count) return true;
  }
  return false;
}

/** The position of a unit in an ascending list of units, or -1. */
function positionIn(units: ArrayLike<number>, unit: number): number {
  let low = 0;
  let high = units.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = units[middle] ?? 0;
    if (at === unit) return middle;
    if (at < unit) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** The paragraph numbered `n` of a document (by ordinal), or -1. */
function paragraphNumbered(index: LoadedIndex, document: number, n: number): number {
  for (const paragraph of index.documentParagraphs[document] ?? NONE) if (index.paragraphs[paragraph]?.n === n) return paragraph;
  return -1;
}

/**
 * Under article scope, which paragraphs of an article show why it matched: those meeting some clause (any word or
 * typed filter), best score first, else those passing the URL's filters, else all of them; its hit is the first.
 */
function articleEvidence(
  index: LoadedIndex, articleContext: Context, values: ReadonlyMap<FilterNode, string>, positives: QueryNode[],
  paragraphFilters: ReturnType<typeof compileFilters>,
): { best(document: number): number; all(document: number): number[] } {
  const paragraphs = levelOf(index);
  // The same words (and their expansions, already found) and typed filters, at paragraph level.
  // The article's matching was bounded already; this reads only what it found, so it has no deadline of its own.
  const context: Context = {
    ...articleContext, level: paragraphs, deadline: undefined, unitsOf: (node) => unitsOf(index, paragraphs, node, values.get(node)),
  };
  const shown = positives.filter((node) => !isStopWordPhrase(node));
  const list = shown.length === 0 ? null : evaluateRoot(context, { kind: 'and', children: [{ kind: 'or', children: shown }], excluded: [] });
  const all = (document: number): number[] => {
    const own = index.documentParagraphs[document] ?? NONE;
    if (list !== null) {
      const found = Array.from(own).filter((paragraph) => positionIn(list.paragraphs, paragraph) >= 0);
      return found.sort((a, b) => scoreIn(list, b) - scoreIn(list, a) || a - b);
    }
    const passing = Array.from(own).filter((paragraph) => paragraphFilters.failures(paragraph) === 0);
    return passing.length > 0 ? passing : Array.from(own);
  };
  return { best: (document) => all(document)[0] ?? index.documentParagraphs[document]?.[0] ?? 0, all };
}

/** Index terms and phrases to highlight: everything positive the query's words reached, nothing excluded. */
function highlightOf(context: Context, clauses: readonly QueryNode[]): Highlight {
  const terms = new Set<string>();
  const phrases: string[] = [];
  const visit = (node: QueryNode): void => {
    if (node.kind === 'term') for (const { term } of termExpansions(context, node)) terms.add(term);
    else if (node.kind === 'phrase') phrases.push(node.form);
    else if (node.kind !== 'filter') node.children.forEach(visit);
  };
  clauses.forEach(visit);
  return { terms, phrases };
}

/** The words of the query matched beyond their exact forms, with the words of the text they reached. */
function expandedWords(context: Context, clauses: readonly QueryNode[]): ExpandedWord[] {
  const out: ExpandedWord[] = [];
  const visit = (node: QueryNode): void => {
    if (node.kind === 'term') {
      const why = expansionReason(context, node);
      if (why === null) return;
      const to = termExpansions(context, node).filter((e) => !(e.term === node.term && e.typos === 0)).map((e) => e.word);
      if (to.length > 0 || why === 'auto') out.push({ word: node.word, to: [...new Set(to)], why });
    } else if (node.kind === 'and' || node.kind === 'or') {
      node.children.forEach(visit);
    }
  };
  clauses.forEach(visit);
  return out;
}

function buildHit(index: LoadedIndex, ordinal: number, matched: MatchResult): Hit {
  const record = paragraphRecord(index, ordinal);
  const { copies, more } = matched.foldedInto(ordinal);
  return {
    ...record,
    snippet: makeSnippet(record.text, matched.highlight),
    score: Math.round(matched.scoreOf(ordinal) * 1000) / 1000,
    copies: foldedList(index, copies),
    more: foldedList(index, more.sort((a, b) => a - b)),
  };
}

function foldedList(index: LoadedIndex, paragraphs: readonly number[]): Folded {
  return { count: paragraphs.length, shown: paragraphs.slice(0, FOLDED_SHOWN).map((paragraph) => paragraphLinkAt(index, paragraph)) };
}

