import { paragraphRecord } from './documents.ts';
import {
  applyFilters, compileFilters, countFacet, FACET_NAMES, facetValues, topValues,
  type FilteredCandidates,
} from './facets.ts';
import { FIELD_BOOST, SEARCH_FIELDS, type LoadedIndex, type SearchField } from '../store/loaded-index.ts';
import { parseQuery, type AndNode, type ParsedQuery, type QueryNode, type TermNode } from './parse.ts';
import { makeSnippet, type Highlight } from './snippet.ts';
import { foldAccents, phraseForm } from '../text.ts';
import type { FacetName, FacetValue, Filters, Hit, Result, SearchPage, SearchRequest } from '../types.ts';

/**
 * The read side's query engine. Steps:
 *   1. parse `q` (query-parser.ts) and merge its filters into the request's;
 *   2. evaluate the query tree over the term index into match lists (paragraphs ascending, with BM25+ scores,
 *      words matched and typos), combined by sorted-list intersection, union and difference;
 *   3. test candidates against every filter once (facets.ts) → hits, and disjunctive facet counts;
 *   4. if nothing matched every word, retry with any word (relaxed); a long query of plain words is matched with
 *      any word from the start, paragraphs that have all of them first (optional words, as Algolia does);
 *   5. rank or sort by date; only the requested page is ordered in full; build its hits with snippets. A query
 *      whose every hit must have every word ranks by most words matched (under OR), fewest typos, highest score,
 *      newest; a relaxed or long query ranks by all words or not, then score: BM25 already rewards paragraphs
 *      with more of the words, weighted by how rare each word is.
 */

/** Scoring parameters: BM25+ (Lv & Zhai 2011) per field, and the weight of prefix and typo matches. */
export interface Scoring {
  /** Term-frequency saturation. */
  k: number;
  /** Field-length normalisation, 0 (none) to 1 (full). */
  b: number;
  /** BM25+ lower bound: what any occurrence is worth, however long the field. */
  d: number;
  /** A completion of the last word scores this much of the word itself, less for longer completions. */
  prefixWeight: number;
  /** A word reached with typos scores this much of the word itself, less for more typos. */
  typoWeight: number;
  /** Each search field's multiplier. */
  fieldBoost: Readonly<Record<SearchField, number>>;
}

/**
 * MiniSearch's defaults (k 1.2, b 0.7, d 0.5, prefix 0.375, fuzzy 0.45), so that a query without typos or prefix
 * gets MiniSearch's BM25+ score (tests/search-minisearch-parity.test.ts). On Cranfield, standard BM25 (b 0.75,
 * d 0), RSJ idf, other k or title boosts moved MAP and nDCG@10 by 0.006 at most, so there was no reason to differ.
 * MiniSearch's coordination factor (score × query terms matched) is left out on purpose: it cost 0.038 of MAP.
 */
export const DEFAULT_SCORING: Readonly<Scoring> = {
  k: 1.2, b: 0.7, d: 0.5, prefixWeight: 0.375, typoWeight: 0.45, fieldBoost: FIELD_BOOST,
};

/** From this many plain words, a query is read as a description rather than a list of required words. */
export const LONG_QUERY_WORDS = 4;

/** How a query's words were required: all of them, all of them first (long query), or any (relaxed). */
type Matching = 'all' | 'optional' | 'any';

/** What evaluation needs besides the query; expansions are found once per word and request. */
interface Context {
  index: LoadedIndex;
  scoring: Scoring;
  expansions: Map<TermNode, Expansion[]>;
}

/** A short prefix reaches many words; only the most frequent take part. */
const MAX_PREFIX_EXPANSIONS = 64;
const TEXT_FIELD = SEARCH_FIELDS.indexOf('text');

/** Paragraphs matching part of a query, ascending, with parallel per-paragraph data. */
interface MatchList {
  paragraphs: Int32Array;
  scores: Float64Array;
  /** Words and phrases of the query matched (they differ only under OR). */
  words: Uint16Array;
  /** Typos (edit distance) it took to match, as Meilisearch counts them. */
  typos: Uint16Array;
}

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

/** Runs a search request: hits of the requested page, total, facets; `bad_query` when `q` cannot be parsed. */
export function search(index: LoadedIndex, request: SearchRequest, scoring: Scoring = DEFAULT_SCORING): Result<SearchPage> {
  const started = performance.now();
  const matched = matchParagraphs(index, request, scoring);
  if (!matched.ok) return matched;
  const result = matched.value;
  const hits = hitsOfPage(index, request, result);
  const facets = {} as Record<FacetName, FacetValue[]>;
  for (const facet of FACET_NAMES) {
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
  const parsed = parseQuery(q);
  return parsed.ok ? highlightOf({ index, scoring: DEFAULT_SCORING, expansions: new Map() }, parsed.value.root) : null;
}

/** Every paragraph a request matches, before paging: used by search, export and facet value search. */
export function matchParagraphs(index: LoadedIndex, request: SearchRequest, scoring: Scoring = DEFAULT_SCORING): Result<MatchResult> {
  const parsed = parseQuery(request.q);
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

function mergeFilters(filters: Filters, parsed: ParsedQuery): Filters {
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  return {
    ...filters,
    country: union(filters.country, parsed.filters.country),
    person: union(filters.person, parsed.filters.person),
    topic: union(filters.topic, parsed.filters.topic),
    source: union(filters.source, parsed.filters.source),
    doc: union(filters.doc, parsed.filters.doc),
  };
}

// ---------- evaluation ----------

/** Matches of the top-level query, or null when it has no clause at all (browse every paragraph). */
function evaluateRoot(context: Context, root: AndNode): MatchList | null {
  if (root.children.length === 0 && root.excluded.length === 0) return null;
  return evaluate(context, root);
}

function evaluate(context: Context, node: QueryNode): MatchList {
  const { index } = context;
  switch (node.kind) {
    case 'term':
      return evaluateTerm(context, node);
    case 'phrase':
      return evaluatePhrase(context, node.terms, node.form);
    case 'or':
      return node.children.map((child) => evaluate(context, child)).reduce(unite);
    case 'and': {
      let matches = node.children.length === 0
        ? everyParagraph(index)
        : intersectAll(node.children.map((child) => evaluate(context, child)));
      for (const excluded of node.excluded) matches = subtract(matches, excludedParagraphs(context, excluded));
      return matches;
    }
  }
}

/** Typo budget in the spirit of Meilisearch: none below 5 letters, one from 5, two from 9; never in numbers. */
export function typoBudget(folded: string): number {
  if (/\d/.test(folded)) return 0;
  return folded.length >= 9 ? 2 : folded.length >= 5 ? 1 : 0;
}

/** One query word: every index term it reaches, in every field, scored into one list. */
function evaluateTerm(context: Context, node: TermNode): MatchList {
  const { index, scoring } = context;
  const accumulator = accumulatorFor(index);
  for (const { term, weight, typos } of termExpansions(context, node)) {
    for (let field = 0; field < SEARCH_FIELDS.length; field += 1) {
      accumulator.add(context, term, field, weight * (scoring.fieldBoost[SEARCH_FIELDS[field] ?? 'text'] ?? 0), typos);
    }
  }
  return accumulator.drain();
}

/** One index term a query word reaches, how much it counts, and the typos it took. */
interface Expansion {
  term: string;
  weight: number;
  typos: number;
}

/**
 * The index terms a query word reaches, with their weight and the typos it took to reach them. Prefixes and
 * typos are looked for among whole words of the text, as typed, not among stems: a half-typed or misspelt word
 * stems differently (electi → electi, goverment → gover), and a short stem reaches unrelated words.
 */
function termExpansions(context: Context, node: TermNode): Expansion[] {
  let expansions = context.expansions.get(node);
  if (expansions === undefined) {
    expansions = findExpansions(context, node);
    context.expansions.set(node, expansions);
  }
  return expansions;
}

function findExpansions(context: Context, node: TermNode): Expansion[] {
  const { index, scoring } = context;
  const { words, terms } = index.vocabulary;
  const budget = typoBudget(node.folded);
  const { nearby, completions } = neighboursOf(index, node.folded, budget, node.prefix);
  const found = new Map<string, Expansion>();
  found.set(node.term, stemMatch(context, node, nearby, budget));
  for (const { position, extra } of completions) {
    const term = terms[position];
    const length = words[position]?.length ?? 1;
    if (term === undefined || found.has(term)) continue;
    found.set(term, { term, weight: scoring.prefixWeight * length / (length + 0.3 * extra), typos: 0 });
  }
  for (const [word, [position, distance]] of nearby) {
    const term = terms[position];
    if (term === undefined || found.has(term)) continue;
    found.set(term, { term, weight: typoWeight(scoring, word.length, distance), typos: distance });
  }
  return [...found.values()];
}

/** Vocabulary words within a typo budget of a word (with their distance), and its most frequent completions. */
interface Neighbours {
  nearby: ReadonlyMap<string, [number, number]>;
  completions: ReadonlyArray<{ position: number; extra: number }>;
}

/** Recently typed words' neighbours, per index: a typo search walks the whole radix tree, and words recur. */
const neighbourCache = new WeakMap<LoadedIndex, Map<string, Neighbours>>();
const NEIGHBOUR_CACHE_SIZE = 1000;

function neighboursOf(index: LoadedIndex, folded: string, budget: number, prefix: boolean): Neighbours {
  let cache = neighbourCache.get(index);
  if (cache === undefined) {
    cache = new Map();
    neighbourCache.set(index, cache);
  }
  const key = `${prefix ? '*' : ' '}${folded}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Re-inserted, so the map's insertion order is the order of last use.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const nearby = budget > 0 ? index.wordTree.fuzzyGet(folded, budget) : new Map<string, [number, number]>();
  const completions: Array<{ position: number; extra: number }> = [];
  if (prefix) {
    for (const [word, position] of index.wordTree.atPrefix(folded)) {
      if (word !== folded) completions.push({ position, extra: word.length - folded.length });
    }
    const { counts } = index.vocabulary;
    completions.sort((a, b) => (counts[b.position] ?? 0) - (counts[a.position] ?? 0));
    completions.length = Math.min(completions.length, MAX_PREFIX_EXPANSIONS);
  }
  const neighbours = { nearby, completions };
  if (cache.size >= NEIGHBOUR_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
  cache.set(key, neighbours);
  return neighbours;
}

/**
 * The match on the word's own stem, exact unless the word looks misspelt. A misspelling can stem like an unrelated
 * word (goverment → gover, the stem of governess). So when the text never spells the word as typed, has a word one
 * typo away with another stem, and no word with the typed word's stem within its typo budget, the stem match is
 * only a guess: it counts as a match with one typo more than the budget allows, below every real typo match.
 */
function stemMatch(
  { index, scoring }: Context, node: TermNode, nearby: ReadonlyMap<string, [number, number]>, budget: number,
): Expansion {
  const exact = { term: node.term, weight: 1, typos: 0 };
  if (nearby.size === 0 || index.wordTree.has(node.folded)) return exact;
  let oneTypoAway = false;
  for (const [position, distance] of nearby.values()) {
    if (index.vocabulary.terms[position] === node.term) return exact;
    if (distance === 1) oneTypoAway = true;
  }
  if (!oneTypoAway) return exact;
  return { term: node.term, weight: typoWeight(scoring, node.folded.length, budget + 1), typos: budget + 1 };
}

/** MiniSearch's fuzzy weight: the typo weight, shrinking as the typos grow relative to the word. */
function typoWeight(scoring: Scoring, length: number, typos: number): number {
  return typos === 0 ? 1 : scoring.typoWeight * length / (length + typos);
}

/** Paragraphs whose text has the phrase's words adjacent and in order, punctuation and case ignored. */
function evaluatePhrase(context: Context, terms: readonly string[], form: string): MatchList {
  const { index } = context;
  let candidates: MatchList;
  if (terms.length === 0) {
    // Only stop words, which are not indexed: every paragraph is a candidate.
    candidates = everyParagraph(index);
  } else {
    candidates = intersectAll(terms.map((term) => {
      const accumulator = accumulatorFor(index);
      accumulator.add(context, term, TEXT_FIELD, 1, 0);
      return accumulator.drain();
    }));
  }
  const pattern = phrasePattern(form);
  const kept: number[] = [];
  for (let k = 0; k < candidates.paragraphs.length; k += 1) {
    const text = index.paragraphs[candidates.paragraphs[k] ?? 0]?.text ?? '';
    if (pattern.test(foldAccents(text).toLowerCase())) kept.push(k);
  }
  const phrase = pick(candidates, kept);
  phrase.words.fill(1);
  return phrase;
}

/**
 * A regular expression finding a phrase's folded words in folded, lower-cased text: whole words, separated by
 * anything that is not a letter or digit, as phraseForm splits them; an acronym's inner dots are allowed ("us"
 * finds "U.S."). Words hold only letters and digits, and a dot is allowed only between two letters, where nothing
 * else can match it: every step is forced, so matching cannot backtrack exponentially.
 */
function phrasePattern(form: string): RegExp {
  const word = (text: string) => [...text.replace(/[^\p{L}\p{N}]/gu, '')].join('\\.?');
  const body = form.split(' ').map(word).join('[^\\p{L}\\p{N}]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
}

/** Paragraphs an excluded clause removes, ascending: exact words (no typo, no prefix) in the paragraph text. */
function excludedParagraphs(context: Context, node: QueryNode): Int32Array {
  switch (node.kind) {
    case 'term':
      return context.index.terms.postings(node.term, TEXT_FIELD)?.paragraphs ?? new Int32Array(0);
    case 'phrase':
      return evaluatePhrase(context, node.terms, node.form).paragraphs;
    case 'or':
      return node.children.map((child) => asList(excludedParagraphs(context, child))).reduce(unite).paragraphs;
    case 'and': {
      let kept = intersectAll(node.children.map((child) => asList(excludedParagraphs(context, child))));
      for (const excluded of node.excluded) kept = subtract(kept, excludedParagraphs(context, excluded));
      return kept.paragraphs;
    }
  }
}

// ---------- match lists ----------

/**
 * Sums term scores into a dense array over paragraphs, reused across requests (evaluation is synchronous), so a
 * selective query allocates in proportion to its matches, not to the corpus.
 */
class Accumulator {
  private readonly scores: Float64Array;
  private readonly typos: Uint16Array;
  private readonly seen: Uint8Array;
  private touched: Int32Array;
  private size = 0;

  constructor(paragraphCount: number) {
    this.scores = new Float64Array(paragraphCount);
    this.typos = new Uint16Array(paragraphCount);
    this.seen = new Uint8Array(paragraphCount);
    this.touched = new Int32Array(1024);
  }

  /** Adds the BM25+ score of `term` in `field` to every paragraph containing it. */
  add({ index, scoring }: Context, term: string, field: number, weight: number, typos: number): void {
    const postings = index.terms.postings(term, field);
    if (postings === undefined) return;
    const { k, b, d } = scoring;
    const { paragraphs, frequencies } = postings;
    const idf = Math.log(1 + (index.terms.documentCount - paragraphs.length + 0.5) / (paragraphs.length + 0.5));
    const average = index.terms.averageFieldLength(field) || 1;
    for (let j = 0; j < paragraphs.length; j += 1) {
      const paragraph = paragraphs[j] ?? 0;
      const frequency = frequencies[j] ?? 0;
      const length = index.terms.fieldLength(paragraph, field);
      const score = weight * idf * (d + (frequency * (k + 1)) / (frequency + k * (1 - b + (b * length) / average)));
      if (this.seen[paragraph] === 0) {
        this.seen[paragraph] = 1;
        this.scores[paragraph] = score;
        this.typos[paragraph] = typos;
        this.push(paragraph);
      } else {
        this.scores[paragraph] = (this.scores[paragraph] ?? 0) + score;
        this.typos[paragraph] = Math.min(this.typos[paragraph] ?? 0, typos);
      }
    }
  }

  /** The accumulated matches as a list, leaving the accumulator empty. */
  drain(): MatchList {
    const paragraphs = this.touched.slice(0, this.size).sort();
    const list = emptyList(paragraphs.length);
    list.paragraphs.set(paragraphs);
    list.words.fill(1);
    for (let j = 0; j < paragraphs.length; j += 1) {
      const paragraph = paragraphs[j] ?? 0;
      list.scores[j] = this.scores[paragraph] ?? 0;
      list.typos[j] = this.typos[paragraph] ?? 0;
      this.seen[paragraph] = 0;
    }
    this.size = 0;
    return list;
  }

  private push(paragraph: number): void {
    if (this.size === this.touched.length) {
      const bigger = new Int32Array(this.size * 2);
      bigger.set(this.touched);
      this.touched = bigger;
    }
    this.touched[this.size] = paragraph;
    this.size += 1;
  }
}

const accumulators = new WeakMap<LoadedIndex, Accumulator>();

function accumulatorFor(index: LoadedIndex): Accumulator {
  let accumulator = accumulators.get(index);
  if (accumulator === undefined) {
    accumulator = new Accumulator(index.paragraphs.length);
    accumulators.set(index, accumulator);
  }
  return accumulator;
}

function emptyList(length: number): MatchList {
  return {
    paragraphs: new Int32Array(length),
    scores: new Float64Array(length),
    words: new Uint16Array(length),
    typos: new Uint16Array(length),
  };
}

/** A list of bare paragraphs (scores 0), for exclusions. */
function asList(paragraphs: Int32Array): MatchList {
  const list = emptyList(paragraphs.length);
  list.paragraphs.set(paragraphs);
  return list;
}

/** The entries of a list at the given positions. */
function pick(list: MatchList, positions: readonly number[]): MatchList {
  const picked = emptyList(positions.length);
  positions.forEach((position, k) => {
    picked.paragraphs[k] = list.paragraphs[position] ?? 0;
    picked.scores[k] = list.scores[position] ?? 0;
    picked.words[k] = list.words[position] ?? 0;
    picked.typos[k] = list.typos[position] ?? 0;
  });
  return picked;
}

const everyOrdinalCache = new WeakMap<LoadedIndex, Int32Array>();

/** 0 … paragraphs − 1, built once per index. */
function everyOrdinal(index: LoadedIndex): Int32Array {
  let ordinals = everyOrdinalCache.get(index);
  if (ordinals === undefined) {
    ordinals = new Int32Array(index.paragraphs.length);
    for (let k = 0; k < ordinals.length; k += 1) ordinals[k] = k;
    everyOrdinalCache.set(index, ordinals);
  }
  return ordinals;
}

function everyParagraph(index: LoadedIndex): MatchList {
  return asList(everyOrdinal(index));
}

/** Paragraphs in every list; scores, words and typos add up. Smallest lists first, so work follows the rarest. */
function intersectAll(lists: MatchList[]): MatchList {
  const sorted = [...lists].sort((a, b) => a.paragraphs.length - b.paragraphs.length);
  const [first, ...rest] = sorted;
  return rest.reduce(intersect, first ?? emptyList(0));
}

function intersect(a: MatchList, b: MatchList): MatchList {
  const positions: Array<[number, number]> = [];
  let j = 0;
  for (let i = 0; i < a.paragraphs.length && j < b.paragraphs.length; i += 1) {
    const paragraph = a.paragraphs[i] ?? 0;
    j = seek(b.paragraphs, paragraph, j);
    if (b.paragraphs[j] === paragraph) positions.push([i, j]);
  }
  const list = emptyList(positions.length);
  positions.forEach(([i, jj], k) => {
    list.paragraphs[k] = a.paragraphs[i] ?? 0;
    list.scores[k] = (a.scores[i] ?? 0) + (b.scores[jj] ?? 0);
    list.words[k] = (a.words[i] ?? 0) + (b.words[jj] ?? 0);
    list.typos[k] = (a.typos[i] ?? 0) + (b.typos[jj] ?? 0);
  });
  return list;
}

/** First position ≥ `from` whose paragraph is ≥ `target`: galloping, then binary search. */
function seek(paragraphs: Int32Array, target: number, from: number): number {
  let low = from;
  let step = 1;
  let high = from;
  while (high < paragraphs.length && (paragraphs[high] ?? 0) < target) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, paragraphs.length);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((paragraphs[middle] ?? 0) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Paragraphs in either list; scores and words add up, typos are the fewest of the alternatives. */
function unite(a: MatchList, b: MatchList): MatchList {
  const list = emptyList(a.paragraphs.length + b.paragraphs.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.paragraphs.length || j < b.paragraphs.length) {
    const left = i < a.paragraphs.length ? (a.paragraphs[i] ?? 0) : Infinity;
    const right = j < b.paragraphs.length ? (b.paragraphs[j] ?? 0) : Infinity;
    if (left < right) {
      copyEntry(a, i, list, k);
      i += 1;
    } else if (right < left) {
      copyEntry(b, j, list, k);
      j += 1;
    } else {
      list.paragraphs[k] = left;
      list.scores[k] = (a.scores[i] ?? 0) + (b.scores[j] ?? 0);
      list.words[k] = (a.words[i] ?? 0) + (b.words[j] ?? 0);
      list.typos[k] = Math.min(a.typos[i] ?? 0, b.typos[j] ?? 0);
      i += 1;
      j += 1;
    }
    k += 1;
  }
  return {
    paragraphs: list.paragraphs.subarray(0, k),
    scores: list.scores.subarray(0, k),
    words: list.words.subarray(0, k),
    typos: list.typos.subarray(0, k),
  };
}

function copyEntry(from: MatchList, i: number, to: MatchList, k: number): void {
  to.paragraphs[k] = from.paragraphs[i] ?? 0;
  to.scores[k] = from.scores[i] ?? 0;
  to.words[k] = from.words[i] ?? 0;
  to.typos[k] = from.typos[i] ?? 0;
}

/** The list without the given paragraphs (ascending). */
function subtract(list: MatchList, removed: Int32Array): MatchList {
  if (removed.length === 0) return list;
  const kept: number[] = [];
  let j = 0;
  for (let i = 0; i < list.paragraphs.length; i += 1) {
    const paragraph = list.paragraphs[i] ?? 0;
    j = seek(removed, paragraph, j);
    if (removed[j] !== paragraph) kept.push(i);
  }
  return kept.length === list.paragraphs.length ? list : pick(list, kept);
}

/** Score of a paragraph in a list (binary search), 0 if absent. */
function scoreIn(list: MatchList, paragraph: number): number {
  const position = seek(list.paragraphs, paragraph, 0);
  return list.paragraphs[position] === paragraph ? (list.scores[position] ?? 0) : 0;
}

// ---------- ordering, hits ----------

function hasHit(candidates: FilteredCandidates): boolean {
  return candidates.masks.some((mask) => mask === 0);
}

/** Positions (in the candidate list) of candidates that pass every filter. */
function positionsOfHits(candidates: FilteredCandidates): Int32Array {
  let count = 0;
  for (const mask of candidates.masks) if (mask === 0) count += 1;
  const positions = new Int32Array(count);
  let k = 0;
  candidates.masks.forEach((mask, position) => {
    if (mask === 0) positions[k++] = position;
  });
  return positions;
}

/**
 * The best `limit` hit positions by relevance. With every word required: most words (under OR), fewest typos,
 * highest score, newest. With words optional (`optionalOf` words): all of them or not, highest score, newest.
 */
function relevanceOrder(
  index: LoadedIndex, list: MatchList, positions: Int32Array, limit: number, optionalOf: number | null,
): Int32Array {
  const rank = index.recencyRank;
  const { words, typos, scores, paragraphs } = list;
  const newer = (a: number, b: number): number => (rank[paragraphs[a] ?? 0] ?? 0) - (rank[paragraphs[b] ?? 0] ?? 0);
  if (optionalOf !== null) {
    const lacksSome = (a: number): number => ((words[a] ?? 0) >= optionalOf ? 0 : 1);
    return firstInOrder(positions, limit, (a, b) => lacksSome(a) - lacksSome(b) || (scores[b] ?? 0) - (scores[a] ?? 0) || newer(a, b));
  }
  return firstInOrder(positions, limit, (a, b) => (words[b] ?? 0) - (words[a] ?? 0)
    || (typos[a] ?? 0) - (typos[b] ?? 0)
    || (scores[b] ?? 0) - (scores[a] ?? 0)
    || newer(a, b));
}

/** The first `limit` hit positions in browse order: newest document first, then paragraph order. */
function recencyOrder(index: LoadedIndex, candidates: FilteredCandidates, positions: Int32Array, limit: number): Int32Array {
  const rank = index.recencyRank;
  const ordinals = candidates.ordinals;
  return firstInOrder(positions, limit, (a, b) => (rank[ordinals[a] ?? 0] ?? 0) - (rank[ordinals[b] ?? 0] ?? 0));
}

/** The first `limit` items in comparator order: a bounded heap when the limit is small, else a full sort. */
function firstInOrder(items: Int32Array, limit: number, compare: (a: number, b: number) => number): Int32Array {
  const count = Math.min(limit, items.length);
  if (count * 4 >= items.length) return items.slice().sort(compare).subarray(0, count);
  // A max-heap of the best `count` so far: its root is the worst of them, replaced by anything better.
  const heap = items.slice(0, count);
  const siftDown = (start: number) => {
    let parent = start;
    for (;;) {
      const left = parent * 2 + 1;
      if (left >= count) return;
      const right = left + 1;
      const child = right < count && compare(heap[right] ?? 0, heap[left] ?? 0) > 0 ? right : left;
      if (compare(heap[child] ?? 0, heap[parent] ?? 0) <= 0) return;
      [heap[child], heap[parent]] = [heap[parent] ?? 0, heap[child] ?? 0];
      parent = child;
    }
  };
  for (let k = Math.floor(count / 2) - 1; k >= 0; k -= 1) siftDown(k);
  for (let k = count; k < items.length; k += 1) {
    const item = items[k] ?? 0;
    if (count > 0 && compare(item, heap[0] ?? 0) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
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
