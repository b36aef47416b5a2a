import { facetSchema, metadataFieldList, type FacetSchema } from '../index/query/index.ts';

/** Server configuration, read from the environment once; nothing else reads process.env. */
export interface Config {
  port: number;
  /** Interface to listen on; empty for all. */
  host: string;
  /** Folder or .jsonl file the index is built from. */
  corpus: string;
  /** Path of the index file. */
  indexPath: string;
  /** Token that authorises POST /admin/reindex from a non-loopback address; null allows loopback only. */
  adminToken: string | null;
  /** Rebuild the index when files in the corpus change. */
  watch: boolean;
  /** The filters and facets to answer with: the built-in ones and a metadata facet per DOSSIER_FACETS field. */
  schema: FacetSchema;
}

export const DEFAULT_CORPUS = 'seeds';
export const DEFAULT_INDEX_PATH = 'data/dossier-index.json';

/** Reads and validates the configuration; an invalid value is an error that names it. */
export function readConfig(env: NodeJS.ProcessEnv): { ok: true; value: Config } | { ok: false; message: string } {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { ok: false, message: `PORT must be a whole number from 0 to 65535, got "${env.PORT}"` };
  }
  const schema = facetSchema(metadataFieldList(env.DOSSIER_FACETS));
  if (!schema.ok) return { ok: false, message: `DOSSIER_FACETS: ${schema.message}` };
  return {
    ok: true,
    value: {
      port,
      host: env.HOST ?? '',
      corpus: env.DOSSIER_CORPUS || DEFAULT_CORPUS,
      indexPath: env.DOSSIER_INDEX || DEFAULT_INDEX_PATH,
      adminToken: env.DOSSIER_ADMIN_TOKEN || null,
      // CI machines rarely change their corpus under a running server; DOSSIER_WATCH=1 still asks for it.
      watch: env.DOSSIER_WATCH === undefined || env.DOSSIER_WATCH === '' ? env.CI !== 'true' : env.DOSSIER_WATCH !== '0',
      schema: schema.value,
    },
  };
}
