import type { Knowledge, PersonRecord } from '../knowledge/load.ts';
import { slugify } from '../knowledge/load.ts';
import type { PersonEntity } from '../types.ts';
import type { CountryMatcher } from './countries.ts';
import { phraseKey } from './phrase-table.ts';
import type { NameMention } from './person-names.ts';
import { boundedEditDistance } from '../edit-distance.ts';

/**
 * Decides who the name spans of one article are. Outline:
 * 1. full names: a known alias, a near spelling of a known person ("Dmitri"/"Dmitry"), or a new person;
 * 2. bare words ("Barrot", "Mr Blair") resolve to the one person of the article with that surname, or to the
 *    one known person the word identifies on its own ("Putin"); two candidates mean no tag;
 * 3. leader, role and country come from the people file, else from the title before the name.
 */

/** A person found in a paragraph, with the token span that named them. */
export interface PersonHit {
  id: string;
  start: number;
  end: number;
}

export interface ArticlePeople {
  /** Per paragraph, in mention order. */
  hits: PersonHit[][];
  persons: Record<string, PersonEntity>;
}

/** Compiled people knowledge. */
export interface PeopleResolver {
  resolveArticle(mentions: readonly NameMention[][]): ArticlePeople;
}

interface Candidate {
  id: string;
  name: string;
  title: NameMention['title'];
}

/** Compiles the people file: who is known by which surname, and the people records by id. */
export function compilePeople(knowledge: Knowledge, countries: CountryMatcher): PeopleResolver {
  const byId = new Map<string, PersonRecord>();
  const bySurname = new Map<string, PersonRecord[]>();
  const byKnownAs = new Map<string, PersonRecord[]>();
  /** Folded first and last words of each full-name spelling of a person. */
  const nameEnds = new Map<string, Array<{ first: string; last: string }>>();
  const push = (map: Map<string, PersonRecord[]>, key: string, person: PersonRecord): void => {
    const list = map.get(key) ?? [];
    if (!list.includes(person)) list.push(person);
    map.set(key, list);
  };
  for (const person of knowledge.people) {
    byId.set(person.id, person);
    const ends: Array<{ first: string; last: string }> = [];
    for (const alias of [person.name, ...person.aliases]) {
      const words = phraseKey(alias).split(' ');
      if (words.length < 2) continue;
      const end = { first: words[0] ?? '', last: words[words.length - 1] ?? '' };
      ends.push(end);
      push(bySurname, end.last, person);
    }
    nameEnds.set(person.id, ends);
    for (const word of person.knownAs) push(byKnownAs, phraseKey(word), person);
  }

  /** A known person whose full name differs only by a near spelling of the first name or a middle name. */
  function nearKnown(words: readonly string[]): PersonRecord | null {
    const first = words[0] ?? '';
    const last = words[words.length - 1] ?? '';
    let found: PersonRecord | null = null;
    for (const person of bySurname.get(last) ?? []) {
      const near = (nameEnds.get(person.id) ?? []).some(
        (end) =>
          end.last === last &&
          (end.first === first || (first.length >= 4 && end.first[0] === first[0] && boundedEditDistance(first, end.first, 1, false) <= 1)),
      );
      if (!near) continue;
      if (found !== null && found !== person) return null;
      found = person;
    }
    return found;
  }

  function entityFor(candidate: Candidate): PersonEntity {
    const record = byId.get(candidate.id);
    const title = candidate.title;
    const titled = title !== null && !title.title.honorific;
    const titleLeader = titled && title.leader;
    const titleCountry = title?.country ?? null;
    const titleRole = titled
      ? titleCountry !== null
        ? `${title.title.phrase} of ${countries.nameOf(titleCountry) ?? titleCountry}`
        : title.title.phrase
      : null;
    if (record !== undefined) {
      return {
        id: record.id,
        name: record.name,
        leader: record.leader || titleLeader,
        role: record.role ?? titleRole,
        country: record.country ?? titleCountry,
      };
    }
    return { id: candidate.id, name: candidate.name, leader: titleLeader, role: titleRole, country: titleCountry };
  }

  function fullName(mention: NameMention): Candidate | null {
    if (mention.evidence === 'known') {
      const ids = [...new Set(mention.knownIds)];
      if (ids.length !== 1 || mention.words.length === 1) return null;
      return { id: ids[0] as string, name: mention.display, title: mention.title };
    }
    if (mention.evidence === 'bare') return null;
    const near = nearKnown(mention.words);
    if (near !== null) return { id: near.id, name: near.name, title: mention.title };
    return { id: slugify(mention.display), name: mention.display, title: mention.title };
  }

  return {
    resolveArticle(mentions) {
      const persons: Record<string, PersonEntity> = {};
      const note = (candidate: Candidate): void => {
        const entity = entityFor(candidate);
        const seen = persons[entity.id];
        if (seen === undefined) persons[entity.id] = entity;
        else {
          seen.leader ||= entity.leader;
          seen.role ??= entity.role;
          seen.country ??= entity.country;
        }
      };
      const articleSurnames = new Map<string, Set<string>>();
      // Full names seen in this article, so a later bare surname shows the person's whole name.
      const articleNames = new Map<string, string>();
      const resolved = mentions.map((paragraph) =>
        paragraph.map((mention) => {
          const candidate = fullName(mention);
          if (candidate !== null) {
            if (!articleNames.has(candidate.id)) articleNames.set(candidate.id, candidate.name);
            const words = mention.words;
            const ids = articleSurnames.get(words[words.length - 1] ?? '') ?? new Set<string>();
            ids.add(candidate.id);
            articleSurnames.set(words[words.length - 1] ?? '', ids);
            for (const end of nameEnds.get(candidate.id) ?? []) {
              const list = articleSurnames.get(end.last) ?? new Set<string>();
              list.add(candidate.id);
              articleSurnames.set(end.last, list);
            }
          }
          return candidate;
        }),
      );

      const hits = mentions.map((paragraph, p) =>
        paragraph.flatMap((mention, m): PersonHit[] => {
          let candidate = resolved[p]?.[m] ?? null;
          if (candidate === null && mention.words.length === 1) {
            const word = mention.words[0] ?? '';
            const ids = new Set(articleSurnames.get(word) ?? []);
            for (const person of byKnownAs.get(word) ?? []) ids.add(person.id);
            if (ids.size === 1) {
              const id = [...ids][0] as string;
              candidate = { id, name: byId.get(id)?.name ?? articleNames.get(id) ?? mention.display, title: mention.title };
            }
          }
          if (candidate === null) return [];
          note(candidate);
          return [{ id: candidate.id, start: mention.start, end: mention.end }];
        }),
      );
      return { hits, persons };
    },
  };
}
