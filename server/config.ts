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
  /** What answers /api/search: the embedded index (default) or PostgreSQL (DOSSIER_BACKEND). */
  backend: 'embedded' | 'postgres';
  /** The PostgreSQL backend's connections; null with the embedded backend. */
  database: DatabaseConfig | null;
}

/** Where the PostgreSQL backend connects, and its bounds. */
export interface DatabaseConfig {
  /** DATABASE_URL: the primary. */
  primaryUrl: string;
  /** DATABASE_REPLICA_URLS, comma separated: reads go to these when given, else to the primary. */
  replicaUrls: string[];
  /** DOSSIER_DB_STATEMENT_TIMEOUT_MS (default 1000): PostgreSQL cancels a statement running longer. */
  statementTimeoutMs: number;
  /** DOSSIER_DB_MAX_CONNECTIONS (default 10): connections per pool. */
  maxConnections: number;
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
  const backend = env.DOSSIER_BACKEND || 'embedded';
  if (backend !== 'embedded' && backend !== 'postgres') {
    return { ok: false, message: `DOSSIER_BACKEND must be embedded or postgres, got "${env.DOSSIER_BACKEND}"` };
  }
  let database: DatabaseConfig | null = null;
  if (backend === 'postgres') {
    const read = readDatabaseConfig(env);
    if (!read.ok) return read;
    database = read.value;
  }
  return {
    ok: true,
    value: {
      backend,
      database,
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

/** The PostgreSQL settings, each checked: a bad one is an error naming it. */
function readDatabaseConfig(env: NodeJS.ProcessEnv): { ok: true; value: DatabaseConfig } | { ok: false; message: string } {
  const primaryUrl = env.DATABASE_URL ?? '';
  if (!isPostgresUrl(primaryUrl)) {
    return { ok: false, message: `DATABASE_URL must be a postgresql:// URL when DOSSIER_BACKEND=postgres, got "${primaryUrl}"` };
  }
  const replicaUrls = (env.DATABASE_REPLICA_URLS ?? '').split(',').map((url) => url.trim()).filter((url) => url !== '');
  const badReplica = replicaUrls.find((url) => !isPostgresUrl(url));
  if (badReplica !== undefined) {
    return { ok: false, message: `DATABASE_REPLICA_URLS must be postgresql:// URLs separated by commas, got "${badReplica}"` };
  }
  const statementTimeoutMs = positiveWhole(env.DOSSIER_DB_STATEMENT_TIMEOUT_MS, 1000);
  if (statementTimeoutMs === null) {
    return { ok: false, message: `DOSSIER_DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds above 0, got "${env.DOSSIER_DB_STATEMENT_TIMEOUT_MS}"` };
  }
  const maxConnections = positiveWhole(env.DOSSIER_DB_MAX_CONNECTIONS, 10);
  if (maxConnections === null || maxConnections > 1000) {
    return { ok: false, message: `DOSSIER_DB_MAX_CONNECTIONS must be a whole number from 1 to 1000, got "${env.DOSSIER_DB_MAX_CONNECTIONS}"` };
  }
  return { ok: true, value: { primaryUrl, replicaUrls, statementTimeoutMs, maxConnections } };
}

function isPostgresUrl(text: string): boolean {
  if (!/^postgres(?:ql)?:\/\/\S+$/.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** A whole number above 0 written in digits, `fallback` when unset or empty, else null. */
function positiveWhole(text: string | undefined, fallback: number): number | null {
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
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
