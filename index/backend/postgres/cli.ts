import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadIndex } from '../../store/format.ts';
import { oneLine } from '../../text.ts';
import { loadIntoPostgres } from './load.ts';

/**
 * `node --import tsx index/backend/postgres/cli.ts --index <index file> [--database <url>] [--batch <rows>] [--connections <n>]
 *   [--method copy|insert] [--quiet]`
 * Loads a built Dossier index into PostgreSQL as a new build and switches readers to it. The database is `--database`,
 * else DATABASE_URL. Argv and env are read here once. Exit codes: 0 loaded, 1 the load failed, 2 bad arguments.
 */

interface CliOptions {
  index: string;
  database: string;
  batchSize: number | undefined;
  /** Connections inserting in parallel (default 1). */
  connections: number;
  method: 'copy' | 'insert';
  quiet: boolean;
}

function parseCli(argv: string[], env: NodeJS.ProcessEnv): { ok: true; value: CliOptions } | { ok: false; message: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        index: { type: 'string' },
        database: { type: 'string' },
        batch: { type: 'string' },
        connections: { type: 'string' },
        method: { type: 'string', default: 'copy' },
        quiet: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const database = values.database ?? env.DATABASE_URL ?? '';
    if (values.index === undefined) return { ok: false, message: '--index <index file> is required' };
    if (database === '') return { ok: false, message: '--database <postgresql://…> (or DATABASE_URL) is required' };
    const batch = values.batch === undefined ? undefined : Number(values.batch);
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 100_000)) {
      return { ok: false, message: `--batch must be a whole number from 1 to 100000, got ${values.batch}` };
    }
    const connections = Number(values.connections ?? '1');
    if (!Number.isInteger(connections) || connections < 1 || connections > 16) {
      return { ok: false, message: `--connections must be a whole number from 1 to 16, got ${values.connections}` };
    }
    const method = values.method;
    if (method !== 'copy' && method !== 'insert') return { ok: false, message: `--method must be copy or insert, got ${method}` };
    return { ok: true, value: { index: values.index, database, batchSize: batch, connections, method, quiet: values.quiet ?? false } };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const parsed = parseCli(argv, env);
  if (!parsed.ok) {
    err.write(`dossier postgres load: ${oneLine(parsed.message)}\n`);
    return 2;
  }
  const { index: file, database, batchSize, connections, method, quiet } = parsed.value;
  const loaded = await loadIndex(file);
  if (!loaded.ok) {
    err.write(`dossier postgres load: ${oneLine(loaded.error.message)}\n`);
    return 1;
  }
  const client = new pg.Client({ connectionString: database });
  const writers = Array.from({ length: connections - 1 }, () => new pg.Client({ connectionString: database }));
  try {
    await Promise.all([client, ...writers].map((each) => each.connect()));
    const outcome = await loadIntoPostgres(client, loaded.value, { writers, method, ...(batchSize === undefined ? {} : { batchSize }) });
    if (!quiet) {
      const seconds = outcome.timings.total / 1000;
      const rate = Math.round(outcome.paragraphs / (outcome.timings.rows / 1000));
      out.write(`Loaded build ${outcome.buildId}: ${outcome.documents} documents, ${outcome.paragraphs} paragraphs in ${seconds.toFixed(1)} s `
        + `(rows ${Math.round(outcome.timings.rows)} ms, ${rate} paragraphs/s; indexes ${Math.round(outcome.timings.attach)} ms; `
        + `switch ${Math.round(outcome.timings.switch)} ms; cleanup ${Math.round(outcome.timings.cleanup)} ms)\n`);
      if (outcome.lengthMismatches > 0) out.write(`Warning: ${outcome.lengthMismatches} paragraphs were analysed with another length than the index's\n`);
    }
    return 0;
  } catch (error) {
    // The connection string may hold a password: say what failed, never the URL.
    err.write(`dossier postgres load: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  } finally {
    await Promise.all([client, ...writers].map((each) => each.end().catch(() => undefined)));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), process.env, process.stdout, process.stderr);
}
