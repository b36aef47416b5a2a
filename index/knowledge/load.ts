import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import countryCodes from 'i18n-iso-countries';
import { KNOWLEDGE_DIR, KNOWLEDGE_FILES } from './files.ts';
import type { Result } from '../types.ts';
import { foldAccents } from '../text.ts';
import { readGazetteer, type PlaceRecord, type PlaceRules, type PlacesFile } from './gazetteer.ts';

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

/**
 * A span of time, ISO dates of year, month or day precision ("1997", "1997-05", "1997-05-02"), both ends
 * inclusive; `from` null: since always, `to` null: still so.
 */
export interface DateSpan {
  from: string | null;
  to: string | null;
}

/** An office a person held: "Prime Minister of the United Kingdom", GB, 1997-05-02 to 2007-06-27, a leader's. */
export interface OfficeRecord extends DateSpan {
  office: string;
  country: string | null;
  /** Whoever holds it is a political leader (head of state or government, minister, party leader). */
  leader: boolean;
}

/** A name a person was known by for a time: "Prince Charles" until 2022-09-08. */
export interface DatedName extends DateSpan {
  name: string;
}

/** A known person. `id` is the slug of `name` unless the file sets one. */
export interface PersonRecord {
  id: string;
  name: string;
  /** Other spellings of the full name: "Volodymyr Zelenskyy". */
  aliases: string[];
  /** Single words that identify the person on their own anywhere: "Putin", "Zelensky". */
  knownAs: string[];
  /** The file's role, or with offices the latest office: what an article without a date shows. */
  role: string | null;
  country: string | null;
  /** The file's flag, or with offices: whether any office is a leader's. */
  leader: boolean;
  /** Offices with dates, in the file's order; empty for a person described only by `role` and `leader`. */
  offices: OfficeRecord[];
  /** Names of a time ("Prince Charles" to 2022-09-08), also matched as aliases; `name` stays the canonical one. */
  names: DatedName[];
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
  /** Words before a title that say it is not held now, with the word a role shows: "former" → "Former". */
  notCurrentBefore: Array<{ word: string; label: string }>;
  /** Words glued after a title by a hyphen that say it is not held yet: "elect" in "President-elect". */
  notCurrentAfter: string[];
  /** Words before a title that leave it current: "acting", "interim". */
  currentBefore: string[];
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
  /** Words that only add to other evidence ("war" for war and conflict): never enough alone. */
  weak: string[];
  /** A general topic ("politics"): needs several cues, and more of them in a long paragraph. */
  broad: boolean;
  /** Points this topic needs, when not the default of `TopicScoring.threshold`. */
  threshold: number | null;
}

/** How topic evidence is weighed (topics.json `scoring`); topics.ts says what each number does. */
export interface TopicScoring {
  threshold: number;
  termWeight: number;
  strongWeight: number;
  phraseWeight: number;
  weakWeight: number;
  asideWeight: number;
  titleWeight: number;
  asideOpeners: string[];
  relativeOpeners: string[];
  broadMinCues: number;
  lengthReference: number;
  lengthExponent: number;
  supportShare: number;
  presentShare: number;
  supportedFactor: number;
  unsupportedFactor: number;
  contextMinParagraphs: number;
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
  topicScoring: TopicScoring;
  /** Cities and regions of the gazetteer (gazetteer.ts), largest cities first. */
  places: PlaceRecord[];
  placeRules: PlaceRules;
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
      topicScoring: parseTopicScoring(readJson(dir, FILES.topics)),
      ...parsePlaces(readJson(dir, FILES.places), countries.countries),
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
  const people = entries(value, 'people', file).map(({ entry, where: at }): PersonRecord => {
    const name = text(field(entry, 'name', file, at), file, `${at}.name`);
    const where = `${at} (${name})`;
    const countryOf = (code: string | null, place: string): string | null => {
      if (code !== null && !codes.has(code)) fail(file, `${place}: unknown country code "${code}"`);
      return code;
    };
    const country = countryOf(optionalText(entry, 'country', file, where), where);
    const offices = parseOffices(entry, where, countryOf);
    const names = parseDatedNames(entry, where);
    const person = {
      id: optionalText(entry, 'id', file, at) ?? slugify(name),
      name,
      aliases: optionalList(entry, 'aliases', file, where),
      knownAs: optionalList(entry, 'knownAs', file, where),
      offices,
      names,
    };
    if (offices.length > 0) {
      if ('leader' in entry || 'role' in entry) fail(file, `${where}: has offices, so "leader" and "role" come from them; remove those fields`);
      const latest = offices.reduce((a, b) => (startOf(b) > startOf(a) ? b : a));
      return { ...person, role: latest.office, country: country ?? latest.country, leader: offices.some((office) => office.leader) };
    }
    const leader = field(entry, 'leader', file, where);
    if (typeof leader !== 'boolean') fail(file, `${where}.leader: expected true or false`);
    return { ...person, role: optionalText(entry, 'role', file, where), country, leader };
  });
  checkUnique(people.map((person) => person.id), file, 'person id');
  return people;
}

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A date of the people file: null, or ISO of year, month or day precision with a real month and day. */
function dateField(entry: Record<string, unknown>, key: string, where: string): string | null {
  const value = entry[key];
  if (value === null || value === undefined) return null;
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const month = match?.[2] === undefined ? 1 : Number(match[2]);
  const day = match?.[3] === undefined ? 1 : Number(match[3]);
  const valid = match !== null && month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(Number(match[1]), month, 0)).getUTCDate();
  if (!valid) fail(FILES.people, `${where}.${key}: expected an ISO date ("1997", "1997-05" or "1997-05-02") or null, got ${JSON.stringify(value)}`);
  return value as string;
}

/** The earliest day a date of any precision may mean ("1997" → "1997-01-01"); for ordering and checks. */
function startOf(span: DateSpan): string {
  return span.from === null ? '' : `${span.from}-01-01`.slice(0, 10);
}

function checkSpan(span: DateSpan, where: string): void {
  if (span.from !== null && span.to !== null && span.to < span.from.slice(0, span.to.length)) {
    fail(FILES.people, `${where}: "to" ${span.to} is before "from" ${span.from}`);
  }
}

function parseOffices(
  entry: Record<string, unknown>,
  where: string,
  countryOf: (code: string | null, place: string) => string | null,
): OfficeRecord[] {
  const file = FILES.people;
  if (entry.offices === undefined) return [];
  if (!Array.isArray(entry.offices)) fail(file, `${where}.offices: expected an array of offices`);
  return entry.offices.map((item: unknown, i): OfficeRecord => {
    const place = `${where}.offices[${i}]`;
    if (!isRecord(item)) fail(file, `${place}: expected an object`);
    const office = text(field(item, 'office', file, place), file, `${place}.office`);
    const leader = field(item, 'leader', file, place);
    if (typeof leader !== 'boolean') fail(file, `${place}.leader: expected true or false`);
    field(item, 'from', file, place);
    // "to": null says "still in office" on purpose; a forgotten end must not read as one.
    field(item, 'to', file, place);
    const span = { from: dateField(item, 'from', place), to: dateField(item, 'to', place) };
    if (span.from === null) fail(file, `${place}.from: an office needs the date it began`);
    checkSpan(span, place);
    return { office, country: countryOf(optionalText(item, 'country', file, place), place), leader, ...span };
  });
}

function parseDatedNames(entry: Record<string, unknown>, where: string): DatedName[] {
  const file = FILES.people;
  if (entry.names === undefined) return [];
  if (!Array.isArray(entry.names)) fail(file, `${where}.names: expected an array of {name, from, to}`);
  return entry.names.map((item: unknown, i): DatedName => {
    const place = `${where}.names[${i}]`;
    if (!isRecord(item)) fail(file, `${place}: expected an object`);
    const span = { from: dateField(item, 'from', place), to: dateField(item, 'to', place) };
    if (span.from === null && span.to === null) fail(file, `${place}: a dated name needs "from" or "to" (else make it an alias)`);
    checkSpan(span, place);
    return { name: text(field(item, 'name', file, place), file, `${place}.name`), ...span };
  });
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
    notCurrentBefore: wordLabels(field(value, 'notCurrentBefore', file, 'top level'), file, 'notCurrentBefore'),
    notCurrentAfter: list('notCurrentAfter'),
    currentBefore: list('currentBefore'),
  };
}

/** An object of word → label: {"former": "Former"}. */
function wordLabels(value: unknown, file: string, where: string): Array<{ word: string; label: string }> {
  if (!isRecord(value)) fail(file, `${where}: expected an object of word → label`);
  return Object.entries(value).map(([word, label]) => ({ word: text(word, file, where), label: text(label, file, `${where}.${word}`) }));
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
      weak: optionalList(entry, 'weak', file, where),
      broad: flag(entry, 'broad', file, where),
      threshold: entry.threshold === undefined ? null : weight(entry.threshold, file, `${where}.threshold`),
    };
    if (topic.terms.length + topic.strong.length + topic.phrases.length === 0) fail(file, `${where}: topic "${id}" has no terms`);
    return topic;
  });
  checkUnique(topics.map((topic) => topic.id), file, 'topic id');
  return topics;
}

function parseTopicScoring(value: unknown): TopicScoring {
  const file = FILES.topics;
  const scoring = isRecord(value) ? value.scoring : undefined;
  if (!isRecord(scoring)) fail(file, 'expected an object "scoring"');
  const number = (key: Exclude<keyof TopicScoring, 'asideOpeners' | 'relativeOpeners'>): number => weight(field(scoring, key, file, 'scoring'), file, `scoring.${key}`);
  return {
    threshold: number('threshold'),
    termWeight: number('termWeight'),
    strongWeight: number('strongWeight'),
    phraseWeight: number('phraseWeight'),
    weakWeight: number('weakWeight'),
    asideWeight: number('asideWeight'),
    titleWeight: number('titleWeight'),
    asideOpeners: stringList(field(scoring, 'asideOpeners', file, 'scoring'), file, 'scoring.asideOpeners'),
    relativeOpeners: stringList(field(scoring, 'relativeOpeners', file, 'scoring'), file, 'scoring.relativeOpeners'),
    broadMinCues: number('broadMinCues'),
    lengthReference: number('lengthReference'),
    lengthExponent: number('lengthExponent'),
    supportShare: number('supportShare'),
    presentShare: number('presentShare'),
    supportedFactor: number('supportedFactor'),
    unsupportedFactor: number('unsupportedFactor'),
    contextMinParagraphs: number('contextMinParagraphs'),
  };
}

function parsePlaces(value: unknown, countries: readonly CountryRecord[]): Pick<Knowledge, 'places' | 'placeRules'> {
  const file = FILES.places;
  if (!isRecord(value)) fail(file, 'expected an object');
  const number = (key: string): number => weight(field(value, key, file, 'top level'), file, key);
  const list = (key: string): string[] => stringList(field(value, key, file, 'top level'), file, key);
  const aliases = entries(value, 'aliases', file).map(({ entry, where }) => {
    const alias = {
      name: text(field(entry, 'name', file, where), file, `${where}.name`),
      of: optionalText(entry, 'of', file, where) ?? undefined,
      country: optionalText(entry, 'country', file, where) ?? undefined,
      region: optionalText(entry, 'region', file, where) ?? undefined,
      show: entry.show === true,
    };
    if (alias.region === undefined && (alias.of === undefined || alias.country === undefined)) {
      fail(file, `${where}: give "region" (an ISO 3166-2 code) or both "of" (a gazetteer name) and "country"`);
    }
    return alias;
  });
  const placesFile: PlacesFile = {
    minPopulation: number('minPopulation'),
    plainPopulation: number('plainPopulation'),
    contextRatio: number('contextRatio'),
    cues: list('cues'),
    afterCues: list('afterCues'),
    isoRegionCodes: list('isoRegionCodes'),
    regionNameSuffixes: list('regionNameSuffixes'),
    regionNamePrefixes: list('regionNamePrefixes'),
    genericRegionWords: list('genericRegionWords'),
    aliases,
    notPlaces: list('notPlaces'),
    teamWordsBefore: list('teamWordsBefore'),
    teamWordsAfter: list('teamWordsAfter'),
    teamTopics: list('teamTopics'),
    excludeRegions: list('excludeRegions'),
  };
  const capitals = new Map(countries.filter((country) => country.capitals.length > 0).map((country) => [country.code, country.capitals]));
  const { places, rules, problems } = readGazetteer(placesFile, new Set(countries.map((country) => country.code)), capitals);
  if (problems.length > 0) fail(file, problems.join('; '));
  return { places, placeRules: rules };
}

function weight(value: unknown, file: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(file, `${where}: expected a number of 0 or more`);
  return value;
}
