import { createHash, type Hash } from 'node:crypto';
import { constants, statSync, type Stats } from 'node:fs';
import { open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { articleFromJson, frontMatterProblem, parseTextArticle, toDocId } from './article-text.ts';
import { decodeArticleBytes } from './decode.ts';
import { openFormat, readStructured } from './formats/read-format.ts';
import { isCorpusFileName, stripCorpusExtension, SUPPORTED_EXTENSIONS_TEXT, type InputFormat } from './formats/sniff.ts';
import type { Article, Result, Warning } from '../types.ts';

/**
 * The build's only file reads: a folder (recursive) or a single file → articles, warnings and a
 * content hash. Every bad input becomes one warning; every good article is kept. Each file is read by its format
 * (formats/sniff: by its first bytes, else its extension): text and Markdown, JSONL, web pages, feeds, PDFs.
 */

/** What a corpus read gives: articles in a stable order, one warning per skipped or repaired input. */
export interface CorpusRead {
  articles: Article[];
  warnings: Warning[];
  /** Files considered: supported extension, not hidden (unreadable ones included). */
  files: number;
  /** The format each kept article was read from, by article id (a feed gives several articles). */
  formats: Map<string, InputFormat>;
  /** sha256 over every considered file's relative path and bytes, in path order. */
  hash: string;
  /** The listing's manifest (`listingManifest`), or null when a file changed too recently to trust its time. */
  manifest: string | null;
}

/** Options of readCorpus. */
export interface ReadCorpusOptions {
  /** Called after each file with (files done, files in total). */
  onProgress?: (done: number, total: number) => void;
  /** Called once the files are listed, before any is read, with their number and total size in bytes. */
  onListed?: (files: number, bytes: number) => void;
}

/** A file of the corpus: where to read it, and the path it is named and sorted by. */
interface CorpusFile {
  absolute: string;
  /** Relative to the corpus folder, with `/` separators; the file name for a single-file corpus. */
  relative: string;
  /** Path shown in warnings and origins: the corpus path as given, joined with `relative`. */
  shown: string;
  /** Size when listed (the file may change before it is read). */
  bytes: number;
  /** Modification time and inode when listed: with the size, what the fast staleness check compares. */
  mtimeMs: number;
  ino: number;
}

/**
 * Reads a corpus: a folder (recursively: the extensions of SUPPORTED_EXTENSIONS_TEXT; hidden and other files
 * ignored) or one such file. Error `corpus_missing` when the path cannot be read at all.
 */
export async function readCorpus(path: string, options: ReadCorpusOptions = {}): Promise<Result<CorpusRead>> {
  const listedAt = Date.now();
  const listed = await listCorpus(path);
  if (!listed.ok) return listed;
  const { files, warnings } = listed.value;
  options.onListed?.(files.length, files.reduce((total, file) => total + file.bytes, 0));
  const hash = createHash('sha256');
  const articles: Article[] = [];
  const firstOrigin = new Map<string, string>();
  const formats = new Map<string, InputFormat>();
  const keep = (format: InputFormat) => (article: Article): void => {
    const earlier = firstOrigin.get(article.id);
    if (earlier !== undefined) {
      warnings.push({ origin: article.origin, message: `duplicate id "${article.id}": already used by ${earlier}; skipped` });
      return;
    }
    firstOrigin.set(article.id, article.origin);
    formats.set(article.id, format);
    articles.push(article);
  };
  options.onProgress?.(0, files.length);
  for (const [index, file] of files.entries()) {
    const bytes = await readRegularFile(file);
    updateHash(hash, file, bytes.ok ? bytes.value : null);
    if (!bytes.ok) {
      warnings.push({ origin: file.shown, message: bytes.error.message });
    } else {
      // Whatever goes wrong inside one file is that file's problem: it is skipped, named, and the build goes on.
      try {
        const opened = openFormat(bytes.value, file);
        if (!opened.ok) {
          warnings.push({ origin: file.shown, message: opened.error.message });
        } else {
          const { format } = opened.value;
          if (format === 'jsonl') readJsonl(opened.value.bytes, file, keep(format), warnings);
          else if (format === 'text') readTextFile(opened.value.bytes, file, keep(format), warnings);
          else {
            const read = await readStructured(opened.value.bytes, format, file);
            warnings.push(...read.warnings);
            read.articles.forEach(keep(format));
          }
        }
      } catch (error) {
        warnings.push({ origin: file.shown, message: `cannot be read (${describeError(error)}); skipped` });
      }
    }
    options.onProgress?.(index + 1, files.length);
  }
  return { ok: true, value: { articles, warnings, files: files.length, formats, hash: hash.digest('hex'), manifest: manifestOf(files, listedAt) } };
}

/**
 * A file modified this close to its listing may change again within the same timestamp tick, unseen by a check of
 * times; such a listing records no manifest, and the next check hashes the contents (git's "racily clean" rule).
 */
const RACY_MS = 2_000;

/** sha256 over each considered file's path, size, modification time and inode; null when one is too recent. */
function manifestOf(files: readonly CorpusFile[], listedAt: number): string | null {
  const hash = createHash('sha256');
  for (const file of files) {
    if (file.mtimeMs > listedAt - RACY_MS) return null;
    hash.update(`${file.relative}\0${file.bytes}\0${file.mtimeMs}\0${file.ino}\n`);
  }
  return hash.digest('hex');
}

/**
 * The manifest of a corpus as it is listed now (no file is read): equal to the one an index recorded, the corpus
 * has the contents it had then, so the staleness check need not hash them. Null when it cannot say.
 */
export async function listingManifest(path: string): Promise<string | null> {
  const listedAt = Date.now();
  const listed = await listCorpus(path);
  return listed.ok ? manifestOf(listed.value.files, listedAt) : null;
}

/** The same value as `readCorpus(path).hash`, without decoding or parsing anything. */
export async function hashCorpus(path: string): Promise<Result<string>> {
  const listed = await listCorpus(path);
  if (!listed.ok) return listed;
  const hash = createHash('sha256');
  for (const file of listed.value.files) {
    const bytes = await readRegularFile(file);
    updateHash(hash, file, bytes.ok ? bytes.value : null);
  }
  return { ok: true, value: hash.digest('hex') };
}

// An unreadable file still counts, by name, so that it becoming readable changes the hash. The length
// keeps one file's bytes from reading as the next file's name.
function updateHash(hash: Hash, file: CorpusFile, bytes: Uint8Array | null): void {
  hash.update(`${file.relative}\0${bytes === null ? '-' : bytes.length}\0`);
  if (bytes !== null) hash.update(bytes);
}

function readTextFile(bytes: Uint8Array, file: CorpusFile, keep: (article: Article) => void, warnings: Warning[]): void {
  const decoded = decodeArticleBytes(bytes);
  if (!decoded.ok) {
    warnings.push({ origin: file.shown, message: decoded.error.message });
    return;
  }
  if (decoded.value.warning !== null) warnings.push({ origin: file.shown, message: decoded.value.warning });
  const id = toDocId(stripCorpusExtension(file.relative));
  const frontMatter = frontMatterProblem(decoded.value.text);
  if (frontMatter !== null) warnings.push({ origin: file.shown, message: frontMatter });
  const article = parseTextArticle(decoded.value.text, id, file.shown);
  if (article.text.trim().length === 0) {
    warnings.push({ origin: file.shown, message: 'the article has no text after its front matter; skipped' });
    return;
  }
  keep(article);
}

function readJsonl(bytes: Uint8Array, file: CorpusFile, keep: (article: Article) => void, warnings: Warning[]): void {
  const decoded = decodeArticleBytes(bytes);
  if (!decoded.ok) {
    warnings.push({ origin: file.shown, message: decoded.error.message });
    return;
  }
  if (decoded.value.warning !== null) warnings.push({ origin: file.shown, message: decoded.value.warning });
  const lines = decoded.value.text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim().length === 0) continue;
    const origin = `${file.shown}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      warnings.push({ origin, message: `invalid JSON: ${(error as Error).message}; line skipped` });
      continue;
    }
    const article = articleFromJson(value, origin);
    if (article.ok) keep(article.value);
    else warnings.push({ origin, message: `${article.error.message}; line skipped` });
  }
}

// ---------- listing ----------

/** Supported files in path order, with warnings for entries that could not be listed. */
async function listCorpus(path: string): Promise<Result<{ files: CorpusFile[]; warnings: Warning[] }>> {
  let root: Stats;
  try {
    root = await stat(path);
  } catch (error) {
    return { ok: false, error: { code: 'corpus_missing', message: `cannot read corpus ${path}: ${describeError(error)}` } };
  }
  const warnings: Warning[] = [];
  if (!root.isDirectory()) {
    const name = basename(path);
    if (!isCorpusFileName(name)) {
      warnings.push({ origin: path, message: `not a corpus file: expected ${SUPPORTED_EXTENSIONS_TEXT}` });
      return { ok: true, value: { files: [], warnings } };
    }
    return { ok: true, value: { files: [{ absolute: path, relative: name, shown: path, bytes: root.size, mtimeMs: root.mtimeMs, ino: root.ino }], warnings } };
  }
  const files: CorpusFile[] = [];
  await walk(path, path, new Set(), files, warnings);
  files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return { ok: true, value: { files, warnings } };
}

/** Depth-first walk that follows symbolic links but enters each real directory once (no loops). */
async function walk(
  root: string,
  directory: string,
  visited: Set<string>,
  files: CorpusFile[],
  warnings: Warning[],
): Promise<void> {
  let real: string;
  try {
    real = await realpath(directory);
  } catch (error) {
    warnings.push({ origin: directory, message: `folder skipped: ${describeError(error)}` });
    return;
  }
  if (visited.has(real)) return;
  visited.add(real);
  let rawNames: Buffer[];
  try {
    rawNames = await readdir(directory, { encoding: 'buffer' });
  } catch (error) {
    warnings.push({ origin: directory, message: `folder skipped: ${describeError(error)}` });
    return;
  }
  const names: string[] = [];
  for (const raw of rawNames) {
    // Hidden files and other extensions are ignored whatever their name's encoding, without a word.
    if (raw[0] === 0x2e) continue;
    const name = utf8Name(raw);
    if (name === null && !isCorpusFileName(raw.toString('latin1')) && !isFolder(join(directory, raw.toString('latin1')))) continue;
    // A name that is not UTF-8 would come back with replacement characters, naming a file that does not exist.
    if (name === null) warnings.push({ origin: join(directory, raw.toString('latin1')), message: 'skipped: its file name is not valid UTF-8; rename it' });
    else names.push(name);
  }
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const absolute = join(directory, name);
    let entry: Stats | null = null;
    try {
      entry = await stat(absolute);
    } catch {
      // A dangling link or a file gone since the listing: reported below if it looks like an article.
    }
    if (entry?.isDirectory()) {
      await walk(root, absolute, visited, files, warnings);
    } else if (isCorpusFileName(name)) {
      const relativePath = relative(root, absolute).split(sep).join('/');
      files.push({ absolute, relative: relativePath, shown: absolute, bytes: entry?.size ?? 0, mtimeMs: entry?.mtimeMs ?? 0, ino: entry?.ino ?? 0 });
    }
  }
}

/** Whether a path names a folder (false when it cannot be read). */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file name's bytes as text, or null when they are not UTF-8. */
function utf8Name(raw: Buffer): string | null {
  try {
    // ignoreBOM: a name starting with a byte order mark is another file's name without it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
  } catch {
    return null;
  }
}

// ---------- reading ----------

/**
 * Reads a regular file. Opening with O_NONBLOCK keeps a FIFO from blocking the build; the
 * check on the open handle also catches a file swapped for something else after the listing.
 */
async function readRegularFile(file: CorpusFile): Promise<Result<Uint8Array>> {
  let handle: FileHandle;
  try {
    handle = await open(file.absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return unreadable(error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, error: { code: 'unreadable', message: 'not a regular file (a pipe, socket or device); skipped' } };
    return { ok: true, value: await handle.readFile() };
  } catch (error) {
    return unreadable(error);
  } finally {
    await handle.close();
  }
}

function unreadable(error: unknown): Result<Uint8Array> {
  return { ok: false, error: { code: 'unreadable', message: `unreadable: ${describeError(error)}; skipped` } };
}

const ERROR_MEANINGS: Record<string, string> = {
  ENOENT: 'no such file (removed, or a dangling link)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'a part of the path is not a folder',
};

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && ERROR_MEANINGS[code] !== undefined) return `${ERROR_MEANINGS[code]} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
