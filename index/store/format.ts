import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  BLOCK_NAMES, checksumOf, decodeIndex, encodeIndex, HEADER_CHECKSUM, headerChecksum, problemOfCatalog, type Catalog,
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
 * layout.ts: a catalog line and blocks.
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
    // JSON.stringify never emits a raw newline, so the two JSON lines are safe frames; blocks are framed by length.
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

/**
 * Reads the two JSON lines, then each block into a buffer of its own: the texts stay in memory as they are, and
 * nothing else of the file outlives the load.
 */
async function loadFrom(file: string, handle: FileHandle, schema: FacetSchema): Promise<Result<LoadedIndex>> {
  const size = (await handle.stat()).size;
  const { lines, end } = await readLines(handle, size, 2);
  const header = parseHeader(file, lines[0] ?? '');
  if (!header.ok) return header;
  if (lines.length < 2) return corrupt(file, 'it is truncated after its header');
  if (headerChecksum(header.value, lines[1] as string) !== header.checksum) return corrupt(file, 'its header or catalog fails its checksum');
  const catalog = parseJson(lines[1] as string);
  const catalogProblem = problemOfCatalog(catalog);
  if (catalogProblem !== null) return corrupt(file, catalogProblem);
  const blocks = await readBlocks(handle, end, size, (catalog as Catalog).blocks);
  if (typeof blocks === 'string') return corrupt(file, blocks);
  const decoded = decodeIndex(blocks, catalog as Catalog, header.value, schema);
  if (typeof decoded === 'string') return corrupt(file, decoded);
  return { ok: true, value: decoded };
}

/**
 * The first `count` lines of the file (without their newline) and the byte position after them; when the file
 * has fewer, its last piece of text is the last line.
 */
async function readLines(handle: FileHandle, size: number, count: number): Promise<{ lines: string[]; end: number }> {
  let buffer = Buffer.allocUnsafe(Math.min(size, 1 << 22));
  let filled = 0;
  const lines: string[] = [];
  let lineStart = 0;
  let searchFrom = 0;
  while (lines.length < count) {
    const end = buffer.indexOf(0x0a, searchFrom);
    if (end >= 0 && end < filled) {
      lines.push(buffer.toString('utf8', lineStart, end));
      lineStart = end + 1;
      searchFrom = lineStart;
      continue;
    }
    searchFrom = filled;
    if (filled === size) return { lines: [...lines, buffer.toString('utf8', lineStart, filled)], end: size };
    if (filled === buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.min(size, buffer.length * 2));
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) return { lines: [...lines, buffer.toString('utf8', lineStart, filled)], end: filled };
    filled += bytesRead;
  }
  return { lines, end: lineStart };
}

/** Each block's bytes by name; the blocks must be the expected ones and fill the rest of the file exactly. */
async function readBlocks(handle: FileHandle, start: number, size: number, blocks: Array<[string, number, string]>): Promise<Map<string, Buffer> | string> {
  let total = 0;
  const names = new Set<string>();
  for (const [name, length] of blocks) {
    if (!BLOCK_NAMES.includes(name) || names.has(name)) return `it has an unknown block "${name}"`;
    names.add(name);
    total += length + 1;
  }
  if (names.size !== BLOCK_NAMES.length) return 'it is truncated or misses a block';
  if (start + total !== size) return start + total > size ? 'it is truncated' : 'it has extra data after its last block';
  const located = new Map<string, Buffer>();
  let at = start;
  for (const [name, length, checksum] of blocks) {
    const bytes = Buffer.allocUnsafe(length + 1);
    if (!(await readFully(handle, bytes, at)) || bytes[length] !== 0x0a) return 'it is truncated or its blocks are malformed';
    if (checksumOf(bytes.subarray(0, length)) !== checksum) return `its ${name} block fails its checksum`;
    located.set(name, bytes.subarray(0, length));
    at += length + 1;
  }
  return located;
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<boolean> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) return false;
    filled += bytesRead;
  }
  return true;
}

/** The header line: the header, and the checksum it carries of itself and the catalog line. */
function parseHeader(file: string, line: string): Result<IndexHeader> & { checksum?: string } {
  const value = parseJson(line);
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
