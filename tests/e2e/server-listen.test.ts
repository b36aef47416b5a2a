import net from 'node:net';
import os from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

/** `npm start` without HOST listens on loopback only, and its log line names the address it listens on. */

function externalAddress(): string | null {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return null;
}

/** Whether a TCP connection to host:port is accepted (false when refused or not answered within 5 s). */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 5_000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

let dir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-listen-'));
});
afterAll(async () => {
  await server?.stop(5_000);
  await rm(dir, { recursive: true, force: true });
});

describe('where the server listens', () => {
  it('listens on loopback by default, says so, and is not reachable through another interface', async () => {
    server = await startServer({ HOST: '', DOSSIER_CORPUS: path.join(REPO_ROOT, 'seeds'), DOSSIER_INDEX: path.join(dir, 'index.json') });
    expect(server.output()).toMatch(/Dossier serves .* on http:\/\/localhost:\d+/);
    expect(await connects('127.0.0.1', server.port)).toBe(true);
    const external = externalAddress();
    if (external !== null) expect(await connects(external, server.port)).toBe(false);
  });
});
