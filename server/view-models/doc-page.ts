import type { DocumentRecord, Highlight, SearchRequest } from '../../index/query/index.ts';
import type { TagLink } from './hit.ts';
import { formatDate, plural } from './labels.ts';
import { markedParts, type TextPart } from './marked-text.ts';
import { browseRequest, withFilters, type RequestDefaults } from './requests.ts';
import { entityHref, searchHref } from './urls.ts';

/** The document page: an article's paragraphs under their section headings, with tags and marked query words. */

/** A paragraph with its tags resolved to entities: what the document page needs of the core's document view. */
export interface ResolvedParagraph {
  n: number;
  section: string | null;
  text: string;
  countries: Array<{ code: string; name: string }>;
  persons: Array<{ id: string; name: string; leader: boolean; role?: string | null }>;
  topics: Array<{ id: string; label: string }>;
}

/** One paragraph of the article, cut into runs for marking. */
export interface DocParagraphView {
  n: number;
  parts: TextPart[];
  tags: TagLink[];
}

/** The paragraphs under one section heading (null before the first heading). */
export interface DocSectionView {
  heading: string | null;
  headingId: string | null;
  paragraphs: DocParagraphView[];
}

/** Everything doc.ejs shows. */
export interface DocView {
  title: string;
  author: string | null;
  date: string | null;
  isoDate: string | null;
  source: string | null;
  /** The article's URL when it is an http(s) URL; anything else (javascript:, data:) is never made a link. */
  sourceHref: string | null;
  q: string;
  marking: boolean;
  clearMarksHref: string;
  searchInDocHref: string;
  paragraphCountText: string;
  sections: DocSectionView[];
}

/** An http(s) URL as given, or null: corpus URLs only become links when they cannot run script. */
export function safeExternalUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Tags of a paragraph as links to the entity pages. */
export function entityTags(paragraph: Pick<ResolvedParagraph, 'countries' | 'persons' | 'topics'>): TagLink[] {
  return [
    ...paragraph.countries.map((c): TagLink => ({
      kind: 'country', label: c.name, href: entityHref('country', c.code), active: false, leader: false, title: `Country: ${c.name}`,
    })),
    ...paragraph.persons.map((p): TagLink => ({
      kind: 'person', label: p.name, href: entityHref('person', p.id), active: false, leader: p.leader,
      title: `Person: ${p.name}${p.role ? ` (${p.role})` : ''}`,
    })),
    ...paragraph.topics.map((t): TagLink => ({
      kind: 'topic', label: t.label, href: entityHref('topic', t.id), active: false, leader: false, title: `Topic: ${t.label}`,
    })),
  ];
}

/** The document page: paragraphs grouped under their section headings, query words marked when `q` is given. */
export function docView(
  record: Pick<DocumentRecord, 'id' | 'title' | 'author' | 'date' | 'source' | 'url'>,
  paragraphs: readonly ResolvedParagraph[],
  q: string,
  highlight: Highlight | null,
  defaults: RequestDefaults,
): DocView {
  const sections: DocSectionView[] = [];
  let current: DocSectionView | undefined;
  for (const paragraph of paragraphs) {
    if (current === undefined || current.heading !== paragraph.section) {
      current = {
        heading: paragraph.section,
        headingId: paragraph.section === null ? null : `s-${paragraph.n}`,
        paragraphs: [],
      };
      sections.push(current);
    }
    current.paragraphs.push({ n: paragraph.n, parts: markedParts(paragraph.text, highlight), tags: entityTags(paragraph) });
  }
  const docSearch: SearchRequest = { ...withFilters(browseRequest(defaults), { doc: [record.id] }), q };
  return {
    title: record.title,
    author: record.author,
    date: formatDate(record.date),
    isoDate: record.date,
    source: record.source,
    sourceHref: safeExternalUrl(record.url),
    q,
    marking: highlight !== null && (highlight.terms.size > 0 || highlight.phrases.length > 0),
    clearMarksHref: `/doc/${encodeURIComponent(record.id)}`,
    searchInDocHref: searchHref(docSearch, defaults),
    paragraphCountText: plural(paragraphs.length, 'paragraph'),
    sections,
  };
}
