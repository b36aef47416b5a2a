import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';

const unavailable = postgresUnavailable();
if (unavailable !== null) console.warn(unavailable);

describe.skipIf(unavailable !== null)('throwaway PostgreSQL cluster (tests/helpers/postgres.ts)', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('accepts connections on loopback, in UTF8', async () => {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ encoding: string; port: string }>(
        "SELECT pg_encoding_to_char(encoding) AS encoding, current_setting('port') AS port FROM pg_database WHERE datname = current_database()",
      );
      expect(rows[0]).toEqual({ encoding: 'UTF8', port: String(cluster.port) });
    } finally {
      await client.end();
    }
  });
});
