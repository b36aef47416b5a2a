import { Router, type NextFunction, type Request, type Response } from 'express';
import {
  correctQuery, entityFacts, entityProfile, getDocument, hitsOfPage, isDated, matchParagraphs, queryHighlight, requestDeadline, search,
  timelineOf, totalsOf, type LoadedIndex, type MatchResult, type Result, type SearchOptions, type SearchPage, type SearchRequest,
} from '../../index/query/index.ts';
import type { AppDeps } from '../deps.ts';
import { isAdminRequest } from './admin.ts';
import { pastLastPage, RequestError, requestErrorFrom } from '../errors.ts';
import { parseDocParams, parseSearchParams } from '../params.ts';
import { requestsWithoutEachFilter } from '../view-models/chips.ts';
import { parseCompare } from '../view-models/compare.ts';
import { docView } from '../view-models/doc-page.ts';
import { entityView } from '../view-models/entity-page.ts';
import { homeView, TOP_SHOWN, type HomeView } from '../view-models/home.ts';
import { labellerFor, plural, type Labeller } from '../view-models/labels.ts';
import { browseRequest, searchRequestFor, type EntityKind, type RequestDefaults } from '../view-models/requests.ts';
import { searchView, type Relaxation } from '../view-models/search-page.ts';
import type { ComparedTimeline } from '../view-models/timeline-view.ts';
import { typedQuery, type TypedQuery } from '../view-models/typed-query.ts';
import { searchHref } from '../view-models/urls.ts';

/**
 * The HTML pages: home, search, document and entity pages. They take the same parameters as the JSON API and show
 * the same results; a request with `X-Requested-With: fetch` gets only the results region, for live updates.
 * Each page runs one search at most; what it needs beyond that (totals without a filter, an entity's paragraphs)
 * comes from `matchParagraphs`, which skips facet counting and snippets.
 */

/** Facet values the search page asks for, so "show more" and the facet filter box work within the page. */
const PAGE_FACET_SIZE = 60;

/** The router of the HTML pages. */
export function pageRouter(deps: AppDeps): Router {
  const router = Router();
  const defaults = requestDefaults();
  // The home page depends on the index alone, so it is worked out once per index (a re-index swaps the index).
  const homes = new WeakMap<LoadedIndex, HomeView>();

  router.get('/', (_req, res, next) => {
    const index = deps.index.current();
    let home = homes.get(index);
    if (home === undefined) {
      const all = runSearch(index, { ...browseRequest(defaults), facetSize: TOP_SHOWN, size: 1 }, next, {});
      if (all === null) return;
      home = homeView(index, all.facets, defaults);
      homes.set(index, home);
    }
    res.render('home', { home });
  });

  router.get('/search', (req, res, next) => {
    const index = deps.index.current();
    const parsed = parseSearchParams(req.query, index.schema);
    if (!parsed.ok) {
      next(requestErrorFrom(parsed.error));
      return;
    }
    const compare = parseCompare(req.query);
    if (!compare.ok) {
      next(requestErrorFrom(compare.error));
      return;
    }
    const request = parsed.value;
    // One work budget for everything this page evaluates: the search, its comparisons and its "try without …".
    const deadline = requestDeadline();
    const query = typedQuery(request.q, index.schema);
    // Unless the URL asks for a facet size, fetch enough values to fill "show more".
    const facetSize = hasParam(req, 'facetSize') ? request.facetSize : Math.max(request.facetSize, PAGE_FACET_SIZE);
    const page = runSearch(index, { ...request, facetSize }, next, { deadline, ...(query.parsed ? { parsed: query.parsed } : {}) });
    if (page === null) return;
    // Without dates there is no chart to compare on.
    const compared = page.dated ? comparedTimelines(index, request, compare.value, deadline) : { ok: true as const, value: [] };
    if (!compared.ok) {
      next(requestErrorFrom(compared.error));
      return;
    }
    const labels = labellerFor(index);
    const empty = page.total === 0;
    const view = searchView({
      request,
      page,
      defaults,
      labels,
      correction: empty || page.relaxed ? correction(index, request.q) : null,
      relaxations: empty ? relaxations(index, request, query, defaults, labels, deadline) : [],
      fetchedFacetSize: facetSize,
      query,
      compared: compared.value,
    });
    res.vary('X-Requested-With');
    if (req.get('X-Requested-With') === 'fetch') {
      res.render('partials/results-region', { view });
      return;
    }
    res.render('search', { view });
  });

  router.get('/doc/:docId', (req, res, next) => {
    const index = deps.index.current();
    const parsed = parseDocParams(req.query);
    if (!parsed.ok) {
      next(requestErrorFrom(parsed.error));
      return;
    }
    const { q, evidence, corrected, page } = parsed.value;
    const document = getDocument(index, req.params.docId, page);
    if (document === null) {
      next(new RequestError('not_found', `no article with id "${req.params.docId}"`));
      return;
    }
    if (page > document.pages) {
      next(pastLastPage(page, document.pages));
      return;
    }
    const highlight = q.trim() === '' ? null : queryHighlight(index, q);
    const admin = deps.corrections !== undefined && isAdminRequest(req, deps) ? { corrected } : null;
    res.render('doc', { doc: docView(document, document.paragraphs, q, highlight, defaults, evidence, admin) });
  });

  for (const kind of ['person', 'country', 'topic', 'place'] as const) {
    router.get(`/${kind}/:id`, (req, res, next) => entityPage(deps, kind, defaults, req, res, next));
  }

  return router;
}

function entityPage(
  deps: AppDeps, kind: EntityKind, defaults: RequestDefaults, req: Request, res: Response, next: NextFunction,
): void {
  const index = deps.index.current();
  const id = String(req.params.id);
  const facts = entityFacts(index, kind, id);
  if (facts === null) {
    next(new RequestError('not_found', `no ${kind} "${id}" in this index`));
    return;
  }
  const pageParam = parseSearchParams({ page: req.query.page ?? '1' });
  if (!pageParam.ok) {
    next(requestErrorFrom(pageParam.error));
    return;
  }
  const request: SearchRequest = { ...searchRequestFor(kind, id, defaults), sort: 'date', page: pageParam.value.page };
  const matched = matchParagraphs(index, request);
  if (!matched.ok) {
    next(requestErrorFrom(matched.error));
    return;
  }
  res.render('entity', {
    entity: entityView({
      facts,
      profile: entityProfile(index, kind, id),
      page: pageOfHits(index, request, matched.value),
      request,
      defaults,
      labels: labellerFor(index),
    }),
  });
}

/** The requested page of a match result's hits, as `search` builds them, without the facet counts. */
function pageOfHits(
  index: LoadedIndex, request: SearchRequest, matched: MatchResult,
): Pick<SearchPage, 'total' | 'page' | 'hits' | 'dated'> {
  return { total: matched.total, page: request.page, hits: hitsOfPage(index, request, matched), dated: isDated(index) };
}

/** The timeline of each comparison query: the search's request, filters and matching with that query instead. */
function comparedTimelines(
  index: LoadedIndex, request: SearchRequest, compare: readonly string[], deadline: number,
): Result<ComparedTimeline[]> {
  const out: ComparedTimeline[] = [];
  for (const q of compare) {
    const matched = matchParagraphs(index, { ...request, q, page: 1 }, { deadline });
    if (!matched.ok) return { ok: false, error: { ...matched.error, message: `compare "${q}": ${matched.error.message}` } };
    out.push({ q, timeline: timelineOf(index, matched.value) });
  }
  return { ok: true, value: out };
}

function runSearch(index: LoadedIndex, request: SearchRequest, next: NextFunction, options: SearchOptions) {
  const result = search(index, request, options);
  if (!result.ok) {
    next(requestErrorFrom(result.error));
    return null;
  }
  return result.value;
}

/** The parser's defaults, so URLs leave them out. */
function requestDefaults(): RequestDefaults {
  const parsed = parseSearchParams({});
  if (!parsed.ok) throw new Error(`the search parameter parser rejects an empty query: ${parsed.error.message}`);
  return { sort: parsed.value.sort, size: parsed.value.size, facetSize: parsed.value.facetSize };
}

function hasParam(req: Request, name: string): boolean {
  return typeof req.query === 'object' && req.query !== null && name in req.query;
}

function correction(index: LoadedIndex, q: string): string | null {
  return q.trim() === '' ? null : correctQuery(index.vocabulary, q);
}

/** For a search that found nothing: the total it would have with each filter removed, best first. */
function relaxations(
  index: LoadedIndex, request: SearchRequest, query: TypedQuery, defaults: RequestDefaults, labels: Labeller, deadline: number,
): Relaxation[] {
  const alternatives = requestsWithoutEachFilter(request, labels, query);
  const totals = totalsOf(index, alternatives.map((alternative) => alternative.request), { deadline });
  const out: Relaxation[] = [];
  alternatives.forEach(({ label, request: relaxed }, k) => {
    const total = totals[k];
    if (total === null || total === undefined) return;
    out.push({ label, count: total, countText: plural(total, 'paragraph'), href: searchHref(relaxed, defaults) });
  });
  return out.sort((a, b) => b.count - a.count);
}
