import type { EntityFacts, EntityProfile, SearchPage, SearchRequest } from '../../index/query/index.ts';
import { barChart, timeBuckets, type ChartView } from './chart.ts';
import { hitView, type HitView } from './hit.ts';
import { plural, type Labeller } from './labels.ts';
import { pageLinks, type Pagination } from './pagination.ts';
import { addFilterTogether, searchRequestFor, type EntityKind, type RequestDefaults } from './requests.ts';
import { entityHref, searchHref } from './urls.ts';

/** The page of a country, person or topic: facts, mentions over time, related entities and its paragraphs. */

/** A related entity with how many paragraphs mention it alongside the page's entity. */
export interface RelatedItem {
  label: string;
  href: string;
  count: number;
  togetherHref: string;
}

/** A list of related entities of one kind. */
export interface RelatedGroup {
  key: string;
  title: string;
  items: RelatedItem[];
}

/** Everything entity.ejs shows. */
export interface EntityView {
  kind: EntityKind;
  kindLabel: string;
  name: string;
  role: string | null;
  leader: boolean;
  country: { label: string; href: string } | null;
  mentionsText: string;
  documentsText: string;
  searchHref: string;
  chartTitle: string;
  chart: ChartView | null;
  undatedText: string | null;
  related: RelatedGroup[];
  /** "Paragraphs, newest first", or the corpus order when no article has a date. */
  paragraphsTitle: string;
  hits: HitView[];
  firstShown: number;
  pagination: Pagination | null;
}

const RELATED_SHOWN = 8;

/** The entity page: facts, chart, related entities and one page of its paragraphs, newest first when dated. */
export function entityView(input: {
  facts: EntityFacts;
  profile: EntityProfile;
  page: Pick<SearchPage, 'total' | 'page' | 'hits' | 'dated'>;
  request: SearchRequest;
  defaults: RequestDefaults;
  labels: Labeller;
}): EntityView {
  const { facts, profile, page, request, defaults, labels } = input;
  const base = searchRequestFor(facts.kind, facts.id, defaults);
  const buckets = timeBuckets(profile.dates);
  const byYear = buckets.length > 0 && /^\d{4}$/.test(buckets[0]?.label ?? '');
  const relatedGroup = (kind: EntityKind, key: string, title: string): RelatedGroup => ({
    key,
    title,
    items: profile.related[kind].slice(0, RELATED_SHOWN).map(({ id, count }) => ({
      label: labels[kind](id),
      href: entityHref(kind, id),
      count,
      togetherHref: searchHref(addFilterTogether(base, kind, id), defaults),
    })),
  });
  const lastPage = Math.max(1, Math.ceil(page.total / request.size));
  const pageHref = (n: number) => `${entityHref(facts.kind, facts.id)}${n > 1 ? `?page=${n}` : ''}`;
  return {
    kind: facts.kind,
    kindLabel: { country: 'Country', person: 'Person', topic: 'Topic', place: 'Place' }[facts.kind],
    name: facts.name,
    role: facts.role,
    leader: facts.leader,
    country: facts.country === null ? null : { label: labels.country(facts.country), href: entityHref('country', facts.country) },
    mentionsText: plural(profile.mentions, 'paragraph'),
    documentsText: plural(profile.documents, 'article'),
    searchHref: searchHref(base, defaults),
    chartTitle: byYear ? 'Mentions per year' : 'Mentions per month',
    chart: barChart(buckets),
    undatedText: profile.undated > 0 ? `${plural(profile.undated, 'paragraph')} from undated articles not charted.` : null,
    related: [
      relatedGroup('person', 'persons', facts.kind === 'person' ? 'Mentioned with' : 'People'),
      relatedGroup('country', 'countries', 'Countries'),
      relatedGroup('place', 'places', facts.kind === 'place' ? 'Other places' : 'Places'),
      relatedGroup('topic', 'topics', 'Topics'),
    ],
    paragraphsTitle: page.dated ? 'Paragraphs, newest first' : 'Paragraphs, in corpus order',
    hits: page.hits.map((hit) => hitView(hit, base, defaults)),
    firstShown: page.total === 0 ? 0 : (page.page - 1) * request.size + 1,
    pagination: lastPage > 1 ? pageLinks(page.page, lastPage, pageHref) : null,
  };
}
