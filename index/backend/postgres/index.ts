/**
 * The PostgreSQL backend, as the rest of Dossier may use it: the schema's migrations, the loader that makes a built
 * index the current build, the read pool and the search. Its tables and SQL stay behind these functions.
 */

export { migrate, type MigrationOutcome } from './migrations.ts';
export { currentBuild, loadIntoPostgres, type LoadOptions, type LoadOutcome } from './load.ts';
export { createPostgresPool, isStatementTimeout, type PostgresPoolConfig } from './pool.ts';
export {
  POSTGRES_FACETS, searchPostgres, type PostgresHit, type PostgresSearchOptions, type PostgresSearchResult,
} from './search.ts';
export { main as loadCli } from './cli.ts';
export { postgresBackend, type PostgresBackendConfig } from './backend.ts';
