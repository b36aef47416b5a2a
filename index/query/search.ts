import { paragraphRecord } from './documents.ts';
import { evaluateRoot } from './evaluate.ts';
import { termExpansions, type Context } from './expansion.ts';
import {
  applyFilters, compileFilters, countFacet, facetValues, filterValues, topValues,
  type FilteredCandidates,
} from './facets.ts';
import type { LoadedIndex } from '../store/loaded-index.ts';
import { everyOrdinal, scoreIn, type MatchList } from './match-list.ts';
import { parseQuery, type AndNode, type ParsedQuery, type QueryNode } from './parse.ts';
import { hasHit, positionsOfHits, recencyOrder, relevanceOrder } from './rank.ts';
import { DEFAULT_SCORING, type Scoring } from './scoring.ts';
import { makeSnippet, type Highlight } from './snippet.ts';
import { phraseForm } from '../text.ts';
import type { FacetCounts, FacetName, FacetValue, Filters, Hit, Result, SearchPage, SearchRequest } from '../types.ts';

export { typoBudget } from './expansion.ts';
export { DEFAULT_SCORING, type Scoring } from './scoring.ts';

/**
 * The read side's query engine. Steps:
 *   1. parse `q` (parse.ts) and merge its filters into the request's;
 *   2. evaluate the query tree over the term index into match lists (evaluate.ts: paragraphs ascending, with BM25+
 *      scores, words matched and typos), combined by sorted-list intersection, union and difference (match-list.ts);
 *   3. test candidates against every filter once (facets.ts) → hits, and disjunctive facet counts;
 *   4. if nothing matched every word, retry with any word (relaxed); a long query of plain words is matched with
 *      any word from the start, paragraphs that have all of them first (optional words, as Algolia does);
 *   5. rank or sort by date (rank.ts); only the requested page is ordered in full; build its hits with snippets. A
 *      query whose every hit must have every word ranks by most words matched (under OR), fewest typos, highest
 *      score, newest; a relaxed or long query ranks by all words or not, then score: BM25 already rewards paragraphs
 *      with more of the words, weighted by how rare each word is.
 */

/** From this many plain words, a query is read as a description rather than a list of required words. */
export const LONG_QUERY_WORDS = 4;

/** How a query's words were required: all of them, all of them first (long query), or any (relaxed). */
type Matching = 'all' | 'optional' | 'any';

/** Every paragraph a request matches, with what is needed for ordering, hits and facets. */
export interface MatchResult {
  /** Filters of the request and of `q` together. */
  filters: Filters;
  /** No hit has every word of the query: it matched any of them. */
  relaxed: boolean;
  /** Paragraphs passing every filter. */
  total: number;
  /** The first `limit` hits (all by default) in the requested order. */
  ordered(limit?: number): Int32Array;
  /** Relevance score of a matched paragraph (0 when browsing). */
  scoreOf(paragraph: number): number;
  /** Every paragraph matching `q`, with the filters each fails: the base of disjunctive facet counts. */
  candidates: FilteredCandidates;
  highlight: Highlight;
}

/** How a request is run: its `q` already parsed (so a page parses it once), and the scoring (tests change it). */
export interface SearchOptions {
  parsed?: ParsedQuery;
  scoring?: Scoring;
}

/** Runs a search request: hits of the requested page, total, facets; `bad_query` when `q` cannot be parsed. */
export function search(index: LoadedIndex, request: SearchRequest, options: SearchOptions = {}): Result<SearchPage> {
  const started = performance.now();
  const matched = matchParagraphs(index, request, options);
  if (!matched.ok) return matched;
  const result = matched.value;
  const hits = hitsOfPage(index, request, result);
  const facets = {} as FacetCounts;
  for (const facet of index.schema.facetNames) {
    facets[facet] = topValues(index, facet, countFacet(index, facet, result.candidates), result.filters, request.facetSize);
  }
  return {
    ok: true,
    value: {
      query: request,
      total: result.total,
      page: request.page,
      size: request.size,
      relaxed: result.relaxed,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
      hits,
      facets,
    },
  };
}

/** The hits of the requested page of a match result, with snippets, as `search` answers them. */
export function hitsOfPage(index: LoadedIndex, request: Pick<SearchRequest, 'page' | 'size'>, matched: MatchResult): Hit[] {
  const first = (request.page - 1) * request.size;
  const ordered = matched.ordered(first + request.size);
  const hits: Hit[] = [];
  for (let k = first; k < ordered.length; k += 1) {
    const ordinal = ordered[k] ?? 0;
    hits.push(buildHit(index, ordinal, matched.scoreOf(ordinal), matched.highlight));
  }
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
  return parsed.ok ? highlightOf({ index, scoring: DEFAULT_SCORING, expansions: new Map() }, parsed.value.root) : null;
}

/** Every paragraph a request matches, before paging: used by search, export and facet value search. */
export function matchParagraphs(index: LoadedIndex, request: SearchRequest, options: SearchOptions = {}): Result<MatchResult> {
  const scoring = options.scoring ?? DEFAULT_SCORING;
  const parsed = options.parsed !== undefined && options.parsed.q === request.q && options.parsed.schema === index.schema
    ? { ok: true as const, value: options.parsed }
    : parseQuery(request.q, index.schema);
  if (!parsed.ok) return parsed;
  const filters = mergeFilters(request.filters, parsed.value);
  const compiled = compileFilters(index, filters);
  const root = parsed.value.root;

  const context: Context = { index, scoring, expansions: new Map() };
  const anyWord: AndNode = { kind: 'and', children: [{ kind: 'or', children: root.children }], excluded: root.excluded };
  let matching: Matching = isLongQuery(root) ? 'optional' : 'all';
  let matches = evaluateRoot(context, matching === 'optional' ? anyWord : root);
  let candidates = applyFilters(compiled, matches?.paragraphs ?? everyOrdinal(index));
  if (matching === 'all' && matches !== null && root.children.length > 1 && !hasHit(candidates)) {
    matching = 'any';
    matches = evaluateRoot(context, anyWord);
    candidates = applyFilters(compiled, matches?.paragraphs ?? everyOrdinal(index));
  }

  const hitPositions = positionsOfHits(candidates);
  const list = matches;
  if (matching === 'optional' && list !== null && !hasEveryWord(list, candidates, root.children.length)) matching = 'any';
  const byRelevance = list !== null && request.sort === 'relevance';
  return {
    ok: true,
    value: {
      filters,
      relaxed: matching === 'any',
      total: hitPositions.length,
      ordered: (limit = hitPositions.length) => {
        const best = byRelevance
          ? relevanceOrder(index, list, hitPositions, limit, matching === 'all' ? null : root.children.length)
          : recencyOrder(index, candidates, hitPositions, limit);
        return best.map((position) => candidates.ordinals[position] ?? 0);
      },
      scoreOf: (paragraph) => (list === null ? 0 : scoreIn(list, paragraph)),
      candidates,
      highlight: highlightOf(context, root),
    },
  };
}

/** Four or more words and nothing else at the top level: no phrase, OR or group, which ask for exactness. */
function isLongQuery(root: AndNode): boolean {
  return root.children.length >= LONG_QUERY_WORDS && root.children.every((child) => child.kind === 'term');
}

/** Whether some hit (candidate passing every filter) matched all `count` words. */
function hasEveryWord(list: MatchList, candidates: FilteredCandidates, count: number): boolean {
  // The candidates are the list's paragraphs, in the same order.
  for (let k = 0; k < list.words.length; k += 1) {
    if (candidates.masks[k] === 0 && (list.words[k] ?? 0) >= count) return true;
  }
  return false;
}

/** The request's filters with those typed into `q`, for every list filter of the schema. */
function mergeFilters(filters: Filters, parsed: ParsedQuery): Filters {
  const merged: Filters = { ...filters };
  for (const name of parsed.schema.filterNames) {
    merged[name] = [...new Set([...filterValues(filters, name), ...(parsed.filters[name] ?? [])])];
  }
  return merged;
}

/** Index terms and phrases to highlight: everything positive the query reached, nothing excluded. */
function highlightOf(context: Context, root: AndNode): Highlight {
  const terms = new Set<string>();
  const phrases: string[] = [];
  const visit = (node: QueryNode): void => {
    if (node.kind === 'term') for (const { term } of termExpansions(context, node)) terms.add(term);
    else if (node.kind === 'phrase') phrases.push(node.form);
    else node.children.forEach(visit);
  };
  root.children.forEach(visit);
  return { terms, phrases };
}

function buildHit(index: LoadedIndex, ordinal: number, score: number, highlight: Highlight): Hit {
  const record = paragraphRecord(index, ordinal);
  return { ...record, snippet: makeSnippet(record.text, highlight), score: Math.round(score * 1000) / 1000 };
}
