import express, { Router, type NextFunction, type Response } from 'express';
import {
  TAG_FIELD, correctionStatKey, documentPageOf, newCorrectionId, parseCorrectionRequest,
  type Correction, type CorrectionRequest, type DossierError, type LoadedIndex, type Result,
} from '../../index/query/index.ts';
import type { AppDeps } from '../deps.ts';
import type { CorrectionStore } from '../corrections-store.ts';
import { RequestError, requestErrorFrom } from '../errors.ts';
import { adminOnly } from './admin.ts';

/**
 * `/admin/corrections`: list, add and undo corrections of tags, behind the admin guard. A change is written to the
 * corrections file first, then a re-index applies it: 202 when this server started (or queued) that re-index, 201
 * when it serves a fixed index and the change waits for the next build. A correction's target is checked against
 * the index being served.
 */

/** A correction as listed: applied to the served index (and to how many paragraphs), unmatched there, or pending. */
export type ListedCorrection = Correction & { status: 'applied' | 'unmatched' | 'pending'; paragraphs: number | null };

/** `GET`, `POST /admin/corrections` and `DELETE /admin/corrections/:id`, all behind `adminOnly`. */
export function correctionsRouter(deps: AppDeps): Router {
  const router = Router();
  router.use('/admin/corrections', adminOnly(deps));

  router.get('/admin/corrections', async (_req, res, next) => {
    const store = storeOf(deps, next);
    if (!store) return;
    const read = await store.read();
    if (!read.ok) return fileFailure(deps, read.error, next);
    const index = deps.index.current();
    res.json({ corrections: read.value.map((correction) => listed(index, correction)) });
  });

  router.post('/admin/corrections', express.json({ limit: '16kb' }), express.urlencoded({ extended: false, limit: '16kb' }), async (req, res, next) => {
    const store = storeOf(deps, next);
    if (!store) return;
    const form = req.is('application/x-www-form-urlencoded') ? correctionForm(req.body) : null;
    if (form !== null && !form.ok) return next(requestErrorFrom(form.error));
    const request = parseCorrectionRequest(form === null ? req.body : form.value.fields);
    if (!request.ok) return next(requestErrorFrom(request.error));
    const targetProblem = problemWithTarget(deps.index.current(), request.value);
    if (targetProblem) return next(new RequestError('unknown_value', targetProblem));
    const added = await store.change((corrections) => {
      const same = corrections.find((existing) => sameRequest(existing, request.value));
      if (same) return { ok: false, error: { code: 'bad_parameter', message: `the same correction exists already: ${same.id}` } };
      const correction: Correction = { ...request.value, id: newCorrectionId(), createdAt: new Date().toISOString() };
      return { ok: true, value: { corrections: [...corrections, correction], value: correction } };
    });
    if (!added.ok) return changeFailure(deps, added.error, next);
    if (form !== null) {
      // The article page's form: start the re-index, then back to the paragraph, which says what happens next.
      const reindex = deps.reindex ? await deps.reindex() : null;
      const n = 'n' in added.value ? added.value.n : undefined;
      const page = n === undefined ? 1 : documentPageOf(n);
      res.redirect(303, `${form.value.returnTo}?corrected=${reindex === null ? 'saved' : 'reindexing'}${page > 1 ? `&page=${page}` : ''}${n === undefined ? '' : `#p-${n}`}`);
      return;
    }
    await answerChange(deps, res, 201, { correction: listed(deps.index.current(), added.value) });
  });

  router.delete('/admin/corrections/:id', async (req, res, next) => {
    const store = storeOf(deps, next);
    if (!store) return;
    const { id } = req.params;
    const removed = await store.change((corrections) => {
      const correction = corrections.find((existing) => existing.id === id);
      if (!correction) return { ok: false, error: { code: 'not_found', message: `no correction ${id}` } };
      return { ok: true, value: { corrections: corrections.filter((existing) => existing !== correction), value: correction } };
    });
    if (!removed.ok) return changeFailure(deps, removed.error, next);
    await answerChange(deps, res, 200, { removed: removed.value });
  });
  return router;
}

const FORM_FIELDS = ['action', 'facet', 'value', 'docId', 'n', 'into'] as const;

/**
 * A correction sent by the article page's form: its fields as the JSON API takes them (`n` a number, empty fields
 * left out) and the article page to go back to, which must be one of this site's article pages.
 */
function correctionForm(body: unknown): Result<{ fields: Record<string, unknown>; returnTo: string }> {
  const given = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const returnTo = given.return;
  if (typeof returnTo !== 'string' || !/^\/doc\/[^/?#\\]+$/.test(returnTo)) {
    return { ok: false, error: { code: 'bad_parameter', message: 'return: must be the path of an article page, /doc/<id>' } };
  }
  const fields: Record<string, unknown> = {};
  for (const name of FORM_FIELDS) {
    const value = given[name];
    if (value === undefined || value === '') continue;
    fields[name] = name === 'n' && typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  }
  return { ok: true, value: { fields, returnTo } };
}

function storeOf(deps: AppDeps, next: NextFunction): CorrectionStore | null {
  if (deps.corrections) return deps.corrections;
  next(new RequestError('unavailable', 'this server keeps no corrections'));
  return null;
}

/** The file could not be read: the log names it; the client is told what to do, never where the file is. */
function fileFailure(deps: AppDeps, error: DossierError, next: NextFunction): void {
  deps.log?.(error.message);
  next(new RequestError('unavailable', 'the corrections file cannot be read; the server log says why. Nothing was changed'));
}

function changeFailure(deps: AppDeps, error: DossierError, next: NextFunction): void {
  if (error.code === 'corrupt_corrections') fileFailure(deps, error, next);
  else next(requestErrorFrom(error));
}

/** Starts the re-index that applies a change, and answers 202 with it; `status` when there is nothing to start. */
async function answerChange(deps: AppDeps, res: Response, status: number, body: object): Promise<void> {
  if (!deps.reindex) {
    res.status(status).json({ ...body, reindex: null });
    return;
  }
  const reindex = await deps.reindex();
  res.status(202).json({ ...body, reindex });
}

function listed(index: LoadedIndex, correction: Correction): ListedCorrection {
  const changed = index.header.stats[correctionStatKey(correction.id)];
  if (changed === undefined) return { ...correction, status: 'pending', paragraphs: null };
  return { ...correction, status: changed > 0 ? 'applied' : 'unmatched', paragraphs: changed };
}

function sameRequest(existing: Correction, request: CorrectionRequest): boolean {
  const { id: _id, createdAt: _createdAt, ...rest } = existing;
  return JSON.stringify(Object.entries(rest).sort()) === JSON.stringify(Object.entries(request).sort());
}


/** Why the index being served has nothing for this correction to act on, or null. */
function problemWithTarget(index: LoadedIndex, request: CorrectionRequest): string | null {
  const field = TAG_FIELD[request.facet];
  const unknown = (value: string): string | null =>
    (Object.hasOwn(index.entities[field], value) ? null : `no ${request.facet} ${value} in the index`);
  if (request.action === 'merge') return unknown(request.value) ?? unknown(request.into);
  if (request.docId !== undefined && request.n !== undefined) {
    const paragraph = findParagraph(index, request.docId, request.n);
    if (!paragraph.ok) return paragraph.error.message;
    if (request.action === 'reject' && !paragraph.value[field].includes(request.value)) {
      return `paragraph ${request.n} of ${request.docId} is not tagged ${request.facet}:${request.value}`;
    }
  }
  return unknown(request.value);
}

function findParagraph(index: LoadedIndex, docId: string, n: number): Result<LoadedIndex['paragraphs'][number]> {
  const document = index.documentOrdinal.get(docId);
  if (document === undefined) return { ok: false, error: { code: 'unknown_value', message: `no document ${docId}` } };
  for (const ordinal of index.documentParagraphs[document] ?? []) {
    const paragraph = index.paragraphs[ordinal];
    if (paragraph?.n === n) return { ok: true, value: paragraph };
  }
  return { ok: false, error: { code: 'unknown_value', message: `document ${docId} has no paragraph ${n}` } };
}
