import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadIntoPostgres } from '../../index/backend/postgres/load.ts';
import { POSTGRES_FACETS, searchPostgres, type PostgresSearchResult } from '../../index/backend/postgres/search.ts';
import { matchParagraphs, search } from '../../index/query/index.ts';
import type { LoadedIndex } from '../../index/store/loaded-index.ts';
import type { Filters, SearchRequest } from '../../index/types.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { builtSeedsCopy } from '../helpers/seeds-copy.ts';
import { SHARED_CORPORA } from '../helpers/run-cli.ts';
import { buildFromCorpus } from '../../index/build/pipeline.ts';

/**
 * The contract between the two backends on the seeds: for each query of the table, the PostgreSQL backend's total,
 * relaxed flag and every facet's counts equal the embedded engine's, exactly; the top 10 hits have the same scores,
 * rank by rank, and the same paragraphs up to the order of equal scores (the agreement is printed).
 */

const unavailable = postgresUnavailable();
if (unavailable !== null) console.warn(unavailable);

interface Case {
  name: string;
  q?: string;
  filters?: Partial<Filters>;
  allOf?: string[];
  exclude?: Record<string, string[]>;
  sort?: 'relevance' | 'date';
  page?: number;
}

const SEEDS_CASES: Case[] = [
  { name: 'one word', q: 'troops' },
  { name: 'words (AND)', q: 'troops ukraine' },
  { name: 'inflections meet on the stem', q: 'deploying' },
  { name: 'phrase', q: '"coalition of the willing"' },
  { name: 'phrase and word', q: '"coalition of the willing" britain' },
  { name: 'OR', q: 'macron OR starmer' },
  { name: 'OR group and word', q: '(macron OR scholz) troops' },
  { name: 'NOT word', q: 'ukraine -russia' },
  { name: 'NOT phrase', q: 'troops -"ground troops"' },
  { name: 'country filter', q: 'troops', filters: { country: ['FR'] } },
  { name: 'country filter, two values (OR)', q: 'war', filters: { country: ['FR', 'GB'] } },
  { name: 'typed country filter', q: 'war country:GB' },
  { name: 'country by name', q: 'country:britain person:"Keir Starmer"' },
  { name: 'person all-of (co-mention)', filters: { person: ['donald-trump', 'emmanuel-macron'] }, allOf: ['person'] },
  { name: 'typed co-mention', q: 'person:donald-trump person:vladimir-putin' },
  { name: 'typed OR of persons', q: 'person:keir-starmer OR person:friedrich-merz' },
  { name: 'excluded typed country', q: 'troops -country:GB' },
  { name: 'URL exclusion', q: 'war', exclude: { country: ['RU'] } },
  { name: 'topic and place', filters: { topic: ['troop-deployment'], place: ['paris-fr'] } },
  { name: 'source', q: 'europe', filters: { source: ['wsws.org'] } },
  { name: 'date range', filters: { from: '2025-01-01', to: '2025-12-31' } },
  { name: 'date range and word', q: 'trump', filters: { from: '2024-01-01', to: '2024-12-31' } },
  { name: 'no paragraph has every word (relaxed)', q: 'estonia vladivostok' },
  { name: 'four words or more (optional)', q: 'european troops ukraine ceasefire' },
  { name: 'by date', q: 'troops', sort: 'date' },
  { name: 'browse', q: '' },
  { name: 'page 2', q: 'ukraine', page: 2 },
  { name: 'hyphenated word inside an OR', q: 'anti-war OR ceasefire' },
  { name: 'curly-quoted phrase', q: '\u201Cground troops\u201D' },
  { name: 'phrase of stop words beside a word', q: '"of the" troops' },
  { name: 'excluded group', q: 'troops -(france OR britain)' },
  { name: 'typed article filter', q: 'troops doc:001_34cad28d7e35f2a1' },
  { name: 'place and topic by name', q: 'place:paris topic:"Troop deployment"' },
  { name: 'person by surname', q: 'person:macron' },
];

function requestOf(entry: Case): SearchRequest {
  return {
    q: entry.q ?? '',
    filters: { country: [], person: [], topic: [], place: [], source: [], doc: [], from: null, to: null, ...entry.filters },
    allOf: entry.allOf ?? [],
    exclude: entry.exclude ?? {},
    sort: entry.sort ?? 'relevance',
    page: entry.page ?? 1,
    size: 10,
    facetSize: 10_000,
    collapse: false,
  };
}

/** A facet's values with a count, as value → count. */
function counted(values: ReadonlyArray<{ value: string; count: number }>): Record<string, number> {
  return Object.fromEntries(values.filter((value) => value.count > 0).map((value) => [value.value, value.count]));
}

/** The parity suite on one corpus: its index built in memory, loaded into a cluster of its own. */
function describeParity(corpus: string, skip: string | null, build: () => Promise<{ index: LoadedIndex; dir: string }>, cases: readonly Case[]): void {
  describe.skipIf(skip !== null)(`search parity: PostgreSQL backend and embedded engine on ${corpus}`, () => {
    let cluster: PostgresCluster;
    let pool: pg.Pool;
    let index: LoadedIndex;
    let dir = '';
    const report: string[] = [];

    beforeAll(async () => {
      const [started, built] = await Promise.all([startPostgres(), build()]);
      cluster = started;
      dir = built.dir;
      index = built.index;
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      try {
        await loadIntoPostgres(client, index);
      } finally {
        await client.end();
      }
      pool = new pg.Pool({ connectionString: cluster.url, max: 8 });
    }, 300_000); // Building and loading BBC on a busy 2-core CI machine.
    afterAll(async () => {
      if (report.length > 0) console.log(`search parity on ${corpus} (top-10 order agreement, PostgreSQL ms):\n${report.join('\n')}`);
      await pool?.end();
      await cluster?.stop();
      if (dir !== '') await rm(dir, { recursive: true, force: true });
    });

    it.each(cases)('$name', async (entry) => {
      const request = requestOf(entry);
      const embedded = search(index, request);
      if (!embedded.ok) throw new Error(`embedded: ${embedded.error.message}`);
      const answered = await searchPostgres(pool, request);
      if (!answered.ok) throw new Error(`postgres: ${answered.error.message}`);
      const postgres: PostgresSearchResult = answered.value;
      // Both ways of counting facets give the same answer.
      const perFacet = await searchPostgres(pool, request, { facetCounting: 'per-facet' });
      if (!perFacet.ok) throw new Error(`postgres: ${perFacet.error.message}`);
      expect({ total: perFacet.value.total, facets: perFacet.value.facets }).toEqual({ total: postgres.total, facets: postgres.facets });

      expect(postgres.approximate).toEqual([]);
      expect(embedded.value.expanded).toEqual([]);
      expect({ total: postgres.total, relaxed: postgres.relaxed }).toEqual({ total: embedded.value.total, relaxed: embedded.value.relaxed });
      for (const facet of POSTGRES_FACETS) {
        expect({ facet, counts: counted(postgres.facets[facet] ?? []) }).toEqual({ facet, counts: counted(embedded.value.facets[facet]) });
      }

      // The top 10 with the engine's exact scores: the same score at every rank, the same paragraphs within ties.
      const matched = matchParagraphs(index, request);
      if (!matched.ok) throw new Error(matched.error.message);
      const first = (request.page - 1) * request.size;
    const top = Array.from(matched.value.ordered(first + request.size)).slice(first);
      const expectedScores = top.map((ordinal) => matched.value.scoreOf(ordinal));
      expect(postgres.hits.map((hit) => hit.score).map((score) => Number(score.toFixed(9))))
        .toEqual(expectedScores.map((score) => Number(score.toFixed(9))));
      const tieGroups = (ordinals: number[], scores: number[]) => ordinals.map((ordinal, k) => `${scores[k]?.toFixed(9)}:${ordinal}`).sort();
      expect(tieGroups(postgres.hits.map((hit) => hit.ordinal), postgres.hits.map((hit) => hit.score)))
        .toEqual(tieGroups(top, expectedScores));
      const same = postgres.hits.filter((hit, k) => hit.ordinal === top[k]).length;
      report.push(`  ${entry.name.padEnd(40)} total ${String(postgres.total).padStart(3)}  top-10 ${same}/${top.length} in the same order`
        + `  ${postgres.timings.total.toFixed(1)} ms`);
    });

    it('refuses what it does not do yet instead of answering differently', async () => {
      const fuzzy = await searchPostgres(pool, { ...requestOf({ name: 'fuzzy', q: 'troops' }), fuzzy: true });
      expect(fuzzy.ok ? null : fuzzy.error.code).toBe('unsupported');
      const article = await searchPostgres(pool, { ...requestOf({ name: 'article', q: 'troops' }), scope: 'article' });
      expect(article.ok ? null : article.error.code).toBe('unsupported');
    });

    it('answers an unknown filter value as the engine does: unknown_value', async () => {
      const request = requestOf({ name: 'unknown', q: 'person:nobody-at-all' });
      const embedded = search(index, request);
      const postgres = await searchPostgres(pool, request);
      expect(embedded.ok ? null : embedded.error.code).toBe('unknown_value');
      expect(postgres.ok ? null : postgres.error.code).toBe('unknown_value');
    });

    it('keeps user input out of the SQL text', async () => {
      const hostile = requestOf({ name: 'hostile', q: `troops' OR 1=1; DROP TABLE dossier_builds; --`, filters: { source: ["x'); DROP TABLE dossier_builds; --"] } });
      const postgres = await searchPostgres(pool, hostile);
      const embedded = search(index, hostile);
      expect(postgres.ok ? null : postgres.error.code).toBe(embedded.ok ? null : embedded.error.code);
      const { rows } = await pool.query("SELECT to_regclass('dossier_builds') IS NOT NULL AS present");
      expect(rows[0]).toEqual({ present: true });
    });
  });
}

/** BBC news (2,225 articles, no dates or sources): words, phrases and its most frequent people, countries and places. */
const BBC_CASES: Case[] = [
  { name: 'one word', q: 'blair' },
  { name: 'words (AND)', q: 'election labour' },
  { name: 'a very common word', q: 'said' },
  { name: 'phrase', q: '"prime minister"' },
  { name: 'phrase with stop words', q: '"the end of the"  year' },
  { name: 'OR', q: 'blair OR brown' },
  { name: 'OR group and word', q: '(film OR music) award' },
  { name: 'NOT word', q: 'economy -growth' },
  { name: 'NOT phrase', q: 'blair -"prime minister"' },
  { name: 'typed country filter', q: 'country:GB film' },
  { name: 'country filter, two values (OR)', q: 'market', filters: { country: ['US', 'JP'] } },
  { name: 'person all-of (co-mention)', q: 'government', filters: { person: ['tony-blair', 'gordon-brown'] }, allOf: ['person'] },
  { name: 'person filter, three values', filters: { person: ['tony-blair', 'gordon-brown', 'michael-howard'] } },
  { name: 'typed OR of persons, excluded topic', q: '(person:tony-blair OR person:michael-howard) -topic:politics' },
  { name: 'place and topic', filters: { place: ['london-gb'], topic: ['sport'] } },
  { name: 'URL exclusion', q: 'games', exclude: { topic: ['technology'] } },
  { name: 'four words or more (optional)', q: 'oil prices rise sharply' },
  { name: 'no paragraph has every word (relaxed)', q: 'ballet goalkeeper' },
  { name: 'by date (undated: corpus order)', q: 'music', sort: 'date' },
  { name: 'browse', q: '' },
];

const BBC = path.join(SHARED_CORPORA, 'bbc-news', 'articles.jsonl');

describeParity('the seeds', unavailable, async () => {
  const seeds = await builtSeedsCopy('dossier-pg-parity-');
  return { index: seeds.built.index, dir: seeds.dir };
}, SEEDS_CASES);

describeParity('BBC news', unavailable ?? (existsSync(BBC) ? null : `no BBC corpus at ${BBC}`), async () => {
  const built = await buildFromCorpus(BBC);
  if (!built.ok) throw new Error(built.error.message);
  return { index: built.value.index, dir: '' };
}, BBC_CASES);
