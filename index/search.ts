import { paragraphLink, resolveTags } from './documents.ts';
import {
  applyFilters, compileFilters, countFacet, FACET_NAMES, facetValues, topFacetValues,
  type FilteredCandidates,
} from './facets.ts';
import { FIELD_BOOST, SEARCH_FIELDS, type LoadedIndex } from './format.ts';
import { parseQuery, type AndNode, type ParsedQuery, type QueryNode, type TermNode } from './query-parser.ts';
import { makeSnippet, type Highlight } from './snippet.ts';
import { phraseForm } from './text.ts';
import type { FacetName, FacetValue, Filters, Hit, Result, SearchPage, SearchRequest } from './types.ts';

/**
 * The read side's query engine. Steps:
 *   1. parse `q` (query-parser.ts) and merge its filters into the request's;
 *   2. evaluate the query tree over the term index → candidate paragraphs with BM25 scores and typo counts;
 *   3. test candidates against every filter once (facets.ts) → hits, and disjunctive facet counts;
 *   4. if nothing matched every word, retry with any word (relaxed);
 *   5. rank (most words matched, fewest typos, then score, then newest) or sort by date, page, and build hits with snippets.
 */

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
/** Weights of prefix and typo matches relative to an exact match, as MiniSearch's defaults. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** A short prefix reaches many words; only the most frequent ones take part. */
const MAX_PREFIX_EXPANSIONS = 64;
const TEXT_FIELD = SEARCH_FIELDS.indexOf('text');

interface Scored {
  score: number;
  /** Words and phrases of the query the paragraph matches (they differ only under OR). */
  words: number;
  /** Typos (edit distance) it took to match the query's words, as Meilisearch counts them. */
  typos: number;
}

type Matches = Map<number, Scored>;

/** Every paragraph the request matches, in the requested order, with what is needed for hits and facets. */
export interface MatchResult {
  /** Filters of the request and of `q` together. */
  filters: Filters;
  relaxed: boolean;
  /** Paragraph ordinals passing every filter, best first. */
  ordered: Int32Array;
  /** Paragraph ordinal → relevance score (0 when browsing). */
  scoreOf(paragraph: number): number;
  /** Every paragraph matching `q`, with the filters each fails: the base of disjunctive facet counts. */
  candidates: FilteredCandidates;
  highlight: Highlight;
}

/** Runs a search request: hits of the requested page, total, facets; `bad_query` when `q` cannot be parsed. */
export function search(index: LoadedIndex, request: SearchRequest): Result<SearchPage> {
  const started = performance.now();
  const matched = matchParagraphs(index, request);
  if (!matched.ok) return matched;
  const result = matched.value;
  const first = (request.page - 1) * request.size;
  const hits: Hit[] = [];
  for (let k = first; k < Math.min(first + request.size, result.ordered.length); k += 1) {
    const ordinal = result.ordered[k] ?? 0;
    hits.push(buildHit(index, ordinal, result.scoreOf(ordinal), result.highlight));
  }
  const facets = {} as Record<FacetName, FacetValue[]>;
  for (const facet of FACET_NAMES) {
    const values = facetValues(index, facet, countFacet(index, facet, result.candidates), result.filters);
    facets[facet] = topFacetValues(values, facet, request.facetSize);
  }
  return {
    ok: true,
    value: {
      query: request,
      total: result.ordered.length,
      page: request.page,
      size: request.size,
      relaxed: result.relaxed,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
      hits,
      facets,
    },
  };
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

/** Every paragraph a request matches, ordered, before paging: used by search, export and facet value search. */
export function matchParagraphs(index: LoadedIndex, request: SearchRequest): Result<MatchResult> {
  const parsed = parseQuery(request.q);
  if (!parsed.ok) return parsed;
  const filters = mergeFilters(request.filters, parsed.value);
  const compiled = compileFilters(index, filters);
  const root = parsed.value.root;

  let relaxed = false;
  let matches = evaluateRoot(index, root);
  let candidates = toCandidates(index, matches, compiled);
  if (matches !== null && root.children.length > 1 && !hasHit(candidates)) {
    const anyWord: AndNode = { kind: 'and', children: [{ kind: 'or', children: root.children }], excluded: root.excluded };
    matches = evaluateRoot(index, anyWord);
    candidates = toCandidates(index, matches, compiled);
    relaxed = true;
  }

  const ordered = orderHits(index, candidates, matches, request.sort);
  const scores = matches;
  return {
    ok: true,
    value: {
      filters,
      relaxed,
      ordered,
      scoreOf: (paragraph) => scores?.get(paragraph)?.score ?? 0,
      candidates,
      highlight: highlightOf(index, root),
    },
  };
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
function evaluateRoot(index: LoadedIndex, root: AndNode): Matches | null {
  if (root.children.length === 0 && root.excluded.length === 0) return null;
  return evaluate(index, root);
}

function evaluate(index: LoadedIndex, node: QueryNode): Matches {
  switch (node.kind) {
    case 'term':
      return evaluateTerm(index, node);
    case 'phrase':
      return evaluatePhrase(index, node.terms, node.form);
    case 'or':
      return unite(node.children.map((child) => evaluate(index, child)));
    case 'and': {
      const matches = node.children.length === 0
        ? everyParagraph(index)
        : intersect(node.children.map((child) => evaluate(index, child)));
      for (const excluded of node.excluded) {
        for (const paragraph of excludedParagraphs(index, excluded)) matches.delete(paragraph);
      }
      return matches;
    }
  }
}

/** Typo budget in the spirit of Meilisearch: none below 5 letters, one from 5, two from 9; never in numbers. */
export function typoBudget(folded: string): number {
  if (/\d/.test(folded)) return 0;
  return folded.length >= 9 ? 2 : folded.length >= 5 ? 1 : 0;
}

function evaluateTerm(index: LoadedIndex, node: TermNode): Matches {
  const matches: Matches = new Map();
  for (const { term, weight, typos } of termExpansions(index, node)) {
    for (let field = 0; field < SEARCH_FIELDS.length; field += 1) {
      const boost = FIELD_BOOST[SEARCH_FIELDS[field] ?? 'text'];
      addPostings(index, matches, term, field, weight * boost, typos);
    }
  }
  return matches;
}

/**
 * The index terms a query word reaches, with their weight and the typos it took to reach them. Prefixes and
 * typos are looked for among whole words of the text, as typed, not among stems: a half-typed or misspelt word
 * stems differently (electi → electi, goverment → gover), and a short stem reaches unrelated words.
 */
function termExpansions(index: LoadedIndex, node: TermNode): Array<{ term: string; weight: number; typos: number }> {
  const found = new Map<string, { term: string; weight: number; typos: number }>();
  found.set(node.term, { term: node.term, weight: 1, typos: 0 });
  const { words, counts, terms } = index.vocabulary;
  if (node.prefix) {
    const completions: Array<{ position: number; extra: number }> = [];
    for (const [word, position] of index.wordTree.atPrefix(node.folded)) {
      if (word !== node.folded) completions.push({ position, extra: word.length - node.folded.length });
    }
    // A short prefix reaches many words; the most frequent take part.
    completions.sort((a, b) => (counts[b.position] ?? 0) - (counts[a.position] ?? 0));
    for (const { position, extra } of completions.slice(0, MAX_PREFIX_EXPANSIONS)) {
      const term = terms[position];
      const length = words[position]?.length ?? 1;
      if (term === undefined || found.has(term)) continue;
      found.set(term, { term, weight: PREFIX_WEIGHT * length / (length + 0.3 * extra), typos: 0 });
    }
  }
  const budget = typoBudget(node.folded);
  if (budget > 0) {
    for (const [word, [position, distance]] of index.wordTree.fuzzyGet(node.folded, budget)) {
      const term = terms[position];
      if (term === undefined || found.has(term)) continue;
      const weight = distance === 0 ? 1 : FUZZY_WEIGHT * word.length / (word.length + distance);
      found.set(term, { term, weight, typos: distance });
    }
  }
  return [...found.values()];
}

function addPostings(
  index: LoadedIndex, matches: Matches, term: string, field: number, weight: number, typos: number,
): void {
  const postings = index.terms.postings(term, field);
  if (postings === undefined) return;
  const total = index.terms.documentCount;
  const { paragraphs, frequencies } = postings;
  const idf = Math.log(1 + (total - paragraphs.length + 0.5) / (paragraphs.length + 0.5));
  const average = index.terms.averageFieldLength(field) || 1;
  for (let k = 0; k < paragraphs.length; k += 1) {
    const paragraph = paragraphs[k] ?? 0;
    const frequency = frequencies[k] ?? 0;
    const length = index.terms.fieldLength(paragraph, field);
    const score = weight * idf
      * (BM25.d + (frequency * (BM25.k + 1)) / (frequency + BM25.k * (1 - BM25.b + (BM25.b * length) / average)));
    const existing = matches.get(paragraph);
    if (existing === undefined) matches.set(paragraph, { score, words: 1, typos });
    else {
      existing.score += score;
      existing.typos = Math.min(existing.typos, typos);
    }
  }
}

/** Paragraphs whose text has the phrase's words adjacent and in order, punctuation and case ignored. */
function evaluatePhrase(index: LoadedIndex, terms: readonly string[], form: string): Matches {
  let matches: Matches;
  if (terms.length === 0) {
    // Only stop words, which are not indexed: every paragraph is a candidate.
    matches = everyParagraph(index);
  } else {
    matches = intersect(terms.map((term) => {
      const termMatches: Matches = new Map();
      addPostings(index, termMatches, term, TEXT_FIELD, 1, 0);
      return termMatches;
    }));
  }
  const needle = ` ${form} `;
  for (const [paragraph, scored] of matches) {
    const text = index.paragraphs[paragraph]?.text ?? '';
    if (!` ${phraseForm(text)} `.includes(needle)) matches.delete(paragraph);
    else scored.words = 1;
  }
  return matches;
}

/** Paragraphs an excluded clause removes: exact words (no typo, no prefix) in the paragraph text. */
function excludedParagraphs(index: LoadedIndex, node: QueryNode): Iterable<number> {
  switch (node.kind) {
    case 'term':
      return index.terms.postings(node.term, TEXT_FIELD)?.paragraphs ?? [];
    case 'phrase':
      return evaluatePhrase(index, node.terms, node.form).keys();
    case 'or':
      return new Set([...node.children].flatMap((child) => [...excludedParagraphs(index, child)]));
    case 'and': {
      const sets = node.children.map((child) => new Set(excludedParagraphs(index, child)));
      sets.sort((a, b) => a.size - b.size);
      const [smallest, ...others] = sets;
      const kept = [...(smallest ?? [])].filter((paragraph) => others.every((set) => set.has(paragraph)));
      const removed = new Set(node.excluded.flatMap((child) => [...excludedParagraphs(index, child)]));
      return kept.filter((paragraph) => !removed.has(paragraph));
    }
  }
}

function everyParagraph(index: LoadedIndex): Matches {
  const matches: Matches = new Map();
  for (let paragraph = 0; paragraph < index.paragraphs.length; paragraph += 1) {
    matches.set(paragraph, { score: 0, words: 0, typos: 0 });
  }
  return matches;
}

/** Paragraphs in every one of the maps; scores and typos add up. Starts from the smallest map. */
function intersect(all: Matches[]): Matches {
  const sorted = [...all].sort((a, b) => a.size - b.size);
  const [smallest, ...others] = sorted;
  const result: Matches = new Map();
  if (smallest === undefined) return result;
  for (const [paragraph, scored] of smallest) {
    let { score, words, typos } = scored;
    let everywhere = true;
    for (const other of others) {
      const found = other.get(paragraph);
      if (found === undefined) {
        everywhere = false;
        break;
      }
      score += found.score;
      words += found.words;
      typos += found.typos;
    }
    if (everywhere) result.set(paragraph, { score, words, typos });
  }
  return result;
}

/** Paragraphs in any of the maps; scores and matched words add up, typos are the fewest of any alternative. */
function unite(all: Matches[]): Matches {
  const result: Matches = new Map();
  for (const matches of all) {
    for (const [paragraph, scored] of matches) {
      const existing = result.get(paragraph);
      if (existing === undefined) result.set(paragraph, { ...scored });
      else {
        existing.score += scored.score;
        existing.words += scored.words;
        existing.typos = Math.min(existing.typos, scored.typos);
      }
    }
  }
  return result;
}

// ---------- filtering, ordering, hits ----------

function toCandidates(
  index: LoadedIndex, matches: Matches | null, filters: ReturnType<typeof compileFilters>,
): FilteredCandidates {
  const ordinals = matches === null ? allOrdinals(index.paragraphs.length) : Int32Array.from(matches.keys());
  return applyFilters(filters, ordinals);
}

function allOrdinals(count: number): Int32Array {
  const ordinals = new Int32Array(count);
  for (let k = 0; k < count; k += 1) ordinals[k] = k;
  return ordinals;
}

function hasHit(candidates: FilteredCandidates): boolean {
  return candidates.masks.some((mask) => mask === 0);
}

/** Hits in order: by relevance (most words, fewest typos, highest score, newest), or by date (newest first). */
function orderHits(
  index: LoadedIndex, candidates: FilteredCandidates, matches: Matches | null, sort: SearchRequest['sort'],
): Int32Array {
  const hits: number[] = [];
  for (let k = 0; k < candidates.ordinals.length; k += 1) {
    if (candidates.masks[k] === 0) hits.push(candidates.ordinals[k] ?? 0);
  }
  const rank = index.recencyRank;
  if (matches === null || sort === 'date') {
    hits.sort((a, b) => (rank[a] ?? 0) - (rank[b] ?? 0));
  } else {
    hits.sort((a, b) => {
      const left = matches.get(a);
      const right = matches.get(b);
      return (right?.words ?? 0) - (left?.words ?? 0)
        || (left?.typos ?? 0) - (right?.typos ?? 0)
        || (right?.score ?? 0) - (left?.score ?? 0)
        || (rank[a] ?? 0) - (rank[b] ?? 0);
    });
  }
  return Int32Array.from(hits);
}

/** Index terms and phrases to highlight: everything positive the query reached, nothing excluded. */
function highlightOf(index: LoadedIndex, root: AndNode): Highlight {
  const terms = new Set<string>();
  const phrases: string[] = [];
  const visit = (node: QueryNode): void => {
    if (node.kind === 'term') for (const { term } of termExpansions(index, node)) terms.add(term);
    else if (node.kind === 'phrase') phrases.push(node.form);
    else node.children.forEach(visit);
  };
  root.children.forEach(visit);
  return { terms, phrases };
}

function buildHit(index: LoadedIndex, ordinal: number, score: number, highlight: Highlight): Hit {
  const paragraph = index.paragraphs[ordinal];
  const document = index.documents[index.paragraphDocument[ordinal] ?? -1];
  if (paragraph === undefined || document === undefined) throw new Error(`no paragraph ${ordinal} in the index`);
  return {
    ...paragraphLink(paragraph),
    docId: paragraph.docId,
    n: paragraph.n,
    title: document.title,
    date: document.date,
    source: document.source,
    section: paragraph.section,
    text: paragraph.text,
    snippet: makeSnippet(paragraph.text, highlight),
    ...resolveTags(index, paragraph),
    score: Math.round(score * 1000) / 1000,
  };
}
