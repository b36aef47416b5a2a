import type { Folded, Hit, SearchRequest } from '../../index/query/index.ts';
import { formatCount, formatDate, plural } from './labels.ts';
import { addFilter, type EntityKind, type RequestDefaults } from './requests.ts';
import { paragraphHref, permalink, searchHref } from './urls.ts';

/** One result as the search and entity pages list it: title, dates, snippet, links and tags. */

/** A tag of a paragraph, as a link (to a filtered search or to the entity's page). */
export interface TagLink {
  kind: EntityKind;
  label: string;
  href: string;
  /** Already a filter of the current search. */
  active: boolean;
  leader: boolean;
  title: string;
  /** On the article page: the words that gave the paragraph this tag, and a link that underlines them. */
  evidence?: TagEvidenceNote;
}

/** A tag's evidence as the article page shows it on hover or focus. */
export interface TagEvidenceNote {
  /** Element id, for aria-describedby. */
  id: string;
  /** `“Mr Blair” · people.json`, one per entry. */
  lines: string[];
  href: string;
  action: string;
  /** For an admin: the fields of the forms that mark this tag wrong (here, or everywhere). */
  correction: TagCorrectionForm | null;
}

/** What the article page's correction forms post to /admin/corrections. */
export interface TagCorrectionForm {
  docId: string;
  n: number;
  facet: EntityKind;
  value: string;
  returnTo: string;
  /** "Never a person", "Never a country", "Never a topic". */
  neverLabel: string;
}

/** A paragraph folded into a hit, as a link to it in its article. */
export interface FoldedLink {
  href: string;
  title: string;
  date: string | null;
  isoDate: string | null;
  n: number;
  excerpt: string;
}

/** Paragraphs folded into a hit: a summary line, links to the first few, and how many are not listed. */
export interface FoldedView {
  summary: string;
  links: FoldedLink[];
  /** "and 12 more", when not every folded paragraph is listed. */
  rest: string | null;
}

/** One result. `snippet` is the core's escaped HTML (text + <mark> only). */
export interface HitView {
  id: string;
  title: string;
  date: string | null;
  isoDate: string | null;
  source: string | null;
  section: string | null;
  snippet: string;
  paragraphHref: string;
  permalink: string;
  n: number;
  tags: TagLink[];
  /** Identical paragraphs folded into this one (other copies of a republished text). */
  copies: FoldedView | null;
  /** Other matching paragraphs of the same article (grouped by article, or matched at article scope). */
  more: FoldedView | null;
}

/**
 * A hit of `request`, its tags linking to `request` narrowed by that tag; `applied` are the filters in force
 * (the request's, plus any typed into `q`), whose tags show as active.
 */
export function hitView(
  hit: Hit, request: SearchRequest, defaults: RequestDefaults, applied: Record<EntityKind, readonly string[]> = request.filters,
): HitView {
  const tag = (kind: EntityKind, id: string, label: string, leader: boolean, title: string): TagLink => ({
    kind,
    label,
    href: searchHref(addFilter(request, kind, id), defaults),
    active: applied[kind].includes(id),
    leader,
    title,
  });
  return {
    id: hit.id,
    title: hit.title,
    date: formatDate(hit.date),
    isoDate: hit.date,
    source: hit.source,
    section: hit.section,
    snippet: hit.snippet,
    paragraphHref: paragraphHref(hit.docId, hit.n, request.q),
    permalink: permalink(hit.docId, hit.n),
    n: hit.n,
    tags: [
      ...hit.countries.map((c) => tag('country', c.code, c.name, false, `Filter by country: ${c.name}`)),
      ...hit.persons.map((p) => tag('person', p.id, p.name, p.leader, `Filter by person: ${p.name}${p.role ? ` (${p.role})` : ''}`)),
      ...hit.places.map((p) => tag('place', p.id, p.name, false, `Filter by place: ${p.label}`)),
      ...hit.topics.map((t) => tag('topic', t.id, t.label, false, `Filter by topic: ${t.label}`)),
    ],
    copies: foldedView(hit.copies, `Same text in ${plural(hit.copies.count, 'more paragraph')}`, request.q),
    more: foldedView(hit.more, `${plural(hit.more.count, 'more matching paragraph')} in this article`, request.q),
  };
}

function foldedView(folded: Folded, summary: string, q: string): FoldedView | null {
  if (folded.count === 0) return null;
  const unlisted = folded.count - folded.shown.length;
  return {
    summary,
    links: folded.shown.map((link) => ({
      href: paragraphHref(link.docId, link.n, q),
      title: link.title,
      date: formatDate(link.date),
      isoDate: link.date,
      n: link.n,
      excerpt: link.excerpt,
    })),
    rest: unlisted > 0 ? `and ${formatCount(unlisted)} more` : null,
  };
}
