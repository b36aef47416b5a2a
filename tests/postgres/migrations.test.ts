import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate } from '../../index/backend/postgres/migrations.ts';
import { MIGRATIONS } from '../../index/backend/postgres/schema.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';

const unavailable = postgresUnavailable();

describe.skipIf(unavailable !== null)('schema migrations', () => {
  let cluster: PostgresCluster;
  let admin: pg.Client;
  let database = 0;
  beforeAll(async () => {
    cluster = await startPostgres();
    admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await cluster?.stop();
  });

  /** A client on a fresh, empty database: tests share the cluster, not the state. */
  async function freshDatabase(): Promise<pg.Client> {
    database += 1;
    const name = `migrations_${database}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const client = new pg.Client({ connectionString: cluster.url.replace(/\/postgres$/, `/${name}`) });
    await client.connect();
    return client;
  }

  it('applies every migration once, in order, and records it', async () => {
    const client = await freshDatabase();
    try {
      const first = await migrate(client);
      expect(first.applied).toEqual(MIGRATIONS.map((migration) => migration.version));
      const again = await migrate(client);
      expect(again).toEqual({ applied: [], version: first.version });
      const { rows } = await client.query<{ relname: string; relkind: string }>(
        "SELECT relname, relkind FROM pg_class WHERE relname LIKE 'dossier_%' AND relkind IN ('r', 'p') ORDER BY relname",
      );
      expect(rows).toEqual([
        { relname: 'dossier_builds', relkind: 'r' },
        { relname: 'dossier_current', relkind: 'r' },
        { relname: 'dossier_documents', relkind: 'p' },
        { relname: 'dossier_entities', relkind: 'p' },
        { relname: 'dossier_evidence', relkind: 'p' },
        { relname: 'dossier_paragraphs', relkind: 'p' },
        { relname: 'dossier_schema_migrations', relkind: 'r' },
        { relname: 'dossier_terms', relkind: 'p' },
        { relname: 'dossier_vocabulary', relkind: 'p' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('rolls a failing migration back whole and keeps the ones before it', async () => {
    const client = await freshDatabase();
    try {
      const broken = [
        { version: 1, name: 'one', statements: ['CREATE TABLE one (x int)'] },
        { version: 2, name: 'two', statements: ['CREATE TABLE two (x int)', 'SELECT no_such_function()'] },
      ];
      await expect(migrate(client, broken)).rejects.toThrow(/migration 2 \(two\) failed/);
      const { rows } = await client.query("SELECT to_regclass('one') IS NOT NULL AS one, to_regclass('two') IS NOT NULL AS two");
      expect(rows[0]).toEqual({ one: true, two: false });
      const versions = await client.query('SELECT version FROM dossier_schema_migrations');
      expect(versions.rows).toEqual([{ version: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('refuses a database migrated by a newer Dossier', async () => {
    const client = await freshDatabase();
    try {
      await migrate(client, [{ version: 1, name: 'one', statements: [] }, { version: 2, name: 'two', statements: [] }]);
      await expect(migrate(client, [{ version: 1, name: 'one', statements: [] }])).rejects.toThrow(/migration 2, unknown to this Dossier/);
    } finally {
      await client.end();
    }
  });
});
