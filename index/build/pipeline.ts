import { availableParallelism, loadavg } from 'node:os';
import { listingManifest, readCorpus } from './read-corpus.ts';
import type { BuildOptions, BuildOutput } from './build-report.ts';
import { corpusFingerprint as uncorrectedFingerprint, fingerprintOf } from './fingerprint.ts';
import { correctionsFingerprint, type CorrectionOutcome } from './corrections.ts';
import { TagPool } from './threads/tag-pool.ts';
import type { Correction } from '../corrections-file.ts';
import type { IndexHeader } from '../store/loaded-index.ts';
import type { Result } from '../types.ts';

/**
 * The build pipeline: read the corpus → split each article into paragraphs → tag them → index them.
 * Everything here runs in the indexer process; the server only loads what it writes.
 */

export type { BuildOptions, BuildOutput, BuildStage, BuildSummary } from './build-report.ts';
export type { CorrectionOutcome } from './corrections.ts';

/** A build's options and the admin's corrections, applied to the tags after tagging (none by default). */
export type CorpusBuildOptions = BuildOptions & { corrections?: readonly Correction[] };

/** A build's output and what each correction changed. */
export type CorrectedBuildOutput = BuildOutput & { corrections: CorrectionOutcome[] };

/**
 * The fingerprint an index of this corpus records: corpus, knowledge, format version and corrections. Given the
 * listing an existing index recorded, and the corpus still lists the same, its content hash is reused rather than
 * every file read again (20,000 small files: seconds → a listing).
 */
export async function corpusFingerprint(
  corpusPath: string,
  { corrections = [], knowledgeDir, listing }: {
    corrections?: readonly Correction[]; knowledgeDir?: string; listing?: IndexHeader['corpusListing'];
  } = {},
): Promise<Result<string>> {
  if (listing !== undefined && (await listingManifest(corpusPath)) === listing.manifest) {
    return { ok: true, value: correctionsFingerprint(await fingerprintOf(listing.contentHash, knowledgeDir), corrections) };
  }
  const fingerprint = await uncorrectedFingerprint(corpusPath, knowledgeDir);
  return fingerprint.ok ? { ok: true, value: correctionsFingerprint(fingerprint.value, corrections) } : fingerprint;
}

/** Builds an in-memory index of a corpus. Fails only when the corpus or the knowledge cannot be read at all. */
export async function buildFromCorpus(corpusPath: string, options: CorpusBuildOptions = {}): Promise<Result<CorrectedBuildOutput>> {
  const started = performance.now();
  // The tagger and the index builder load for a build only: the staleness check (corpusFingerprint) shares this
  // module and runs before every server start.
  const [{ loadKnowledge }, { indexCorpus }] = await Promise.all([import('../knowledge/load.ts'), import('./index-corpus.ts')]);
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
    const corrections = options.corrections ?? [];
    const fingerprint = correctionsFingerprint(await fingerprintOf(corpus.value.hash, options.knowledgeDir), corrections);
    const pool = pools[0] ?? null;
    return {
      ok: true,
      value: await indexCorpus({ corpusPath, corpus: corpus.value, knowledge: knowledge.value, pool, fingerprint, corrections, options, started }),
    };
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
