import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests, from the server binaries already on the machine (Debian's
 * `postgresql` package: /usr/lib/postgresql/<version>/bin; DOSSIER_PG_BIN names another folder):
 *   1. initdb into a fresh folder under os.tmpdir() (trust auth, UTF8, C locale, no fsync);
 *   2. pg_ctl start on 127.0.0.1 and a free port, its unix socket in the same folder;
 *   3. poll with a real connection until it answers (a generous deadline: a loaded 2-core machine is slow);
 *   4. `stop()`: pg_ctl stop -m fast, then the folder is removed; a cluster whose test process died without
 *      stopping it is stopped and removed by the next start.
 * PostgreSQL refuses to run as root, so as root every server command runs as the `postgres` system user when there
 * is one, else as `nobody`, through runuser, and the folder is made theirs. The folder sits under os.tmpdir(), not in
 * the checkout, which may be in a folder only root can enter.
 */

/** A running cluster: where to connect and how to end it. */
export interface PostgresCluster {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** The temporary folder holding the data directory, the socket and the log. */
  folder: string;
  /** The server log so far, for failure messages. */
  log(): Promise<string>;
  /** Stops the server (fast shutdown) and removes the folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The folder with initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function postgresBinDir(): string | null {
  const given = process.env.DOSSIER_PG_BIN;
  if (given !== undefined && given !== '') return hasServer(given) ? given : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  // The newest installed major version.
  const versions = readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (hasServer(bin)) return bin;
  }
  return null;
}

function hasServer(bin: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(path.join(bin, name)));
}

/** Why the PostgreSQL tests cannot run here, or null when they can. */
export function postgresUnavailable(): string | null {
  if (postgresBinDir() !== null) return null;
  const where = process.env.DOSSIER_PG_BIN ? `DOSSIER_PG_BIN=${process.env.DOSSIER_PG_BIN}` : '/usr/lib/postgresql/*/bin';
  return `PostgreSQL is not installed (no initdb, pg_ctl and postgres in ${where}): PostgreSQL tests skipped; `
    + 'run `bash scripts/ensure-postgres.sh` to install it';
}

/** Cluster folders are named after the test process that made them: `dossier-pg-<pid>-XXXXXX`. */
const FOLDER_PREFIX = 'dossier-pg-';

/**
 * Stops and removes clusters whose test process is gone (killed before its `stop()`), so that a crashed run leaves
 * no server behind for long. Only folders of this helper's naming, whose process no longer runs, are touched.
 */
async function removeOrphanedClusters(bin: string, user: string | null): Promise<void> {
  const pattern = new RegExp(`^${FOLDER_PREFIX}(\\d+)-`);
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const folder = path.join(os.tmpdir(), name);
    const data = path.join(folder, 'data');
    if (existsSync(path.join(data, 'postmaster.pid'))) {
      await runAs(user, path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], os.tmpdir()).catch(() => undefined);
    }
    await rm(folder, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long a cluster may take to initialise and to accept connections, each. */
const START_DEADLINE_MS = 180_000;

/** Starts a cluster; retries on a new port if another process took the free port first. */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (bin === null) throw new Error(postgresUnavailable() ?? 'PostgreSQL is not installed');
  const user = serverUser();
  await removeOrphanedClusters(bin, user?.name ?? null);
  const folder = await mkdtemp(path.join(os.tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));
  const data = path.join(folder, 'data');
  if (user !== null) await chown(folder, user.uid, user.gid);
  const run = (command: string, args: string[]) => runAs(user?.name ?? null, path.join(bin, command), args, folder);
  try {
    await run('initdb', ['-D', data, '-A', 'trust', '-E', 'UTF8', '--locale=C', '-U', 'postgres', '--no-sync', '--no-instructions']);
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const port = await freePort();
      // A log per attempt: a failed attempt's "could not bind" must not fail the next one.
      const logFile = path.join(folder, `server-${attempt}.log`);
      const options = [
        '-c listen_addresses=127.0.0.1', `-p ${port}`, `-k ${folder}`,
        '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off',
        '-c max_connections=40', '-c shared_buffers=64MB', '-c max_wal_size=1GB',
      ].join(' ');
      try {
        // -W: pg_ctl returns at once; readiness is checked below with a real connection.
        await run('pg_ctl', ['-D', data, '-l', logFile, '-o', options, '-W', 'start']);
        const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
        await waitForConnections(url, logFile);
        return cluster(url, port, folder, logFile, () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '120', 'stop']));
      } catch (error) {
        lastError = error;
        await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

function cluster(url: string, port: number, folder: string, logFile: string, stopServer: () => Promise<string>): PostgresCluster {
  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    folder,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    stop: () => {
      stopped ??= stopServer().then(() => undefined, () => undefined).then(() => rm(folder, { recursive: true, force: true }));
      return stopped;
    },
  };
}

/** Connects until the server answers `SELECT 1`, backing off from 25 ms to 500 ms between tries. */
async function waitForConnections(url: string, logFile: string): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  let wait = 25;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await client.end().catch(() => undefined);
    }
    // A server that failed to start (the port taken meanwhile) says so in its log: give up at once, to retry.
    const log = await readFile(logFile, 'utf8').catch(() => '');
    if (/could not create any TCP\/IP sockets|could not bind/.test(log)) {
      throw new Error(`PostgreSQL failed to start; log:\n${log.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 500);
  }
  const log = await readFile(logFile, 'utf8').catch(() => '(no log)');
  throw new Error(`PostgreSQL did not accept connections within ${START_DEADLINE_MS} ms (${String(lastError)}); log:\n${log.slice(-2000)}`);
}

/** The user to run the server as: none when not root, else `postgres` if it exists, else `nobody`. */
function serverUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const ids = userIds(name);
    if (ids !== null) return { name, ...ids };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function userIds(name: string): { uid: number; gid: number } | null {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null;
  }
}

/** Runs a server binary, as `user` through runuser when given; rejects with its output when it fails. */
function runAs(user: string | null, command: string, args: string[], cwd: string): Promise<string> {
  const [file, argv] = user === null ? [command, args] : ['runuser', ['-u', user, '--', command, ...args]];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { cwd, timeout: START_DEADLINE_MS, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(command)} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
