import type { DocumentRecord, DocumentView, Highlight, SearchRequest, ShownEvidence, TagFacet } from '../../index/query/index.ts';
import type { TagLink } from './hit.ts';
import { formatDate, plural } from './labels.ts';
import { markedParts, type TextPart } from './marked-text.ts';
import { browseRequest, withFilters, type RequestDefaults } from './requests.ts';
import { pageLinks, type Pagination } from './pagination.ts';
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
  places: Array<{ id: string; name: string; label: string }>;
  evidence?: readonly ShownEvidence[];
}

/** The tag whose evidence the page underlines (`?evidence=person:tony-blair`). */
export interface SelectedTag {
  facet: TagFacet;
  value: string;
}

/** One paragraph of the article, cut into runs for marking. */
export interface DocParagraphView {
  n: number;
  parts: TextPart[];
  tags: TagLink[];
  /** Some tag has evidence: the paragraph gets its "Why these tags" list. */
  explained: boolean;
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
  /** Page links of a long article (null for one page), the page's size and what the page shows. */
  pagination: Pagination | null;
  pageSize: number;
  pageText: string | null;
  /** For a reader without the script who followed a bare permalink: where a paragraph of a later page is. */
  pageHint: string | null;
  /** "Underlining the evidence for Person: Tony Blair in 3 paragraphs", when a tag is selected. */
  evidenceNotice: { text: string; clearHref: string } | null;
  /** After an admin's correction: what happens next. */
  correctionNotice: string | null;
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
export function entityTags(paragraph: Pick<ResolvedParagraph, 'countries' | 'persons' | 'topics' | 'places'>): TagLink[] {
  return [
    ...paragraph.countries.map((c): TagLink => ({
      kind: 'country', label: c.name, href: entityHref('country', c.code), active: false, leader: false, title: `Country: ${c.name}`,
    })),
    ...paragraph.persons.map((p): TagLink => ({
      kind: 'person', label: p.name, href: entityHref('person', p.id), active: false, leader: p.leader,
      title: `Person: ${p.name}${p.role ? ` (${p.role})` : ''}`,
    })),
    ...paragraph.places.map((p): TagLink => ({
      kind: 'place', label: p.name, href: entityHref('place', p.id), active: false, leader: false, title: `Place: ${p.label}`,
    })),
    ...paragraph.topics.map((t): TagLink => ({
      kind: 'topic', label: t.label, href: entityHref('topic', t.id), active: false, leader: false, title: `Topic: ${t.label}`,
    })),
  ];
}

/** The document page: paragraphs grouped under their section headings, query words marked when `q` is given. */
export function docView(
  record: Pick<DocumentRecord, 'id' | 'title' | 'author' | 'date' | 'source' | 'url'> & Partial<Pick<DocumentView, 'paragraphCount' | 'page' | 'pages' | 'pageSize'>>,
  paragraphs: readonly ResolvedParagraph[],
  q: string,
  highlight: Highlight | null,
  defaults: RequestDefaults,
  selected: SelectedTag | null = null,
  admin: { corrected: 'saved' | 'reindexing' | null } | null = null,
): DocView {
  const page = record.page ?? 1;
  const pages = record.pages ?? 1;
  const pageSize = record.pageSize ?? Math.max(1, paragraphs.length);
  const paragraphCount = record.paragraphCount ?? paragraphs.length;
  const docHref = (query: Record<string, string>, n: number | null, onPage = page): string => {
    const withPage = onPage > 1 ? { ...query, page: String(onPage) } : query;
    const params = new URLSearchParams(Object.entries(withPage).filter(([, value]) => value !== ''));
    const search = params.toString();
    return `/doc/${encodeURIComponent(record.id)}${search === '' ? '' : `?${search}`}${n === null ? '' : `#p-${n}`}`;
  };
  const isSelected = (entry: Pick<ShownEvidence, 'facet' | 'value'>): boolean =>
    selected !== null && entry.facet === selected.facet && entry.value === selected.value;
  const sections: DocSectionView[] = [];
  let current: DocSectionView | undefined;
  let selectedIn = 0;
  let selectedLabel: string | null = null;
  for (const paragraph of paragraphs) {
    if (current === undefined || current.heading !== paragraph.section) {
      current = {
        heading: paragraph.section,
        headingId: paragraph.section === null ? null : `s-${paragraph.n}`,
        paragraphs: [],
      };
      sections.push(current);
    }
    const evidence = paragraph.evidence ?? [];
    const underlined = evidence.filter(isSelected);
    if (underlined.length > 0) selectedIn += 1;
    const values = entityTagValues(paragraph);
    const tags = entityTags(paragraph).map((tag, k): TagLink => {
      const value = values[k] ?? '';
      const entries = evidence.filter((entry) => entry.facet === tag.kind && entry.value === value);
      const active = isSelected({ facet: tag.kind, value });
      if (active) selectedLabel = tag.title;
      if (entries.length === 0) return tag;
      return {
        ...tag,
        active,
        evidence: {
          id: `ev-${paragraph.n}-${k}`,
          lines: evidenceLines(entries),
          href: active ? docHref({ q }, paragraph.n) : docHref({ q, evidence: `${tag.kind}:${value}` }, paragraph.n),
          action: active ? 'Stop underlining' : 'Underline in the article',
          correction: admin === null ? null : {
            docId: record.id, n: paragraph.n, facet: tag.kind, value, returnTo: `/doc/${encodeURIComponent(record.id)}`, neverLabel: `Never a ${tag.kind}`,
          },
        },
      };
    });
    current.paragraphs.push({
      n: paragraph.n, parts: markedParts(paragraph.text, highlight, underlined), tags, explained: tags.some((tag) => tag.evidence !== undefined),
    });
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
    clearMarksHref: docHref(selected === null ? {} : { evidence: `${selected.facet}:${selected.value}` }, null),
    searchInDocHref: searchHref(docSearch, defaults),
    paragraphCountText: plural(paragraphCount, 'paragraph'),
    pagination: pages > 1 ? pageLinks(page, pages, (n) => docHref(selected === null ? { q } : { q, evidence: `${selected.facet}:${selected.value}` }, null, n)) : null,
    pageSize,
    pageText: pages > 1
      ? `Page ${page} of ${pages}: paragraphs ${(page - 1) * pageSize + 1}–${(page - 1) * pageSize + paragraphs.length}`
      : null,
    pageHint: pages > 1
      ? `This article is on ${pages} pages of ${pageSize} paragraphs: paragraph n is on page n ÷ ${pageSize}, rounded up (paragraph ${pageSize + 1} on page 2). Use the page links at the end.`
      : null,
    evidenceNotice: selected === null ? null : {
      // A page holds only its own paragraphs' evidence: on a long article the notice speaks of this page.
      text: selectedIn === 0
        ? `No paragraph ${pages > 1 ? 'on this page' : 'of this article'} has that tag`
        : `Underlining the evidence for ${selectedLabel ?? `${selected.facet}: ${selected.value}`} in ${plural(selectedIn, 'paragraph')}${pages > 1 ? ' of this page' : ''}`,
      clearHref: docHref({ q }, null),
    },
    correctionNotice: admin?.corrected === 'reindexing'
      ? 'Correction saved. The re-index that applies it has started: reload in a moment.'
      : admin?.corrected === 'saved' ? 'Correction saved. The next build applies it.' : null,
    sections,
  };
}

/** The code, id or slug of each tag `entityTags(paragraph)` makes, in its order. */
function entityTagValues(paragraph: Pick<ResolvedParagraph, 'countries' | 'persons' | 'topics' | 'places'>): string[] {
  return [
    ...paragraph.countries.map((c) => c.code), ...paragraph.persons.map((p) => p.id),
    ...paragraph.places.map((p) => p.id), ...paragraph.topics.map((t) => t.id),
  ];
}

/** One line per distinct words and rule, in order of first appearance, repeats counted: `“Russia” ×3 · countries.json: name`. */
function evidenceLines(entries: readonly ShownEvidence[]): string[] {
  const counts = new Map<string, { text: string; rule: string; count: number }>();
  for (const entry of entries) {
    const key = `${entry.text}\u0000${entry.rule}`;
    const seen = counts.get(key);
    if (seen === undefined) counts.set(key, { text: entry.text, rule: entry.rule, count: 1 });
    else seen.count += 1;
  }
  return [...counts.values()].map(({ text, rule, count }) => `“${text}”${count > 1 ? ` ×${count}` : ''} · ${rule}`);
}
