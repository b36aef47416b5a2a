import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus, type BuildOutput } from '../../../index/build/pipeline.ts';
import { saveIndex } from '../../../index/store/format.ts';
import { TagPool } from '../../../index/build/threads/tag-pool.ts';
import { REPO_ROOT } from '../../helpers/run-cli.ts';

/**
 * Tagging in worker threads must not change the index: the same corpus built in one thread and in several gives
 * the same content and the same file, byte for byte (but for the build time in the header).
 */

const ROOT = REPO_ROOT;
const BBC = path.join(ROOT, '..', 'shared', 'corpora', 'bbc-news', 'articles.jsonl');
const FIXED_CLOCK = () => new Date('2025-01-01T00:00:00Z');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-build-threads-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function built(corpus: string, workers: number): Promise<BuildOutput> {
  const result = await buildFromCorpus(corpus, { workers, now: FIXED_CLOCK });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** The saved file without its first line, which holds the build time. */
async function savedBody(output: BuildOutput, name: string): Promise<Buffer> {
  const file = path.join(dir, name);
  await saveIndex(file, output.index);
  const bytes = await readFile(file);
  return bytes.subarray(bytes.indexOf(0x0a) + 1);
}

describe('building with tagging threads', () => {
  it.each([
    { name: 'seeds', corpus: path.join(ROOT, 'seeds'), workers: 2 },
    { name: 'messy fixtures', corpus: path.join(ROOT, 'tests', 'fixtures', 'messy'), workers: 3 },
  ])('$name: $workers threads give the index one thread gives', async ({ name, corpus, workers }) => {
    const serial = await built(corpus, 0);
    const threaded = await built(corpus, workers);
    expect(serial.summary.threads).toBe(0);
    expect(threaded.summary).toMatchObject({ threads: workers, threadFailure: null });
    expect(threaded.index.paragraphs.length).toBeGreaterThan(5);
    expect(threaded.index.documents).toEqual(serial.index.documents);
    expect(threaded.index.paragraphs).toEqual(serial.index.paragraphs);
    expect(threaded.index.entities).toEqual(serial.index.entities);
    expect(threaded.index.vocabulary).toEqual(serial.index.vocabulary);
    expect(threaded.summary.skipped).toEqual(serial.summary.skipped);
    expect((await savedBody(threaded, `${name}-threads.json`)).equals(await savedBody(serial, `${name}-serial.json`))).toBe(true);
  });

  it.skipIf(!existsSync(BBC))('BBC news: 2 threads give the file one thread gives', async () => {
    const serial = await built(BBC, 0);
    const threaded = await built(BBC, 2);
    expect(threaded.summary).toMatchObject({ threads: 2, threadFailure: null, paragraphs: serial.summary.paragraphs });
    expect((await savedBody(threaded, 'bbc-threads.json')).equals(await savedBody(serial, 'bbc-serial.json'))).toBe(true);
  });

  it('a pool whose threads cannot load the knowledge fails its batches instead of hanging', async () => {
    const pool = new TagPool(1, path.join(dir, 'no-knowledge-here'));
    try {
      await expect(pool.tag([])).rejects.toThrow();
      await expect(pool.tag([])).rejects.toThrow();
    } finally {
      await pool.close();
    }
  });
});
