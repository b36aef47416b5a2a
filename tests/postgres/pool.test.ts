import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPool, isStatementTimeout } from '../../index/backend/postgres/pool.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';

const unavailable = postgresUnavailable();

describe.skipIf(unavailable !== null)('createPostgresPool', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('has the server cancel a statement past its timeout, and says so', async () => {
    const pool = createPostgresPool({ url: cluster.url, statementTimeoutMs: 50 });
    try {
      const error = await pool.query('SELECT pg_sleep(5)').then(() => null, (caught: unknown) => caught);
      expect(isStatementTimeout(error)).toBe(true);
      const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it('survives its idle connections being killed, and reconnects', async () => {
    const errors: Error[] = [];
    const pool = createPostgresPool({ url: cluster.url, onIdleError: (error) => errors.push(error) });
    try {
      await pool.query('SELECT 1');
      const other = createPostgresPool({ url: cluster.url, max: 1 });
      await other.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dossier' AND pid <> pg_backend_pid()");
      await other.end();
      await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
