import { once } from 'node:events';
import { Router, type Response } from 'express';
import {
  csvHeader, exportRows, getDocument, search, searchFacetValues, suggest, toCsvLine, toJsonLine, type ExportRow,
} from '../../index/query/index.ts';
import type { AppDeps } from '../deps.ts';
import { RequestError, requestErrorFrom } from '../errors.ts';
import { parseExportParams, parseFacetSearchParams, parseSearchParams, parseSuggestParams } from '../params.ts';

/** Rows written between two checks of the socket's buffer while exporting. */
const EXPORT_BATCH = 200;

/**
 * The JSON API: search, facet value search, export, suggestions, documents, health. Each handler takes the index
 * once (`deps.index.current()`) so a re-index swapping it mid-request cannot mix two indexes in one answer.
 */
export function apiRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/search', (req, res, next) => {
    const index = deps.index.current();
    const request = parseSearchParams(req.query, index.schema);
    if (!request.ok) return next(requestErrorFrom(request.error));
    const page = search(index, request.value);
    if (!page.ok) return next(requestErrorFrom(page.error));
    res.json(page.value);
  });

  router.get('/api/facets/:facet', (req, res, next) => {
    const index = deps.index.current();
    const parsed = parseFacetSearchParams(req.params.facet, req.query, index.schema);
    if (!parsed.ok) return next(requestErrorFrom(parsed.error));
    const { facet, prefix, request } = parsed.value;
    const values = searchFacetValues(index, request, facet, prefix);
    if (!values.ok) return next(requestErrorFrom(values.error));
    res.json({ facet, prefix, values: values.value });
  });

  router.get('/api/export', async (req, res, next) => {
    const index = deps.index.current();
    const parsed = parseExportParams(req.query, index.schema);
    if (!parsed.ok) return next(requestErrorFrom(parsed.error));
    const rows = exportRows(index, parsed.value.request);
    if (!rows.ok) return next(requestErrorFrom(rows.error));
    const csv = parsed.value.format === 'csv';
    res.status(200);
    // attachment() sets a type from the file extension, so the explicit type comes after it.
    res.attachment(csv ? 'dossier-export.csv' : 'dossier-export.jsonl');
    res.type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    try {
      const line = csv ? (row: ExportRow) => toCsvLine(row, index.schema) : toJsonLine;
      await streamRows(res, rows.value, line, csv ? csvHeader(index.schema) : '');
    } catch (error) {
      next(error);
    }
  });

  router.get('/api/suggest', (req, res, next) => {
    const index = deps.index.current();
    const parsed = parseSuggestParams(req.query);
    if (!parsed.ok) return next(requestErrorFrom(parsed.error));
    res.json({ q: parsed.value.q, suggestions: suggest(index, parsed.value.q, parsed.value.size) });
  });

  router.get('/api/doc/:docId', (req, res, next) => {
    const index = deps.index.current();
    const document = getDocument(index, req.params.docId);
    if (document === null) return next(new RequestError('not_found', `no document with id "${clip(req.params.docId)}"`));
    res.json(document);
  });

  router.get('/healthz', (_req, res) => {
    const { header } = deps.index.current();
    res.json({
      status: 'ok',
      documents: header.documents,
      paragraphs: header.paragraphs,
      builtAt: header.builtAt,
      formatVersion: header.formatVersion,
    });
  });

  return router;
}

/** Writes rows in batches, waiting for the socket to drain, and stops if the client goes away. */
async function streamRows(
  res: Response, rows: Iterable<ExportRow>, format: (row: ExportRow) => string, header: string,
): Promise<void> {
  let chunk = header;
  let inChunk = 0;
  for (const row of rows) {
    if (res.destroyed) return;
    chunk += format(row);
    inChunk += 1;
    if (inChunk < EXPORT_BATCH) continue;
    const flushed = res.write(chunk);
    chunk = '';
    inChunk = 0;
    if (!flushed) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  res.end(chunk);
}

function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
