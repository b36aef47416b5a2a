import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'index', 'cli.ts');

const running = new Set<ChildProcess>();

export interface IndexerRun {
  corpus: string;
  out: string;
  /** The corrections file every build applies (it may not exist). */
  corrections: string;
  /** Only rebuild when the corpus, knowledge or format changed. */
  ifStale: boolean;
}

/**
 * Runs the indexer CLI in a child process. The server never loads build code itself: building stays in its own
 * process, which also keeps a long build from stalling requests. Its output goes to this process's stderr.
 */
export function runIndexer(run: IndexerRun): Promise<number> {
  // The server's own builds are always the index file it serves: DOSSIER_BACKEND=postgres in the server's environment
  // chooses what answers searches, and must not turn this child into a load into the database.
  const args = ['--import', 'tsx', CLI, '--corpus', run.corpus, '--out', run.out, '--corrections', run.corrections, '--backend', 'embedded'];
  if (run.ifStale) args.push('--if-stale');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    running.add(child);
    child.on('error', () => {
      running.delete(child);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(signal ? 1 : (code ?? 1));
    });
  });
}

/** Stops every indexer still running, so a server that exits leaves no orphan behind (its write is atomic). */
export function stopIndexers(): void {
  for (const child of running) child.kill('SIGTERM');
}
