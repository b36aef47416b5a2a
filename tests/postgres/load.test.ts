import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { currentBuild, loadIntoPostgres } from '../../index/backend/postgres/load.ts';
import { WORD_PREFIX } from '../../index/backend/postgres/analysis.ts';
import type { LoadedIndex } from '../../index/store/loaded-index.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { builtSeedsCopy } from '../helpers/seeds-copy.ts';

const unavailable = postgresUnavailable();

describe.skipIf(unavailable !== null)('loading an index into PostgreSQL (load.ts)', () => {
  let cluster: PostgresCluster;
  let client: pg.Client;
  let index: LoadedIndex;
  let dir = '';
  beforeAll(async () => {
    const [started, seeds] = await Promise.all([startPostgres(), builtSeedsCopy('dossier-pg-load-')]);
    cluster = started;
    dir = seeds.dir;
    index = seeds.built.index;
    client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await cluster?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await client.query<{ count: string }>(sql, params)).rows[0]?.count);

  it('loads every row, and the stems of each paragraph are the embedded index\'s terms, paragraph for paragraph', async () => {
    const outcome = await loadIntoPostgres(client, index);
    expect(outcome.lengthMismatches).toBe(0);
    expect(await currentBuild(client)).toBe(outcome.buildId);
    const build = [outcome.buildId];
    expect(await count('SELECT count(*) FROM dossier_documents WHERE build_id = $1', build)).toBe(index.documents.length);
    expect(await count('SELECT count(*) FROM dossier_paragraphs WHERE build_id = $1', build)).toBe(index.paragraphs.length);
    const evidence = index.paragraphs.reduce((sum, paragraph) => sum + (paragraph.evidence?.length ?? 0), 0);
    expect(await count('SELECT count(*) FROM dossier_evidence WHERE build_id = $1', build)).toBe(evidence);
    expect(await count('SELECT count(*) FROM dossier_terms WHERE build_id = $1', build)).toBe(index.terms.terms.length);

    // Document frequency of every stem in the tsvectors = the embedded index's postings in the text field.
    const { rows } = await client.query<{ lexeme: string; paragraphs: string }>(
      `SELECT t.lexeme, count(*) AS paragraphs FROM dossier_paragraphs p, unnest(p.terms) t
       WHERE p.build_id = $1 AND left(t.lexeme, 1) <> $2 GROUP BY t.lexeme`, [outcome.buildId, WORD_PREFIX],
    );
    const inDatabase = Object.fromEntries(rows.map((row) => [row.lexeme, Number(row.paragraphs)]));
    const embedded: Record<string, number> = {};
    for (const term of index.terms.terms) {
      const df = index.terms.postings(term, 0)?.paragraphs.length ?? 0;
      if (df > 0) embedded[term] = df;
    }
    expect(inDatabase).toEqual(embedded);
  });

  it('puts paragraphs in a partition per year and undated ones in the default partition', async () => {
    const build = await currentBuild(client);
    const { rows } = await client.query<{ partition: string; rows: string }>(
      `SELECT tableoid::regclass::text AS partition, count(*) AS rows FROM dossier_paragraphs WHERE build_id = $1 GROUP BY 1 ORDER BY 1`, [build],
    );
    const undated = index.paragraphs.filter((_p, k) => index.documents[index.paragraphDocument[k] ?? -1]?.date === null).length;
    expect(rows.find((row) => row.partition.endsWith('_undated'))?.rows ?? '0').toBe(String(undated));
    expect(rows.every((row) => /^dossier_paragraphs_b\d+_(y\d{4}|undated)$/.test(row.partition))).toBe(true);
  });

  it('leaves the live build in place when a load is killed midway, and the next load clears what it left', async () => {
    const live = await currentBuild(client);
    const killer = new pg.Client({ connectionString: cluster.url });
    await killer.connect();
    const doomed = new pg.Client({ connectionString: cluster.url });
    await doomed.connect();
    doomed.on('error', () => {});
    const pid = (await doomed.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    let killed: Promise<unknown> | null = null;
    try {
      await expect(loadIntoPostgres(doomed, index, {
        batchSize: 5,
        onProgress: (table) => {
          if (table === 'dossier_paragraphs' && killed === null) {
            killed = killer.query('SELECT pg_terminate_backend($1)', [pid]);
          }
        },
      })).rejects.toThrow();
      await killed;
      // Readers still see the old build, whole.
      expect(await currentBuild(client)).toBe(live);
      expect(await count('SELECT count(*) FROM dossier_paragraphs WHERE build_id = $1', [live])).toBe(index.paragraphs.length);
      const abandoned = await client.query<{ id: string }>("SELECT id FROM dossier_builds WHERE status = 'loading'");
      expect(abandoned.rows).toHaveLength(1);

      // The next load drops what the killed one left; the build it retires stays until the load after it.
      const next = await loadIntoPostgres(client, index);
      expect(next.dropped).toEqual([Number(abandoned.rows[0]?.id)]);
      expect(await currentBuild(client)).toBe(next.buildId);
      const after = await loadIntoPostgres(client, index);
      expect(after.dropped).toEqual([live]);
      const leftovers = await client.query<{ build: string }>(
        "SELECT DISTINCT substring(relname from '_b([0-9]+)') AS build FROM pg_class WHERE relkind IN ('r', 'p') AND relname ~ '^dossier_[a-z]+_b[0-9]+(_|$)' ORDER BY 1",
      );
      expect(leftovers.rows.map((row) => Number(row.build)).sort((a, b) => a - b)).toEqual([next.buildId, after.buildId]);
    } finally {
      await killer.end();
      await doomed.end().catch(() => undefined);
    }
  });
});
