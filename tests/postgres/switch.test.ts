import { rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import { loadIntoPostgres } from '../../index/backend/postgres/load.ts';
import { searchPostgres } from '../../index/backend/postgres/search.ts';
import { search } from '../../index/query/index.ts';
import type { LoadedIndex } from '../../index/store/loaded-index.ts';
import type { SearchRequest } from '../../index/types.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { builtSeedsCopy } from '../helpers/seeds-copy.ts';

const unavailable = postgresUnavailable();

/** Readers search this while builds switch under them. */
const BROWSE: SearchRequest = {
  q: 'troops',
  filters: { country: [], person: [], topic: [], place: [], source: [], doc: [], from: null, to: null },
  sort: 'relevance', page: 1, size: 5, facetSize: 10, collapse: false,
};

/** What the embedded engine answers to BROWSE on an index: its total, and the sum of its country facet's counts. */
function expectedFor(index: LoadedIndex): { total: number; countries: number } {
  const page = search(index, { ...BROWSE, facetSize: 10_000 });
  if (!page.ok) throw new Error(page.error.message);
  return { total: page.value.total, countries: page.value.facets.country.reduce((sum, value) => sum + value.count, 0) };
}

describe.skipIf(unavailable !== null)('switching builds under readers', () => {
  let cluster: PostgresCluster;
  let dir = '';
  let whole: LoadedIndex;
  let part: LoadedIndex;
  beforeAll(async () => {
    const [started, seeds] = await Promise.all([startPostgres(), builtSeedsCopy('dossier-pg-switch-')]);
    cluster = started;
    dir = seeds.dir;
    whole = seeds.built.index;
    // A second corpus: the seeds less two articles.
    await unlink(path.join(seeds.corpus, '000_e6c7d7a7dc41faa0.txt'));
    await unlink(path.join(seeds.corpus, '003_d1f3d70f7a1796e9.txt'));
    const built = await buildFromCorpus(seeds.corpus);
    if (!built.ok) throw new Error(built.error.message);
    part = built.value.index;
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('every answer is wholly the old corpus or wholly the new one, while builds load and switch', async () => {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const pool = new pg.Pool({ connectionString: cluster.url, max: 6 });
    try {
      const first = await loadIntoPostgres(client, whole);
      const expected = new Map<number, { total: number; countries: number }>();
      expected.set(first.buildId, expectedFor(whole));
      expect(expectedFor(whole).total).not.toBe(expectedFor(part).total);

      let loading = true;
      const seen: Array<{ build: number; total: number; countries: number }> = [];
      const reader = async (): Promise<void> => {
        // Bounded: at most 2,000 searches per reader, and only while loads run.
        for (let k = 0; k < 2000 && loading; k += 1) {
          const answer = await searchPostgres(pool, BROWSE);
          if (!answer.ok) throw new Error(answer.error.message);
          const countries = (answer.value.facets.country ?? []).reduce((sum, value) => sum + value.count, 0);
          seen.push({ build: answer.value.buildId, total: answer.value.total, countries });
        }
      };
      const readers = [reader(), reader(), reader()];
      const loads = (async () => {
        try {
          for (const index of [part, whole, part]) {
            const outcome = await loadIntoPostgres(client, index);
            expected.set(outcome.buildId, expectedFor(index));
          }
        } finally {
          loading = false;
        }
      })();
      await Promise.all([loads, ...readers]);
      expect(seen.length).toBeGreaterThan(0);
      for (const answer of seen) expect({ total: answer.total, countries: answer.countries }).toEqual(expected.get(answer.build));
      expect(new Set(seen.map((answer) => answer.build)).size).toBeGreaterThan(1);
    } finally {
      await pool.end();
      await client.end();
    }
  });
});
