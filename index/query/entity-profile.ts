import { TAG_FACETS, TAG_FIELD } from '../schema.ts';
import type { LoadedIndex } from '../store/loaded-index.ts';
import type { EntityKind } from '../types.ts';

/** What the index knows about one entity: the catalogue's facts and counts over the paragraphs that mention it. */

/** The entity's own facts, from the catalogue. */
export interface EntityFacts {
  kind: EntityKind;
  id: string;
  name: string;
  role: string | null;
  leader: boolean;
  country: string | null;
}

/** The entity catalogue's facts about one entity, or null when no paragraph of the index mentions it. */
export function entityFacts(index: LoadedIndex, kind: EntityKind, id: string): EntityFacts | null {
  if (kind === 'country') {
    const country = index.entities.countries[id];
    return country ? { kind, id, name: country.name, role: null, leader: false, country: null } : null;
  }
  if (kind === 'person') {
    const person = index.entities.persons[id];
    return person ? { kind, id, name: person.name, role: person.role, leader: person.leader, country: person.country } : null;
  }
  if (kind === 'place') {
    const place = index.entities.places[id];
    const role = place?.kind === 'region' ? 'Region' : place?.regionName === undefined ? 'City' : `City in ${place.regionName}`;
    return place ? { kind, id, name: place.name, role, leader: false, country: place.country } : null;
  }
  const topic = index.entities.topics[id];
  return topic ? { kind, id, name: topic.label, role: null, leader: false, country: null } : null;
}

/** Counts over the paragraphs that mention one entity. */
export interface EntityProfile {
  mentions: number;
  documents: number;
  /** The document date of each dated mention. */
  dates: string[];
  undated: number;
  related: Record<EntityKind, Array<{ id: string; count: number }>>;
}



/** Scans the paragraphs that mention an entity: how many, when, and what else they mention. */
export function entityProfile(index: LoadedIndex, kind: EntityKind, id: string): EntityProfile {
  const field = TAG_FIELD[kind];
  const documents = new Set<string>();
  const dates: string[] = [];
  let undated = 0;
  const counters: Record<EntityKind, Map<string, number>> = { country: new Map(), person: new Map(), topic: new Map(), place: new Map() };
  index.paragraphs.forEach((paragraph, ordinal) => {
    if (!paragraph[field].includes(id)) return;
    documents.add(paragraph.docId);
    const date = index.documents[index.paragraphDocument[ordinal] ?? -1]?.date ?? null;
    if (date === null) undated += 1;
    else dates.push(date);
    for (const other of TAG_FACETS) {
      for (const value of new Set(paragraph[TAG_FIELD[other]])) {
        if (other === kind && value === id) continue;
        counters[other].set(value, (counters[other].get(value) ?? 0) + 1);
      }
    }
  });
  const top = (counts: Map<string, number>) => [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([value, count]) => ({ id: value, count }));
  return {
    mentions: dates.length + undated,
    documents: documents.size,
    dates,
    undated,
    related: { country: top(counters.country), person: top(counters.person), topic: top(counters.topic), place: top(counters.place) },
  };
}
