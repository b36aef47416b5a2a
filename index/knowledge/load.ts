import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import countryCodes from 'i18n-iso-countries';
import { KNOWLEDGE_DIR, KNOWLEDGE_FILES } from './files.ts';
import type { Result } from '../types.ts';
import { foldAccents } from '../text.ts';

export { KNOWLEDGE_DIR, knowledgeFiles } from './files.ts';

/**
 * Reads and validates the editable knowledge files (countries, people, names, titles, topics).
 * This is the tagger's only file access; everything it returns is plain data that `createTagger` compiles.
 */

/** A country: ISO alpha-2 code, display name and every surface form that refers to the state. */
export interface CountryRecord {
  code: string;
  name: string;
  /** Names and short forms: "United Kingdom", "UK", "Britain". */
  names: string[];
  /** Adjectives, person nouns and plurals: "British", "Briton", "Brits". */
  demonyms: string[];
  /** Capital cities, matched only when capitalised. */
  capitals: string[];
  /** Seats of power used for the state: "Downing Street", "the Kremlin". */
  seats: string[];
  /** Combining forms used before a hyphen: "Franco" in "Franco-British". */
  prefixes: string[];
}

/** A known person. `id` is the slug of `name` unless the file sets one. */
export interface PersonRecord {
  id: string;
  name: string;
  /** Other spellings of the full name: "Volodymyr Zelenskyy". */
  aliases: string[];
  /** Single words that identify the person on their own anywhere: "Putin", "Zelensky". */
  knownAs: string[];
  role: string | null;
  country: string | null;
  leader: boolean;
}

/** A title that may precede a name: "Prime Minister", "spokesman". */
export interface TitleRecord {
  phrase: string;
  /** Whoever holds it is a political leader (head of state or government, minister, party leader). */
  leader: boolean;
  /** Matched in any case ("spokesman"); otherwise only capitalised ("President"). */
  anyCase: boolean;
  /** A form of address ("Mr", "Dr") that says nothing of a role. */
  honorific: boolean;
  /** A monarch's or pope's title: the name after it is the title, a given name and maybe a number ("Pope Leo XIV"). */
  regnal: boolean;
  /** A peerage or knighthood ("Lord", "Sir"): a bare surname after it is not the known person of that surname. */
  peer: boolean;
}

/** Word lists of the general name rules (name-rules.json). */
export interface NameRules {
  /** Family names written first: "Li" in "Li Qiang", "Moon" in "Moon Jae-in". */
  familyFirst: string[];
  /** Lower-case words after a hyphen that end a name rather than continue it: "led" in "Blair-led". */
  hyphenSuffixes: string[];
  /** Nouns before a capitalised phrase that make it a work or an organisation: "the film Vera Drake". */
  workNouns: string[];
  /** Last words that make a phrase a place or firm unless a title or the people file says person: "Matrix Chambers". */
  orgSurnames: string[];
  /** Verbs after "were" that make a coordinated list of names people: "X, Y and Z were freed". */
  listPredicates: string[];
  /** Plural nouns before a coordinated list that make its names people: "actors X, Y and Z". */
  listNouns: string[];
}

/** A topic of the taxonomy with the evidence that signals it. */
export interface TopicRecord {
  id: string;
  label: string;
  /** Words worth one point each (distinct words counted once). */
  terms: string[];
  /** Words that are enough on their own. */
  strong: string[];
  /** Multi-word phrases that are enough on their own. */
  phrases: string[];
  /** When set, one of these words or phrases must also occur: "military" for military spending. */
  context: string[];
}

/** Everything the tagger knows, validated. */
export interface Knowledge {
  countries: CountryRecord[];
  /** Phrases containing a country word that do not refer to a country: "New Mexico", "Indian Ocean". */
  notCountries: string[];
  /** Country words that are also common English words, never matched in all-caps text: "US", "Turkey". */
  capsAmbiguous: string[];
  people: PersonRecord[];
  firstNames: string[];
  titles: TitleRecord[];
  /** Organisations whose head counts as a political leader: "NATO Secretary-General", "Labour leader". */
  leaderOrgs: string[];
  /** Capitalised words that never belong to a person's name: months, "Party", "Street". */
  notNameWords: string[];
  /** Words that open a sentence and say nothing of who follows: "Meanwhile", "Yesterday". */
  openers: string[];
  /** Capitalised phrases that are not people: "Le Monde", "Storm Shadow". */
  notNamePhrases: string[];
  nameRules: NameRules;
  /** Groups of given names of one person: "William", "Bill", "Will". */
  nicknames: string[][];
  topics: TopicRecord[];
}

const FILES = KNOWLEDGE_FILES;

/** Slug of a name: "Emmanuel Macron" → "emmanuel-macron", "Jean-Noël Barrot" → "jean-noel-barrot". */
export function slugify(name: string): string {
  return foldAccents(name)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Case-sensitive comparison key of an alias: accents and punctuation ignored. */
function aliasKey(alias: string): string {
  return alias.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

class KnowledgeError extends Error {}

/** Reads the knowledge files of `dir`, or fails with `bad_knowledge` naming the file and the problem. */
export function loadKnowledge(dir: string = KNOWLEDGE_DIR): Result<Knowledge> {
  try {
    const countriesFile = readJson(dir, FILES.countries);
    const countries = parseCountries(countriesFile);
    const codes = new Set(countries.countries.map((country) => country.code));
    const knowledge: Knowledge = {
      ...countries,
      people: parsePeople(readJson(dir, FILES.people), codes),
      firstNames: stringList(readJson(dir, FILES.firstNames), FILES.firstNames),
      ...parseTitles(readJson(dir, FILES.titles)),
      ...parseNotNames(readJson(dir, FILES.notNames)),
      nameRules: parseNameRules(readJson(dir, FILES.nameRules)),
      nicknames: parseNicknames(readJson(dir, FILES.nicknames)),
      topics: parseTopics(readJson(dir, FILES.topics)),
    };
    return { ok: true, value: knowledge };
  } catch (error) {
    if (error instanceof KnowledgeError) return { ok: false, error: { code: 'bad_knowledge', message: error.message } };
    throw error;
  }
}

function fail(file: string, problem: string): never {
  throw new KnowledgeError(`${file}: ${problem}`);
}

function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  if (!existsSync(path)) fail(file, `missing file in ${dir}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    return fail(file, `invalid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(entry: Record<string, unknown>, key: string, file: string, where: string): unknown {
  if (!(key in entry)) fail(file, `${where}: missing field "${key}"`);
  return entry[key];
}

function text(value: unknown, file: string, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(file, `${where}: expected a non-empty string`);
  return value;
}

function optionalText(entry: Record<string, unknown>, key: string, file: string, where: string): string | null {
  const value = entry[key];
  if (value === undefined || value === null) return null;
  return text(value, file, `${where}.${key}`);
}

function stringList(value: unknown, file: string, where = 'top level'): string[] {
  if (!Array.isArray(value)) fail(file, `${where}: expected an array of strings`);
  return value.map((item, i) => text(item, file, `${where}[${i}]`));
}

function optionalList(entry: Record<string, unknown>, key: string, file: string, where: string): string[] {
  return entry[key] === undefined ? [] : stringList(entry[key], file, `${where}.${key}`);
}

function entries(value: unknown, key: string, file: string): Array<{ entry: Record<string, unknown>; where: string }> {
  const list = isRecord(value) ? value[key] : undefined;
  if (!Array.isArray(list)) fail(file, `expected an object with an array "${key}"`);
  return list.map((entry, i) => {
    const where = `${key}[${i}]`;
    if (!isRecord(entry)) fail(file, `${where}: expected an object`);
    return { entry, where };
  });
}

function checkUnique(ids: string[], file: string, what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) fail(file, `duplicate ${what} "${id}"`);
    seen.add(id);
  }
}

function parseCountries(value: unknown): Pick<Knowledge, 'countries' | 'notCountries' | 'capsAmbiguous'> {
  const file = FILES.countries;
  const countries = entries(value, 'countries', file).map(({ entry, where }): CountryRecord => {
    const code = text(field(entry, 'code', file, where), file, `${where}.code`);
    if (!/^[A-Z]{2}$/.test(code) || !countryCodes.isValid(code)) fail(file, `${where}: unknown country code "${code}"`);
    return {
      code,
      name: text(field(entry, 'name', file, where), file, `${where}.name`),
      names: optionalList(entry, 'names', file, where),
      demonyms: optionalList(entry, 'demonyms', file, where),
      capitals: optionalList(entry, 'capitals', file, where),
      seats: optionalList(entry, 'seats', file, where),
      prefixes: optionalList(entry, 'prefixes', file, where),
    };
  });
  checkUnique(countries.map((country) => country.code), file, 'country code');
  const owner = new Map<string, string>();
  for (const country of countries) {
    const aliases = [country.name, ...country.names, ...country.demonyms, ...country.capitals, ...country.seats];
    for (const alias of new Set(aliases.map(aliasKey))) {
      const other = owner.get(alias);
      if (other !== undefined && other !== country.code) fail(file, `alias "${alias}" belongs to both ${other} and ${country.code}`);
      owner.set(alias, country.code);
    }
  }
  const record = value as Record<string, unknown>;
  return {
    countries,
    notCountries: optionalList(record, 'notCountries', file, 'top level'),
    capsAmbiguous: optionalList(record, 'capsAmbiguous', file, 'top level'),
  };
}

function parsePeople(value: unknown, codes: ReadonlySet<string>): PersonRecord[] {
  const file = FILES.people;
  const people = entries(value, 'people', file).map(({ entry, where }): PersonRecord => {
    const name = text(field(entry, 'name', file, where), file, `${where}.name`);
    const country = optionalText(entry, 'country', file, where);
    if (country !== null && !codes.has(country)) fail(file, `${where}: unknown country code "${country}"`);
    const leader = field(entry, 'leader', file, where);
    if (typeof leader !== 'boolean') fail(file, `${where}.leader: expected true or false`);
    return {
      id: optionalText(entry, 'id', file, where) ?? slugify(name),
      name,
      aliases: optionalList(entry, 'aliases', file, where),
      knownAs: optionalList(entry, 'knownAs', file, where),
      role: optionalText(entry, 'role', file, where),
      country,
      leader,
    };
  });
  checkUnique(people.map((person) => person.id), file, 'person id');
  return people;
}

function flag(entry: Record<string, unknown>, key: string, file: string, where: string): boolean {
  const value = entry[key] ?? false;
  if (typeof value !== 'boolean') fail(file, `${where}.${key}: expected true or false`);
  return value;
}

function parseTitles(value: unknown): Pick<Knowledge, 'titles' | 'leaderOrgs'> {
  const file = FILES.titles;
  const titles = entries(value, 'titles', file).map(({ entry, where }): TitleRecord => {
    if (typeof field(entry, 'leader', file, where) !== 'boolean') fail(file, `${where}.leader: expected true or false`);
    return {
      phrase: text(field(entry, 'phrase', file, where), file, `${where}.phrase`),
      leader: flag(entry, 'leader', file, where),
      anyCase: flag(entry, 'anyCase', file, where),
      honorific: flag(entry, 'honorific', file, where),
      regnal: flag(entry, 'regnal', file, where),
      peer: flag(entry, 'peer', file, where),
    };
  });
  checkUnique(titles.map((title) => title.phrase.toLowerCase()), file, 'title');
  return { titles, leaderOrgs: optionalList(value as Record<string, unknown>, 'leaderOrgs', file, 'top level') };
}

function parseNotNames(value: unknown): Pick<Knowledge, 'notNameWords' | 'openers' | 'notNamePhrases'> {
  const file = FILES.notNames;
  if (!isRecord(value)) fail(file, 'expected an object with "words" and "phrases"');
  return {
    notNameWords: stringList(field(value, 'words', file, 'top level'), file, 'words'),
    openers: optionalList(value, 'openers', file, 'top level'),
    notNamePhrases: stringList(field(value, 'phrases', file, 'top level'), file, 'phrases'),
  };
}

function parseNameRules(value: unknown): NameRules {
  const file = FILES.nameRules;
  if (!isRecord(value)) fail(file, 'expected an object of word lists');
  const list = (key: string): string[] => stringList(field(value, key, file, 'top level'), file, key);
  return {
    familyFirst: list('familyFirst'),
    hyphenSuffixes: list('hyphenSuffixes'),
    workNouns: list('workNouns'),
    orgSurnames: list('orgSurnames'),
    listPredicates: list('listPredicates'),
    listNouns: list('listNouns'),
  };
}

function parseNicknames(value: unknown): string[][] {
  const file = FILES.nicknames;
  const groups = isRecord(value) ? value.groups : undefined;
  if (!Array.isArray(groups)) fail(file, 'expected an object with an array "groups"');
  return groups.map((group, i) => {
    const names = stringList(group, file, `groups[${i}]`);
    if (names.length < 2) fail(file, `groups[${i}]: a group needs at least two names`);
    return names;
  });
}

function parseTopics(value: unknown): TopicRecord[] {
  const file = FILES.topics;
  const topics = entries(value, 'topics', file).map(({ entry, where }): TopicRecord => {
    const id = text(field(entry, 'id', file, where), file, `${where}.id`);
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) fail(file, `${where}: topic id "${id}" is not a lower-case slug`);
    const topic: TopicRecord = {
      id,
      label: text(field(entry, 'label', file, where), file, `${where}.label`),
      terms: optionalList(entry, 'terms', file, where),
      strong: optionalList(entry, 'strong', file, where),
      phrases: optionalList(entry, 'phrases', file, where),
      context: optionalList(entry, 'context', file, where),
    };
    if (topic.terms.length + topic.strong.length + topic.phrases.length === 0) fail(file, `${where}: topic "${id}" has no terms`);
    return topic;
  });
  checkUnique(topics.map((topic) => topic.id), file, 'topic id');
  return topics;
}
