import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { REPO_ROOT, runScript } from '../helpers/run-cli.ts';

const unavailable = postgresUnavailable();
const CLI = 'index/backend/postgres/cli.ts';

describe('index/backend/postgres/cli.ts arguments', () => {
  it.each([
    { args: [], message: /--index <index file> is required/ },
    { args: ['--index', 'x.json'], message: /--database .* is required/ },
    { args: ['--index', 'x.json', '--database', 'postgresql://h/db', '--batch', '0'], message: /--batch must be/ },
    { args: ['--index', 'x.json', '--database', 'postgresql://h/db', '--connections', 'many'], message: /--connections must be/ },
    { args: ['--index', 'x.json', '--database', 'postgresql://h/db', '--method', 'carrier-pigeon'], message: /--method must be copy or insert/ },
    { args: ['--nonsense'], message: /Unknown option/ },
  ])('$args: exit 2', async ({ args, message }) => {
    const run = await runScript(CLI, args, { env: { DATABASE_URL: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe.skipIf(unavailable !== null)('index/backend/postgres/cli.ts loading an index file', () => {
  let cluster: PostgresCluster;
  let dir = '';
  let file = '';
  beforeAll(async () => {
    cluster = await startPostgres();
    dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-pg-cli-'));
    file = path.join(dir, 'index.json');
    const built = await runScript('index/cli.ts', ['--corpus', path.join(REPO_ROOT, 'seeds'), '--out', file, '--quiet']);
    if (built.code !== 0) throw new Error(`npm run index failed: ${built.stderr}`);
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('loads the seeds index built by `npm run index` and makes it the current build', async () => {
    const run = await runScript(CLI, ['--index', file, '--connections', '2', '--method', 'insert'], { env: { DATABASE_URL: cluster.url } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Loaded build 1: 5 documents, \d+ paragraphs in /);
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT c.build_id::int AS build, b.status, b.documents FROM dossier_current c JOIN dossier_builds b ON b.id = c.build_id');
      expect(rows).toEqual([{ build: 1, status: 'live', documents: 5 }]);
    } finally {
      await client.end();
    }
  });

  it('exits 1 naming the problem when the index file is missing or the database unreachable, never printing the URL', async () => {
    const missing = await runScript(CLI, ['--index', path.join(dir, 'none.json'), '--database', cluster.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/none\.json/);
    const secret = 'postgresql://dossier:s3cret@127.0.0.1:1/nowhere';
    const unreachable = await runScript(CLI, ['--index', file, '--database', secret]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^dossier postgres load: /);
    expect(unreachable.stderr).not.toContain('s3cret');
  });
});
