import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ROOT } from './child.ts';

/** `npm start` as a user runs it, on a free loopback port, with a prebuilt index and no corpus watching. */

export interface RunningServer {
  port: number;
  /** Milliseconds from spawn to the first 200 answer of `readyPath`. */
  readyMs: number;
  /** Milliseconds from spawn to the server's "serves … on http://" log line, NaN if it never printed it. */
  listeningMs: number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `npm start` and waits until GET `readyPath` answers 200, polling every 10 ms for at most `timeoutMs`. */
export async function startServer(options: {
  indexPath: string;
  corpusPath: string;
  readyPath: string;
  timeoutMs?: number;
  /** Run `node <nodeArgs> --import tsx server/main.ts` instead of `npm start`, e.g. to pass --cpu-prof. */
  nodeArgs?: string[];
}): Promise<RunningServer> {
  const port = await freePort();
  const started = performance.now();
  // Own process group, so that stop() reaches npm's children (sh, tsx, node) and nothing else.
  const [command, args] = options.nodeArgs === undefined
    ? ['npm', ['start', '--silent']]
    : [process.execPath, [...options.nodeArgs, '--import', 'tsx', 'server/main.ts']];
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DOSSIER_INDEX: options.indexPath,
      DOSSIER_CORPUS: options.corpusPath,
      DOSSIER_WATCH: '0',
    },
  });
  let listeningMs = Number.NaN;
  let log = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    log = (log + chunk).slice(-4000);
    if (Number.isNaN(listeningMs) && /serves .* on http:\/\//.test(log)) listeningMs = performance.now() - started;
  });
  const stop = () => stopGroup(child);
  const deadline = started + (options.timeoutMs ?? 120_000);
  while (performance.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`http://127.0.0.1:${port}${options.readyPath}`);
      await response.arrayBuffer();
      if (response.status === 200) return { port, readyMs: performance.now() - started, listeningMs, stop };
      if (response.status >= 500) {
        await stop();
        throw new Error(`npm start answered ${options.readyPath} with ${response.status}; its last output:\n${lastLines(log)}`);
      }
    } catch (error) {
      // Not listening yet, unless the server answered with an error.
      if (error instanceof Error && error.message.startsWith('npm start answered')) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await stop();
  throw new Error(`npm start did not answer ${options.readyPath} with 200 in time; its last output:\n${lastLines(log)}`);
}

function lastLines(text: string, count = 6): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    const pid = child.pid;
    const force = setTimeout(() => signalGroup(pid, 'SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    signalGroup(pid, 'SIGTERM');
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
