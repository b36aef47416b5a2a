import type pg from 'pg';
import { MIGRATIONS, type Migration } from './schema.ts';

/**
 * Brings a database to the schema this code expects: every migration of schema.ts not yet recorded in
 * `dossier_schema_migrations` runs, in version order, each in its own transaction with its record, so a failed one
 * leaves nothing half-applied. An advisory lock makes concurrent starters (several web nodes, a build) wait for one
 * another instead of racing. A database that has a migration this code does not know (a newer Dossier ran there) is
 * refused rather than used.
 */

/** What `migrate` did. */
export interface MigrationOutcome {
  applied: number[];
  /** The schema version the database is at now. */
  version: number;
}

/** Key of the advisory lock held while migrating (an arbitrary constant: "doss" in ASCII). */
const MIGRATION_LOCK = 0x646f7373;

/** Applies pending migrations on one connection (not a pool: the lock and the transactions need one session). */
export async function migrate(client: pg.ClientBase, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationOutcome> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS dossier_schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM dossier_schema_migrations ORDER BY version');
    const done = new Set(rows.map((row) => row.version));
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = [...done].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new Error(`migrate: the database has schema migration ${unknown.join(', ')}, unknown to this Dossier; upgrade Dossier`);
    }
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        for (const statement of migration.statements) await client.query(statement);
        await client.query('INSERT INTO dossier_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migrate: migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
      }
      applied.push(migration.version);
    }
    return { applied, version: Math.max(0, ...done, ...applied) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
