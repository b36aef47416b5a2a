import {
  BUILT_IN_SCHEMA, MAX_QUERY_LENGTH, type FacetName, type FacetSchema, type Filters, type Grouping, type Result, type Scope,
  type SearchRequest, type SortOrder, type TagFacet,
} from '../index/query/index.ts';

/**
 * Query-string parsers: Express's `req.query` (strings, arrays of strings, or nested objects from `a[b]=`)
 * → typed requests, or a `bad_parameter` error that names the parameter. Unknown parameters are ignored.
 */

export const DEFAULT_SIZE = 20;
export const MAX_SIZE = 100;
export const DEFAULT_FACET_SIZE = 10;
export const MAX_FACET_SIZE = 100;
/** Deep paging stops here: page × size may not exceed it. */
export const MAX_RESULT_WINDOW = 10_000;
export const MAX_FILTER_VALUES = 20;
const MAX_VALUE_LENGTH = 200;

const SORT_ORDERS: readonly SortOrder[] = ['relevance', 'date'];

type Query = Record<string, unknown>;

/**
 * Parses the parameters of /api/search (and of the search page): q, every list filter of the schema with its
 * `not<name>` exclusions and `<name>Match=any|all`, from/to, sort, page, size (0: facets and totals only), facetSize,
 * fuzzy, scope, group and collapse.
 */
export function parseSearchParams(query: unknown, schema: FacetSchema = BUILT_IN_SCHEMA): Result<SearchRequest> {
  const params: Query = isRecord(query) ? query : {};
  const q = single(params, 'q');
  if (!q.ok) return q;
  const text = (q.value ?? '').trim();
  if (text.length > MAX_QUERY_LENGTH) return bad('q', `must be at most ${MAX_QUERY_LENGTH} characters`);

  // Values are resolved against the index by the query engine: a country's name or short form, a person's name.
  const filters: Filters = { country: [], person: [], topic: [], place: [], source: [], doc: [], from: null, to: null };
  const exclude: Record<string, string[]> = {};
  const allOf: string[] = [];
  for (const name of schema.filterNames) {
    const values = list(params, name);
    if (!values.ok) return values;
    filters[name] = values.value;
    const excluded = list(params, `not${name}`);
    if (!excluded.ok) return excluded;
    if (excluded.value.length > 0) exclude[name] = excluded.value;
    const match = choice(params, `${name}Match`, MATCH_MODES);
    if (!match.ok) return match;
    if (match.value === 'all') allOf.push(name);
  }
  for (const name of ['from', 'to'] as const) {
    const date = isoDate(params, name);
    if (!date.ok) return date;
    filters[name] = date.value;
  }
  if (filters.from !== null && filters.to !== null && filters.from > filters.to) {
    return bad('from', `${filters.from} is after to=${filters.to}`);
  }

  const sort = single(params, 'sort');
  if (!sort.ok) return sort;
  const order = sort.value === undefined || sort.value === '' ? 'relevance' : sort.value;
  if (!isSortOrder(order)) return bad('sort', `must be one of ${SORT_ORDERS.join(', ')}, got "${clip(order)}"`);

  const page = wholeNumber(params, 'page', 1, 1, MAX_RESULT_WINDOW);
  if (!page.ok) return page;
  const size = wholeNumber(params, 'size', DEFAULT_SIZE, 0, MAX_SIZE);
  if (!size.ok) return size;
  if (page.value * size.value > MAX_RESULT_WINDOW) {
    return bad('page', `page × size may not exceed ${MAX_RESULT_WINDOW}; narrow the search or use /api/export`);
  }
  const facetSize = wholeNumber(params, 'facetSize', DEFAULT_FACET_SIZE, 1, MAX_FACET_SIZE);
  if (!facetSize.ok) return facetSize;

  const fuzzy = choice(params, 'fuzzy', SWITCH);
  if (!fuzzy.ok) return fuzzy;
  const scope = choice(params, 'scope', SCOPES);
  if (!scope.ok) return scope;
  const group = choice(params, 'group', GROUPINGS);
  if (!group.ok) return group;
  const collapse = choice(params, 'collapse', SWITCH, 'on');
  if (!collapse.ok) return collapse;

  return {
    ok: true,
    value: {
      q: text, filters, allOf, exclude, sort: order, page: page.value, size: size.value, facetSize: facetSize.value,
      fuzzy: fuzzy.value === 'on', scope: scope.value, group: group.value, collapse: collapse.value === 'on',
    },
  };
}

const MATCH_MODES = ['any', 'all'] as const;
const SWITCH = ['off', 'on'] as const;
const SCOPES: readonly Scope[] = ['paragraph', 'article'];
const GROUPINGS: readonly Grouping[] = ['none', 'article'];

/** One of a closed list of values; the first is the default unless another is given. */
function choice<T extends string>(params: Query, name: string, values: readonly T[], fallback: T = values[0] as T): Result<T> {
  const raw = single(params, name);
  if (!raw.ok) return raw;
  if (raw.value === undefined || raw.value === '') return { ok: true, value: fallback };
  const value = raw.value.trim().toLowerCase();
  const known = values.find((candidate) => candidate === value);
  if (known === undefined) return bad(name, `must be one of ${values.join(', ')}, got "${clip(raw.value)}"`);
  return { ok: true, value: known };
}

/** Export formats of /api/export. */
export type ExportFormat = 'jsonl' | 'csv';

/** Parses /api/export: a format (jsonl by default) and the search parameters, whose paging is ignored. */
export function parseExportParams(query: unknown, schema: FacetSchema = BUILT_IN_SCHEMA): Result<{ format: ExportFormat; request: SearchRequest }> {
  const params: Query = isRecord(query) ? query : {};
  const format = single(params, 'format');
  if (!format.ok) return format;
  const value = format.value === undefined || format.value === '' ? 'jsonl' : format.value;
  if (value !== 'jsonl' && value !== 'csv') return bad('format', `must be jsonl or csv, got "${clip(value)}"`);
  const { page: _page, size: _size, ...rest } = params;
  const request = parseSearchParams(rest, schema);
  if (!request.ok) return request;
  return { ok: true, value: { format: value, request: request.value } };
}

/** Parses /api/facets/<facet>: the facet name (`unknown_facet` if none such), a value prefix, the search parameters. */
export function parseFacetSearchParams(
  facet: string, query: unknown, schema: FacetSchema = BUILT_IN_SCHEMA,
): Result<{ facet: FacetName; prefix: string; request: SearchRequest }> {
  if (!schema.facetNames.includes(facet)) {
    return {
      ok: false,
      error: { code: 'unknown_facet', message: `facet: "${clip(facet)}" is not a facet; use one of ${schema.facetNames.join(', ')}` },
    };
  }
  const params: Query = isRecord(query) ? query : {};
  const prefix = single(params, 'prefix');
  if (!prefix.ok) return prefix;
  if ((prefix.value ?? '').length > MAX_VALUE_LENGTH) return bad('prefix', `must be at most ${MAX_VALUE_LENGTH} characters`);
  const request = parseSearchParams(params, schema);
  if (!request.ok) return request;
  return { ok: true, value: { facet, prefix: (prefix.value ?? '').trim(), request: request.value } };
}

/** The tag facets whose evidence an article page can underline. */
const EVIDENCE_FACETS = ['country', 'person', 'topic', 'place'] as const;

/**
 * Parses an article page's parameters: the query whose words it marks (`q`), the tag whose evidence it
 * underlines (`evidence=person:tony-blair`), and what an admin's correction just did (`corrected`).
 */
export function parseDocParams(query: unknown): Result<{
  q: string; evidence: { facet: TagFacet; value: string } | null; corrected: 'saved' | 'reindexing' | null; page: number;
}> {
  const params: Query = isRecord(query) ? query : {};
  const q = single(params, 'q');
  if (!q.ok) return q;
  const page = wholeNumber(params, 'page', 1, 1, MAX_DOCUMENT_PAGE);
  if (!page.ok) return page;
  if ((q.value ?? '').length > MAX_QUERY_LENGTH) return bad('q', `must be at most ${MAX_QUERY_LENGTH} characters`);
  const evidence = single(params, 'evidence');
  if (!evidence.ok) return evidence;
  const correctedParam = single(params, 'corrected');
  if (!correctedParam.ok) return correctedParam;
  const corrected = correctedParam.value === 'saved' || correctedParam.value === 'reindexing' ? correctedParam.value : null;
  const raw = (evidence.value ?? '').trim();
  if (raw === '') return { ok: true, value: { q: q.value ?? '', evidence: null, corrected, page: page.value } };
  const colon = raw.indexOf(':');
  const facet = raw.slice(0, colon);
  const value = raw.slice(colon + 1).trim();
  if (colon < 0 || !(EVIDENCE_FACETS as readonly string[]).includes(facet) || value === '' || value.length > MAX_VALUE_LENGTH) {
    return bad('evidence', `must be country:<code>, person:<id>, topic:<id> or place:<id>, got "${clip(raw)}"`);
  }
  return { ok: true, value: { q: q.value ?? '', evidence: { facet: facet as TagFacet, value }, corrected, page: page.value } };
}

/** The highest article page a URL may ask for: 500 paragraphs a page, so a document of 50 million paragraphs. */
const MAX_DOCUMENT_PAGE = 100_000;

/** Parses /api/doc: the page of paragraphs (`page`, default 1). */
export function parseDocApiParams(query: unknown): Result<{ page: number }> {
  const params: Query = isRecord(query) ? query : {};
  const page = wholeNumber(params, 'page', 1, 1, MAX_DOCUMENT_PAGE);
  if (!page.ok) return page;
  return { ok: true, value: { page: page.value } };
}

/** Parses /api/suggest: the text typed so far (`q`) and how many completions to return (`size`, 1–50, default 10). */
export function parseSuggestParams(query: unknown): Result<{ q: string; size: number }> {
  const params: Query = isRecord(query) ? query : {};
  const q = single(params, 'q');
  if (!q.ok) return q;
  if ((q.value ?? '').length > MAX_VALUE_LENGTH) return bad('q', `must be at most ${MAX_VALUE_LENGTH} characters`);
  const size = wholeNumber(params, 'size', 10, 1, 50);
  if (!size.ok) return size;
  return { ok: true, value: { q: (q.value ?? '').trim(), size: size.value } };
}

function single(params: Query, name: string): Result<string | undefined> {
  const value = params[name];
  if (value === undefined || typeof value === 'string') return { ok: true, value };
  if (Array.isArray(value)) return bad(name, 'may be given only once');
  return bad(name, 'must be a plain value');
}

function list(params: Query, name: string): Result<string[]> {
  const raw = params[name];
  if (raw === undefined) return { ok: true, value: [] };
  const values = Array.isArray(raw) ? raw : [raw];
  if (!values.every((value): value is string => typeof value === 'string')) return bad(name, 'must be plain values');
  const kept = [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
  if (kept.length > MAX_FILTER_VALUES) return bad(name, `may have at most ${MAX_FILTER_VALUES} values`);
  const long = kept.find((value) => value.length > MAX_VALUE_LENGTH);
  if (long !== undefined) return bad(name, `values must be at most ${MAX_VALUE_LENGTH} characters`);
  return { ok: true, value: kept };
}

function isoDate(params: Query, name: string): Result<string | null> {
  const raw = single(params, name);
  if (!raw.ok) return raw;
  if (raw.value === undefined || raw.value === '') return { ok: true, value: null };
  const value = raw.value;
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [year, month, day] = parts === null ? [] : parts.slice(1).map(Number);
  if (year === undefined || month === undefined || day === undefined) {
    return bad(name, `must be a date like 2025-02-17, got "${clip(value)}"`);
  }
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return bad(name, `${clip(value)} is not a calendar date`);
  }
  return { ok: true, value };
}

function wholeNumber(params: Query, name: string, fallback: number, min: number, max: number): Result<number> {
  const raw = single(params, name);
  if (!raw.ok) return raw;
  if (raw.value === undefined || raw.value === '') return { ok: true, value: fallback };
  const value = raw.value.trim();
  if (!/^\d{1,9}$/.test(value)) return bad(name, `must be a whole number from ${min} to ${max}, got "${clip(value)}"`);
  const number = Number(value);
  if (number < min || number > max) return bad(name, `must be from ${min} to ${max}, got ${number}`);
  return { ok: true, value: number };
}

function isSortOrder(value: string): value is SortOrder {
  return (SORT_ORDERS as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Query {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Echoed input is shortened so an error message stays one readable line. */
function clip(value: string): string {
  const line = value.replace(/[\r\n]+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

function bad<T>(parameter: string, problem: string): Result<T> {
  return { ok: false, error: { code: 'bad_parameter', message: `${parameter}: ${problem}` } };
}
