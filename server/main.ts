import { statSync, watch, type FSWatcher } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadIndex, readIndexHeader } from '../index/store/format.ts';
import { postgresBackend } from '../index/backend/postgres/index.ts';
import { embeddedBackend, oneLine, type LoadedIndex, type SearchBackend } from '../index/query/index.ts';
import { createApp } from './app.ts';
import { readConfig, type Config } from './config.ts';
import { fileCorrectionStore } from './corrections-store.ts';
import { swappableIndex } from './index-source.ts';
import { runIndexer, stopIndexers } from './indexer-process.ts';

/**
 * `npm start`: config → an up-to-date index (rebuilt if stale or broken) → the search backend → app → listen; drains
 * on SIGTERM. The backend is chosen here and nowhere else; with PostgreSQL the embedded index is still built and
 * served, for the pages and the other API routes.
 */

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${oneLine(line)}\n`);
};

/** Runs the indexer on the configured corpus, index file and corrections. */
function buildIndex(config: Config, { ifStale }: { ifStale: boolean }): Promise<number> {
  return runIndexer({ corpus: config.corpus, out: config.indexPath, corrections: config.correctionsPath, ifStale });
}

/**
 * An index that matches the corpus. The staleness check runs in a child indexer while the existing index loads,
 * so an up-to-date index costs only its load time; if the child rebuilt it, the new file is loaded instead.
 */
async function ensureIndex(config: Config): Promise<LoadedIndex | null> {
  const [code, existing] = await Promise.all([
    buildIndex(config, { ifStale: true }),
    loadIndex(config.indexPath, { schema: config.schema }),
  ]);
  if (code !== 0) {
    // The indexer could not read the corpus: serve the index we have, or give up without trying the same build again.
    if (existing.ok) {
      log(`could not check or build the index of ${config.corpus}; serving the existing index`);
      return existing.value;
    }
    log(existing.error.message);
    return null;
  }
  const header = await readIndexHeader(config.indexPath);
  if (existing.ok && header.ok && header.value.builtAt === existing.value.header.builtAt) return existing.value;
  const loaded = await loadIndex(config.indexPath, { schema: config.schema });
  if (loaded.ok) return loaded.value;
  log(`${loaded.error.message}; rebuilding from ${config.corpus}`);
  if ((await buildIndex(config, { ifStale: false })) !== 0) return null;
  const rebuilt = await loadIndex(config.indexPath, { schema: config.schema });
  if (rebuilt.ok) return rebuilt.value;
  log(rebuilt.error.message);
  return null;
}

/** One re-index at a time; a request during a build queues exactly one more, so the last change is never missed. */
function reindexer(config: Config, onIndex: (index: LoadedIndex) => void) {
  let running: Promise<void> | null = null;
  let again = false;
  const once = async (): Promise<void> => {
    do {
      again = false;
      const code = await buildIndex(config, { ifStale: true });
      if (code !== 0) {
        log(`re-index failed (exit ${code}); still serving the previous index`);
        continue;
      }
      const loaded = await loadIndex(config.indexPath, { schema: config.schema });
      if (loaded.ok) onIndex(loaded.value);
      else log(`re-index: ${loaded.error.message}; still serving the previous index`);
    } while (again);
  };
  return async (): Promise<{ started: boolean; message: string }> => {
    if (running) {
      again = true;
      return { started: false, message: 'a re-index is already running; another will follow it' };
    }
    running = once().finally(() => {
      running = null;
    });
    return { started: true, message: 're-index started' };
  };
}

/**
 * Watches the corpus for changes. A folder is watched recursively; a single file is watched through its folder,
 * because replacing a file by rename gives it a new inode that a watch on the file itself would not follow.
 */
function watchCorpus(corpus: string, onChange: () => void): FSWatcher | null {
  let timer: NodeJS.Timeout | null = null;
  // Editors and copies fire bursts of events; wait for the corpus to settle.
  const settle = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, 500);
  };
  try {
    const isFolder = statSync(corpus).isDirectory();
    const watcher = isFolder
      ? watch(corpus, { recursive: true }, settle)
      : watch(path.dirname(path.resolve(corpus)), (_event, name) => {
        if (name === null || name === path.basename(corpus)) settle();
      });
    watcher.on('error', (error) => log(`watching ${corpus} stopped: ${error.message}`));
    return watcher;
  } catch (error) {
    log(`not watching ${corpus}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** The configured backend; PostgreSQL opens no connection until asked, so a database that is down stops nothing. */
function searchBackend(config: Config, current: () => LoadedIndex): SearchBackend {
  if (config.backend === 'embedded' || config.database === null) return embeddedBackend(current);
  const { primaryUrl, replicaUrls, statementTimeoutMs, maxConnections } = config.database;
  return postgresBackend({ primaryUrl, replicaUrls, statementTimeoutMs, maxConnections, log });
}

async function main(): Promise<void> {
  let server: Server | null = null;
  let watcher: FSWatcher | null = null;
  let backend: SearchBackend | null = null;
  const shutdown = (signal: string): void => {
    watcher?.close();
    stopIndexers();
    void backend?.close().catch((error: unknown) => log(`closing the search backend: ${String(error)}`));
    if (server === null) {
      log(`${signal}: exiting before serving`);
      process.exit(0);
    }
    log(`${signal}: finishing requests in flight, then exiting`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      log('requests still open after 10 s; exiting');
      process.exit(0);
    }, 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // `kill` of `npm start` ends npm and its shell but not this process, which would keep the port: under `npm start` it
  // stops when the process that started it is gone (it then has a new parent). Started any other way (nohup, setsid,
  // a service manager) a new parent is expected, and nothing is watched.
  const parent = process.ppid;
  if (parent > 1 && process.env.npm_lifecycle_event === 'start') {
    const orphaned = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(orphaned);
      shutdown('the process that started Dossier exited');
    }, 500);
    orphaned.unref();
  }

  const config = readConfig(process.env);
  if (!config.ok) {
    log(`dossier: ${config.message}`);
    process.exit(2);
  }
  const initial = await ensureIndex(config.value);
  if (!initial) {
    log(`dossier: no usable index at ${config.value.indexPath} and none could be built from ${config.value.corpus}`);
    process.exit(1);
  }
  const source = swappableIndex(initial);
  let servedBuild = initial.header.builtAt;
  const reindex = reindexer(config.value, (index) => {
    if (index.header.builtAt === servedBuild) return;
    servedBuild = index.header.builtAt;
    source.replace(index);
    log(`serving the new index: ${index.header.documents} documents, ${index.header.paragraphs} paragraphs, built ${servedBuild}`);
  });
  const corrections = fileCorrectionStore(config.value.correctionsPath);
  backend = searchBackend(config.value, source.current);
  if (backend.kind === 'postgres') {
    const health = await backend.health();
    log(health.ok ? 'searches are answered by PostgreSQL' : `searches are answered by PostgreSQL, not reachable yet: ${health.message ?? ''}`);
  }
  const app = createApp({ index: source, config: config.value, reindex, corrections, log, backend });
  const onListening = (): void => {
    const { port } = listening.address() as AddressInfo;
    const { host } = config.value;
    // The address as it was listened on; loopback is named as a browser would be given it.
    const shown = host === '127.0.0.1' || host === '::1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    log(`Dossier serves ${initial.header.documents} documents, ${initial.header.paragraphs} paragraphs on http://${shown}:${port}`);
  };
  const listening = app.listen(config.value.port, config.value.host, onListening);
  server = listening;
  listening.on('error', (error) => {
    log(`dossier: cannot listen on port ${config.value.port}: ${error.message}`);
    process.exit(1);
  });
  if (config.value.watch) watcher = watchCorpus(config.value.corpus, () => void reindex());
}

void main();
