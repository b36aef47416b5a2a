import { readdirSync, readFileSync, watch } from 'node:fs';
import { rm, unlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex, saveIndex } from '../../index/store/format.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import { builtSeedsCopy } from '../helpers/seeds-copy.ts';

/**
 * Live re-indexing of a running `npm start`: the corpus changes, a re-index (requested, or from watching the folder)
 * builds in the background and swaps atomically while requests keep flowing, none fails; an indexer killed while
 * writing leaves the served and saved index intact; SIGTERM lets a response in flight finish, then exits 0.
 * One server serves the whole file, in order; the SIGTERM test ends it.
 */

interface Health {
  status: string;
  documents: number;
  paragraphs: number;
  builtAt: string;
}

let dir: string;
let corpus: string;
let indexFile: string;
let firstDoc: string;
let server: ServerProcess;

beforeAll(async () => {
  let built;
  ({ dir, corpus, built } = await builtSeedsCopy('dossier-reindex-'));
  firstDoc = built.index.documents[0]?.id ?? '';
  indexFile = path.join(dir, 'data', 'index.json');
  await saveIndex(indexFile, built.index);
  server = await startServer({ DOSSIER_INDEX: indexFile, DOSSIER_CORPUS: corpus, DOSSIER_WATCH: '1' });
}, 120_000);

afterAll(async () => {
  if (server) await server.stop(5_000);
  await rm(dir, { recursive: true, force: true });
});

async function health(): Promise<Health> {
  const response = await fetch(server.url('/healthz'));
  expect(response.status).toBe(200);
  return (await response.json()) as Health;
}

async function total(q: string): Promise<number> {
  const response = await fetch(server.url(`/api/search?q=${encodeURIComponent(q)}`));
  expect(response.status).toBe(200);
  return ((await response.json()) as { total: number }).total;
}

/** Polls until `check` holds, every 100 ms, for at most `timeoutMs`; rejects with `what` otherwise. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}; server output:\n${server.output().slice(-3000)}`);
}

async function newBuild(after: string): Promise<Health> {
  let latest: Health | null = null;
  await until('/healthz shows a new build time', async () => {
    latest = await health();
    return latest.builtAt !== after;
  });
  return latest as unknown as Health;
}

function article(title: string, word: string): string {
  return `# ${title}\n\nOfficials in Lisbon said the ${word} programme would expand next year, according to a statement.\n\n`
    + `The ${word} trial ran for six months in three cities.\n`;
}

/** Concurrent clients fetching a mix of pages until stopped; every answer and every failure is counted. */
function startLoad(clients: number, extraUrls: string[] = []) {
  const urls = [
    '/api/search?q=troops', '/search?q=ukraine', '/api/search?q=peace%20deal&sort=date', '/healthz',
    '/api/facets/country?q=troops', `/doc/${encodeURIComponent(firstDoc)}`, '/api/suggest?q=tro', '/', ...extraUrls,
  ];
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let stopped = false;
  let done = 0;
  const worker = async (offset: number): Promise<void> => {
    for (let i = offset; !stopped && i < offset + 20_000; i += 1) {
      const url = urls[i % urls.length] ?? '/healthz';
      try {
        const response = await fetch(server.url(url));
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status !== 200) failures.push(`${response.status} ${url}`);
      } catch (error) {
        failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
      }
      done += 1;
    }
  };
  const workers = Array.from({ length: clients }, (_v, i) => worker(i));
  return {
    completed: () => done,
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
      return { statuses, failures, completed: done };
    },
  };
}

describe('live re-indexing', () => {
  it('POST /admin/reindex under load: the new article becomes searchable, builtAt changes, no request fails', async () => {
    const before = await health();
    expect(await total('quokkavelocity')).toBe(0);
    const load = startLoad(6, ['/api/search?q=quokkavelocity']);
    await until('the load is running', async () => load.completed() >= 30, 30_000);

    await writeFile(path.join(corpus, 'added-under-load.txt'), article('Lisbon expands a trial', 'quokkavelocity'));
    const response = await fetch(server.url('/admin/reindex'), { method: 'POST' });
    expect(response.status).toBe(202);
    const completedAtRequest = load.completed();
    const after = await newBuild(before.builtAt);
    const completedAtSwap = load.completed();
    await until('some requests ran on the new index', async () => load.completed() >= completedAtSwap + 30, 30_000);
    const { failures, completed } = await load.stop();

    expect(failures).toEqual([]);
    expect(completedAtSwap).toBeGreaterThan(completedAtRequest);
    expect(completed).toBeGreaterThan(completedAtSwap);
    expect(after.documents).toBe(before.documents + 1);
    expect(await total('quokkavelocity')).toBeGreaterThan(0);
  }, 120_000);

  it('watching the folder: an added file becomes searchable and a removed one disappears, without a request', async () => {
    const start = await health();
    const file = path.join(corpus, 'watched.md');
    await writeFile(file, article('A watched article', 'wombatzephyr'));
    const added = await newBuild(start.builtAt);
    expect(added.documents).toBe(start.documents + 1);
    expect(await total('wombatzephyr')).toBeGreaterThan(0);

    await unlink(file);
    const removed = await newBuild(added.builtAt);
    expect(removed.documents).toBe(start.documents);
    expect(await total('wombatzephyr')).toBe(0);
  }, 120_000);

  it('an indexer killed while writing leaves the saved and the served index intact; the next re-index recovers', async () => {
    const before = await health();
    const from = server.output().length;
    // A bulky article makes the index file large, so that writing it takes long enough to be interrupted.
    let killedWhileWriting: number[] = [];
    const watcher = watch(path.dirname(indexFile), (_event, name) => {
      if (killedWhileWriting.length === 0 && String(name).endsWith('.tmp')) killedWhileWriting = killChildren(server.pid);
    });
    try {
      await writeFile(path.join(corpus, 'bulk.txt'), bulkArticle(4000));
      await writeFile(path.join(corpus, 'crash-test.txt'), article('An article written during a crash', 'narwhalquasar'));
      await until('the indexer started writing and was killed', async () => killedWhileWriting.length > 0);
    } finally {
      watcher.close();
    }

    const saved = await loadIndex(indexFile);
    expect(saved.ok && saved.value.header.builtAt).toBe(before.builtAt);
    await until('the server reports the failed re-index', async () => /re-index failed/.test(server.output().slice(from)), 30_000);
    expect((await health()).builtAt).toBe(before.builtAt);
    expect(await total('narwhalquasar')).toBe(0);

    const response = await fetch(server.url('/admin/reindex'), { method: 'POST' });
    expect(response.status).toBe(202);
    const recovered = await newBuild(before.builtAt);
    expect(recovered.documents).toBe(before.documents + 2);
    expect(await total('narwhalquasar')).toBeGreaterThan(0);
    const reloaded = await loadIndex(indexFile);
    expect(reloaded.ok && reloaded.value.header.builtAt).toBe(recovered.builtAt);
  }, 120_000);
});

describe('shutdown', () => {
  it('SIGTERM lets a response in flight finish completely, refuses new connections, and exits 0', async () => {
    const { paragraphs } = await health();
    const body = new Promise<{ text: string; pausedAtSignal: boolean }>((resolve, reject) => {
      const req = http.get(server.url('/api/export?format=jsonl'), { agent: false }, (res) => {
        let text = '';
        let signalled = false;
        res.setEncoding('utf8');
        res.once('data', (first: string) => {
          text += first;
          res.pause();
          signalled = true;
          process.kill(server.pid, 'SIGTERM');
          void server.waitForOutput(/SIGTERM/, 10_000).then(async () => {
            // While this response is unread, the server must not accept anyone new.
            await expect(fetch(server.url('/healthz'))).rejects.toThrow();
            res.on('data', (chunk: string) => {
              text += chunk;
            });
            res.resume();
          }, reject);
        });
        res.on('end', () => resolve({ text, pausedAtSignal: signalled }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
    const { text, pausedAtSignal } = await body;
    expect(pausedAtSignal).toBe(true);
    const rows = text.split('\n').filter((line) => line !== '');
    expect(rows).toHaveLength(paragraphs);
    for (const row of rows) expect(() => JSON.parse(row) as unknown).not.toThrow();
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);
});

/** SIGKILLs the server's child processes (the indexer it spawned); returns their pids. */
function killChildren(serverPid: number): number[] {
  const killed: number[] = [];
  for (const pid of childPids(serverPid)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // Already exited.
    }
  }
  return killed;
}

function childPids(pid: number): number[] {
  const pids: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (children !== '') pids.push(...children.split(/\s+/).map(Number));
    }
  } catch {
    // The process is gone.
  }
  return pids;
}

/** A long article of varied made-up words: thousands of paragraphs, a few megabytes of index. */
function bulkArticle(paragraphs: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tu', 'vos', 'za', 'pe', 'dri', 'nul', 'sho', 'gat'];
  const word = (n: number): string => {
    let text = '';
    let value = n;
    do {
      text += syllables[value % syllables.length];
      value = Math.floor(value / syllables.length);
    } while (value > 0);
    return text;
  };
  const body = Array.from({ length: paragraphs }, (_v, p) =>
    `Paragraph ${p}: ${Array.from({ length: 60 }, (_w, i) => word((p * 61 + i * 7919) % 20_000)).join(' ')}.`);
  return `# A bulky report\n\n${body.join('\n\n')}\n`;
}
