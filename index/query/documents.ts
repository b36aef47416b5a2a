import type { FacetColumn, LoadedIndex } from '../store/loaded-index.ts';
import type { CountryEntity, DocumentRecord, Hit, ParagraphLink, PlaceEntity, StoredParagraph, TagEvidence, Tags, TopicEntity } from '../types.ts';

/** A paragraph's tags resolved to display entities, as on a search hit. */
export type ResolvedTags = Pick<Hit, 'countries' | 'persons' | 'topics' | 'places'>;

/** One paragraph of a document page: its permalink parts, text and resolved tags. */
export interface DocumentParagraphView extends ResolvedTags {
  /** `<docId>#p-<n>` */
  id: string;
  n: number;
  /** `/doc/<docId>#p-<n>` */
  url: string;
  section: string | null;
  text: string;
  /** Why the paragraph has each of its tags: every tag has at least one entry (none in hand-made content). */
  evidence: ShownEvidence[];
}

/** A tag's evidence with the words it points at: `text` is the paragraph's `text.slice(start, end)`. */
export interface ShownEvidence extends TagEvidence {
  text: string;
}

/**
 * A document with one page of its paragraphs in order (all of them for a document of up to DOCUMENT_PAGE_SIZE), and
 * the union of the tags of all its paragraphs (most frequent first).
 */
export interface DocumentView extends DocumentRecord, ResolvedTags {
  paragraphs: DocumentParagraphView[];
  /** Paragraphs of the whole document. */
  paragraphCount: number;
  /** 1-based page shown, of `pages` (at least 1) of `pageSize` paragraphs. */
  page: number;
  pages: number;
  pageSize: number;
}

/**
 * Paragraphs per page of an article: a page stays small enough to render at once, and almost every article (news
 * runs to tens of paragraphs) is one page. Paragraph n (numbered from 1) is on page ceil(n / DOCUMENT_PAGE_SIZE).
 */
export const DOCUMENT_PAGE_SIZE = 500;

/** The page of an article that holds paragraph n. */
export function documentPageOf(n: number): number {
  return Math.max(1, Math.ceil(n / DOCUMENT_PAGE_SIZE));
}

/** Resolves tag ids to entities from the index's catalog; an id missing from the catalog shows as itself. */
export function resolveTags(index: LoadedIndex, tags: Tags): ResolvedTags {
  const { countries, persons, topics, places } = index.entities;
  return {
    countries: tags.countries.map((code): CountryEntity => countries[code] ?? { code, name: code }),
    persons: tags.persons.map((id) => {
      const person = persons[id];
      return { id, name: person?.name ?? id, leader: person?.leader ?? false, role: person?.role ?? null };
    }),
    topics: tags.topics.map((id): TopicEntity => topics[id] ?? { id, label: id }),
    places: tags.places.map((id): PlaceEntity => places[id] ?? { id, name: id, label: id, kind: 'city', country: '', region: null }),
  };
}

/** A paragraph of the index as results show it: permalink, article fields, text and resolved tags. */
export type ParagraphRecord = Omit<Hit, 'snippet' | 'score' | 'copies' | 'more'>;

/** Words of an excerpt: enough to recognise a paragraph in a list. */
const EXCERPT_CHARACTERS = 120;

/** A link to the paragraph at `ordinal`, with its article's title and date and its first words. */
export function paragraphLinkAt(index: LoadedIndex, ordinal: number): ParagraphLink {
  const paragraph = index.paragraphs[ordinal];
  const document = index.documents[index.paragraphDocument[ordinal] ?? -1];
  if (paragraph === undefined || document === undefined) throw new Error(`no paragraph ${ordinal} in the index`);
  const text = paragraph.text;
  const cut = text.length <= EXCERPT_CHARACTERS ? text : `${text.slice(0, text.lastIndexOf(' ', EXCERPT_CHARACTERS) + 1 || EXCERPT_CHARACTERS).trimEnd()}…`;
  return { ...paragraphLink(paragraph), docId: paragraph.docId, n: paragraph.n, title: document.title, date: document.date, excerpt: cut };
}

/** The record of the paragraph at `ordinal`; every search hit and export row is built from it. */
export function paragraphRecord(index: LoadedIndex, ordinal: number): ParagraphRecord {
  const paragraph = index.paragraphs[ordinal];
  const document = index.documents[index.paragraphDocument[ordinal] ?? -1];
  if (paragraph === undefined || document === undefined) throw new Error(`no paragraph ${ordinal} in the index`);
  const { id, url } = paragraphLink(paragraph);
  const { countries, persons, topics, places } = resolveTags(index, paragraph);
  return {
    id,
    url,
    docId: paragraph.docId,
    n: paragraph.n,
    title: document.title,
    date: document.date,
    source: document.source,
    section: paragraph.section,
    text: paragraph.text,
    countries,
    persons,
    topics,
    places,
  };
}

/** Permalink id and URL of a paragraph. */
export function paragraphLink(paragraph: Pick<StoredParagraph, 'docId' | 'n'>): { id: string; url: string } {
  const id = `${paragraph.docId}#p-${paragraph.n}`;
  return { id, url: `/doc/${encodeURIComponent(paragraph.docId)}#p-${paragraph.n}` };
}

/**
 * The document with this id and one page of its paragraphs (a page past the last has none: the caller says so), or
 * null when the index has no such document. Only the page's paragraphs are read; the document's tags come from the
 * tag columns, so a document of a million paragraphs costs one page and a pass over integers.
 */
export function getDocument(index: LoadedIndex, docId: string, page = 1): DocumentView | null {
  const ordinal = index.documentOrdinal.get(docId);
  const record = ordinal === undefined ? undefined : index.documents[ordinal];
  if (ordinal === undefined || record === undefined) return null;
  const ordinals = index.documentParagraphs[ordinal] ?? [];
  const paragraphs: DocumentParagraphView[] = [];
  const from = (page - 1) * DOCUMENT_PAGE_SIZE;
  for (const paragraphOrdinal of ordinals.slice(from, from + DOCUMENT_PAGE_SIZE)) {
    const paragraph = index.paragraphs[paragraphOrdinal];
    if (paragraph === undefined) continue;
    paragraphs.push({
      ...paragraphLink(paragraph),
      n: paragraph.n,
      section: paragraph.section,
      text: paragraph.text,
      ...resolveTags(index, paragraph),
      evidence: (paragraph.evidence ?? []).map((entry) => ({ ...entry, text: paragraph.text.slice(entry.start, entry.end) })),
    });
  }
  const byFrequency: Tags = {
    countries: byFrequencyDesc(index.columns.country, ordinals),
    persons: byFrequencyDesc(index.columns.person, ordinals),
    topics: byFrequencyDesc(index.columns.topic, ordinals),
    places: byFrequencyDesc(index.columns.place, ordinals),
  };
  return {
    ...record,
    ...resolveTags(index, byFrequency),
    paragraphs,
    paragraphCount: ordinals.length,
    page,
    pages: Math.max(1, Math.ceil(ordinals.length / DOCUMENT_PAGE_SIZE)),
    pageSize: DOCUMENT_PAGE_SIZE,
  };
}

/** The values of a tag column over some paragraphs, each counted once per paragraph, most frequent first. */
function byFrequencyDesc(column: FacetColumn, ordinals: ArrayLike<number>): string[] {
  const perValue = new Map<number, number>();
  for (let i = 0; i < ordinals.length; i += 1) {
    const paragraph = ordinals[i] as number;
    for (let k = column.offsets[paragraph] ?? 0; k < (column.offsets[paragraph + 1] ?? 0); k += 1) {
      const id = column.ids[k] as number;
      perValue.set(id, (perValue.get(id) ?? 0) + 1);
    }
  }
  const counts = new Map<string, number>();
  for (const [id, count] of perValue) counts.set(column.values[id] ?? '', count);
  return [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}
