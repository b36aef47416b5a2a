import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EntityKind, Result } from './types.ts';

/**
 * Corrections of the tagger, as data: their vocabulary, the checked parse of one (from a request or the file), and
 * the corrections file (plain JSON, read with validation, written atomically). The build applies them
 * (build/corrections.ts); the server adds and removes them. Neither side interprets the other's code.
 */

/** The tag facets a correction can apply to. */
export const CORRECTION_FACETS: readonly EntityKind[] = ['country', 'person', 'topic', 'place'];
export const CORRECTION_ACTIONS = ['reject', 'never', 'merge'] as const;
export type CorrectionAction = (typeof CORRECTION_ACTIONS)[number];

/** This tag is wrong on this paragraph. */
export interface RejectRequest {
  action: 'reject';
  facet: EntityKind;
  value: string;
  docId: string;
  n: number;
}

/** This value is never of this kind, anywhere; `docId`/`n` only say where it was noticed. */
export interface NeverRequest {
  action: 'never';
  facet: EntityKind;
  value: string;
  docId?: string;
  n?: number;
}

/** `value` is the same entity as `into`: every tag `value` becomes `into`. */
export interface MergeRequest {
  action: 'merge';
  facet: EntityKind;
  value: string;
  into: string;
}

/** What an admin asks for. */
export type CorrectionRequest = RejectRequest | NeverRequest | MergeRequest;

/** A stored correction: the request, its id and when it was made. */
export type Correction = CorrectionRequest & { id: string; createdAt: string };

/** The corrections file's format version; another one is refused, never guessed at. */
export const CORRECTIONS_FILE_VERSION = 1;

/** The corrections file when none is named: `corrections.json` beside the index file. */
export function defaultCorrectionsPath(indexPath: string): string {
  return path.join(path.dirname(indexPath), 'corrections.json');
}

/** The index header's stat for a correction: how many paragraphs it changed in that build (0: unmatched). */
export function correctionStatKey(id: string): string {
  return `correction:${id}`;
}

/** A new correction id: short, URL-safe, random. */
export function newCorrectionId(): string {
  return randomBytes(6).toString('hex');
}

const MAX_VALUE_LENGTH = 200;
const FIELDS: Record<CorrectionAction, { required: string[]; optional: string[] }> = {
  reject: { required: ['action', 'facet', 'value', 'docId', 'n'], optional: [] },
  never: { required: ['action', 'facet', 'value'], optional: ['docId', 'n'] },
  merge: { required: ['action', 'facet', 'value', 'into'], optional: [] },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_VALUE_LENGTH;
}

const problem = (message: string): { ok: false; error: { code: string; message: string } } => ({
  ok: false,
  error: { code: 'bad_parameter', message },
});

/** Checks the shape of a correction request (fields, kinds, types), not whether its targets exist anywhere. */
export function parseCorrectionRequest(input: unknown): Result<CorrectionRequest> {
  if (!isRecord(input)) return problem('a correction is a JSON object: { facet, value, action, … }');
  const { action, facet, value } = input;
  if (!CORRECTION_ACTIONS.includes(action as CorrectionAction)) {
    return problem(`action must be one of ${CORRECTION_ACTIONS.join(', ')}, got ${JSON.stringify(action ?? null)}`);
  }
  const fields = FIELDS[action as CorrectionAction];
  const missing = fields.required.filter((field) => input[field] === undefined);
  if (missing.length > 0) return problem(`a ${String(action)} correction needs ${missing.join(', ')}`);
  const unknown = Object.keys(input).filter((field) => !fields.required.includes(field) && !fields.optional.includes(field));
  if (unknown.length > 0) return problem(`a ${String(action)} correction has no field ${unknown.join(', ')}`);
  if (!CORRECTION_FACETS.includes(facet as EntityKind)) {
    return problem(`facet must be one of ${CORRECTION_FACETS.join(', ')}, got ${JSON.stringify(facet)}`);
  }
  if (!isName(value)) return problem(`value must be a non-empty string of at most ${MAX_VALUE_LENGTH} characters`);
  const common = { facet: facet as EntityKind, value };
  if (action === 'merge') {
    if (!isName(input.into)) return problem(`into must be a non-empty string of at most ${MAX_VALUE_LENGTH} characters`);
    if (input.into === value) return problem(`cannot merge ${value} into itself`);
    return { ok: true, value: { action, ...common, into: input.into } };
  }
  const where = parseParagraphRef(input.docId, input.n);
  if (!where.ok) return where;
  return { ok: true, value: action === 'reject' ? { action, ...common, docId: input.docId as string, n: input.n as number } : { action: 'never', ...common, ...where.value } };
}

/** docId and n together or neither; n a paragraph number (1-based). */
function parseParagraphRef(docId: unknown, n: unknown): Result<{ docId?: string; n?: number }> {
  if (docId === undefined && n === undefined) return { ok: true, value: {} };
  if (!isName(docId)) return problem('docId must be a document id (a non-empty string)');
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return problem('n must be a paragraph number: a whole number from 1');
  return { ok: true, value: { docId, n } };
}

/** Checks a stored correction: a request plus its id and creation time. */
function parseStoredCorrection(input: unknown): Result<Correction> {
  if (!isRecord(input)) return problem('a correction is a JSON object');
  const { id, createdAt, ...request } = input;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return problem('its id must be a string of letters, digits, - or _');
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return problem(`${id}: createdAt must be an ISO date and time`);
  const parsed = parseCorrectionRequest(request);
  if (!parsed.ok) return problem(`${id}: ${parsed.error.message}`);
  return { ok: true, value: { ...parsed.value, id, createdAt } };
}

/** Parses the text of a corrections file; a message says what is wrong in it, never what is lost. */
export function parseCorrectionsFile(text: string): Result<Correction[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return problem(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(json) || !Array.isArray(json.corrections)) return problem('it is not an object with a "corrections" list');
  if (json.version !== CORRECTIONS_FILE_VERSION) {
    return problem(`its version is ${JSON.stringify(json.version ?? null)}, and only version ${CORRECTIONS_FILE_VERSION} is known`);
  }
  const corrections: Correction[] = [];
  const ids = new Set<string>();
  for (const [at, entry] of json.corrections.entries()) {
    const parsed = parseStoredCorrection(entry);
    if (!parsed.ok) return problem(`correction ${at + 1}: ${parsed.error.message}`);
    if (ids.has(parsed.value.id)) return problem(`correction ${at + 1}: the id ${parsed.value.id} is used twice`);
    ids.add(parsed.value.id);
    corrections.push(parsed.value);
  }
  return { ok: true, value: corrections };
}

/** The file's text: stable, indented, one field order, so that a person can read and review it. */
export function formatCorrectionsFile(corrections: readonly Correction[]): string {
  return `${JSON.stringify({ version: CORRECTIONS_FILE_VERSION, corrections }, null, 2)}\n`;
}

/** Reads and checks a corrections file. A missing file is no corrections; a damaged one is an error naming it. */
export async function readCorrections(file: string): Promise<Result<Correction[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: [] };
    return { ok: false, error: { code: 'corrupt_corrections', message: `cannot read the corrections file ${file}: ${(error as Error).message}` } };
  }
  const parsed = parseCorrectionsFile(text);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    error: { code: 'corrupt_corrections', message: `the corrections file ${file} is not valid: ${parsed.error.message}; fix or remove it` },
  };
}

/** Writes the corrections atomically: a temporary file in the same folder, flushed, then renamed over `file`. */
export async function writeCorrections(file: string, corrections: readonly Correction[]): Promise<void> {
  const directory = path.dirname(path.resolve(file));
  await mkdir(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${newCorrectionId()}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(formatCorrectionsFile(corrections));
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await rename(temporary, file);
}
