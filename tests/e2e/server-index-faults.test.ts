import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex, saveIndex } from '../../index/store/format.ts';
import { runServerToExit, startServer } from '../helpers/server-process.ts';
import { builtSeedsCopy } from '../helpers/seeds-copy.ts';

/**
 * `npm start` with a broken index file: truncated, of another format version, not JSON, empty. With a readable
 * corpus the server names the problem in one line, rebuilds and serves; without one it exits non-zero with a clear
 * message and no stack trace.
 */

const STACK = /\n\s+at |\bat [\w$.<>]+ \(|\.(?:ts|js|mjs):\d+:\d+/;

let dir: string;
let corpus: string;
let good: string;
let goodText: string;
let documents: number;

beforeAll(async () => {
  let built;
  ({ dir, corpus, built } = await builtSeedsCopy('dossier-index-faults-'));
  documents = built.summary.documents;
  good = path.join(dir, 'good.json');
  await saveIndex(good, built.index);
  // Latin-1 maps each byte to one character, so the text keeps the file's binary blocks exactly.
  goodText = await readFile(good, 'latin1');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Lines of the server output that name `file` as the reason for a rebuild. */
function problemLines(output: string, file: string): string[] {
  return output.split('\n').filter((line) => line.includes(file) && /rebuil/i.test(line));
}

const BROKEN: Array<{ name: string; content: () => string }> = [
  {
    name: 'truncated in its content (header intact)',
    content: () => goodText.slice(0, goodText.indexOf('\n') + Math.floor((goodText.length - goodText.indexOf('\n')) / 2)),
  },
  { name: 'truncated inside its header', content: () => goodText.slice(0, 60) },
  {
    name: 'of another format version',
    content: () => goodText.replace(/"formatVersion":\d+/, '"formatVersion":999'),
  },
  { name: 'not JSON', content: () => 'this is not an index\nat all\n' },
  { name: 'empty', content: () => '' },
];

describe('server start with a broken index and a readable corpus', () => {
  it.each(BROKEN)('index $name: one line names it, the server rebuilds and serves', async ({ content }) => {
    const file = path.join(dir, `broken-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, content(), 'latin1');
    const server = await startServer({ DOSSIER_INDEX: file, DOSSIER_CORPUS: corpus });
    try {
      const health = await fetch(server.url('/healthz'));
      expect(health.status).toBe(200);
      expect(((await health.json()) as { documents: number }).documents).toBe(documents);
      const search = await fetch(server.url('/api/search?q=troops'));
      expect(search.status).toBe(200);
      expect(problemLines(server.output(), file)).toHaveLength(1);
      expect(server.output()).not.toMatch(STACK);
      const rebuilt = await loadIndex(file);
      expect(rebuilt.ok).toBe(true);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  }, 120_000);
});

describe('server start when no index can be had', () => {
  it.each([
    { name: 'a corrupt index', content: 'not json\n' },
    { name: 'an index of another format version', content: null },
  ])('$name and a missing corpus: exits non-zero, naming both, without a stack trace', async ({ content }) => {
    const file = path.join(dir, `hopeless-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, content ?? goodText.replace(/"formatVersion":\d+/, '"formatVersion":999'), 'latin1');
    const missing = path.join(dir, 'no-such-corpus');
    const run = await runServerToExit({ DOSSIER_INDEX: file, DOSSIER_CORPUS: missing });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.output).not.toMatch(STACK);
    const lines = run.output.trim().split('\n');
    // The index problem is named on its own line before the final one.
    expect(lines.slice(0, -1).some((line) => line.includes(file))).toBe(true);
    const last = lines[lines.length - 1] ?? '';
    expect(last).toContain(file);
    expect(last).toContain(missing);
  }, 120_000);

  it('no index file and a missing corpus: exits non-zero without a stack trace', async () => {
    const file = path.join(dir, 'never-built.json');
    const run = await runServerToExit({ DOSSIER_INDEX: file, DOSSIER_CORPUS: path.join(dir, 'nowhere') });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.output).not.toMatch(STACK);
    expect(run.output).toContain(file);
  }, 120_000);

  it('a good index and a missing corpus: serves the existing index', async () => {
    const file = path.join(dir, 'kept.json');
    await writeFile(file, goodText, 'latin1');
    const server = await startServer({ DOSSIER_INDEX: file, DOSSIER_CORPUS: path.join(dir, 'gone') });
    try {
      const health = (await (await fetch(server.url('/healthz'))).json()) as { documents: number; builtAt: string };
      expect(health.documents).toBe(documents);
      const header = JSON.parse(goodText.slice(0, goodText.indexOf('\n'))) as { builtAt: string };
      expect(health.builtAt).toBe(header.builtAt);
      expect(server.output()).not.toMatch(STACK);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
