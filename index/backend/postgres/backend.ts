import type pg from 'pg';
import type { SearchBackend } from '../../query/backend.ts';
import { selectedValues } from '../../query/facets.ts';
import { parseQuery, type QueryNode } from '../../query/parse.ts';
import { makeSnippet, type Highlight } from '../../query/snippet.ts';
import { BUILT_IN_SCHEMA } from '../../schema.ts';
import type {
  CountryEntity, FacetCounts, FacetValue, Hit, PlaceEntity, Result, SearchPage, SearchRequest, TopicEntity,
} from '../../types.ts';
import { createPostgresPool, isStatementTimeout } from './pool.ts';
import { POSTGRES_FACETS, searchPostgres, type PostgresHit, type PostgresSearchResult } from './search.ts';

/**
 * PostgreSQL as a search backend: reads spread round-robin over the replicas (the primary when there are none), a
 * pool each; a pool whose server cannot be reached is skipped for the next. `searchPostgres` answers totals, facet
 * counts and the page's ordinals; the hits' rows and the facet labels are read after it, and snippets are made by the
 * engine's own snippet code. What the embedded engine answers and this does not yet: `expanded` is always `[]`
 * (no typo or prefix expansion), `wider` null, `timeline` empty, `copies`/`more` empty (no folding: `distinct`
 * equals `total`).
 */

/** How the backend connects. */
export interface PostgresBackendConfig {
  /** The primary: `postgresql://user@host:port/database`. */
  primaryUrl: string;
  /** Read replicas; empty: reads go to the primary. */
  replicaUrls: readonly string[];
  statementTimeoutMs: number;
  /** Connections at most, per pool. */
  maxConnections: number;
  log?: (line: string) => void;
}

/** Makes the backend; no connection is opened until the first request, so a database that is down is no error here. */
export function postgresBackend(config: PostgresBackendConfig): SearchBackend {
  const urls = config.replicaUrls.length > 0 ? config.replicaUrls : [config.primaryUrl];
  const pools = urls.map((url) => createPostgresPool({
    url, max: config.maxConnections, statementTimeoutMs: config.statementTimeoutMs,
    onIdleError: (error) => config.log?.(`postgres: idle connection lost: ${error.message}`),
  }));
  const dated = new Map<number, boolean>();
  let next = 0;

  /** Runs `work` on one read pool after another, from the next in turn, until one can be reached. */
  const onReadPool = async <T>(work: (pool: pg.Pool) => Promise<T>): Promise<Result<T>> => {
    const first = next;
    next = (next + 1) % pools.length;
    let lastError: unknown = null;
    for (let k = 0; k < pools.length; k += 1) {
      const pool = pools[(first + k) % pools.length];
      if (pool === undefined) continue;
      try {
        return { ok: true, value: await work(pool) };
      } catch (error) {
        // searchPostgres answers its own timeouts; reading the page's rows after it may time out too.
        if (isStatementTimeout(error)) return { ok: false, error: { code: 'too_much_work', message: 'this query needs more work than one request may take; narrow it' } };
        if (!isConnectionError(error)) throw error;
        lastError = error;
      }
    }
    return { ok: false, error: { code: 'unavailable', message: `the database cannot be reached: ${messageOf(lastError)}` } };
  };

  return {
    kind: 'postgres',
    async search(request) {
      const answered = await onReadPool(async (pool) => {
        const result = await searchPostgres(pool, request);
        if (!result.ok) return result;
        return { ok: true as const, value: await pageOf(pool, request, result.value, dated) };
      });
      if (!answered.ok) return answered;
      const result = answered.value;
      if (result.ok) return result;
      return { ok: false, error: { code: errorCode(result.error.code), message: result.error.message } };
    },
    async health() {
      try {
        const answered = await onReadPool((pool) => pool.query<{ build_id: string }>('SELECT build_id FROM dossier_current'));
        if (!answered.ok) return { ok: false, message: answered.error.message };
        if (answered.value.rows.length === 0) return { ok: false, message: 'the database has no Dossier build yet: load an index first' };
        return { ok: true };
      } catch (error) {
        // No schema yet (42P01) and the like: reachable, but nothing to answer with.
        return { ok: false, message: `the database cannot answer searches: ${messageOf(error)}` };
      }
    },
    async close() {
      await Promise.all(pools.map((pool) => pool.end()));
    },
  };
}

/** The server's codes for the search's own: no build is a backend not ready to answer, a bad date a bad parameter. */
function errorCode(code: string): string {
  if (code === 'no_build') return 'unavailable';
  if (code === 'bad_request' || code === 'unsupported') return 'bad_parameter';
  return code;
}

/**
 * A broken or refused connection (no SQLSTATE, or class 08 / 57P0x: the server shutting down or gone), as opposed
 * to an error in a statement, which would fail the same on every replica and is a bug.
 */
function isConnectionError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || code.startsWith('57P');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface HitRow {
  ordinal: number;
  doc_id: string;
  n: number;
  section: string | null;
  text: string;
  date: string | null;
  source: string | null;
  title: string;
  countries: string[];
  persons: string[];
  topics: string[];
  places: string[];
}

interface EntityRow {
  facet: string;
  id: string;
  label: string;
  data: Record<string, unknown>;
}

/** The search's answer in the embedded engine's shape: the hits' rows, labels of the facet values shown. */
async function pageOf(
  pool: pg.Pool, request: SearchRequest, result: PostgresSearchResult, dated: Map<number, boolean>,
): Promise<SearchPage> {
  const started = performance.now();
  const facetLists = shownFacetValues(request, result);
  const [rows, isDated] = await Promise.all([hitRows(pool, result.buildId, result.hits), isBuildDated(pool, result.buildId, dated)]);
  const wanted = new Map<string, Set<string>>();
  const want = (facet: string, id: string) => {
    const set = wanted.get(facet) ?? new Set<string>();
    set.add(id);
    wanted.set(facet, set);
  };
  for (const row of rows.values()) {
    row.countries.forEach((id) => want('country', id));
    row.persons.forEach((id) => want('person', id));
    row.topics.forEach((id) => want('topic', id));
    row.places.forEach((id) => want('place', id));
  }
  for (const [facet, values] of Object.entries(facetLists)) if (facet !== 'year') values.forEach((value) => want(facet, value.value));
  const entities = await entitiesOf(pool, result.buildId, wanted);
  const entity = (facet: string, id: string) => entities.get(`${facet}\u0000${id}`);
  const highlight = highlightOf(request.q);
  const hits = result.hits.flatMap((hit): Hit[] => {
    const row = rows.get(hit.ordinal);
    return row === undefined ? [] : [hitOf(hit, row, highlight, entity)];
  });
  const facets = {} as FacetCounts;
  for (const [facet, values] of Object.entries(facetLists)) {
    const labelled = values.map((value) => {
      const found = entity(facet, value.value);
      const shown: FacetValue = { ...value, label: found?.label ?? value.value };
      return facet === 'person' ? { ...shown, leader: found?.data.leader === true } : shown;
    });
    facets[facet] = facet === 'person' ? leadersAndOthers(labelled, request.facetSize) : labelled;
  }
  return {
    query: request,
    unit: 'paragraph',
    total: result.total,
    distinct: result.total,
    folded: { copies: 0, inArticles: 0 },
    page: request.page,
    size: request.size,
    relaxed: result.relaxed,
    expanded: [],
    wider: null,
    dated: isDated,
    timeline: { unit: 'month', buckets: [], undated: 0 },
    tookMs: Math.round((result.timings.total + performance.now() - started) * 10) / 10,
    hits,
    facets,
  };
}

/**
 * Each facet's values to show, as the embedded engine picks them: the `facetSize` most frequent (people are all
 * kept here, and cut to leaders and others once their entities say which), then selected values no hit has, with a
 * count of 0. Equal counts are ordered by value, not by the engine's label rank, so the last shown may differ.
 */
function shownFacetValues(request: SearchRequest, result: PostgresSearchResult): Record<string, FacetValue[]> {
  const out: Record<string, FacetValue[]> = {};
  for (const facet of POSTGRES_FACETS) {
    const selected = new Set(selectedValues(facet, request.filters));
    const counted = result.facets[facet] ?? [];
    out[facet] = counted.slice(0, facet === 'person' ? Number.MAX_SAFE_INTEGER : request.facetSize)
      .map((value) => ({ value: value.value, label: value.value, count: value.count, selected: selected.has(value.value) }));
    for (const value of selected) {
      if (!counted.some((entry) => entry.value === value)) out[facet]?.push({ value, label: value, count: 0, selected: true });
    }
  }
  return out;
}

/** People as the embedded engine shows them: up to `size` leaders and `size` others, and every selected one. */
function leadersAndOthers(values: readonly FacetValue[], size: number): FacetValue[] {
  let leaders = size;
  let others = size;
  return values.filter((value) => {
    const room = value.leader === true ? leaders > 0 : others > 0;
    if (room && value.leader === true) leaders -= 1;
    else if (room) others -= 1;
    return room || value.selected;
  });
}

async function hitRows(pool: pg.Pool, buildId: number, hits: readonly PostgresHit[]): Promise<Map<number, HitRow>> {
  if (hits.length === 0) return new Map();
  const { rows } = await pool.query<HitRow>(
    `SELECT p.ordinal, p.doc_id, p.n, p.section, p.text, to_char(d.date, 'YYYY-MM-DD') AS date, d.source, d.title,
       p.countries, p.persons, p.topics, p.places
     FROM dossier_paragraphs p JOIN dossier_documents d ON d.build_id = p.build_id AND d.id = p.doc_id
     WHERE p.build_id = $1 AND p.ordinal = ANY($2::integer[])`,
    [buildId, hits.map((hit) => hit.ordinal)],
  );
  return new Map(rows.map((row) => [row.ordinal, row]));
}

async function entitiesOf(pool: pg.Pool, buildId: number, wanted: Map<string, Set<string>>): Promise<Map<string, EntityRow>> {
  const facets: string[] = [];
  const ids: string[] = [];
  for (const [facet, set] of wanted) {
    for (const id of set) {
      facets.push(facet);
      ids.push(id);
    }
  }
  if (ids.length === 0) return new Map();
  const { rows } = await pool.query<EntityRow>(
    `SELECT e.facet, e.id, e.label, e.data FROM dossier_entities e
     JOIN unnest($2::text[], $3::text[]) AS w(facet, id) ON e.facet = w.facet AND e.id = w.id WHERE e.build_id = $1`,
    [buildId, facets, ids],
  );
  return new Map(rows.map((row) => [`${row.facet}\u0000${row.id}`, row]));
}

/** Whether any paragraph of the build has a date: asked once per build. */
async function isBuildDated(pool: pg.Pool, buildId: number, known: Map<number, boolean>): Promise<boolean> {
  const cached = known.get(buildId);
  if (cached !== undefined) return cached;
  const { rows } = await pool.query('SELECT 1 FROM dossier_paragraphs WHERE build_id = $1 AND date IS NOT NULL LIMIT 1', [buildId]);
  known.set(buildId, rows.length > 0);
  return rows.length > 0;
}

/** The words and phrases to mark: the query's exact index terms (this backend does not expand them). */
function highlightOf(q: string): Highlight {
  const terms = new Set<string>();
  const phrases: string[] = [];
  const parsed = parseQuery(q, BUILT_IN_SCHEMA);
  if (!parsed.ok) return { terms, phrases };
  const visit = (node: QueryNode): void => {
    if (node.kind === 'term') terms.add(node.term);
    else if (node.kind === 'phrase') phrases.push(node.form);
    else if (node.kind !== 'filter') node.children.forEach(visit);
  };
  parsed.value.root.children.forEach(visit);
  return { terms, phrases };
}

/** An entity's stored JSON, which the loader wrote from the index's own entity of that type. */
function stored<T>(row: EntityRow | undefined): T | undefined {
  return row === undefined ? undefined : (row.data as unknown as T);
}

function hitOf(
  hit: PostgresHit, row: HitRow, highlight: Highlight, entity: (facet: string, id: string) => EntityRow | undefined,
): Hit {
  const data = (facet: string, id: string) => entity(facet, id)?.data ?? {};
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
  return {
    id: hit.id,
    docId: hit.docId,
    n: hit.n,
    url: `/doc/${encodeURIComponent(hit.docId)}#p-${hit.n}`,
    title: row.title,
    date: row.date,
    source: row.source,
    section: row.section,
    text: row.text,
    snippet: makeSnippet(row.text, highlight),
    // The loader stores each entity as the index holds it (load.ts: entityRows), so it is shown as the engine shows it.
    countries: row.countries.map((code): CountryEntity => stored<CountryEntity>(entity('country', code)) ?? { code, name: code }),
    persons: row.persons.map((id) => {
      const person = data('person', id);
      return { id, name: text(person.name, id), leader: person.leader === true, role: typeof person.role === 'string' ? person.role : null };
    }),
    topics: row.topics.map((id): TopicEntity => stored<TopicEntity>(entity('topic', id)) ?? { id, label: id }),
    places: row.places.map((id): PlaceEntity => stored<PlaceEntity>(entity('place', id)) ?? { id, name: id, label: id, kind: 'city', country: '', region: null }),
    score: Math.round(hit.score * 1000) / 1000,
    copies: { count: 0, shown: [] },
    more: { count: 0, shown: [] },
  };
}
