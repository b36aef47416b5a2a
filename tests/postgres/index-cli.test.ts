import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { REPO_ROOT, runScript } from '../helpers/run-cli.ts';

/** `npm run index -- --backend postgres`: the pipeline's output goes straight into the database, no index file. */

const unavailable = postgresUnavailable();
const SEEDS = path.join(REPO_ROOT, 'seeds');

describe('npm run index -- --backend postgres, arguments', () => {
  it.each([
    { args: ['--backend', 'oracle'], message: /--backend must be embedded or postgres/ },
    { args: ['--backend', 'postgres'], message: /needs --database <url> or DATABASE_URL/ },
    { args: ['--backend', 'postgres', '--database', 'postgresql://h/db', '--if-stale'], message: /--if-stale is for the index file/ },
  ])('$args: exit 2', async ({ args, message }) => {
    const run = await runScript('index/cli.ts', ['--corpus', SEEDS, ...args], { env: { DATABASE_URL: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe.skipIf(unavailable !== null)('npm run index -- --backend postgres', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('builds the seeds into a new current build, and a second build replaces it', async () => {
    for (const build of [1, 2]) {
      const run = await runScript('index/cli.ts', ['--corpus', SEEDS, '--backend', 'postgres'], { env: { DATABASE_URL: cluster.url } });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`Loaded into PostgreSQL as build ${build}: 5 documents, \\d+ paragraphs`));
      expect(run.stdout).not.toContain(cluster.url);
    }
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT c.build_id::int AS build, b.documents FROM dossier_current c JOIN dossier_builds b ON b.id = c.build_id');
      expect(rows).toEqual([{ build: 2, documents: 5 }]);
    } finally {
      await client.end();
    }
  });

  it('exits 1 naming the problem when the database cannot be reached, never printing the URL', async () => {
    const url = 'postgresql://dossier:secret-password@127.0.0.1:1/none';
    const run = await runScript('index/cli.ts', ['--corpus', SEEDS, '--backend', 'postgres', '--database', url]);
    expect(run.code).toBe(1);
    // Before the build: no summary, and the problem named, never the URL with its password.
    expect(run.stderr).toContain('cannot connect to PostgreSQL');
    expect(run.stdout).not.toMatch(/Indexed/);
    expect(run.stderr + run.stdout).not.toContain('secret-password');
    const malformed = await runScript('index/cli.ts', ['--corpus', SEEDS, '--backend', 'postgres', '--database', 'postgres://u:secret-password@host:99999/db']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('cannot connect to PostgreSQL');
    expect(malformed.stderr + malformed.stdout).not.toContain('secret-password');
  });
});
