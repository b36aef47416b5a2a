import { spawn } from 'node:child_process';
import { ROOT } from './child.ts';
import { startServer } from './server-process.ts';

/**
 * Cold start: with the index built beforehand by `npm run index` (buildIndexWithCli), `npm start` is timed from
 * spawn to the first 200 of `/api/search?q=…`, `runs` times (a fresh server each time).
 */

export interface ColdStartFigures {
  readyMs: number[];
  listeningMs: number[];
  /** Parts of the start timed alone: a bare `node --import tsx`, and the indexer's up-to-date check that main.ts runs. */
  tsxBootMs: number[];
  staleCheckMs: number[];
}

/** Runs `node <args>` in the project folder and resolves with its duration in ms; a non-zero exit rejects. */
function timeNode(args: readonly string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}`));
    });
  });
}

/** Runs `npm run index -- --corpus … --out … --quiet` and resolves with its duration in ms. */
export function buildIndexWithCli(corpusPath: string, indexPath: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'index', '--', '--corpus', corpusPath, '--out', indexPath, '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`npm run index of ${corpusPath} exited with ${code}`));
    });
  });
}

/** Times `runs` cold starts of `npm start` on an index built beforehand with `buildIndexWithCli`. */
export async function measureColdStart(options: {
  corpusPath: string;
  indexPath: string;
  query: string;
  runs: number;
}): Promise<ColdStartFigures> {
  const readyMs: number[] = [];
  const listeningMs: number[] = [];
  const tsxBootMs: number[] = [];
  const staleCheckMs: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    tsxBootMs.push(await timeNode(['--import', 'tsx', '-e', '0']));
    // The same command server/indexer-process.ts runs before every start.
    staleCheckMs.push(await timeNode(['--import', 'tsx', 'index/cli.ts', '--corpus', options.corpusPath, '--out', options.indexPath, '--if-stale', '--quiet']));
  }
  for (let run = 0; run < options.runs; run += 1) {
    const server = await startServer({
      indexPath: options.indexPath,
      corpusPath: options.corpusPath,
      readyPath: `/api/search?q=${encodeURIComponent(options.query)}`,
    });
    readyMs.push(server.readyMs);
    listeningMs.push(server.listeningMs);
    await server.stop();
  }
  return { readyMs, listeningMs, tsxBootMs, staleCheckMs };
}
