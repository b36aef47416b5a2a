import type { SearchBackend } from '../index/query/index.ts';
import type { Config } from './config.ts';
import type { CorrectionStore } from './corrections-store.ts';
import type { IndexSource } from './index-source.ts';

/** What the app is built from: the index to answer with, the configuration it reads, and the actions it may start. */
export interface AppDeps {
  index: IndexSource;
  /**
   * What answers /api/search and whose health /healthz reports; absent: the index above answers directly. Pages,
   * facet value search, export, suggestions and documents still read the index.
   */
  backend?: SearchBackend;
  /** `publicUrl` absent or null: exported permalinks take the host each request names (if it is a plain host name). */
  config: Pick<Config, 'adminToken'> & Partial<Pick<Config, 'publicUrl' | 'exportStallMs'>>;
  /** Starts a background re-index; absent when the app serves a fixed index (tests). */
  reindex?: () => Promise<{ started: boolean; message: string }>;
  /** The admin's corrections of tags; absent when the app has none to keep (tests). */
  corrections?: CorrectionStore;
  log?: (line: string) => void;
}
