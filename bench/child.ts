import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Heavy stages run in child processes so that the memory and garbage collection of one engine never colour the
 * figures of another. A child prints its figures as one prefixed JSON line on stdout; its stderr is passed through.
 */

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
const RESULT_PREFIX = '@@bench-result ';

/** Prints the figures of a child stage for the parent to read. NaN and Infinity travel as null. */
export function emitResult(value: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(value)}\n`);
}

export interface ChildOptions {
  /** Write a V8 CPU profile of the child to this folder. */
  profileDir?: string;
}

/** Runs `bench/<script>` under tsx with `--expose-gc` and resolves with its figures, or rejects with its failure. */
export function runChild(script: string, args: readonly string[], options: ChildOptions = {}): Promise<unknown> {
  const nodeArgs = ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx'];
  if (options.profileDir !== undefined) {
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(BENCH_DIR, script), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`bench/${script} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${stdout ? `:\n${stdout.slice(-2000)}` : ''}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as unknown);
    });
  });
}

/** Runs a full garbage collection twice (finalisers can free more on the second pass) when --expose-gc is on. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

/**
 * Heap used, memory outside the heap (typed-array buffers and native objects, which heapUsed does not count) and
 * resident set size in MB, after a full collection.
 */
export function memoryAfterGc(): { heapMB: number; externalMB: number; rssMB: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { heapMB: usage.heapUsed / 2 ** 20, externalMB: usage.external / 2 ** 20, rssMB: usage.rss / 2 ** 20 };
}
