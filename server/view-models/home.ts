import type { FacetValue, LoadedIndex, SearchPage } from '../../index/query/index.ts';
import { formatCount as count, formatDate, plural } from './labels.ts';
import { searchRequestFor, type EntityKind, type RequestDefaults } from './requests.ts';
import { entityHref, searchHref } from './urls.ts';

/** The home page: what the corpus holds and where to start. */

/** One entry of a "most mentioned" list: a search link and a profile link. */
export interface TopItem {
  label: string;
  count: number;
  searchHref: string;
  profileHref: string;
}

/** Everything home.ejs shows. */
export interface HomeView {
  documents: string;
  paragraphs: string;
  documentsText: string;
  paragraphsText: string;
  countries: string;
  persons: string;
  /** First and last article dates, formatted; null when no article is dated. */
  firstDate: string | null;
  lastDate: string | null;
  lists: Array<{ key: string; title: string; items: TopItem[] }>;
}

/** How many entries each "most mentioned" list shows. */
export const TOP_SHOWN = 10;

/** The home page: corpus counts, date range and the most mentioned countries, leaders and topics. */
export function homeView(index: LoadedIndex, facets: SearchPage['facets'], defaults: RequestDefaults): HomeView {
  const dates = index.documents.map((doc) => doc.date).filter((date): date is string => date !== null).sort();
  const first = formatDate(dates[0] ?? null);
  const last = formatDate(dates[dates.length - 1] ?? null);
  const items = (kind: EntityKind, values: FacetValue[]) => values.slice(0, TOP_SHOWN).map((value): TopItem => ({
    label: value.label,
    count: value.count,
    searchHref: searchHref(searchRequestFor(kind, value.value, defaults), defaults),
    profileHref: entityHref(kind, value.value),
  }));
  return {
    documents: count(index.documents.length),
    paragraphs: count(index.paragraphs.length),
    documentsText: plural(index.documents.length, 'article'),
    paragraphsText: plural(index.paragraphs.length, 'paragraph'),
    countries: count(Object.keys(index.entities.countries).length),
    persons: count(Object.keys(index.entities.persons).length),
    firstDate: first,
    lastDate: last,
    lists: [
      { key: 'countries', title: 'Countries', items: items('country', facets.country) },
      { key: 'leaders', title: 'Leaders', items: items('person', facets.person.filter((p) => p.leader === true)) },
      { key: 'places', title: 'Places', items: items('place', facets.place) },
      { key: 'topics', title: 'Topics', items: items('topic', facets.topic) },
    ],
  };
}
