import type pg from 'pg';
import { filterValues } from '../../query/facets.ts';
import { isLongQuery, planQuery, typedFilters } from '../../query/plan.ts';
import { parseQuery, type AndNode, type FilterNode, type QueryNode } from '../../query/parse.ts';
import { DEFAULT_SCORING, type Scoring } from '../../query/scoring.ts';
import { BUILT_IN_SCHEMA } from '../../schema.ts';
import type { FacetName, Filters, Result, SearchRequest } from '../../types.ts';
import { matchSql, Params, scoreSql, scoredTerms, wordsSql, filterSql, type CompileContext, type TermWeights } from './query-sql.ts';
import { isStatementTimeout } from './pool.ts';
import { resolveValues, type WantedValue } from './resolve.ts';

/**
 * A search request answered by PostgreSQL, with the embedded engine's semantics (index/query/search.ts): the same
 * parser; typed filters and URL filters resolved to ids; words AND-ed unless none passes every filter (then any
 * word, `relaxed`), four plain words or more optional; URL filters tested per paragraph so each facet is counted with
 * every filter but its own (disjunctive); `personMatch=all` filters and exclusions as clauses. Steps:
 *   1. the build (current unless given) and its BM25 averages; parse; resolve values; the words' statistics;
 *   2. total, the page of hits and one count per facet, in parallel on the pool;
 *   3. when nothing matched every word, the same with any word.
 * Not yet: typo and prefix expansion (a query word the text never has is matched exactly, and named in
 * `approximate`), `fuzzy=on`, `scope=article`, folding of copies and grouping (hits are every paragraph), metadata
 * facets, snippets, the timeline. Those requests are refused as `unsupported` rather than answered differently.
 */

/** The facets this backend counts: the built-in ones. */
export const POSTGRES_FACETS = ['country', 'person', 'topic', 'place', 'source', 'year'] as const;

/** One hit: a paragraph, with its score as the embedded engine computes it. */
export interface PostgresHit {
  /** `<docId>#p-<n>` */
  id: string;
  docId: string;
  n: number;
  /** The paragraph's ordinal in the build: the embedded index's search id. */
  ordinal: number;
  score: number;
}

/** What a PostgreSQL search answers. */
export interface PostgresSearchResult {
  buildId: number;
  total: number;
  relaxed: boolean;
  hits: PostgresHit[];
  /** Every counted value of each facet, count descending then value: exact, disjunctive. */
  facets: Record<FacetName, Array<{ value: string; count: number }>>;
  /** Query words the text never has: the embedded engine would try typos and prefixes for them; matched exactly here. */
  approximate: string[];
  /** Milliseconds: preparing (build, resolution, statistics), the parallel queries, all. */
  timings: { prepare: number; queries: number; total: number };
}

/**
 * How facets are counted: `one-scan` reads the matching paragraphs once for the total and every facet; `per-facet`
 * runs one query per facet (and one for the total) in parallel on the pool.
 */
export type FacetCounting = 'one-scan' | 'per-facet';

/** How a search runs. */
export interface PostgresSearchOptions {
  /** The build to search; the current one by default. */
  buildId?: number;
  scoring?: Scoring;
  /** Default `one-scan`. */
  facetCounting?: FacetCounting;
}

interface BuildStats {
  id: number;
  paragraphs: number;
  averages: TermWeights;
}

/**
 * Runs a search request on a pool (each of its queries may go to another connection). A statement cancelled by the
 * pool's statement_timeout is `too_much_work`, as the embedded engine answers a request past its deadline.
 */
export async function searchPostgres(
  pool: pg.Pool, request: SearchRequest, options: PostgresSearchOptions = {},
): Promise<Result<PostgresSearchResult>> {
  try {
    return await searchOnce(pool, request, options);
  } catch (error) {
    if (!isStatementTimeout(error)) throw error;
    return { ok: false, error: { code: 'too_much_work', message: 'q: this query needs more work than one request may take; narrow it (fewer phrases, rarer words, filters)' } };
  }
}

async function searchOnce(pool: pg.Pool, request: SearchRequest, options: PostgresSearchOptions): Promise<Result<PostgresSearchResult>> {
  const started = performance.now();
  const unsupported = unsupportedPart(request);
  if (unsupported !== null) return { ok: false, error: { code: 'unsupported', message: `the PostgreSQL backend does not do ${unsupported} yet` } };
  const dates = dateProblem(request.filters);
  if (dates !== null) return { ok: false, error: { code: 'bad_request', message: dates } };
  const parsed = parseQuery(request.q, BUILT_IN_SCHEMA);
  if (!parsed.ok) return parsed;
  const build = await buildStats(pool, options.buildId);
  if (build === null) return { ok: false, error: { code: 'no_build', message: 'the database has no Dossier build yet: load an index first' } };
  const scoring = options.scoring ?? DEFAULT_SCORING;

  // The words' statistics do not depend on the filters: both lookups go out together.
  const [resolved, weights, approximate] = await Promise.all([
    resolveRequest(pool, build.id, request, parsed.value.root),
    termWeights(pool, build, scoredTerms(parsed.value.root)),
    inexactWords(pool, build.id, parsed.value.root),
  ]);
  if (!resolved.ok) return resolved;
  const { filters, exclude, allOf, values } = resolved.value;
  const root = parsed.value.root;
  // The engine's own plan: the same clauses, the same relaxed query and the same bounds on work.
  const plan = planQuery(root, filters, allOf, exclude, values);
  if (!plan.ok) return plan;
  const { wordClauses, clauses, excluded, full, anyWord, tested } = plan.value;

  const prepared = performance.now();
  const base = { values, weights, averages: build.averages, scoring };
  const hasClauses = full.children.length > 0 || full.excluded.length > 0;
  const counting = options.facetCounting ?? 'one-scan';
  const run = (tree: AndNode, matching: Matching) => runQueries(
    pool, build.id, request, tree, tested, base, hasClauses ? matching : 'browse', wordClauses.length, counting,
  );

  const long = isLongQuery(wordClauses);
  // A long query matches any of its words; it is relaxed when no hit has all of them (counted alongside).
  const [first, withEveryWord] = await Promise.all([
    run(long ? anyWord : full, long ? 'optional' : 'all'),
    long ? countOf(pool, build.id, full, tested, base) : Promise.resolve(null),
  ]);
  let answer = first;
  let relaxed = withEveryWord === 0;
  if (!long && wordClauses.length > 1 && answer.total === 0) {
    answer = await run(anyWord, 'any');
    relaxed = true;
  }
  const now = performance.now();
  return {
    ok: true,
    value: {
      buildId: build.id,
      total: answer.total,
      relaxed,
      hits: answer.hits,
      facets: answer.facets,
      approximate,
      timings: { prepare: prepared - started, queries: now - prepared, total: now - started },
    },
  };
}

/** How the words were required: all, any (relaxed), all first (a long query), or no clause at all (browse). */
type Matching = 'all' | 'any' | 'optional' | 'browse';

type Base = Omit<CompileContext, 'params'>;

/** The total, the page of hits and every facet's counts of one query tree, in parallel. */
async function runQueries(
  pool: pg.Pool, buildId: number, request: SearchRequest, tree: AndNode, tested: Filters, base: Base, matching: Matching,
  wordCount: number, counting: FacetCounting,
): Promise<Pick<PostgresSearchResult, 'total' | 'hits' | 'facets'>> {
  const hits = request.size === 0 ? Promise.resolve([]) : hitsOf(pool, buildId, request, tree, tested, base, matching, wordCount);
  if (counting === 'one-scan') {
    const [counted, page] = await Promise.all([countsInOneScan(pool, buildId, tree, tested, base), hits]);
    return { ...counted, hits: page };
  }
  const facetNames = POSTGRES_FACETS;
  const [total, page, ...counts] = await Promise.all([
    countOf(pool, buildId, tree, tested, base),
    hits,
    ...facetNames.map((facet) => facetCounts(pool, buildId, facet, tree, tested, base)),
  ]);
  const facets: Record<FacetName, Array<{ value: string; count: number }>> = {};
  facetNames.forEach((facet, k) => {
    facets[facet] = counts[k] ?? [];
  });
  return { total, hits: page, facets };
}

/**
 * The total and every facet's disjunctive counts from one scan of the matching paragraphs: each URL filter becomes a
 * flag per row, and each facet counts the rows whose other flags all pass (what GROUPING SETS would do, with the
 * filters a facet ignores differing per facet).
 */
async function countsInOneScan(
  pool: pg.Pool, buildId: number, tree: AndNode, tested: Filters, base: Base,
): Promise<Pick<PostgresSearchResult, 'total' | 'facets'>> {
  const params = new Params();
  const context: CompileContext = { ...base, params };
  const where = [`p.build_id = ${params.add(buildId, 'bigint')}`, matchSql(tree, context)].filter((part) => part !== 'TRUE').join(' AND ');
  const flags: Array<{ name: string; sql: string }> = [];
  for (const name of BUILT_IN_SCHEMA.filterNames) {
    const values = filterValues(tested, name);
    if (values.length > 0) flags.push({ name, sql: filterSql(name, values, 'any', params) });
  }
  const range: string[] = [];
  if (tested.from !== null && tested.from !== undefined) range.push(`p.date >= ${params.add(tested.from, 'date')}`);
  if (tested.to !== null && tested.to !== undefined) range.push(`p.date <= ${params.add(tested.to, 'date')}`);
  if (range.length > 0) flags.push({ name: 'date', sql: range.join(' AND ') });
  const passing = (ignored: string): string => flags.flatMap((flag, k) => (flag.name === ignored ? [] : [`f${k}`])).join(' AND ') || 'TRUE';
  const facet = (name: string) => params.add(name, 'text');
  const parts = [`SELECT ${facet('')} AS facet, NULL::text AS value, count(*) AS count FROM m WHERE ${passing('')}`];
  for (const name of POSTGRES_FACETS) {
    const source = BUILT_IN_SCHEMA.byName.get(name)?.source;
    if (source?.kind === 'tag') {
      parts.push(`SELECT ${facet(name)}, v, count(*) FROM m CROSS JOIN LATERAL unnest(m.${source.tags}) AS v WHERE ${passing(name)} GROUP BY v`);
    } else if (source?.kind === 'year') {
      parts.push(`SELECT ${facet(name)}, lpad(m.year::text, 4, '0'), count(*) FROM m WHERE m.year IS NOT NULL AND ${passing('date')} GROUP BY m.year`);
    } else {
      parts.push(`SELECT ${facet(name)}, m.source, count(*) FROM m WHERE m.source IS NOT NULL AND ${passing(name)} GROUP BY m.source`);
    }
  }
  const columns = flags.map((flag, k) => `, coalesce(${flag.sql}, false) AS f${k}`).join('');
  const sql = `WITH m AS MATERIALIZED (
      SELECT p.countries, p.persons, p.topics, p.places, p.source, p.year${columns} FROM dossier_paragraphs p WHERE ${where}
    ) ${parts.join(' UNION ALL ')}`;
  const { rows } = await pool.query<{ facet: string; value: string | null; count: string }>(sql, params.values);
  const facets: Record<FacetName, Array<{ value: string; count: number }>> = {};
  for (const name of POSTGRES_FACETS) facets[name] = [];
  let total = 0;
  for (const row of rows) {
    if (row.facet === '') total = Number(row.count);
    else facets[row.facet]?.push({ value: row.value ?? '', count: Number(row.count) });
  }
  for (const name of POSTGRES_FACETS) facets[name]?.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { total, facets };
}

/** `WHERE` of a query: the build, the tree, and the URL's filters but the one a facet ignores. */
function whereOf(params: Params, buildId: number, tree: AndNode, tested: Filters, base: Base, ignore: 'none' | 'date' | string): string {
  const context: CompileContext = { ...base, params };
  const parts = [`p.build_id = ${params.add(buildId, 'bigint')}`, matchSql(tree, context)];
  for (const name of BUILT_IN_SCHEMA.filterNames) {
    const values = filterValues(tested, name);
    if (values.length > 0 && name !== ignore) parts.push(filterSql(name, values, 'any', params));
  }
  if (ignore !== 'date') {
    if (tested.from !== null && tested.from !== undefined) parts.push(`p.date >= ${params.add(tested.from, 'date')}`);
    if (tested.to !== null && tested.to !== undefined) parts.push(`p.date <= ${params.add(tested.to, 'date')}`);
  }
  return parts.filter((part) => part !== 'TRUE').join(' AND ');
}

async function countOf(pool: pg.Pool, buildId: number, tree: AndNode, tested: Filters, base: Base): Promise<number> {
  const params = new Params();
  const sql = `SELECT count(*) AS count FROM dossier_paragraphs p WHERE ${whereOf(params, buildId, tree, tested, base, 'none')}`;
  const { rows } = await pool.query<{ count: string }>(sql, params.values);
  return Number(rows[0]?.count ?? 0);
}

/** The requested page, in the embedded engine's relevance order (or newest first). */
async function hitsOf(
  pool: pg.Pool, buildId: number, request: SearchRequest, tree: AndNode, tested: Filters, base: Base, matching: Matching, wordCount: number,
): Promise<PostgresHit[]> {
  const params = new Params();
  const context: CompileContext = { ...base, params };
  const browse = matching === 'browse';
  const byDate = request.sort === 'date' || browse;
  // Sorted by date, hits still carry their relevance score, as the embedded engine's do.
  const score = browse ? '0' : scoreSql(tree, context);
  const words = byDate ? '0' : wordsSql(tree, context);
  const where = whereOf(params, buildId, tree, tested, base, 'none');
  const order = byDate
    ? 'recency'
    : matching === 'all'
      ? 'words DESC, score DESC, recency'
      : `(words >= ${params.add(wordCount, 'integer')}) DESC, score DESC, recency`;
  const limit = params.add(request.size, 'integer');
  const offset = params.add((request.page - 1) * request.size, 'integer');
  const sql = `SELECT ordinal, doc_id, n, score FROM (
      SELECT p.ordinal, p.doc_id, p.n, p.recency, ${score} AS score, ${words} AS words
      FROM dossier_paragraphs p WHERE ${where}
    ) AS matched ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
  const { rows } = await pool.query<{ ordinal: number; doc_id: string; n: number; score: number }>(sql, params.values);
  return rows.map((row) => ({ id: `${row.doc_id}#p-${row.n}`, docId: row.doc_id, n: row.n, ordinal: row.ordinal, score: Number(row.score) }));
}

/** A facet's counts over the paragraphs passing the tree and every URL filter but the facet's own. */
async function facetCounts(
  pool: pg.Pool, buildId: number, facet: FacetName, tree: AndNode, tested: Filters, base: Base,
): Promise<Array<{ value: string; count: number }>> {
  const params = new Params();
  const source = BUILT_IN_SCHEMA.byName.get(facet)?.source;
  const where = whereOf(params, buildId, tree, tested, base, source?.kind === 'year' ? 'date' : facet);
  let sql: string;
  if (source?.kind === 'tag') {
    sql = `SELECT v AS value, count(*) AS count FROM dossier_paragraphs p CROSS JOIN LATERAL unnest(p.${source.tags}) AS v
      WHERE ${where} GROUP BY v`;
  } else if (source?.kind === 'year') {
    sql = `SELECT lpad(p.year::text, 4, '0') AS value, count(*) AS count FROM dossier_paragraphs p
      WHERE ${where} AND p.year IS NOT NULL GROUP BY p.year`;
  } else {
    sql = `SELECT p.source AS value, count(*) AS count FROM dossier_paragraphs p WHERE ${where} AND p.source IS NOT NULL GROUP BY p.source`;
  }
  const { rows } = await pool.query<{ value: string; count: string }>(`${sql} ORDER BY count DESC, value`, params.values);
  return rows.map((row) => ({ value: row.value, count: Number(row.count) }));
}

async function buildStats(pool: pg.Pool, buildId: number | undefined): Promise<BuildStats | null> {
  const { rows } = await pool.query<{ id: string; paragraphs: number; text: number; title: number; section: number }>(
    `SELECT b.id, b.paragraphs, b.avg_text_length AS text, b.avg_title_length AS title, b.avg_section_length AS section
     FROM dossier_builds b WHERE b.id = coalesce($1::bigint, (SELECT build_id FROM dossier_current)) AND b.status IN ('live', 'ready', 'retired')`,
    [buildId ?? null],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { id: Number(row.id), paragraphs: row.paragraphs, averages: { text: row.text, title: row.title, section: row.section } };
}

/** Each term's idf per field, as index/query/scoring.ts computes it from the same document frequencies. */
async function termWeights(pool: pg.Pool, build: BuildStats, terms: string[]): Promise<Map<string, TermWeights>> {
  const weights = new Map<string, TermWeights>();
  if (terms.length === 0) return weights;
  const { rows } = await pool.query<{ term: string; df_text: number; df_title: number; df_section: number }>(
    'SELECT term, df_text, df_title, df_section FROM dossier_terms WHERE build_id = $1 AND term = ANY($2::text[])', [build.id, terms],
  );
  const idf = (df: number) => (df === 0 ? 0 : Math.log(1 + (build.paragraphs - df + 0.5) / (df + 0.5)));
  for (const row of rows) weights.set(row.term, { text: idf(row.df_text), title: idf(row.df_title), section: idf(row.df_section) });
  return weights;
}

/** Positive query words whose folded form the text never has (the embedded engine would expand them). */
async function inexactWords(pool: pg.Pool, buildId: number, root: AndNode): Promise<string[]> {
  const words = new Map<string, string>();
  const visit = (node: QueryNode): void => {
    if (node.kind === 'term') words.set(node.folded, node.word);
    else if (node.kind === 'and' || node.kind === 'or') node.children.forEach(visit);
  };
  visit(root);
  if (words.size === 0) return [];
  const { rows } = await pool.query<{ word: string }>(
    'SELECT word FROM dossier_vocabulary WHERE build_id = $1 AND word = ANY($2::text[])', [buildId, [...words.keys()]],
  );
  const known = new Set(rows.map((row) => row.word));
  return [...words].filter(([folded]) => !known.has(folded)).map(([, word]) => word);
}

/** A request's filter values (URL and typed) resolved to ids. */
async function resolveRequest(pool: pg.Pool, buildId: number, request: SearchRequest, root: AndNode): Promise<Result<{
  filters: Filters; exclude: Record<string, string[]>; allOf: string[]; values: Map<FilterNode, string>;
}>> {
  const wanted: WantedValue[] = [];
  const assign: Array<(id: string) => void> = [];
  const filters: Filters = { ...request.filters };
  for (const name of BUILT_IN_SCHEMA.filterNames) {
    const list: string[] = [];
    filters[name] = list;
    for (const value of filterValues(request.filters, name)) {
      wanted.push({ name, value, where: name });
      assign.push((id) => {
        if (!list.includes(id)) list.push(id);
      });
    }
  }
  const exclude: Record<string, string[]> = {};
  for (const [name, given] of Object.entries(request.exclude ?? {})) {
    if (!BUILT_IN_SCHEMA.filterNames.includes(name) || given.length === 0) continue;
    const list: string[] = [];
    exclude[name] = list;
    for (const value of given) {
      wanted.push({ name, value, where: `not${name}` });
      assign.push((id) => {
        if (!list.includes(id)) list.push(id);
      });
    }
  }
  const values = new Map<FilterNode, string>();
  for (const node of typedFilters(root)) {
    wanted.push({ name: node.name, value: node.value, where: `q: ${node.name}:${node.value}` });
    assign.push((id) => values.set(node, id));
  }
  const resolved = await resolveValues(pool, buildId, wanted);
  if (!resolved.ok) return resolved;
  resolved.value.forEach((id, k) => assign[k]?.(id));
  const allOf = (request.allOf ?? []).filter((name) => filterValues(filters, name).length > 0);
  return { ok: true, value: { filters, exclude, allOf, values } };
}

/** What of a request this backend cannot answer as the embedded engine would yet, or null. */
function unsupportedPart(request: SearchRequest): string | null {
  if (request.fuzzy === true) return 'fuzzy=on';
  if ((request.scope ?? 'paragraph') !== 'paragraph') return 'scope=article';
  if ((request.group ?? 'none') !== 'none') return 'group=article';
  const known = new Set<string>([...BUILT_IN_SCHEMA.filterNames, 'from', 'to']);
  const metadata = Object.keys(request.filters).find((name) => !known.has(name) && filterValues(request.filters, name).length > 0);
  return metadata === undefined ? null : `metadata filters (${metadata})`;
}

function dateProblem(filters: Filters): string | null {
  for (const name of ['from', 'to'] as const) {
    const value = filters[name];
    if (value === null || value === undefined) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)) {
      return `${name}: "${value}" is not a date (YYYY-MM-DD)`;
    }
  }
  return null;
}

/** As in index/query/search.ts: a clause of typed filters only is required even when words are relaxed. */
