import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  BlockChecker, decodeIndex, encodeIndex, HEADER_CHECKSUM, headerChecksum, placeBlocks, problemOfCatalog, type Catalog,
} from './layout.ts';
import { BUILT_IN_SCHEMA, type FacetSchema } from '../schema.ts';
import type { Result } from '../types.ts';
import { FORMAT_VERSION, type IndexHeader, type LoadedIndex } from './loaded-index.ts';

export {
  FIELD_BOOST, FORMAT_VERSION, SEARCH_FIELDS, TermIndex,
  type FacetColumn, type IndexContent, type IndexHeader, type LoadedIndex, type Postings, type SearchField, type Vocabulary,
} from './loaded-index.ts';

/**
 * The index file, owned here alone: the atomic save and the checked load (the version and the in-memory types are
 * in loaded-index.ts). A file is one line of JSON, the header (cheap to read on its own), then the layout of
 * layout.ts: a catalog line and aligned binary blocks.
 */

// ---------- save ----------

/** Temporary files of writers that were killed before their rename; a live writer's own file is kept. */
async function removeStaleTemporaries(directory: string, base: string): Promise<void> {
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.\\d+\\.tmp$`);
  for (const name of await readdir(directory).catch(() => [] as string[])) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!Number.isInteger(pid) || isRunning(pid)) continue;
    await rm(path.join(directory, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes the index atomically: a temporary file in the same folder, flushed to disk, then renamed over `file`. */
export async function saveIndex(file: string, index: LoadedIndex): Promise<void> {
  const directory = path.dirname(path.resolve(file));
  await mkdir(directory, { recursive: true });
  await removeStaleTemporaries(directory, path.basename(file));
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    for (const part of encodeIndex(index)) await handle.write(part);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
}

// ---------- load ----------

const HEADER_LIMIT = 1 << 20;

/** Reads only the header line of an index file. */
export async function readIndexHeader(file: string): Promise<Result<IndexHeader>> {
  let firstLine: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(HEADER_LIMIT);
      const { bytesRead } = await handle.read(buffer, 0, HEADER_LIMIT, 0);
      const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (end < 0) return corrupt(file, 'its first line (the header) is incomplete');
      firstLine = buffer.toString('utf8', 0, end);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return missingOrUnreadable(file, error);
  }
  const header = parseHeader(file, firstLine);
  return header.ok ? { ok: true, value: header.value } : header;
}

/** How an index is loaded: the filters and facets it answers with (the built-in ones unless metadata facets are configured). */
export interface LoadOptions {
  schema?: FacetSchema;
}

/** Loads an index file; a missing, corrupt or other-version file is an error value naming the file, never a throw. */
export async function loadIndex(file: string, options: LoadOptions = {}): Promise<Result<LoadedIndex>> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return missingOrUnreadable(file, error);
  }
  try {
    return await loadFrom(file, handle, options.schema ?? BUILT_IN_SCHEMA);
  } catch (error) {
    return missingOrUnreadable(file, error);
  } finally {
    await handle.close();
  }
}

/** The size of each read: large enough that reads are few, small enough that hashing one overlaps reading the next. */
const READ_CHUNK = 4 << 20;

/**
 * Reads the whole file into one buffer, in large reads: the two JSON lines first, then the rest while the blocks
 * read so far are hashed. The array blocks are then views of that buffer (layout.ts), so nothing is copied and
 * the texts stay in it as they are.
 */
async function loadFrom(file: string, handle: FileHandle, schema: FacetSchema): Promise<Result<LoadedIndex>> {
  const size = (await handle.stat()).size;
  const bytes = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  let headerEnd = -1;
  let catalogEnd = -1;
  while (catalogEnd < 0 && filled < size) {
    const searchFrom = filled;
    filled = await readChunk(handle, bytes, filled);
    if (headerEnd < 0) headerEnd = bytes.subarray(0, filled).indexOf(0x0a, searchFrom);
    if (headerEnd >= 0) catalogEnd = bytes.subarray(0, filled).indexOf(0x0a, Math.max(searchFrom, headerEnd + 1));
  }
  const header = parseHeader(file, bytes.toString('utf8', 0, headerEnd < 0 ? filled : headerEnd));
  if (!header.ok) return header;
  if (headerEnd < 0 || catalogEnd < 0) return corrupt(file, 'it is truncated after its header');
  const catalogLine = bytes.subarray(headerEnd + 1, catalogEnd);
  if (headerChecksum(header.value, catalogLine) !== header.checksum) return corrupt(file, 'its header or catalog fails its checksum');
  const catalog = parseJson(catalogLine.toString('utf8'));
  const catalogProblem = problemOfCatalog(catalog);
  if (catalogProblem !== null) return corrupt(file, catalogProblem);
  const places = placeBlocks((catalog as Catalog).blocks, catalogEnd + 1, size);
  if (typeof places === 'string') return corrupt(file, places);
  const checker = new BlockChecker(bytes, places, catalogEnd + 1);
  let reading = filled < size ? readChunk(handle, bytes, filled) : null;
  checker.advance(filled);
  while (reading !== null && checker.problem === null) {
    const end = await reading;
    // The rename that replaces a file never changes an open one, so a short read is a file cut after its stat.
    if (end === filled) return corrupt(file, 'it is truncated');
    filled = end;
    reading = filled < size ? readChunk(handle, bytes, filled) : null;
    checker.advance(filled);
  }
  await reading;
  if (checker.problem !== null) return corrupt(file, checker.problem);
  const decoded = decodeIndex(bytes, places, catalog as Catalog, header.value, schema);
  if (typeof decoded === 'string') return corrupt(file, decoded);
  return { ok: true, value: decoded };
}

/** Reads the next chunk of the file into `bytes` from `from`; the position reached (`from` at the end of the file). */
async function readChunk(handle: FileHandle, bytes: Buffer, from: number): Promise<number> {
  const end = Math.min(bytes.length, from + READ_CHUNK);
  let at = from;
  while (at < end) {
    const { bytesRead } = await handle.read(bytes, at, end - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return at;
}

/** The header line: the header, and the checksum it carries of itself and the catalog line. */
function parseHeader(file: string, line: string): Result<IndexHeader> & { checksum?: string } {
  // The line ends in the JSON object's brace and at most 7 spaces of padding; nothing else may hide there.
  const json = line.replace(/ {1,7}$/, '');
  const value = json.endsWith('}') ? parseJson(json) : undefined;
  if (!isRecord(value)) return corrupt(file, 'its first line is not a JSON header');
  if (typeof value.formatVersion === 'number' && value.formatVersion !== FORMAT_VERSION) {
    return {
      ok: false,
      error: {
        code: 'index_version',
        message: `index file ${file} has format version ${value.formatVersion}, this Dossier reads version ${FORMAT_VERSION}: rebuild it with "npm run index"`,
      },
    };
  }
  const ok = typeof value.formatVersion === 'number' && typeof value.builtAt === 'string'
    && typeof value.corpusHash === 'string' && typeof value.corpus === 'string'
    && isCount(value.documents) && isCount(value.paragraphs)
    && isRecord(value.stats) && Object.values(value.stats).every((stat) => typeof stat === 'number');
  const listing = value.corpusListing;
  const listingOk = listing === undefined
    || (isRecord(listing) && typeof listing.manifest === 'string' && typeof listing.contentHash === 'string');
  if (!ok || !listingOk || typeof value[HEADER_CHECKSUM] !== 'string') return corrupt(file, 'its header does not have the expected fields');
  const { [HEADER_CHECKSUM]: checksum, ...header } = value;
  return { ok: true, value: header as unknown as IndexHeader, checksum: checksum as string };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function corrupt<T>(file: string, problem: string): Result<T> {
  return {
    ok: false,
    error: { code: 'index_corrupt', message: `index file ${file} is unreadable: ${problem}; rebuild it with "npm run index"` },
  };
}

function missingOrUnreadable<T>(file: string, error: unknown): Result<T> {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') {
    return {
      ok: false,
      error: { code: 'index_missing', message: `no index file at ${file}: build it with "npm run index"` },
    };
  }
  return corrupt(file, `it cannot be read (${String(code ?? error)})`);
}
