import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { readCorpus, hashCorpus } from './read-corpus.ts';
import { knowledgeFiles } from './knowledge/files.ts';
import { FORMAT_VERSION, type LoadedIndex } from './format.ts';
import { TagPool } from './tag-pool.ts';
import type { Result, Warning } from './types.ts';

/**
 * The build pipeline: read the corpus → split each article into paragraphs → tag them → index them.
 * Everything here runs in the indexer process; the server only loads what it writes.
 */

export type BuildStage = 'read' | 'tag' | 'index';

export interface BuildOptions {
  knowledgeDir?: string;
  /**
   * Worker threads that segment and tag besides this one (which tags too): 0 for none. By default, one per other
   * core for a corpus big enough to repay starting them, else none. The index is the same either way.
   */
  workers?: number;
  onProgress?: (stage: BuildStage, done: number, total: number) => void;
  /** Clock for `builtAt`; tests pass a fixed one. */
  now?: () => Date;
}

export interface BuildSummary {
  documents: number;
  paragraphs: number;
  files: number;
  skipped: Warning[];
  countries: number;
  persons: number;
  leaders: number;
  topics: number;
  /** Worker threads that tagged (0: all in this thread), and why they stopped if they failed. */
  threads: number;
  threadFailure: string | null;
  readMs: number;
  /** Segmenting and tagging, as far as this thread waited for it. */
  tagMs: number;
  /** Adding paragraphs to the index as their batches arrive, and finishing it. */
  indexMs: number;
  totalMs: number;
}

export interface BuildOutput {
  index: LoadedIndex;
  summary: BuildSummary;
}

/**
 * The fingerprint an index records to know when it is stale: the corpus content, the knowledge files the tags came
 * from and the format version. Any change to one of them means a rebuild.
 */
export async function corpusFingerprint(corpusPath: string, knowledgeDir?: string): Promise<Result<string>> {
  const corpusHash = await hashCorpus(corpusPath);
  if (!corpusHash.ok) return corpusHash;
  return { ok: true, value: await fingerprintOf(corpusHash.value, knowledgeDir) };
}

async function fingerprintOf(corpusHash: string, knowledgeDir: string | undefined): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`format ${FORMAT_VERSION}\0corpus ${corpusHash}\0`);
  for (const file of knowledgeFiles(knowledgeDir).sort()) {
    hash.update(file.slice(file.lastIndexOf('/') + 1));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Builds an in-memory index of a corpus. Fails only when the corpus or the knowledge cannot be read at all. */
export async function buildFromCorpus(corpusPath: string, options: BuildOptions = {}): Promise<Result<BuildOutput>> {
  const started = performance.now();
  // The tagger and the index builder load for a build only: the staleness check (corpusFingerprint) shares this
  // module and runs before every server start.
  const [{ loadKnowledge }, { indexCorpus }] = await Promise.all([import('./knowledge/load.ts'), import('./index-corpus.ts')]);
  const knowledge = loadKnowledge(options.knowledgeDir);
  if (!knowledge.ok) return knowledge;

  // Threads start as soon as the corpus is known to be big, so that they load while this thread reads it.
  const pools: TagPool[] = [];
  try {
    const corpus = await readCorpus(corpusPath, {
      onProgress: (done, total) => options.onProgress?.('read', done, total),
      onListed: (_files, bytes) => {
        const workers = options.workers ?? (bytes >= PARALLEL_MIN_BYTES ? defaultWorkers() : 0);
        if (workers > 0) pools.push(new TagPool(workers, options.knowledgeDir));
      },
    });
    if (!corpus.ok) return corpus;
    // The hash of the bytes just read, so the fingerprint describes exactly what was indexed.
    const fingerprint = await fingerprintOf(corpus.value.hash, options.knowledgeDir);
    const pool = pools[0] ?? null;
    return { ok: true, value: await indexCorpus({ corpusPath, corpus: corpus.value, knowledge: knowledge.value, pool, fingerprint, options, started }) };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

/** Below this much corpus, starting a thread costs more than it saves. */
const PARALLEL_MIN_BYTES = 8_000_000;
const MAX_WORKERS = 3;

/**
 * Worker threads besides this one, which tags too: one per other core that is idle. On a machine already busy, a
 * thread only adds the cost of starting it and of copying batches between threads (measured: a third more CPU).
 */
function defaultWorkers(): number {
  const idleCores = availableParallelism() - (loadavg()[0] ?? 0);
  return Math.max(0, Math.min(Math.round(idleCores) - 1, availableParallelism() - 1, MAX_WORKERS));
}
