import { Router, type Request, type Response } from 'express';
import {
  csvHeader, exportRows, getDocument, search, searchFacetValues, suggest, toCsvLine, toJsonLine,
  type ExportRow, type FacetSchema, type SearchRequest,
} from '../../index/query/index.ts';
import type { AppDeps } from '../deps.ts';
import { pastLastPage, RequestError, requestErrorFrom } from '../errors.ts';
import {
  parseDocApiParams, parseExportParams, parseFacetSearchParams, parseSearchParams, parseSuggestParams, type ExportFormat,
} from '../params.ts';

/** Rows written between two checks of the socket's buffer while exporting. */
const EXPORT_BATCH = 200;
/** Exports stream the whole result: more at once than this would crowd out every other request. */
export const MAX_CONCURRENT_EXPORTS = 2;
const EXPORT_STALL_MS = 60_000;

/** The longest part of an export's file name taken from the query and filters. */
const MAX_FILE_SLUG = 60;

/**
 * A Host header as a permalink may repeat it: a name or IPv4 address, or a bracketed IPv6 address, and a port. The
 * header is whatever the client sent, so anything else (`evil.example/x?`, `a@b`, quotes) is not written into a file.
 */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

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
    if (deps.backend !== undefined) {
      deps.backend.search(request.value).then((page) => {
        if (!page.ok) return next(requestErrorFrom(page.error));
        res.json(page.value);
      }, next);
      return;
    }
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

  let exportsRunning = 0;
  router.get('/api/export', async (req, res, next) => {
    const index = deps.index.current();
    const parsed = parseExportParams(req.query, index.schema);
    if (!parsed.ok) return next(requestErrorFrom(parsed.error));
    const { format, request } = parsed.value;
    if (exportsRunning >= MAX_CONCURRENT_EXPORTS && req.method !== 'HEAD') {
      return next(new RequestError('too_many_requests', `at most ${MAX_CONCURRENT_EXPORTS} exports run at once; try again in a moment`));
    }
    const rows = exportRows(index, request, deps.config.publicUrl ?? requestBaseUrl(req));
    if (!rows.ok) return next(requestErrorFrom(rows.error));
    if (req.method === 'HEAD') {
      // A HEAD gets the status and headers a GET would: the search is checked and run, no row is written.
      res.status(200).attachment(exportFileName(request, index.schema, format, new Date()));
      res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8').end();
      return;
    }
    exportsRunning += 1;
    res.once('close', () => {
      exportsRunning -= 1;
    });
    const csv = format === 'csv';
    res.status(200);
    // attachment() sets a type from the file extension, so the explicit type comes after it.
    res.attachment(exportFileName(request, index.schema, format, new Date()));
    res.type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    try {
      const line = csv ? (row: ExportRow) => toCsvLine(row, index.schema) : toJsonLine;
      await streamRows(res, rows.value, line, csv ? csvHeader(index.schema) : '', deps.config.exportStallMs ?? EXPORT_STALL_MS);
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
    const parsed = parseDocApiParams(req.query);
    if (!parsed.ok) return next(requestErrorFrom(parsed.error));
    const document = getDocument(index, req.params.docId, parsed.value.page);
    if (document === null) return next(new RequestError('not_found', `no document with id "${clip(req.params.docId)}"`));
    if (parsed.value.page > document.pages) return next(pastLastPage(parsed.value.page, document.pages));
    res.json(document);
  });

  router.get('/healthz', (_req, res, next) => {
    const { header } = deps.index.current();
    const answer = (health: { ok: boolean; message?: string }): void => {
      if (!health.ok) {
        res.status(503).json({ status: 'unavailable', message: health.message ?? 'the search backend cannot answer' });
        return;
      }
      res.json({
        status: 'ok',
        ...(deps.backend === undefined ? {} : { backend: deps.backend.kind }),
        documents: header.documents,
        paragraphs: header.paragraphs,
        builtAt: header.builtAt,
        formatVersion: header.formatVersion,
      });
    };
    if (deps.backend === undefined) answer({ ok: true });
    else deps.backend.health().then(answer, next);
  });

  return router;
}

/**
 * The download's name: `dossier-<slug>-<YYYY-MM-DD>.<format>`, the slug made of the query and the filter values
 * (`troops-fr-le-monde`; `all` for everything), ASCII letters, digits and dashes only, so no header or file system
 * can misread it. `today` is the date in UTC.
 */
export function exportFileName(request: SearchRequest, schema: FacetSchema, format: ExportFormat, today: Date): string {
  const { filters } = request;
  const parts = [request.q, ...schema.filterNames.flatMap((name) => listValues(filters[name]))];
  if (filters.from !== null) parts.push(`from ${filters.from}`);
  if (filters.to !== null) parts.push(`to ${filters.to}`);
  const asked = parts.some((part) => part.trim() !== '');
  // A query in a script without Latin letters still names a search, not the whole archive.
  const slug = asked ? (slugOf(parts.join(' ')) || 'search') : 'all';
  return `dossier-${slug}-${today.toISOString().slice(0, 10)}.${format}`;
}

function listValues(value: string[] | string | null | undefined): string[] {
  return Array.isArray(value) ? value : [];
}

/** Lower-case ASCII words joined by single dashes, accents dropped (`Élysée` → `elysee`), cut at a word if it can. */
function slugOf(text: string): string {
  const slug = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_FILE_SLUG) return slug;
  const cut = slug.lastIndexOf('-', MAX_FILE_SLUG);
  return cut >= MAX_FILE_SLUG / 2 ? slug.slice(0, cut) : slug.slice(0, MAX_FILE_SLUG).replace(/-+$/, '');
}

/**
 * The scheme and host this request reached the server by, for absolute permalinks when no public URL is configured.
 * A Host header that is not a plain host (and port) gives way to localhost on the port the request came in on.
 */
function requestBaseUrl(req: Request): string {
  // req.protocol trusts X-Forwarded-Proto only under `trust proxy`; even then, only the two schemes are taken.
  const scheme = req.protocol === 'https' ? 'https' : 'http';
  const host = req.get('host') ?? '';
  const plain = PLAIN_HOST.exec(host);
  if (plain !== null && Number(plain[1] ?? 0) <= 65535) return `${scheme}://${host.toLowerCase()}`;
  return `${scheme}://localhost${req.socket.localPort === undefined ? '' : `:${req.socket.localPort}`}`;
}

/**
 * Writes rows in batches, waiting for the socket to drain, and stops if the client goes away. A reader as fast as the
 * writer never makes it wait, so it also gives the event loop back every EXPORT_SLICE_MS: other requests are answered
 * between two slices of an export, not after all of it.
 */
async function streamRows(
  res: Response, rows: Iterable<ExportRow>, format: (row: ExportRow) => string, header: string, stallMs: number,
): Promise<void> {
  let chunk = header;
  let inChunk = 0;
  let sliceStart = performance.now();
  for (const row of rows) {
    if (res.destroyed) return;
    chunk += format(row);
    inChunk += 1;
    if (inChunk < EXPORT_BATCH) continue;
    const flushed = res.write(chunk);
    chunk = '';
    inChunk = 0;
    if (!flushed) await drainedOrClosed(res, stallMs);
    if (performance.now() - sliceStart > EXPORT_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  if (!res.destroyed) res.end(chunk);
}

/** The longest stretch an export holds the event loop before letting other requests in. */
const EXPORT_SLICE_MS = 10;

/**
 * Resolves on the response's next 'drain' or 'close', whichever comes first, and removes both listeners then: a
 * large export waits thousands of times, and a listener left per wait would pile up on the one response. A reader
 * that takes nothing for `stallMs` is cut off, so it cannot hold an export slot for ever.
 */
function drainedOrClosed(res: Response, stallMs: number): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => res.destroy(), stallMs);
    const done = (): void => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
