import { Worker } from 'node:worker_threads';
import type { TaggedBatch } from './tag-batch.ts';
import type { TagRequest } from './tag-worker.ts';
import type { Article } from '../../types.ts';

/**
 * Worker threads that segment and tag batches of articles (tag-worker.ts), each with the knowledge loaded once.
 * Batches go to whichever thread has room; each answer says which thread made it, because a batch's word ids
 * belong to that thread's lexicon. A thread that fails fails every batch not yet answered: the caller then
 * carries on without the pool.
 */

/** A tagged batch and the thread whose lexicon its word ids refer to. */
export interface PoolAnswer {
  worker: number;
  batch: TaggedBatch;
}

/** Batches a thread holds at once: one being tagged and one waiting, so it never idles between messages. */
const IN_FLIGHT = 2;

interface Pending {
  request: TagRequest;
  resolve: (answer: PoolAnswer) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  inFlight: Map<number, Pending>;
}

export class TagPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private failure: Error | null = null;

  /** Starts `size` threads; `knowledgeDir` as for loadKnowledge. */
  constructor(readonly size: number, knowledgeDir: string | undefined) {
    for (let k = 0; k < size; k += 1) this.threads.push(this.startThread(k, knowledgeDir));
  }

  /** Batches the pool can hold at once without any waiting in its queue. */
  get capacity(): number {
    return this.size * IN_FLIGHT;
  }

  /** Segments and tags `articles` in some thread. */
  tag(articles: Article[]): Promise<PoolAnswer> {
    return new Promise((resolve, reject) => {
      if (this.failure !== null) {
        reject(this.failure);
        return;
      }
      this.queue.push({ request: { id: this.nextId++, articles }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private startThread(index: number, knowledgeDir: string | undefined): Thread {
    const worker = new Worker(new URL('./tag-worker-entry.mjs', import.meta.url), { workerData: { knowledgeDir } });
    const thread: Thread = { worker, ready: false, inFlight: new Map() };
    worker.on('message', (message: unknown) => this.onMessage(index, thread, message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.failure === null && (thread.inFlight.size > 0 || this.queue.length > 0)) this.fail(new Error(`tagging thread exited (${code})`));
    });
    return thread;
  }

  private onMessage(index: number, thread: Thread, message: unknown): void {
    if (!isRecord(message)) return;
    if (message.ready === true) {
      thread.ready = true;
      this.dispatch();
      return;
    }
    if (typeof message.failed === 'string') {
      this.fail(new Error(message.failed));
      return;
    }
    const pending = typeof message.id === 'number' ? thread.inFlight.get(message.id) : undefined;
    if (pending === undefined) return;
    thread.inFlight.delete(pending.request.id);
    if (typeof message.error === 'string') {
      this.fail(new Error(`tagging failed in a thread: ${message.error}`));
      return;
    }
    // The message comes from tag-worker.ts of this build, not from outside: its shape is known.
    pending.resolve({ worker: index, batch: message.batch as TaggedBatch });
    this.dispatch();
  }

  private dispatch(): void {
    for (const thread of this.threads) {
      while (thread.ready && thread.inFlight.size < IN_FLIGHT && this.queue.length > 0) {
        const pending = this.queue.shift() as Pending;
        thread.inFlight.set(pending.request.id, pending);
        thread.worker.postMessage(pending.request);
      }
    }
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const thread of this.threads) {
      for (const pending of thread.inFlight.values()) pending.reject(error);
      thread.inFlight.clear();
    }
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
