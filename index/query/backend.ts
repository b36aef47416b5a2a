import type { LoadedIndex } from '../store/loaded-index.ts';
import type { Result, SearchPage, SearchRequest } from '../types.ts';
import { search } from './search.ts';

/**
 * What answers a search request, so the server need not know which engine it is: the embedded index (here) or
 * PostgreSQL (index/backend/postgres/backend.ts). Both answer the same `SearchPage` and the same error codes.
 */
export interface SearchBackend {
  kind: 'embedded' | 'postgres';
  /** Runs a request; an expected failure (bad query, too much work, database unavailable) is a value. */
  search(request: SearchRequest): Promise<Result<SearchPage>>;
  /** Whether the backend can answer now; `message` says why not. Never throws. */
  health(): Promise<{ ok: boolean; message?: string }>;
  /** Releases what the backend holds (connections); the backend answers nothing after. */
  close(): Promise<void>;
}

/**
 * The embedded engine as a backend. `current` is called once per request, so a re-index that swaps the index
 * between requests is picked up and one request never mixes two indexes.
 */
export function embeddedBackend(current: () => LoadedIndex): SearchBackend {
  return {
    kind: 'embedded',
    search: (request) => Promise.resolve(search(current(), request)),
    health: () => Promise.resolve({ ok: true }),
    close: () => Promise.resolve(),
  };
}
