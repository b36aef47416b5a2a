import type { Knowledge, PersonRecord } from '../knowledge/load.ts';
import { slugify } from '../knowledge/load.ts';
import type { PersonEntity } from '../types.ts';
import type { CountryMatcher } from './countries.ts';
import { phraseKey } from './phrase-table.ts';
import type { NameMention } from './person-names.ts';
import { boundedEditDistance } from '../edit-distance.ts';
import { nameSkeleton, nameWordsOfPhrase } from './name-words.ts';
import { compileNameVariants } from './name-variants.ts';
import type { TitleMention } from './name-mention.ts';
import { displayName, lastOfficeBefore, officeHistory, officeNamedBy, officesAt, roleWithModifier } from './offices.ts';

/**
 * Decides who the name spans of one article are. Outline:
 * 1. full names: a known alias, a near spelling or nickname of a known person ("Dmitri"/"Dmitry", "Vincent
 *    Cable"/"Vince Cable"), or a new person; two new people of one article whose surnames agree and whose given
 *    names are variants of one name ("Rafa"/"Rafael Benitez") are one;
 * 2. bare words ("Barrot", "Mr Blair") resolve to the one person with that surname named in full earlier in the
 *    article, or to the one known person the word identifies on its own ("Putin"); two candidates mean no tag,
 *    and a word the article calls a work or a band ("the band Kasabian") is nobody;
 * 3. leader, role, country and shown name hold at the article's date (offices.ts): a person with dated offices
 *    is a leader when a leader's office of theirs covers the date; in an undated article, when the article calls
 *    them by such an office ("Prime Minister Tony Blair") and not as held at another time ("former", "-elect").
 *    People without offices keep the file's flag, lost only where the article calls them "former"; new people are
 *    leaders by a current leader's title. The article is one time, so this holds in each paragraph naming them.
 */

/** A person found in a paragraph, with the token span that named them. */
export interface PersonHit {
  id: string;
  start: number;
  end: number;
  /** The rule or knowledge entry that decided it: "known:Tony Blair", "first-name:Helga", "surname:tony-blair". */
  rule?: string;
}

export interface ArticlePeople {
  /** Per paragraph, in mention order. */
  hits: PersonHit[][];
  persons: Record<string, PersonEntity>;
}

/** Compiled people knowledge. */
export interface PeopleResolver {
  /** `date`: the article's ISO date (YYYY-MM-DD), or null when it has none. */
  resolveArticle(mentions: readonly NameMention[][], date?: string | null): ArticlePeople;
}

/** What an article says of one person: the titles it gives them and the full names it uses. */
interface Sayings {
  first: Candidate;
  titles: TitleMention[];
  names: string[];
}

interface Candidate {
  id: string;
  name: string;
  title: NameMention['title'];
  rule: string;
  /** A known person matched only by a variant name, kept only if the article agrees; else this new person. */
  unconfirmed?: Candidate;
}

/** How a name matched a known person's spelling, best first. */
type Match = 'exact' | 'near' | 'variant';
const MATCH_RANK: Record<Match, number> = { exact: 0, near: 1, variant: 2 };

/** A new person of the article, by the first and last words of the name. */
interface ArticleName {
  id: string;
  first: string;
  last: string;
}

/** Compiles the people file: who is known by which surname, and the people records by id. */
export function compilePeople(knowledge: Knowledge, countries: CountryMatcher): PeopleResolver {
  const variants = compileNameVariants(knowledge.nicknames);
  const byId = new Map<string, PersonRecord>();
  const bySurname = new Map<string, PersonRecord[]>();
  const byKnownAs = new Map<string, PersonRecord[]>();
  /** Folded first and last name words of each full-name spelling of a person. */
  const nameEnds = new Map<string, Array<{ first: string; last: string }>>();
  const push = (map: Map<string, PersonRecord[]>, key: string, person: PersonRecord): void => {
    const list = map.get(key) ?? [];
    if (!list.includes(person)) list.push(person);
    map.set(key, list);
  };
  for (const person of knowledge.people) {
    byId.set(person.id, person);
    const ends: Array<{ first: string; last: string }> = [];
    for (const alias of [person.name, ...person.aliases, ...person.names.map((dated) => dated.name)]) {
      const words = nameWordsOfPhrase(alias);
      if (words.length < 2) continue;
      const end = { first: words[0] ?? '', last: words[words.length - 1] ?? '' };
      ends.push(end);
      push(bySurname, nameSkeleton(end.last), person);
    }
    nameEnds.set(person.id, ends);
    for (const word of person.knownAs) {
      const key = nameWordsOfPhrase(word).join(' ');
      push(byKnownAs, key, person);
      push(byKnownAs, phraseKey(word), person);
    }
  }

  /** The known people a single word identifies on its own (people.json "knownAs"). */
  function knownAs(word: string): PersonRecord[] {
    return byKnownAs.get(word) ?? [];
  }

  /** How a first name matches a known spelling's: the same, one letter off from four letters on, or a nickname. */
  function firstMatch(first: string, known: string): Match | null {
    if (first === known) return 'exact';
    if (first.length >= 4 && known[0] === first[0] && boundedEditDistance(first, known, 1, false) <= 1) return 'near';
    return variants.sameGivenName(first, known) ? 'variant' : null;
  }

  /**
   * A known person whose full name differs only by the spelling of the first name ('near': "Dmitri"), a nickname
   * or a transliteration ('variant': "Vincent", "Qadhafi"), or a middle name.
   */
  function nearKnown(words: readonly string[]): { person: PersonRecord; match: Match } | null {
    const first = words[0] ?? '';
    const last = words[words.length - 1] ?? '';
    let found: { person: PersonRecord; match: Match } | null = null;
    for (const person of bySurname.get(nameSkeleton(last)) ?? []) {
      let best: Match | null = null;
      for (const end of nameEnds.get(person.id) ?? []) {
        if (!variants.sameSurname(end.last, last)) continue;
        const match = end.last === last ? firstMatch(first, end.first) : variants.sameGivenName(first, end.first) ? 'variant' : null;
        if (match !== null && (best === null || MATCH_RANK[match] < MATCH_RANK[best])) best = match;
      }
      if (best === null) continue;
      if (found !== null && found.person !== person) return null;
      found = { person, match: best };
    }
    return found;
  }

  /** "Defence Minister of Norway", "Former President": a title as a role, with its country and time. */
  function titleRole(title: TitleMention): string {
    const country = title.country === null ? null : (countries.nameOf(title.country) ?? title.country);
    return roleWithModifier(country === null ? title.title.phrase : `${title.title.phrase} of ${country}`, title);
  }

  /** The first of the person's offices the article's titles name, said as they say it: "Former President of …". */
  function namedRole(record: PersonRecord, titles: readonly TitleMention[]): string | null {
    for (const title of titles) {
      const office = officeNamedBy(record, title);
      if (office !== null) return roleWithModifier(office.office, title);
    }
    return null;
  }

  /** The person as one article shows them, at its date: see the outline above. */
  function entityFor(said: Sayings, date: string | null): PersonEntity {
    const { first: candidate } = said;
    const record = byId.get(candidate.id);
    const titles = said.titles.filter((title) => !title.title.honorific);
    const current = titles.filter((title) => title.notCurrent === null);
    const currentLeader = current.filter((title) => title.leader);
    const shown = current[0] ?? titles[0];
    const titleCountry = shown?.country ?? null;
    const fromTitle = shown === undefined ? null : titleRole(shown);
    if (record === undefined) {
      return { id: candidate.id, name: candidate.name, leader: currentLeader.length > 0, role: fromTitle, country: titleCountry };
    }
    const base = { id: record.id, name: displayName(record, date, said.names) };
    if (record.offices.length === 0) {
      const former = titles.length > current.length;
      return {
        ...base,
        leader: currentLeader.length > 0 || (record.leader && !former),
        role: record.role ?? fromTitle,
        country: record.country ?? titleCountry,
      };
    }
    if (date !== null) {
      const held = officesAt(record, date)[0];
      const left = held === undefined ? lastOfficeBefore(record, date) : null;
      return {
        ...base,
        leader: held?.leader ?? false,
        role: held?.office ?? (left !== null ? `Former ${left.office}` : (namedRole(record, titles) ?? fromTitle)),
        country: held?.country ?? record.country ?? titleCountry,
      };
    }
    // Undated: only the article's own titles say which office, and whether it is held. A leader's title that names
    // an office of theirs counts even in lower case without a country ("finance minister Hans Eichel"), unless
    // another body's name stands before it.
    const ownOffice = current.filter((title) => title.leader || (title.title.leader && title.otherBody !== true));
    const namedCurrent = ownOffice.map((title) => officeNamedBy(record, title)).find((office) => office !== null && office.leader);
    const role = namedCurrent?.office ?? namedRole(record, titles) ?? officeHistory(record);
    return { ...base, leader: namedCurrent !== undefined, role, country: namedCurrent?.country ?? record.country ?? titleCountry };
  }

  function fullName(mention: NameMention): Candidate | null {
    if (mention.evidence === 'known') {
      const ids = [...new Set(mention.knownIds)];
      if (ids.length !== 1 || mention.words.length === 1) return null;
      return { id: ids[0] as string, name: mention.display, title: mention.title, rule: mention.rule };
    }
    if (mention.evidence === 'bare' || mention.evidence === 'not-person' || mention.evidence === 'maybe') return null;
    const own: Candidate = { id: slugify(mention.display), name: mention.display, title: mention.title, rule: mention.rule };
    // "King Edward III" is no spelling of "King Charles III": a regnal name's first and last words are title and number.
    const near = mention.evidence === 'regnal' ? null : nearKnown(mention.words);
    if (near === null) return own;
    const known: Candidate = { id: near.person.id, name: near.person.name, title: mention.title, rule: near.match === 'exact' ? mention.rule : `${near.match}:${near.person.name}` };
    // "Michael Johnson" the sprinter is not "Mike Johnson" the congressman unless the article or the title says so.
    const agrees = near.match !== 'variant' || (mention.title?.country != null && mention.title.country === near.person.country);
    return agrees ? known : { ...known, unconfirmed: own };
  }

  /**
   * One id per new person of the article: a later full name whose surname agrees and whose given name is a
   * variant of an earlier one's ("Rafa Benitez" after "Rafael Benítez") takes the earlier id.
   */
  function mergeVariants(candidates: Array<{ candidate: Candidate; words: readonly string[] }>): void {
    const seen: ArticleName[] = [];
    for (const entry of candidates) {
      const { candidate, words } = entry;
      if (byId.has(candidate.id) || words.length < 2) continue;
      const first = words[0] ?? '';
      const last = words[words.length - 1] ?? '';
      const same = seen.filter((name) => name.id !== candidate.id && variants.sameSurname(name.last, last) && variants.sameGivenName(first, name.first));
      const match = same[0];
      if (same.length === 1 && match !== undefined) {
        entry.candidate = { ...candidate, id: match.id, rule: `variant:${match.id}` };
        continue;
      }
      if (!seen.some((name) => name.id === candidate.id)) seen.push({ id: candidate.id, first, last });
    }
  }

  return {
    resolveArticle(mentions, date = null) {
      const day = date === null ? null : date.slice(0, 10);
      const sayings = new Map<string, Sayings>();
      const note = (candidate: Candidate, mention: NameMention): void => {
        const said = sayings.get(candidate.id) ?? { first: candidate, titles: [], names: [] };
        sayings.set(candidate.id, said);
        for (const title of [candidate.title, mention.appositive]) if (title != null) said.titles.push(title);
        if (mention.words.length > 1) said.names.push(mention.display);
      };
      // Words the article calls a work or a group: "the band Kasabian" makes every "Kasabian" of it nobody.
      const notPersons = new Set<string>();
      const full: Array<{ candidate: Candidate; words: readonly string[]; p: number; m: number }> = [];
      mentions.forEach((paragraph, p) =>
        paragraph.forEach((mention, m) => {
          if (mention.evidence === 'not-person') notPersons.add(mention.words.join(' '));
          const candidate = fullName(mention);
          if (candidate !== null) full.push({ candidate, words: mention.words, p, m });
        }),
      );
      // A variant of a known name counts when the article also names that person in a spelling of the file.
      const confirmed = new Set(full.filter((entry) => entry.candidate.unconfirmed === undefined).map((entry) => entry.candidate.id));
      for (const paragraph of mentions) {
        for (const mention of paragraph) {
          if (mention.evidence === 'bare' || mention.evidence === 'known') for (const person of knownAs(mention.words.join(' '))) confirmed.add(person.id);
        }
      }
      for (const entry of full) {
        const own = entry.candidate.unconfirmed;
        if (own !== undefined) entry.candidate = confirmed.has(entry.candidate.id) ? { ...entry.candidate, unconfirmed: undefined } : own;
      }
      mergeVariants(full);
      const resolved = new Map<string, Candidate>();
      for (const entry of full) {
        if (!notPersons.has(entry.words.join(' '))) resolved.set(`${entry.p}:${entry.m}`, entry.candidate);
      }

      // Surname → ids of the people named in full so far, in reading order: a bare surname looks back only.
      const articleSurnames = new Map<string, Set<string>>();
      const articleNames = new Map<string, string>();
      const remember = (surname: string, id: string): void => {
        const ids = articleSurnames.get(surname) ?? new Set<string>();
        ids.add(id);
        articleSurnames.set(surname, ids);
      };
      const hits = mentions.map((paragraph, p) =>
        paragraph.flatMap((mention, m): PersonHit[] => {
          let candidate = resolved.get(`${p}:${m}`) ?? null;
          if (candidate !== null) {
            if (!articleNames.has(candidate.id)) articleNames.set(candidate.id, candidate.name);
            remember(mention.words[mention.words.length - 1] ?? '', candidate.id);
            for (const end of nameEnds.get(candidate.id) ?? []) remember(end.last, candidate.id);
          } else if (mention.evidence !== 'not-person' && mention.words.length === 1 && !notPersons.has(mention.words[0] ?? '')) {
            candidate = bareSurname(mention, articleSurnames, articleNames);
          }
          if (candidate === null) return [];
          note(candidate, mention);
          return [{ id: candidate.id, start: mention.start, end: mention.end, rule: candidate.rule }];
        }),
      );
      const persons: Record<string, PersonEntity> = {};
      for (const [id, said] of sayings) persons[id] = entityFor(said, day);
      return { hits, persons };
    },
  };

  /** The one person a bare word names: someone named in full earlier in the article, or a known "knownAs" word. */
  function bareSurname(mention: NameMention, articleSurnames: Map<string, Set<string>>, articleNames: Map<string, string>): Candidate | null {
    const word = mention.words[0] ?? '';
    const ids = new Set(articleSurnames.get(word) ?? []);
    const fromArticle = ids.size > 0;
    // "Lord Ashcroft", "Sir Digby": a peer's title on a bare name says nothing of the known person of that name.
    const peer = mention.title?.title.peer === true;
    if (!peer) for (const person of knownAs(word)) ids.add(person.id);
    if (ids.size !== 1) return null;
    const id = [...ids][0] as string;
    return {
      id,
      name: byId.get(id)?.name ?? articleNames.get(id) ?? mention.display,
      title: mention.title,
      rule: fromArticle ? `surname:${id}` : `known-as:${word}`,
    };
  }
}
