import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { readCorpus, hashCorpus, type CorpusRead } from './read-corpus.ts';
import { loadKnowledge, knowledgeFiles, type Knowledge } from './knowledge/load.ts';
import { emptyCatalog, mergeEntities } from './tag/tag-article.ts';
import { FORMAT_VERSION, type IndexHeader, type LoadedIndex } from './format.ts';
import { IndexBuilder } from './index-builder.ts';
import { BatchTagger, type TaggedBatch } from './tag-batch.ts';
import { inBatches, tagAll } from './tag-schedule.ts';
import { TagPool } from './tag-pool.ts';
import type { Article, DocumentRecord, Result, Warning } from './types.ts';

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
    return await indexCorpus(corpusPath, corpus.value, knowledge.value, pools[0] ?? null, options, started);
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

/** The build from the corpus read on: segment and tag (in `pool` if any) while indexing, then finish the index. */
async function indexCorpus(
  corpusPath: string,
  corpus: CorpusRead,
  knowledge: Knowledge,
  pool: TagPool | null,
  options: BuildOptions,
  started: number,
): Promise<Result<BuildOutput>> {
  // The hash of the bytes just read, so the fingerprint describes exactly what was indexed.
  const fingerprint = await fingerprintOf(corpus.hash, options.knowledgeDir);
  const readDone = performance.now();

  const { articles } = corpus;
  const builder = new IndexBuilder();
  const entities = emptyCatalog();
  const warnings: Warning[] = [];
  let consumeMs = 0;
  let next = 0;
  /** Adds a tagged batch (the articles from `next` on) to the index; `wordIdOf` maps the tagger's word ids. */
  const consume = (batch: TaggedBatch, wordIdOf: Int32Array): void => {
    const consumeStarted = performance.now();
    const ids = batch.wordIds;
    for (let k = 0; k < ids.length; k += 1) ids[k] = wordIdOf[ids[k] as number] as number;
    let at = 0;
    for (const tagged of batch.articles) {
      const article = articles[next] as Article;
      next += 1;
      if (tagged === null) {
        warnings.push({ origin: article.origin, message: 'no paragraph of text found; not indexed' });
        continue;
      }
      const document = builder.addDocument(toDocumentRecord(article));
      tagged.paragraphs.forEach((paragraph, i) => {
        const words = tagged.wordCounts[i] ?? 0;
        builder.addParagraph(document, paragraph, { ids, from: at, to: at + words });
        at += words;
      });
      mergeEntities(entities, tagged.entities);
    }
    options.onProgress?.('tag', next, articles.length);
    consumeMs += performance.now() - consumeStarted;
  };
  options.onProgress?.('tag', 0, articles.length);
  const batches = inBatches(articles, (pool?.size ?? 0) + 1);
  const schedule = await tagAll(batches, new BatchTagger(knowledge), pool, (word) => builder.wordId(word), consume);
  const tagDone = performance.now();

  const paragraphCount = builder.paragraphCount;
  options.onProgress?.('index', 0, paragraphCount);
  const builtAt = (options.now ?? (() => new Date()))().toISOString();
  const header: IndexHeader = {
    formatVersion: FORMAT_VERSION,
    builtAt,
    corpusHash: fingerprint,
    corpus: corpusPath,
    documents: builder.documentCount,
    paragraphs: paragraphCount,
    stats: {},
  };
  const index = builder.finish(header, entities);
  options.onProgress?.('index', paragraphCount, paragraphCount);
  const indexDone = performance.now();

  const persons = Object.values(index.entities.persons);
  const summary: BuildSummary = {
    documents: index.documents.length,
    paragraphs: paragraphCount,
    files: corpus.files,
    skipped: [...corpus.warnings, ...warnings],
    countries: Object.keys(index.entities.countries).length,
    persons: persons.length,
    leaders: persons.filter((person) => person.leader).length,
    topics: Object.keys(index.entities.topics).length,
    threads: schedule.batchesInWorkers > 0 ? (pool?.size ?? 0) : 0,
    threadFailure: schedule.failure,
    readMs: readDone - started,
    tagMs: tagDone - readDone - consumeMs,
    indexMs: consumeMs + (indexDone - tagDone),
    totalMs: indexDone - started,
  };
  index.header.stats = {
    files: summary.files,
    skipped: summary.skipped.length,
    countries: summary.countries,
    persons: summary.persons,
    leaders: summary.leaders,
    topics: summary.topics,
    buildMs: Math.round(summary.totalMs),
  };
  return { ok: true, value: { index, summary } };
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

function toDocumentRecord(article: Article): DocumentRecord {
  return {
    id: article.id,
    title: article.title,
    date: article.date,
    author: article.author,
    source: article.source,
    url: article.url,
    metadata: article.metadata,
  };
}
