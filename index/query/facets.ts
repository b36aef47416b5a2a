import { memoPerObject } from '../cache.ts';
import { BUILT_IN_SCHEMA, type FacetSchema } from '../schema.ts';
import type { FacetColumn, LoadedIndex } from '../store/loaded-index.ts';
import type { BuiltInFacet, FacetName, FacetValue, Filters } from '../types.ts';
import { levelOf, type Level } from './levels.ts';

/**
 * Filters and disjunctive facet counts, for every filter and facet of the index's schema. Each filter is one bit; a candidate paragraph's mask holds the bits of
 * the filters it fails. Hits are candidates with mask 0; a facet counts the candidates whose mask is 0 once its
 * own filter's bit is ignored, so choosing one value still shows how many hits the others would add.
 */

/** The facets every index has, in panel order (the schema may add metadata facets after them). */
export const FACET_NAMES = BUILT_IN_SCHEMA.facetNames as readonly BuiltInFacet[];

/**
 * Bit of each list filter of the schema, in order, then the date range's bit; the year facet ignores the date
 * range's bit when it counts, every other facet its own filter's bit.
 */
interface FilterBits {
  ofFilter: ReadonlyMap<string, number>;
  date: number;
}

const filterBitsOf = memoPerObject((schema: FacetSchema): FilterBits => ({
  ofFilter: new Map(schema.filterNames.map((name, position) => [name, 1 << position])),
  date: 1 << schema.filterNames.length,
}));

/** The filter bit a facet ignores when counting. */
function facetBit(schema: FacetSchema, facet: FacetName): number {
  const bits = filterBitsOf(schema);
  return schema.byName.get(facet)?.source.kind === 'year' ? bits.date : (bits.ofFilter.get(facet) ?? 0);
}

/** Filters compiled against an index's columns, ready to test paragraphs. */
export interface CompiledFilters {
  /** Bits of the filters that are set; 0 means nothing filters. */
  active: number;
  /** Bits of the filters a paragraph fails. */
  failures(paragraph: number): number;
}

/** The values of list filter `name` in `filters` (none when it is not set). */
export function filterValues(filters: Filters, name: string): string[] {
  const values = filters[name];
  return Array.isArray(values) ? values : [];
}

/**
 * Compiles filters to column ordinals, for the units of a level (an article passes a filter when any of its
 * paragraphs does): values unknown to the index match nothing.
 */
export function compileFilters(index: LoadedIndex, filters: Filters, level: Level = levelOf(index)): CompiledFilters {
  const checks: Array<{ bit: number; passes: (paragraph: number) => boolean }> = [];
  const bits = filterBitsOf(index.schema);
  const columnCheck = (bit: number, column: FacetColumn, values: readonly string[]) => {
    const wanted = new Set<number>();
    for (const value of values) {
      const ordinal = column.ordinalOf.get(value);
      if (ordinal !== undefined) wanted.add(ordinal);
    }
    checks.push({
      bit,
      passes: (paragraph) => {
        const end = column.offsets[paragraph + 1] ?? 0;
        for (let k = column.offsets[paragraph] ?? 0; k < end; k += 1) {
          if (wanted.has(column.ids[k] ?? -1)) return true;
        }
        return false;
      },
    });
  };
  for (const name of index.schema.filterNames) {
    const values = filterValues(filters, name);
    const bit = bits.ofFilter.get(name) ?? 0;
    const column = level.column(name);
    if (values.length === 0) continue;
    if (index.schema.byName.get(name)?.source.kind === 'doc') {
      const documents = new Set<number>();
      for (const id of values) {
        const ordinal = index.documentOrdinal.get(id);
        if (ordinal !== undefined) documents.add(ordinal);
      }
      checks.push({ bit, passes: (unit) => documents.has(level.documentOf(unit)) });
    } else if (column !== undefined) {
      columnCheck(bit, column, values);
    }
  }
  if (filters.from !== null || filters.to !== null) {
    const { from, to } = filters;
    checks.push({
      bit: bits.date,
      passes: (unit) => {
        const date = index.documents[level.documentOf(unit)]?.date;
        // Undated documents cannot be shown to fall inside a date range.
        return date !== null && date !== undefined && (from === null || date >= from) && (to === null || date <= to);
      },
    });
  }
  const active = checks.reduce((all, check) => all | check.bit, 0);
  return {
    active,
    failures: (paragraph) => {
      let failed = 0;
      for (const check of checks) if (!check.passes(paragraph)) failed |= check.bit;
      return failed;
    },
  };
}

/** Candidates (paragraph or article ordinals, by level) with the filter bits each fails. */
export interface FilteredCandidates {
  level: Level;
  ordinals: ArrayLike<number>;
  /** One bit per filter: 8 bits hold the built-in filters, 16 the metadata facets too. */
  masks: Uint8Array | Uint16Array;
}

/** Tests every candidate against the filters once. */
export function applyFilters(filters: CompiledFilters, ordinals: ArrayLike<number>, level: Level): FilteredCandidates {
  const masks = filters.active < 0x100 ? new Uint8Array(ordinals.length) : new Uint16Array(ordinals.length);
  if (filters.active !== 0) {
    for (let k = 0; k < ordinals.length; k += 1) masks[k] = filters.failures(ordinals[k] ?? 0);
  }
  return { level, ordinals, masks };
}

/** Exact counts per value ordinal of one facet, over candidates that pass every filter but the facet's own. */
export function countFacet(index: LoadedIndex, facet: FacetName, candidates: FilteredCandidates): Int32Array {
  const column = candidates.level.column(facet) ?? NO_COLUMN;
  const counts = new Int32Array(column.values.length);
  const ignored = ~facetBit(index.schema, facet);
  const { ordinals, masks } = candidates;
  for (let k = 0; k < ordinals.length; k += 1) {
    if (((masks[k] ?? 0) & ignored) !== 0) continue;
    const paragraph = ordinals[k] ?? 0;
    const end = column.offsets[paragraph + 1] ?? 0;
    for (let j = column.offsets[paragraph] ?? 0; j < end; j += 1) {
      const id = column.ids[j] ?? 0;
      counts[id] = (counts[id] ?? 0) + 1;
    }
  }
  return counts;
}

const NO_COLUMN: FacetColumn = { values: [], ordinalOf: new Map(), offsets: new Int32Array(1), ids: new Int32Array(0) };

/** The column of a facet; a facet the index does not have is an empty column (no values, nothing counted). */
function columnOf(index: LoadedIndex, facet: FacetName): FacetColumn {
  return index.columns[facet] ?? NO_COLUMN;
}

/** Display label of a facet value: entity name or label, else the value itself. */
export function facetLabel(index: LoadedIndex, facet: FacetName, value: string): string {
  const source = index.schema.byName.get(facet)?.source;
  if (source?.kind !== 'tag') return value;
  if (source.entity === 'country') return index.entities.countries[value]?.name ?? value;
  if (source.entity === 'person') return index.entities.persons[value]?.name ?? value;
  if (source.entity === 'place') return index.entities.places[value]?.label ?? value;
  return index.entities.topics[value]?.label ?? value;
}

/** The values of a facet the request selected (a year is selected when from/to cover exactly that year). */
export function selectedValues(facet: FacetName, filters: Filters): string[] {
  if (facet !== 'year') return filterValues(filters, facet);
  const year = filters.from?.slice(0, 4);
  return year !== undefined && filters.from === `${year}-01-01` && filters.to === `${year}-12-31` ? [year] : [];
}

/** One facet's values: counted, sorted by count then label, with every selected value listed. */
export function facetValues(
  index: LoadedIndex, facet: FacetName, counts: Int32Array, filters: Filters,
): FacetValue[] {
  const column = columnOf(index, facet);
  const selected = new Set(selectedValues(facet, filters));
  const values: FacetValue[] = [];
  counts.forEach((count, ordinal) => {
    const value = column.values[ordinal];
    if (value === undefined || (count === 0 && !selected.has(value))) return;
    values.push(facetValue(index, facet, value, count, selected.has(value)));
  });
  for (const value of selected) {
    if (!column.ordinalOf.has(value)) values.push(facetValue(index, facet, value, 0, true));
  }
  return values.sort(byCountThenLabel);
}

function facetValue(index: LoadedIndex, facet: FacetName, value: string, count: number, selected: boolean): FacetValue {
  const base: FacetValue = { value, label: facetLabel(index, facet, value), count, selected };
  return facet === 'person' ? { ...base, leader: index.entities.persons[value]?.leader ?? false } : base;
}

/** The values a request excludes from a facet, listed after its counted values with count 0 (they have no hits). */
export function excludedValues(index: LoadedIndex, facet: FacetName, excluded: readonly string[]): FacetValue[] {
  return excluded.map((value) => ({ ...facetValue(index, facet, value, 0, false), excluded: true }));
}

/** English collation, as `localeCompare(…, 'en')` but without finding the collator again on every comparison. */
const COLLATOR = new Intl.Collator('en');

/** Count descending, then label in alphabetical order. */
export function byCountThenLabel(a: FacetValue, b: FacetValue): number {
  return b.count - a.count || COLLATOR.compare(a.label, b.label) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/**
 * The top `size` values (for persons: the top `size` leaders and the top `size` others, so a page can show a
 * Leaders facet and a People facet from one list), plus every selected value.
 */
export function topFacetValues(sorted: FacetValue[], facet: FacetName, size: number): FacetValue[] {
  const kept: FacetValue[] = [];
  let leaders = 0;
  let others = 0;
  for (const value of sorted) {
    const isLeader = facet === 'person' && value.leader === true;
    const room = isLeader ? leaders < size : others < size;
    if (room) {
      if (isLeader) leaders += 1;
      else others += 1;
    }
    if (room || value.selected) kept.push(value);
  }
  return kept;
}

/** A facet's values in label order, with their labels and leader flags: fixed for an index, so computed once. */
interface ValueOrder {
  labels: string[];
  leaders: Uint8Array;
  /** Value ordinal → rank in byCountThenLabel's order among values of equal count. */
  rank: Int32Array;
}

/** Each index's value orders by facet; the schema bounds the facets, so the map stays small. */
const valueOrders = memoPerObject((_index: LoadedIndex) => new Map<FacetName, ValueOrder>());

function valueOrderOf(index: LoadedIndex, facet: FacetName): ValueOrder {
  const orders = valueOrders(index);
  let order = orders.get(facet);
  if (order === undefined) {
    const { values } = columnOf(index, facet);
    const labels = values.map((value) => facetLabel(index, facet, value));
    const leaders = Uint8Array.from(values, (value) => (facet === 'person' && index.entities.persons[value]?.leader ? 1 : 0));
    const byLabel = values.map((_, ordinal) => ordinal).sort((a, b) => COLLATOR.compare(labels[a] ?? '', labels[b] ?? '')
      || ((values[a] ?? '') < (values[b] ?? '') ? -1 : (values[a] ?? '') > (values[b] ?? '') ? 1 : 0));
    const rank = new Int32Array(values.length);
    byLabel.forEach((ordinal, position) => {
      rank[ordinal] = position;
    });
    order = { labels, leaders, rank };
    orders.set(facet, order);
  }
  return order;
}

/**
 * What `topFacetValues(facetValues(…), facet, size)` gives, without making and sorting a value object for every
 * value that has a count: values are ordered by count and a label rank computed once per index, and only the kept
 * ones become objects. Facets of people and topics have thousands of values on a large corpus.
 */
export function topValues(
  index: LoadedIndex, facet: FacetName, counts: Int32Array, filters: Filters, size: number,
): FacetValue[] {
  const column = columnOf(index, facet);
  const { labels, leaders, rank } = valueOrderOf(index, facet);
  const selected = new Set(selectedValues(facet, filters));
  const counted: number[] = [];
  for (let ordinal = 0; ordinal < counts.length; ordinal += 1) if ((counts[ordinal] ?? 0) > 0) counted.push(ordinal);
  counted.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || (rank[a] ?? 0) - (rank[b] ?? 0));
  const kept: FacetValue[] = [];
  let leaderRoom = size;
  let otherRoom = size;
  const keep = (value: FacetValue, isLeader: boolean): void => {
    const room = isLeader ? leaderRoom > 0 : otherRoom > 0;
    if (room && isLeader) leaderRoom -= 1;
    else if (room) otherRoom -= 1;
    if (room || value.selected) kept.push(value);
  };
  for (const ordinal of counted) {
    const value = column.values[ordinal] ?? '';
    const isLeader = leaders[ordinal] === 1;
    const room = isLeader ? leaderRoom > 0 : otherRoom > 0;
    if (!room && !selected.has(value)) continue;
    const base: FacetValue = { value, label: labels[ordinal] ?? value, count: counts[ordinal] ?? 0, selected: selected.has(value) };
    keep(facet === 'person' ? { ...base, leader: isLeader } : base, isLeader);
  }
  // Selected values nobody has come last (count 0), in label order, as facetValues lists them.
  const unmatched: FacetValue[] = [];
  for (const value of selected) {
    const ordinal = column.ordinalOf.get(value);
    if (ordinal === undefined || (counts[ordinal] ?? 0) === 0) unmatched.push(facetValue(index, facet, value, 0, true));
  }
  for (const value of unmatched.sort(byCountThenLabel)) keep(value, facet === 'person' && value.leader === true);
  return kept;
}
