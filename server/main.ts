import { watch, type FSWatcher } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadIndex, type LoadedIndex } from '../index/format.ts';
import { createApp } from './app.ts';
import { readConfig, type Config } from './config.ts';
import { swappableIndex } from './index-source.ts';
import { runIndexer } from './indexer-process.ts';

/** `npm start`: config → an up-to-date index (rebuilt if stale or broken) → app → listen; drains on SIGTERM. */

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
};

async function ensureIndex(config: Config): Promise<LoadedIndex | null> {
  if ((await runIndexer({ corpus: config.corpus, out: config.indexPath, ifStale: true })) !== 0) {
    log(`could not build the index of ${config.corpus}; trying the existing index`);
  }
  const loaded = await loadIndex(config.indexPath);
  if (loaded.ok) return loaded.value;
  log(`${loaded.error.message}; rebuilding from ${config.corpus}`);
  if ((await runIndexer({ corpus: config.corpus, out: config.indexPath, ifStale: false })) !== 0) return null;
  const rebuilt = await loadIndex(config.indexPath);
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
      const code = await runIndexer({ corpus: config.corpus, out: config.indexPath, ifStale: true });
      if (code !== 0) {
        log(`re-index failed (exit ${code}); still serving the previous index`);
        continue;
      }
      const loaded = await loadIndex(config.indexPath);
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

async function main(): Promise<void> {
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
  const app = createApp({ index: source, config: config.value, reindex, log });
  const onListening = (): void => {
    const { port } = server.address() as AddressInfo;
    log(`Dossier serves ${initial.header.documents} documents, ${initial.header.paragraphs} paragraphs on http://localhost:${port}`);
  };
  const server = config.value.host
    ? app.listen(config.value.port, config.value.host, onListening)
    : app.listen(config.value.port, onListening);
  server.on('error', (error) => {
    log(`dossier: cannot listen on port ${config.value.port}: ${error.message}`);
    process.exit(1);
  });

  let watcher: FSWatcher | null = null;
  if (config.value.watch) {
    let timer: NodeJS.Timeout | null = null;
    try {
      watcher = watch(config.value.corpus, { recursive: true }, () => {
        // Editors and copies fire bursts of events; wait for the folder to settle.
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void reindex(), 500);
      });
      watcher.on('error', (error) => log(`watching ${config.value.corpus} stopped: ${error.message}`));
    } catch (error) {
      log(`not watching ${config.value.corpus}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const shutdown = (signal: string): void => {
    log(`${signal}: finishing requests in flight, then exiting`);
    watcher?.close();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      log('requests still open after 10 s; exiting');
      process.exit(0);
    }, 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
