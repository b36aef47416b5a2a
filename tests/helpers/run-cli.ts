import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_CORPORA = path.resolve(REPO_ROOT, '..', 'shared', 'corpora');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point of the repo (e.g. `index/cli.ts`) in a child Node process, as `npm run` would. */
export function runScript(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; killWhen?: (output: string) => boolean } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, script), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const watchOutput = (): void => {
      if (options.killWhen?.(stdout + stderr)) child.kill('SIGKILL');
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      watchOutput();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      watchOutput();
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
