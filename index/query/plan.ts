import { isStopWordPhrase } from './evaluate.ts';
import { filterValues } from './facets.ts';
import type { AndNode, FilterNode, PhraseNode, QueryNode } from './parse.ts';
import type { Filters, Result } from '../types.ts';

/**
 * A parsed query made ready to evaluate, by either backend (the embedded engine, PostgreSQL): which clauses are words
 * and which are filters, the query with every word required and with any word enough, and the bounds on its work.
 * One plan, so the two backends cannot drift apart.
 */

/** From this many plain words, a query is read as a description rather than a list of required words. */
export const LONG_QUERY_WORDS = 4;
/** More quoted phrases than this is refused: each is checked against text. */
export const MAX_PHRASES = 10;
/** Typed filters in `q` (`person:x`) are bounded like URL filter values: at most this many. */
export const MAX_TYPED_FILTERS = 20;

export interface QueryPlan {
  /** The top-level clauses with words in them. */
  wordClauses: QueryNode[];
  /** Filter clauses: typed filters, and URL filters in all-of mode, required even when the words are relaxed. */
  clauses: QueryNode[];
  excluded: QueryNode[];
  /** Every word and clause required. */
  full: AndNode;
  /** Any word enough (the relaxed retry), the clauses still required. */
  anyWord: AndNode;
  /** The URL filters tested per candidate: those not in all-of mode. */
  tested: Filters;
}

/**
 * The plan of a query: URL filters in all-of mode and URL exclusions become clauses (their values noted in `values`);
 * the other URL filters are tested per candidate. A query whose work is unbounded is a `bad_query`.
 */
export function planQuery(
  root: AndNode, filters: Filters, allOf: readonly string[], exclude: Record<string, string[]>, values: Map<QueryNode, string>,
): Result<QueryPlan> {
  const clause = (name: string, value: string): FilterNode => {
    const node: FilterNode = { kind: 'filter', name, value };
    values.set(node, value);
    return node;
  };
  const wordClauses = root.children.filter((child) => !isFilterOnly(child));
  const clauses = [
    ...root.children.filter(isFilterOnly),
    ...allOf.flatMap((name) => filterValues(filters, name).map((value) => clause(name, value))),
  ];
  const excluded = [
    ...root.excluded,
    ...Object.entries(exclude).flatMap(([name, list]) => list.map((value) => clause(name, value))),
  ];
  const full: AndNode = { kind: 'and', children: [...wordClauses, ...clauses], excluded };
  const work = workProblem(full) ?? typedFilterProblem(root);
  if (work !== null) return { ok: false, error: { code: 'bad_query', message: `q: ${work}` } };
  // Relaxed, any word may match; a phrase of stop words alone would match nearly everything, so it ranks nothing.
  const rankedWords = wordClauses.filter((child) => !isStopWordPhrase(child));
  const anyWord: AndNode = {
    kind: 'and', children: [...(rankedWords.length > 0 ? [{ kind: 'or' as const, children: rankedWords }] : []), ...clauses], excluded,
  };
  const tested: Filters = { ...filters };
  for (const name of allOf) tested[name] = [];
  return { ok: true, value: { wordClauses, clauses, excluded, full, anyWord, tested } };
}

/** A clause made of typed filters only: it is required even when the words are relaxed. */
export function isFilterOnly(node: QueryNode): boolean {
  if (node.kind === 'filter') return true;
  if (node.kind === 'term' || node.kind === 'phrase') return false;
  const excluded = node.kind === 'and' ? node.excluded : [];
  return [...node.children, ...excluded].every(isFilterOnly);
}

/** Four or more words and nothing else: no phrase, OR or group, which ask for exactness. */
export function isLongQuery(wordClauses: readonly QueryNode[]): boolean {
  return wordClauses.length >= LONG_QUERY_WORDS && wordClauses.every((child) => child.kind === 'term');
}

/**
 * Why a query would take unbounded work, or null: too many quoted phrases, or a phrase of stop words only ("a",
 * "the who") that has no other clause beside it at the top level to narrow what it is checked on.
 */
export function workProblem(root: AndNode): string | null {
  let phrases = 0;
  let nestedStopWordPhrase: PhraseNode | null = null;
  const visit = (node: QueryNode, top: boolean): void => {
    if (node.kind === 'phrase') {
      phrases += 1;
      if (!top && isStopWordPhrase(node)) nestedStopWordPhrase ??= node;
    } else if (node.kind === 'and' || node.kind === 'or') {
      for (const child of node.children) visit(child, false);
      if (node.kind === 'and') for (const child of node.excluded) visit(child, false);
    }
  };
  for (const child of [...root.children, ...root.excluded]) visit(child, true);
  if (phrases > MAX_PHRASES) return `at most ${MAX_PHRASES} quoted phrases, got ${phrases}`;
  const stopWordPhrase = nestedStopWordPhrase ?? [...root.children, ...root.excluded].find(isStopWordPhrase) ?? null;
  if (stopWordPhrase === null) return null;
  const narrowed = nestedStopWordPhrase === null && root.children.some((child) => !isStopWordPhrase(child));
  return narrowed ? null : `"${(stopWordPhrase as PhraseNode).text}" has only common words: search it together with another word or a typed filter such as country:FR`;
}

/** The typed filters of a query (`person:x`), wherever they stand, excluded ones included, in reading order. */
export function typedFilters(root: AndNode): FilterNode[] {
  const found: FilterNode[] = [];
  const visit = (node: QueryNode): void => {
    if (node.kind === 'filter') found.push(node);
    else if (node.kind === 'and' || node.kind === 'or') {
      node.children.forEach(visit);
      if (node.kind === 'and') node.excluded.forEach(visit);
    }
  };
  visit(root);
  return found;
}

/** Too many typed filters in `q` (the URL's filter values are bounded by the parameter parser), or null. */
export function typedFilterProblem(root: AndNode): string | null {
  const count = typedFilters(root).length;
  return count > MAX_TYPED_FILTERS ? `at most ${MAX_TYPED_FILTERS} typed filters (like person:…), got ${count}` : null;
}
