import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-cli.ts';

/** `kill` of the process that started the server (npm, a shell) stops the server too, freeing its port. */

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Running, and not a zombie waiting for a new parent that may never reap it. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

async function until(check: () => boolean, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/**
 * A shell that starts the server in the background, says its pid and waits, as npm does (`npm_lifecycle_event` set
 * when `underNpm`); resolves once the server serves, with the shell to kill, the server's pid and its log.
 */
async function serverBehindShell(underNpm: boolean) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-orphan-'));
  dirs.push(dir);
  const log = path.join(dir, 'log');
  const shell = spawn('sh', ['-c', `"${process.execPath}" --import tsx server/main.ts > "${log}" 2>&1 & echo $!; wait`], {
    cwd: REPO_ROOT,
    env: {
      ...process.env, npm_lifecycle_event: underNpm ? 'start' : '', PORT: '0', HOST: '127.0.0.1', DOSSIER_WATCH: '0',
      DOSSIER_INDEX: path.join(dir, 'index.json'), CI: '',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const pid = await new Promise<number>((resolve) => shell.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
  expect(Number.isInteger(pid) && pid > 0).toBe(true);
  // Killed once it serves, as a user would: a starter gone before the server has even started is not noticed.
  const serving = await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('Dossier serves'), 120_000);
  expect(serving, existsSync(log) ? readFileSync(log, 'utf8') : 'no log').toBe(true);
  return { shell, pid, port: Number(/on http:\/\/[^:]+:(\d+)/.exec(readFileSync(log, 'utf8'))?.[1]) };
}

describe('a server whose starter is killed', () => {
  it('keeps serving when started outside npm and its starter exits (nohup, setsid, a service manager)', async () => {
    const { shell, pid, port } = await serverBehindShell(false);
    shell.kill('SIGKILL');
    // The orphan check looks every 500 ms: the server must outlive several of them, then be stopped here.
    let answered = 0;
    for (let probe = 0; probe < 5; probe += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      if (response?.status === 200) answered += 1;
    }
    process.kill(pid, 'SIGTERM');
    await until(() => !alive(pid), 30_000);
    expect(answered).toBe(5);
  }, 240_000);

  it('exits once the shell that started it (as npm start does) is gone', async () => {
    const { shell, pid } = await serverBehindShell(true);
    expect(alive(pid)).toBe(true);
    shell.kill('SIGKILL');
    const gone = await until(() => !alive(pid), 60_000);
    if (!gone) process.kill(pid, 'SIGKILL');
    expect(gone).toBe(true);
  }, 240_000);
});
