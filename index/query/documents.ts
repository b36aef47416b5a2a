import type { LoadedIndex } from '../store/loaded-index.ts';
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

/** A document with all its paragraphs in order, and the union of their tags (most frequent first). */
export interface DocumentView extends DocumentRecord, ResolvedTags {
  paragraphs: DocumentParagraphView[];
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

/** The document with this id and all its paragraphs, or null when the index has no such document. */
export function getDocument(index: LoadedIndex, docId: string): DocumentView | null {
  const ordinal = index.documentOrdinal.get(docId);
  const record = ordinal === undefined ? undefined : index.documents[ordinal];
  if (ordinal === undefined || record === undefined) return null;
  const paragraphs: DocumentParagraphView[] = [];
  const union: Tags = { countries: [], persons: [], topics: [], places: [] };
  for (const paragraphOrdinal of index.documentParagraphs[ordinal] ?? []) {
    const paragraph = index.paragraphs[paragraphOrdinal];
    if (paragraph === undefined) continue;
    union.countries.push(...paragraph.countries);
    union.persons.push(...paragraph.persons);
    union.topics.push(...paragraph.topics);
    union.places.push(...paragraph.places);
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
    countries: byFrequencyDesc(union.countries),
    persons: byFrequencyDesc(union.persons),
    topics: byFrequencyDesc(union.topics),
    places: byFrequencyDesc(union.places),
  };
  return { ...record, ...resolveTags(index, byFrequency), paragraphs };
}

function byFrequencyDesc(values: string[]): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}
