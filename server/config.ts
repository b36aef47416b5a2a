import { defaultCorrectionsPath, facetSchema, metadataFieldList, type FacetSchema } from '../index/query/index.ts';

/** Server configuration, read from the environment once; nothing else reads process.env. */
export interface Config {
  port: number;
  /** Interface to listen on: loopback unless HOST says otherwise (`0.0.0.0` or `::` for every interface). */
  host: string;
  /** Folder or .jsonl file the index is built from. */
  corpus: string;
  /** Path of the index file. */
  indexPath: string;
  /** The admin's corrections of tags, applied by every build: DOSSIER_CORRECTIONS, else corrections.json beside the index. */
  correctionsPath: string;
  /** Token that authorises POST /admin/reindex from a non-loopback address; null allows loopback only. */
  adminToken: string | null;
  /** Rebuild the index when files in the corpus change. */
  watch: boolean;
  /** The filters and facets to answer with: the built-in ones and a metadata facet per DOSSIER_FACETS field. */
  schema: FacetSchema;
  /**
   * Where readers reach the site (DOSSIER_PUBLIC_URL, no trailing slash: `https://dossier.example`), which makes
   * exported permalinks absolute; null derives it from each request's Host header.
   */
  publicUrl: string | null;
  /** An export whose reader takes nothing for this long is cut off, freeing its slot (60 s; tests set less). */
  exportStallMs?: number;
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
  const indexPath = env.DOSSIER_INDEX || DEFAULT_INDEX_PATH;
  const publicUrl = env.DOSSIER_PUBLIC_URL ? parsePublicUrl(env.DOSSIER_PUBLIC_URL) : null;
  if (publicUrl === undefined) {
    return {
      ok: false,
      message: `DOSSIER_PUBLIC_URL must be an absolute http or https URL such as https://dossier.example, got "${env.DOSSIER_PUBLIC_URL}"`,
    };
  }
  return {
    ok: true,
    value: {
      port,
      host: env.HOST || '127.0.0.1',
      corpus: env.DOSSIER_CORPUS || DEFAULT_CORPUS,
      indexPath,
      correctionsPath: env.DOSSIER_CORRECTIONS || defaultCorrectionsPath(indexPath),
      adminToken: env.DOSSIER_ADMIN_TOKEN || null,
      // CI machines rarely change their corpus under a running server; DOSSIER_WATCH=1 still asks for it.
      watch: env.DOSSIER_WATCH === undefined || env.DOSSIER_WATCH === '' ? env.CI !== 'true' : env.DOSSIER_WATCH !== '0',
      schema: schema.value,
      publicUrl,
    },
  };
}

/**
 * An absolute http(s) URL, normalised (`HTTPS://Dossier.Example/archive/` → `https://dossier.example/archive`), or
 * undefined. A path is kept for a site served under one; credentials, a query or a fragment have no place in a base.
 */
function parsePublicUrl(text: string): string | undefined {
  // The URL parser would also take `http:dossier.example` or stray spaces; a setting should say what it means.
  if (!/^https?:\/\/[^/\s]\S*$/i.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || /[?#]/.test(text)) return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
