import { parentPort, workerData } from 'node:worker_threads';
import { loadKnowledge } from '../../knowledge/load.ts';
import { BatchTagger } from './tag-batch.ts';
import type { Article } from '../../types.ts';

/**
 * A tagging thread of the build (tag-pool.ts starts it through tag-worker-entry.mjs). It loads the knowledge
 * once, then answers each `{ id, articles }` with `{ id, batch }`, or `{ id, error }` when tagging throws.
 * It first says `{ ready: true }`, or `{ failed }` when the knowledge cannot be loaded.
 */

/** What the pool sends: a batch number and its articles. */
export interface TagRequest {
  id: number;
  articles: Article[];
}

function isTagRequest(value: unknown): value is TagRequest {
  return typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'number'
    && 'articles' in value && Array.isArray(value.articles);
}

function knowledgeDirOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('knowledgeDir' in data)) return undefined;
  return typeof data.knowledgeDir === 'string' ? data.knowledgeDir : undefined;
}

const port = parentPort;
if (port !== null) {
  const knowledge = loadKnowledge(knowledgeDirOf(workerData));
  if (!knowledge.ok) {
    port.postMessage({ failed: knowledge.error.message });
  } else {
    const tagger = new BatchTagger(knowledge.value);
    port.on('message', (message: unknown) => {
      if (!isTagRequest(message)) return;
      try {
        const batch = tagger.tagBatch(message.articles);
        port.postMessage({ id: message.id, batch }, [batch.wordIds.buffer as ArrayBuffer]);
      } catch (error) {
        port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    });
    port.postMessage({ ready: true });
  }
}
