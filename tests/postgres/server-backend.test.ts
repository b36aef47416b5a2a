import { rm } from 'node:fs/promises';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIntoPostgres, postgresBackend } from '../../index/backend/postgres/index.ts';
import type { SearchBackend } from '../../index/query/index.ts';
import type { LoadedIndex } from '../../index/store/loaded-index.ts';
import type { FacetValue, Hit, SearchPage } from '../../index/types.ts';
import { createApp } from '../../server/app.ts';
import { swappableIndex } from '../../server/index-source.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { builtSeedsCopy } from '../helpers/seeds-copy.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * The server with the PostgreSQL backend behind /api/search, on the seeds: the same totals and facet counts as the
 * server with the embedded engine, the same hit records; /healthz says 503 when the database is gone, and the app
 * carries on; a statement timeout is `too_much_work`.
 */

const unavailable = postgresUnavailable();
if (unavailable !== null) console.warn(unavailable);

/** Query strings of /api/search; facetSize at its maximum so no facet is cut, copies not folded (PostgreSQL does not fold). */
const QUERIES = [
  { name: 'words', query: 'q=troops+ukraine' },
  { name: 'phrase', query: 'q=%22coalition+of+the+willing%22' },
  { name: 'country filter', query: 'q=troops&country=FR' },
  { name: 'person all-of', query: 'person=donald-trump&person=emmanuel-macron&personMatch=all' },
  { name: 'a year', query: 'q=trump&from=2024-01-01&to=2024-12-31' },
  { name: 'browse', query: 'q=' },
];

const counted = (values: readonly FacetValue[]) => Object.fromEntries(values.filter((v) => v.count > 0).map((v) => [v.value, v.count]));
const record = (hit: Hit) => ({
  id: hit.id, url: hit.url, title: hit.title, date: hit.date, source: hit.source, section: hit.section, text: hit.text, snippet: hit.snippet,
  countries: hit.countries, persons: hit.persons, topics: hit.topics, places: hit.places, score: hit.score,
});

describe.skipIf(unavailable !== null)('the server with the PostgreSQL backend', () => {
  let cluster: PostgresCluster;
  let index: LoadedIndex;
  let dir = '';
  const backends: SearchBackend[] = [];
  const appWith = (options: { statementTimeoutMs?: number } = {}) => {
    const backend = postgresBackend({ primaryUrl: cluster.url, replicaUrls: [], statementTimeoutMs: options.statementTimeoutMs ?? 5000, maxConnections: 4 });
    backends.push(backend);
    return createApp({ index: swappableIndex(index), config: { adminToken: null }, backend, log: () => {} });
  };

  beforeAll(async () => {
    const [started, seeds] = await Promise.all([startPostgres(), builtSeedsCopy('dossier-pg-server-')]);
    cluster = started;
    dir = seeds.dir;
    index = seeds.built.index;
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      await loadIntoPostgres(client, index);
    } finally {
      await client.end();
    }
  }, 300_000);
  afterAll(async () => {
    await Promise.all(backends.map((backend) => backend.close().catch(() => undefined)));
    await cluster?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it.each(QUERIES)('/api/search answers $name as the embedded engine counts it', async ({ query }) => {
    const url = `/api/search?${query}&facetSize=100&collapse=off&size=20`;
    const [embedded, postgres] = await Promise.all([
      request(appFor(index)).get(url).expect(200),
      request(appWith()).get(url).expect(200),
    ]);
    const [e, p] = [embedded.body as SearchPage, postgres.body as SearchPage];
    expect(e.total).toBeGreaterThan(0);
    expect({ total: p.total, relaxed: p.relaxed, unit: p.unit }).toEqual({ total: e.total, relaxed: e.relaxed, unit: e.unit });
    for (const facet of ['country', 'person', 'topic', 'place', 'source', 'year']) {
      expect({ facet, counts: counted(p.facets[facet] ?? []) }).toEqual({ facet, counts: counted(e.facets[facet] ?? []) });
      // Labels, and which values are selected, as the engine gives them.
      const shown = (values: readonly FacetValue[]) => values.map((v) => ({ value: v.value, label: v.label, selected: v.selected, leader: v.leader }))
        .sort((a, b) => (a.value < b.value ? -1 : 1));
      expect(shown(p.facets[facet] ?? [])).toEqual(shown(e.facets[facet] ?? []));
    }
    // A page of the same paragraphs up to ties, and each paragraph's record (snippet included) the same.
    const byId = new Map(e.hits.map((hit) => [hit.id, hit]));
    expect(p.hits.length).toBe(e.hits.length);
    const shared = p.hits.filter((hit) => byId.has(hit.id));
    expect(shared.length).toBeGreaterThan(0);
    for (const hit of shared) expect(record(hit)).toEqual(record(byId.get(hit.id) as Hit));
  });

  it('answers a bad request with the same code as the engine', async () => {
    const url = '/api/search?q=person:nobody-at-all';
    const [embedded, postgres] = await Promise.all([request(appFor(index)).get(url), request(appWith()).get(url)]);
    expect({ status: postgres.status, code: postgres.body.error?.code }).toEqual({ status: embedded.status, code: embedded.body.error?.code });
  });

  it('reports health with the backend it answers with', async () => {
    const response = await request(appWith()).get('/healthz').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', backend: 'postgres' });
  });

  it('answers a statement past DOSSIER_DB_STATEMENT_TIMEOUT_MS as too_much_work (503)', async () => {
    // 1 ms: counting every facet of every paragraph takes longer than that.
    const response = await request(appWith({ statementTimeoutMs: 1 })).get('/api/search?q=&facetSize=100').expect(503);
    expect(response.body.error.code).toBe('too_much_work');
    expect(response.headers['retry-after']).toBe('5');
  });

  // Last: it stops the cluster.
  it('says 503 on /healthz when the database is gone, and keeps serving', async () => {
    const app = appWith();
    await request(app).get('/api/search?q=troops').expect(200);
    await cluster.stop();
    const health = await request(app).get('/healthz').expect(503);
    expect(health.body).toEqual({ status: 'unavailable', message: expect.stringMatching(/database/) });
    const search = await request(app).get('/api/search?q=troops').expect(503);
    expect(search.body.error.code).toBe('unavailable');
    // Pages still read the embedded index.
    await request(app).get('/search?q=troops').expect(200);
    await request(app).get('/healthz').expect(503);
  });
});
