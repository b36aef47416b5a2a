import pg from 'pg';

/**
 * A pool of connections for reads, configured once: how many connections, and how long one statement may run
 * (PostgreSQL's statement_timeout, so a runaway query is cancelled by the server itself). A connection that breaks
 * while idle (the database restarted) is dropped from the pool and reported, never thrown: the process carries on.
 */

export interface PostgresPoolConfig {
  /** `postgresql://user@host:port/database` */
  url: string;
  /** Connections at most (default 10). */
  max?: number;
  /** Milliseconds a statement may run before the server cancels it (default 1000, the embedded engine's budget). */
  statementTimeoutMs?: number;
  /** Milliseconds to wait for a connection (default 5000). */
  connectionTimeoutMs?: number;
  /** Told of errors on idle connections. */
  onIdleError?: (error: Error) => void;
}

/** Makes a pool; `pool.end()` closes it. */
export function createPostgresPool(config: PostgresPoolConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.max ?? 10,
    statement_timeout: config.statementTimeoutMs ?? 1000,
    connectionTimeoutMillis: config.connectionTimeoutMs ?? 5000,
    application_name: 'dossier',
  });
  pool.on('error', (error) => config.onIdleError?.(error));
  return pool;
}

/** Whether an error is PostgreSQL cancelling a statement that ran past statement_timeout. */
export function isStatementTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '57014';
}
