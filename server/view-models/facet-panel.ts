import { BUILT_IN_SCHEMA, type FacetSchema, type FacetValue, type SearchPage, type SearchRequest } from '../../index/query/index.ts';
import { formatCount } from './labels.ts';
import { asTypedQuery, typedValues, withoutTyped, type TypedQuery } from './typed-query.ts';
import { excludeValue, removeExclusion, selectedYear, withFilters, type ListFilter, type RequestDefaults } from './requests.ts';
import { searchHref } from './urls.ts';

/** The facet panel of the search page: checkbox groups and the year links. */

/** One checkbox of a facet. */
export interface FacetOption {
  name: ListFilter;
  value: string;
  label: string;
  count: number;
  /** The count with thousands separators. */
  countText: string;
  selected: boolean;
  /** For a value selected by a filter typed into `q`: `q` without it, which unticking the box must put in the search box. */
  qWithout: string | null;
  /** A DOM id that stays the same across searches, so focus can return to the same checkbox after a live update. */
  inputId: string;
  /** The search without this value (if selected) and excluding it: the "−" of the row; null when not offered. */
  excludeHref: string | null;
  /** Excluded by the request: shown struck out, with `includeHref` to stop excluding it. */
  excluded: boolean;
  includeHref: string | null;
}

/** The per-facet "all of" switch: every selected value must be present (co-mentions), counted conjunctively. */
export interface MatchAllSwitch {
  /** `personMatch` */
  name: string;
  inputId: string;
  checked: boolean;
}

/** A facet as shown in the panel: the first `shown` options, the rest behind "show more". */
export interface FacetGroup {
  key: string;
  title: string;
  /** The facet whose values the group shows, for the facet value search (`/api/facets/<facet>`). */
  facet: ListFilter;
  /** For a group of persons, whether it lists leaders (true) or the others (false); null for other facets. */
  leaders: boolean | null;
  /** Whether the page holds every value of the facet; when not, the filter box also asks the server. */
  complete: boolean;
  /** Placeholder of the filter box, present when the facet is long, or has more values than the page holds. */
  filterPlaceholder: string | null;
  options: FacetOption[];
  shown: number;
  /** Present when two or more values are selected (or the facet is already in all-of mode). */
  matchAll: MatchAllSwitch | null;
}

/** What the panel's links are made from: the request as the user sent it, and the defaults URLs leave out. */
export interface PanelLinks {
  request: SearchRequest;
  defaults: RequestDefaults;
}

/** One year of the Year facet: a link that sets from/to to that year, or clears them when already chosen. */
export interface YearOption {
  label: string;
  count: number;
  selected: boolean;
  href: string;
}

/** How many options of a facet show before "show more". */
export const FACET_SHOWN = 8;
/** From how many options a facet gets a filter box. */
const FACET_FILTER_FROM = 12;

type GroupSpec = [key: string, title: string, facet: ListFilter, values: FacetValue[], placeholder: string, leaders: boolean | null];

/** The groups of the panel in schema order: persons split into Leaders and People; the year shows as links instead. */
function groupSpecs(page: SearchPage, schema: FacetSchema): GroupSpec[] {
  const specs: GroupSpec[] = [];
  for (const field of schema.fields) {
    if (!field.facet || field.source.kind === 'year') continue;
    const values = page.facets[field.name] ?? [];
    if (field.source.kind === 'tag' && field.source.entity === 'person') {
      specs.push(['leaders', 'Leaders', field.name, values.filter((p) => p.leader === true), 'Filter leaders', true]);
      specs.push(['people', 'People', field.name, values.filter((p) => p.leader !== true), field.filterPlaceholder, false]);
    } else {
      specs.push([field.name, field.label, field.name, values, field.filterPlaceholder, null]);
    }
  }
  return specs;
}

/**
 * The facet groups in panel order: Country, Leaders, People, Topic, Source, then any metadata facets. Empty groups
 * are left out. `fetched` is the facet size the page was searched with: a group with that many unselected values
 * may have more; `query` is the request's `q` (as the route parsed it), whose typed filters select values too.
 */
export function facetGroups(
  page: SearchPage, fetched: number, query: TypedQuery | string = '', schema: FacetSchema = BUILT_IN_SCHEMA, links: PanelLinks | null = null,
): FacetGroup[] {
  const typed = asTypedQuery(query, schema);
  // One switch per facet, on its first group (persons show as two groups, Leaders and People).
  const switched = new Set<string>();
  return groupSpecs(page, typed.schema)
    .filter(([, , , values]) => values.length > 0)
    .map(([key, title, name, values, placeholder, leaders]) => {
      const options = values.map((value) => {
        const isTyped = typedValues(typed, name).includes(value.value);
        const qWithout = isTyped ? withoutTyped(typed, name, value.value) : null;
        const option = facetOption(key, name, value, qWithout);
        if (links === null || (isTyped && !value.excluded)) return option;
        const { request, defaults } = links;
        const unpaged = { ...request, page: 1 };
        return value.excluded === true
          ? { ...option, includeHref: searchHref(removeExclusion(unpaged, name, value.value), defaults) }
          : { ...option, excludeHref: searchHref(excludeValue(unpaged, name, value.value), defaults) };
      });
      const selectedCount = (page.facets[name] ?? []).filter((value) => value.selected).length;
      const inAllMode = links?.request.allOf?.includes(name) === true;
      const matchAll = links !== null && (selectedCount >= 2 || inAllMode) && !switched.has(name)
        ? { name: `${name}Match`, inputId: `match-${idSafe(name)}`, checked: inAllMode }
        : null;
      if (matchAll !== null) switched.add(name);
      // Selected options always show, even past the cut.
      const shown = Math.max(FACET_SHOWN, lastSelected(options) + 1);
      const complete = values.filter((value) => !value.selected).length < fetched;
      return {
        key,
        title,
        facet: name,
        leaders,
        complete,
        filterPlaceholder: options.length >= FACET_FILTER_FROM || !complete ? placeholder : null,
        options,
        shown: Math.min(shown, options.length),
        matchAll,
      };
    });
}

/** One checkbox of group `key` for a facet value; `qWithout` as in FacetOption. */
export function facetOption(key: string, name: ListFilter, value: FacetValue, qWithout: string | null = null): FacetOption {
  return {
    name,
    value: value.value,
    label: value.label,
    count: value.count,
    countText: formatCount(value.count),
    selected: value.selected,
    qWithout,
    inputId: `f-${key}-${idSafe(value.value)}`,
    excludeHref: null,
    excluded: value.excluded === true,
    includeHref: null,
  };
}

/** A value as the tail of a DOM id: letters, digits and `-` kept, anything else as `_<hex>_`. */
export function idSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9-]/gu, (char) => `_${char.codePointAt(0)?.toString(16) ?? ''}_`);
}

function lastSelected(options: FacetOption[]): number {
  let last = -1;
  options.forEach((option, i) => {
    if (option.selected) last = i;
  });
  return last;
}

/** Year facet values as links; years sort oldest first. */
export function yearOptions(values: FacetValue[], request: SearchRequest, defaults: RequestDefaults): YearOption[] {
  const chosen = selectedYear(request.filters);
  return [...values]
    .filter((value) => /^\d{4}$/.test(value.value))
    .sort((a, b) => a.value.localeCompare(b.value))
    .map((value) => {
      const selected = chosen === value.value;
      const change = selected ? { from: null, to: null } : { from: `${value.value}-01-01`, to: `${value.value}-12-31` };
      return {
        label: value.label || value.value,
        count: value.count,
        selected,
        href: searchHref(withFilters(request, change), defaults),
      };
    });
}
