import { appendFile, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import { saveIndex } from '../../index/store/format.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

/**
 * Watching a corpus that is one JSONL file, the way such files are usually updated: appended to, or replaced
 * atomically (written next to it, then renamed over it), again and again. Each change must reach the served index;
 * a corpus that vanishes leaves the previous index served.
 */

const line = (id: string, word: string): string =>
  `${JSON.stringify({ id, title: `Report ${id}`, date: '2025-03-01', text: `Officials in Lisbon said the ${word} plan would go ahead.\n\nThe ${word} plan covers three cities.` })}\n`;

const BASE = ['alpha', 'bravo', 'charlie'].map((id) => line(id, `${id}word`)).join('');

let dir: string;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-watch-'));
});
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop(5_000)));
  servers = [];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function serveJsonl(name: string): Promise<{ server: ServerProcess; corpus: string }> {
  const corpus = path.join(dir, `${name}.jsonl`);
  await writeFile(corpus, BASE);
  const built = await buildFromCorpus(corpus);
  if (!built.ok) throw new Error(built.error.message);
  const indexFile = path.join(dir, `${name}-index.json`);
  await saveIndex(indexFile, built.value.index);
  const server = await startServer({ DOSSIER_INDEX: indexFile, DOSSIER_CORPUS: corpus, DOSSIER_WATCH: '1' });
  servers.push(server);
  return { server, corpus };
}

async function total(server: ServerProcess, q: string): Promise<number> {
  const response = await fetch(server.url(`/api/search?q=${encodeURIComponent(q)}`));
  expect(response.status).toBe(200);
  return ((await response.json()) as { total: number }).total;
}

/** Polls a search until it finds `word` (true) or `timeoutMs` passes (false). */
async function becomesSearchable(server: ServerProcess, word: string, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await total(server, word)) > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** Writes `content` beside `file` and renames it over `file`, as editors and sync tools do. */
async function replaceAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.partial`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

describe('watching a JSONL corpus file', () => {
  it('sees an appended line', async () => {
    const { server, corpus } = await serveJsonl('appended');
    await appendFile(corpus, line('delta', 'appendedword'));
    expect(await becomesSearchable(server, 'appendedword')).toBe(true);
  }, 90_000);

  it('sees every atomic replacement of the file, not only the first', async () => {
    const { server, corpus } = await serveJsonl('replaced');
    await replaceAtomically(corpus, BASE + line('echo', 'firstreplacement'));
    expect(await becomesSearchable(server, 'firstreplacement')).toBe(true);
    await replaceAtomically(corpus, BASE + line('foxtrot', 'secondreplacement'));
    expect(await becomesSearchable(server, 'secondreplacement')).toBe(true);
    await replaceAtomically(corpus, BASE + line('golf', 'thirdreplacement'));
    expect(await becomesSearchable(server, 'thirdreplacement')).toBe(true);
  }, 120_000);

  it('keeps serving the previous index when the corpus file vanishes, and recovers on request once it is back', async () => {
    const { server, corpus } = await serveJsonl('vanishing');
    expect(await total(server, 'alphaword')).toBeGreaterThan(0);
    await unlink(corpus);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await fetch(server.url('/healthz'))).status).toBe(200);
    expect(await total(server, 'alphaword')).toBeGreaterThan(0);

    await writeFile(corpus, BASE + line('hotel', 'restoredword'));
    expect((await fetch(server.url('/admin/reindex'), { method: 'POST' })).status).toBe(202);
    expect(await becomesSearchable(server, 'restoredword')).toBe(true);
  }, 90_000);
});
