import type { BatchTagger, TaggedBatch } from './tag-batch.ts';
import type { TagPool } from './tag-pool.ts';
import type { Article } from '../../types.ts';

/**
 * Who tags which batch, and in what order batches reach the index. This thread tags batches itself while worker
 * threads (if any) tag others, so a machine of n cores runs n - 1 workers and no thread idles; finished batches
 * go to `consume` strictly in batch order, whoever tagged them, so the index never depends on the schedule.
 */

/** A tagged batch and its word ids translated into the index builder's. */
type Finished = { batch: TaggedBatch; wordIdOf: Int32Array };

/** Articles per batch at most: enough to amortise a message between threads. */
const MAX_BATCH_ARTICLES = 64;
/** Batches per thread at least, so that the threads finish together. */
const BATCHES_PER_THREAD = 8;

/** Splits the articles into batches for `threads` tagging threads (this one included). */
export function inBatches(articles: readonly Article[], threads: number): Article[][] {
  const size = Math.max(1, Math.min(MAX_BATCH_ARTICLES, Math.ceil(articles.length / (Math.max(threads, 1) * BATCHES_PER_THREAD))));
  const batches: Article[][] = [];
  for (let from = 0; from < articles.length; from += size) batches.push(articles.slice(from, from + size));
  return batches;
}

/** What the schedule did: batches tagged by workers, and why the workers stopped if they failed. */
export interface ScheduleOutcome {
  batchesInWorkers: number;
  failure: string | null;
}

/**
 * Tags every batch, in this thread with `local` and in `pool` if given, and hands each to `consume` in batch order
 * with a map from its word ids to the builder's (`wordId` gives a builder id). Batches of a failed pool are tagged
 * here instead.
 */
export async function tagAll(
  batches: readonly Article[][],
  local: BatchTagger,
  pool: TagPool | null,
  wordId: (folded: string) => number,
  consume: (batch: TaggedBatch, wordIdOf: Int32Array) => void,
): Promise<ScheduleOutcome> {
  const finished: Array<Finished | undefined> = new Array(batches.length);
  const localWords = new WordMap(wordId);
  const poolWords = Array.from({ length: pool?.size ?? 0 }, () => new WordMap(wordId));
  const outstanding = new Map<number, Promise<void>>();
  const retry: number[] = [];
  let claimed = 0;
  let consumed = 0;
  let batchesInWorkers = 0;
  let failure: string | null = null;

  // A thread's word list grows batch by batch, so its batches are translated in the order it made them: on arrival.
  const finish = (index: number, batch: TaggedBatch, words: WordMap): void => {
    finished[index] = { batch, wordIdOf: words.extend(batch.newWords) };
  };
  const feedPool = (): void => {
    while (pool !== null && failure === null && outstanding.size < pool.capacity && claimed < batches.length) {
      const index = claimed;
      claimed += 1;
      const answer = pool.tag(batches[index] as Article[]).then(
        ({ worker, batch }) => {
          finish(index, batch, poolWords[worker] as WordMap);
          batchesInWorkers += 1;
        },
        (error: unknown) => {
          failure ??= error instanceof Error ? error.message : String(error);
          retry.push(index);
        },
      );
      outstanding.set(index, answer.finally(() => outstanding.delete(index)));
    }
  };

  while (consumed < batches.length) {
    feedPool();
    for (let next = finished[consumed]; next !== undefined; next = finished[consumed]) {
      finished[consumed] = undefined;
      consume(next.batch, next.wordIdOf);
      consumed += 1;
    }
    if (consumed === batches.length) break;
    const mine = retry.length > 0 ? retry.shift() : claimed < batches.length ? claimed++ : undefined;
    if (mine !== undefined) {
      finish(mine, local.tagBatch(batches[mine] as Article[]), localWords);
      // Let the workers' answers in, and keep them fed.
      if (outstanding.size > 0) await new Promise((resolve) => setImmediate(resolve));
    } else if (outstanding.size > 0) {
      await Promise.race(outstanding.values());
    } else {
      throw new Error(`batch ${consumed} was never tagged`);
    }
  }
  return { batchesInWorkers, failure };
}

/** One tagger's word ids → the builder's, extended with each batch's new words. */
class WordMap {
  private ids = new Int32Array(1024);
  private size = 0;

  constructor(private readonly wordId: (folded: string) => number) {}

  /** Adds a batch's new words; the map returned holds every id up to them (later growth copies it). */
  extend(newWords: readonly string[]): Int32Array {
    if (this.size + newWords.length > this.ids.length) {
      const bigger = new Int32Array(Math.max(this.ids.length * 2, this.size + newWords.length));
      bigger.set(this.ids);
      this.ids = bigger;
    }
    for (const word of newWords) {
      this.ids[this.size] = this.wordId(word);
      this.size += 1;
    }
    return this.ids;
  }
}
