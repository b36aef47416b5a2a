import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './run-cli.ts';

/**
 * `server/main.ts` as a child process, as `npm start` runs it: on loopback, on a port the OS picks (PORT=0, read back
 * from the "Dossier serves … on http://localhost:<port>" log line), with the environment a test gives it.
 */

/** How a server process ended. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running server: its port, its output so far, and ways to wait for it and stop it. */
export interface ServerProcess {
  port: number;
  pid: number;
  /** `http://127.0.0.1:<port><pathAndQuery>` */
  url(pathAndQuery: string): string;
  /** Everything the server and its indexer children printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the output once `pattern` appears in the output after `from` characters, or rejects. */
  waitForOutput(pattern: RegExp, timeoutMs?: number, from?: number): Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<ServerExit>;
  /** Sends SIGTERM and waits for the exit; SIGKILL to the process group after `graceMs`. */
  stop(graceMs?: number): Promise<ServerExit>;
}

const SERVES = /Dossier serves .* on http:\/\/[^:\s]+:(\d+)/;

/** Environment every spawned server starts from: loopback, any free port, no watching, no CI override. */
function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DOSSIER_WATCH: '0' };
  delete base.CI;
  delete base.DOSSIER_ADMIN_TOKEN;
  return { ...base, ...env };
}

function spawnServer(env: NodeJS.ProcessEnv): ChildProcess {
  // Own process group, so a forced stop also reaches an indexer child the server started.
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server', 'main.ts')], {
    cwd: REPO_ROOT,
    env: serverEnv(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collectOutput(child: ChildProcess): { text: () => string; onData: (listener: () => void) => () => void } {
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return {
    text: () => text,
    onData: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function exitOf(child: ChildProcess): Promise<ServerExit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Starts a server with `env` (DOSSIER_INDEX, DOSSIER_CORPUS, …) and resolves once it listens. Rejects with its output
 * if it exits or does not listen within `timeoutMs`.
 */
export async function startServer(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawnServer(env);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn server/main.ts');
  const output = collectOutput(child);
  const exited = exitOf(child);

  const waitForOutput = (pattern: RegExp, waitMs = 30_000, from = 0): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (!pattern.test(output.text().slice(from))) return false;
        finish();
        resolve(output.text());
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${pattern} in the server output within ${waitMs} ms:\n${output.text().slice(-3000)}`));
      }, waitMs);
      const unsubscribe = output.onData(() => void check());
      const finish = (): void => {
        clearTimeout(timer);
        unsubscribe();
      };
      check();
    });

  const stop = async (graceMs = 15_000): Promise<ServerExit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const forced = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    const exit = await exited;
    clearTimeout(forced);
    return exit;
  };

  const listening = waitForOutput(SERVES, timeoutMs);
  // When the process exits first, the wait for the log line still times out later: nothing is listening to it then.
  listening.catch(() => undefined);
  const outcome = await Promise.race([
    listening.then((text) => ({ text })),
    exited.then((exit) => ({ exit })),
  ]).catch(async (error: unknown) => {
    await stop(0);
    throw error;
  });
  if ('exit' in outcome) {
    throw new Error(`server exited (${outcome.exit.code ?? outcome.exit.signal}) before listening:\n${output.text()}`);
  }
  const port = Number(SERVES.exec(outcome.text)?.[1]);
  return {
    port,
    pid,
    url: (pathAndQuery) => `http://127.0.0.1:${port}${pathAndQuery}`,
    output: output.text,
    waitForOutput,
    exited,
    stop,
  };
}

/** Runs a server that is expected to give up: resolves with its exit and output (kills it after `timeoutMs`). */
export async function runServerToExit(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ServerExit & { output: string }> {
  const child = spawnServer(env);
  const output = collectOutput(child);
  const pid = child.pid;
  const timer = setTimeout(() => {
    if (pid !== undefined) killGroup(pid, 'SIGKILL');
  }, timeoutMs);
  const exit = await exitOf(child);
  clearTimeout(timer);
  return { ...exit, output: output.text() };
}
