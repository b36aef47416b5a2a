import { existsSync } from 'node:fs';
import { cp, mkdtemp, mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMAT_VERSION, loadIndex, readIndexHeader } from '../../index/store/format.ts';
import { REPO_ROOT, SHARED_CORPORA, runScript } from '../helpers/run-cli.ts';

const SEEDS = path.join(REPO_ROOT, 'seeds');
const BBC = path.join(SHARED_CORPORA, 'bbc-news', 'articles.jsonl');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const indexCli = (args: string[], env: NodeJS.ProcessEnv = {}) => runScript('index/cli.ts', args, { env });

describe('npm run index', () => {
  it('indexes the seeds and prints a summary', async () => {
    const out = path.join(dir, 'index.json');
    const run = await indexCli(['--corpus', SEEDS, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Indexed 5 documents, \d+ paragraphs from 5 files/);
    expect(run.stdout).toMatch(/Tags: \d+ countries, \d+ persons \(\d+ leaders\), \d+ topics, \d+ places/);
    const header = await readIndexHeader(out);
    expect(header.ok && header.value.formatVersion).toBe(FORMAT_VERSION);
    expect(header.ok && header.value.documents).toBe(5);
    expect(header.ok && header.value.stats).toMatchObject({ files: 5, skipped: 0 });
  });

  it('fails at once, naming it, when the index cannot be written where it is asked for, and leaves no file', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where the index folder would be');
    const corrections = path.join(dir, 'no-corrections.json');
    const run = await indexCli(['--corpus', SEEDS, '--out', path.join(blocker, 'index.json'), '--corrections', corrections, '--quiet']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot write the index to ${path.join(blocker, 'index.json')}`);
    // Before the build: no summary of what was indexed.
    expect(run.stdout).not.toMatch(/Indexed/);
    expect(await readFile(blocker, 'utf8')).toBe('a file where the index folder would be');
  });

  it('reads the corpus and output paths from DOSSIER_CORPUS and DOSSIER_INDEX', async () => {
    const out = path.join(dir, 'from-env.json');
    const run = await indexCli([], { DOSSIER_CORPUS: SEEDS, DOSSIER_INDEX: out });
    expect(run.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('with --if-stale, rebuilds only when the corpus changed', async () => {
    const corpus = path.join(dir, 'corpus');
    await cp(SEEDS, corpus, { recursive: true });
    const out = path.join(dir, 'index.json');
    expect((await indexCli(['--corpus', corpus, '--out', out, '--if-stale'])).code).toBe(0);
    const first = await readIndexHeader(out);

    const again = await indexCli(['--corpus', corpus, '--out', out, '--if-stale']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('up to date');
    const unchanged = await readIndexHeader(out);
    expect(unchanged.ok && unchanged.value.builtAt).toBe(first.ok && first.value.builtAt);

    await writeFile(path.join(corpus, 'new-article.txt'), '# A new article\n\nGerman Chancellor Olaf Scholz spoke in Berlin about the budget.\n');
    const rebuilt = await indexCli(['--corpus', corpus, '--out', out, '--if-stale']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain('Indexed 6 documents');
  });

  it('gives the same paragraph ids when unchanged text is indexed again', async () => {
    const first = path.join(dir, 'first.json');
    const second = path.join(dir, 'second.json');
    await indexCli(['--corpus', SEEDS, '--out', first]);
    await indexCli(['--corpus', SEEDS, '--out', second]);
    const [a, b] = await Promise.all([loadIndex(first), loadIndex(second)]);
    if (!a.ok || !b.ok) throw new Error('index did not load');
    const ids = (index: typeof a.value) => index.paragraphs.map((p) => `${p.docId}#p-${p.n}:${p.text.slice(0, 40)}`);
    expect(ids(b.value)).toEqual(ids(a.value));
  });

  it.each([
    { name: 'a missing corpus', setup: async () => path.join(dir, 'nowhere'), expected: /nowhere/ },
    {
      name: 'a corpus with no readable article',
      setup: async () => {
        const corpus = path.join(dir, 'empty-corpus');
        await mkdir(corpus);
        await writeFile(path.join(corpus, 'empty.txt'), '');
        return corpus;
      },
      expected: /nothing to index/,
    },
  ])('exits non-zero with a clear message for $name', async ({ setup, expected }) => {
    const corpus = await setup();
    const run = await indexCli(['--corpus', corpus, '--out', path.join(dir, 'index.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dir, 'index.json'))).toBe(false);
  });

  it('rejects an unknown option with a usage line and exit code 2', async () => {
    const run = await indexCli(['--corpse', SEEDS]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run index');
  });

  it('skips bad files with a warning naming each one, and indexes the rest', async () => {
    const corpus = path.join(dir, 'mixed');
    await mkdir(corpus);
    await writeFile(path.join(corpus, 'good.txt'), '# Good\n\nThe French President met the German Chancellor in Berlin on Monday.\n');
    await writeFile(path.join(corpus, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]));
    await writeFile(path.join(corpus, 'empty.md'), '');
    await writeFile(
      path.join(corpus, 'lines.jsonl'),
      ['{"id":"a1","title":"One","text":"Spain and Portugal signed a water treaty."}', '{not json', '{"id":"a2","title":"Two","text":"Kenya held an election."}'].join('\n'),
    );
    const run = await indexCli(['--corpus', corpus, '--out', path.join(dir, 'index.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Indexed 3 documents');
    for (const name of ['binary.txt', 'empty.md', 'lines.jsonl:2']) expect(run.stdout).toContain(name);
  });

  it('leaves the previous index intact when killed in the middle of a build', async () => {
    const out = path.join(dir, 'index.json');
    expect((await indexCli(['--corpus', SEEDS, '--out', out])).code).toBe(0);
    const before = await readFile(out);
    const corpus = existsSync(BBC) ? BBC : SEEDS;
    const killed = await runScript('index/cli.ts', ['--corpus', corpus, '--out', out], {
      killWhen: (output) => /indexing \d+\/\d+/.test(output),
    });
    expect(killed.signal).toBe('SIGKILL');
    expect((await readFile(out)).equals(before)).toBe(true);
    expect((await loadIndex(out)).ok).toBe(true);
  });

  it('leaves a loadable index when killed while writing it', async () => {
    const out = path.join(dir, 'index.json');
    expect((await indexCli(['--corpus', SEEDS, '--out', out])).code).toBe(0);
    const corpus = existsSync(BBC) ? BBC : SEEDS;
    const killed = await runScript('index/cli.ts', ['--corpus', corpus, '--out', out], {
      killWhen: (output) => output.includes('writing '),
    });
    // Either the old index or the complete new one: never a torn file.
    expect((await loadIndex(out)).ok).toBe(true);
  });
});

describe.skipIf(!existsSync(BBC))('the BBC corpus', () => {
  it('indexes all 2,225 articles', async () => {
    const out = path.join(dir, 'bbc.json');
    const run = await indexCli(['--corpus', BBC, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Indexed 2225 documents/);
    const header = await readIndexHeader(out);
    expect(header.ok && header.value.paragraphs).toBeGreaterThan(10_000);
  }, 120_000);
});

describe('names the corpus gives, in the output', () => {
  it('writes a file name with a newline on one line of the warnings, so it cannot forge a line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-names-'));
    try {
      await writeFile(path.join(dir, 'good.txt'), '# A title\n\nTroops arrived in the capital on Monday.');
      await writeFile(path.join(dir, 'evil\nwarning: forged.txt'), '');
      const run = await indexCli(['--corpus', dir, '--out', path.join(dir, 'out', 'index.json'), '--quiet']);
      expect(run.code).toBe(0);
      const lines = run.stderr.split('\n');
      expect(lines.filter((line) => line.startsWith('warning: forged'))).toEqual([]);
      expect(lines.some((line) => line.includes('evil\\nwarning: forged.txt'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the staleness check on an unchanged listing', () => {
  it('trusts the listing it recorded (paths, sizes, times), and hashes the contents only when the listing changed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-stale-'));
    const out = path.join(dir, 'out', 'index.json');
    const corpus = path.join(dir, 'corpus');
    const hourAgo = new Date(Date.now() - 3_600_000);
    const twoHoursAgo = new Date(Date.now() - 7_200_000);
    try {
      await mkdir(corpus);
      for (const [name, text] of [['a.txt', 'Troops arrived in the capital on Monday.'], ['b.txt', 'The council met on Tuesday evening.']]) {
        await writeFile(path.join(corpus, name ?? ''), text ?? '');
        await utimes(path.join(corpus, name ?? ''), hourAgo, hourAgo);
      }
      expect((await indexCli(['--corpus', corpus, '--out', out, '--quiet'])).code).toBe(0);
      const header = await readIndexHeader(out);
      expect(header.ok && header.value.corpusListing?.manifest).toMatch(/^[0-9a-f]{64}$/);
      const check = async () => (await indexCli(['--corpus', corpus, '--out', out, '--if-stale'])).stdout;
      expect(await check()).toMatch(/is up to date/);

      // Same size, same time, same inode, other words: the listing is unchanged, so no content was read.
      await writeFile(path.join(corpus, 'b.txt'), 'The council met on Tuesday morning.');
      await utimes(path.join(corpus, 'b.txt'), hourAgo, hourAgo);
      expect(await check()).toMatch(/is up to date/);

      // Another time: the listing differs, the contents are hashed, and they changed.
      await utimes(path.join(corpus, 'b.txt'), twoHoursAgo, twoHoursAgo);
      expect(await check()).toMatch(/Rebuilding/);
      expect((await indexCli(['--corpus', corpus, '--out', out, '--quiet'])).code).toBe(0);

      // Touched only: the listing differs, the hashed contents are the same, nothing to rebuild.
      await utimes(path.join(corpus, 'a.txt'), twoHoursAgo, twoHoursAgo);
      expect(await check()).toMatch(/is up to date/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('records no listing for a corpus written moments before it was read, so its next check reads the contents', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-racy-'));
    try {
      const file = path.join(dir, 'a.txt');
      await writeFile(file, 'Troops arrived in the capital on Monday.');
      // "Moments before the read" whatever the machine's load: a modification time ahead of the clock is always within
      // the window, where waiting for the indexer to start might not be.
      const soon = new Date(Date.now() + 60_000);
      await utimes(file, soon, soon);
      const out = path.join(dir, 'out', 'index.json');
      expect((await indexCli(['--corpus', dir, '--out', out, '--quiet'])).code).toBe(0);
      const header = await readIndexHeader(out);
      expect(header.ok && header.value.corpusListing).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
