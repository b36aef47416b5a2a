import type { Result, SearchRequest } from '../../index/query/index.ts';
import type { RequestDefaults } from './requests.ts';
import { searchHref } from './urls.ts';

/**
 * "Compare": other queries charted over time beside the search's own, with the same filters. The URL carries them
 * as `compare=<q2>&compare=<q3>&compare=<q4>`; they change the chart only, never the hits.
 */

/** Queries beside the search's own: four on one chart at most. */
export const MAX_COMPARE = 3;
/** A comparison query is a few words, not a document. */
export const MAX_COMPARE_LENGTH = 200;

/**
 * The `compare` parameter: its non-empty values, trimmed, first occurrence of each kept; `bad_parameter` for a value
 * that is not a string, longer than MAX_COMPARE_LENGTH, or more than MAX_COMPARE of them.
 */
export function parseCompare(query: unknown): Result<string[]> {
  if (typeof query !== 'object' || query === null || !Object.hasOwn(query, 'compare')) return { ok: true, value: [] };
  const raw: unknown = Reflect.get(query, 'compare');
  const values: unknown[] = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') return bad('must be a query: compare=<words>, repeated for each query');
    const text = value.trim();
    if (text.length > MAX_COMPARE_LENGTH) return bad(`may be at most ${MAX_COMPARE_LENGTH} characters`);
    if (text !== '' && !out.includes(text)) out.push(text);
  }
  if (out.length > MAX_COMPARE) return bad(`takes at most ${MAX_COMPARE} queries (${out.length} given)`);
  return { ok: true, value: out };
}

function bad(message: string): Result<never> {
  return { ok: false, error: { code: 'bad_parameter', message: `compare ${message}` } };
}

/** `/search?…` for a request, with the comparison queries after its own parameters. */
export function compareHref(request: SearchRequest, defaults: RequestDefaults, compare: readonly string[]): string {
  const href = searchHref(request, defaults);
  if (compare.length === 0) return href;
  const params = new URLSearchParams();
  for (const q of compare) params.append('compare', q);
  return `${href}${href.includes('?') ? '&' : '?'}${params.toString()}`;
}

/** One query of the chart: its label, colour (0–3) and, for an added one, the link that takes it off. */
export interface CompareItem {
  label: string;
  key: number;
  removeHref: string | null;
}

/** The legend and the "add a query" control under the chart. */
export interface CompareView {
  items: CompareItem[];
  /** The comparison queries, carried by the search form as hidden fields. */
  hidden: string[];
  /** Whether another query may be added (fewer than four on the chart). */
  canAdd: boolean;
  maxLength: number;
}

/** The label of a search's own series: its words, or what it lists when it has none. */
export function ownLabel(request: SearchRequest, unitPlural: string): string {
  return request.q.trim() === '' ? `All ${unitPlural}` : request.q;
}

/** The legend of a chart of `request` and its comparison queries. */
export function compareView(
  request: SearchRequest, defaults: RequestDefaults, compare: readonly string[], unitPlural: string,
): CompareView {
  const items: CompareItem[] = [{ label: ownLabel(request, unitPlural), key: 0, removeHref: null }];
  compare.forEach((q, k) => {
    items.push({ label: q, key: k + 1, removeHref: compareHref(request, defaults, compare.filter((_, j) => j !== k)) });
  });
  return { items, hidden: [...compare], canAdd: compare.length < MAX_COMPARE, maxLength: MAX_COMPARE_LENGTH };
}
