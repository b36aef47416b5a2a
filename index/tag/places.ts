import type { Knowledge } from '../knowledge/load.ts';
import { STOP_WORDS } from '../text.ts';
import type { PlaceRecord } from '../knowledge/gazetteer.ts';
import type { PlaceEntity } from '../types.ts';
import type { CountryMention, CountryMatcher } from './countries.ts';
import { aliasPattern } from './countries.ts';
import { PhraseTable, phraseKey } from './phrase-table.ts';
import { startsSentence, type Shape, type WordToken } from './tokens.ts';

/**
 * Finds the cities and regions a paragraph names, rolled up to their country. A capitalised name of the gazetteer
 * is a place unless it is part of a longer name ("Victoria Park", "Paris Agreement"), inside a person's name, a
 * country's own name ("Mexico") or a sports team named after it ("Wales beat England", "the Newcastle striker"). Which of the places of that name is meant is decided by a qualifier ("Paris,
 * Texas"), then by the article's other countries and regions, then by population. A small town, a given name
 * ("Florence") or an English word at the start of a sentence ("Reading the report") needs support: a locative word
 * before it ("in", "near"), a word after it ("-based", "residents") or a qualifier; the article's other places only
 * choose between places of one name. When unsure, no tag.
 */

/** One accepted place in a paragraph, by token positions (end exclusive). */
export interface PlaceHit {
  id: string;
  start: number;
  end: number;
  rule: string;
}


/** What one paragraph gave the place finder: its tokens, and the country and person spans found in it. */
export interface PlaceScan {
  tokens: readonly WordToken[];
  shouting: boolean;
  countries: readonly CountryMention[];
  /** Token spans of the people named in the paragraph. */
  persons: ReadonlyArray<{ start: number; end: number }>;
  /** Token spans of full names the name finder saw, people or not yet known ("Clint Eastwood"). */
  names: ReadonlyArray<{ start: number; end: number }>;
  /** The paragraph's topics: in one about sport a bare place name is mostly a team ("Scotland defended"). */
  topics: readonly string[];
}

export interface ArticlePlaces {
  /** Per paragraph, left to right. */
  hits: PlaceHit[][];
  /** Per paragraph, the country mentions that turned out to name a region of another country ("Atlanta, Georgia"). */
  notCountries: Array<Set<CountryMention>>;
}

export interface PlaceFinder {
  resolveArticle(scans: readonly PlaceScan[]): ArticlePlaces;
  place(id: string): PlaceEntity | undefined;
}

interface Entry {
  /** Null for a phrase that is never a place. */
  place: PlaceRecord | null;
  pattern: Shape[];
  /** A blocking phrase of countries.json ("Gulf of Mexico"): it blocks only where no place has that very name. */
  weak?: boolean;
}

/** What the rest of the article names, seen from one span. */
interface Context {
  hasCountry(code: string): boolean;
  hasRegion(region: string): boolean;
}

interface Span {
  start: number;
  end: number;
  candidates: PlaceRecord[];
}

const joinedInName = (gap: string | undefined): boolean => gap === ' ' || gap === '-' || gap === "'";

export function compilePlaces(knowledge: Knowledge, countries: CountryMatcher): PlaceFinder {
  const rules = knowledge.placeRules;
  const table = new PhraseTable<Entry>();
  const byId = new Map<string, PlaceRecord>();
  for (const place of knowledge.places) {
    byId.set(place.id, place);
    for (const name of place.names) table.add(name, { place, pattern: aliasPattern(name) });
  }
  for (const phrase of rules.notPlaces) table.add(phrase, { place: null, pattern: aliasPattern(phrase) });
  for (const phrase of knowledge.notCountries) table.add(phrase, { place: null, pattern: aliasPattern(phrase), weak: true });
  const titleWords = new Set(knowledge.titles.map((title) => phraseKey(title.phrase)).filter((key) => !key.includes(' ')));
  const cues = new Set(rules.cues.map(phraseKey));
  const openers = new Set(knowledge.openers.map(phraseKey));
  const workNouns = new Set(knowledge.nameRules.workNouns.map(phraseKey));
  const afterCues = new Set(rules.afterCues.map(phraseKey));
  const firstNames = new Set(knowledge.firstNames.map(phraseKey));
  const commonWords = new Set(rules.commonWords);
  const mainNames = new Map(knowledge.countries.map((country) => [country.code, phraseKey(country.name)]));
  // A common word opening a sentence is doubtful unless the place is this big ("Bangkok is…" is the city).
  const bigPopulation = rules.plainPopulation * rules.contextRatio;

  // Capitals outside a shouted paragraph are an acronym ("ICA"), never a city's name (Ica).
  const fits = (entry: Entry, tokens: readonly WordToken[], i: number): boolean =>
    entry.pattern.every((wanted, k) => {
      const shape = tokens[i + k]?.shape;
      return wanted === 'lower' || shape === 'capital' || (shape === 'upper' && wanted === 'upper');
    });
  const teamTopics = new Set(rules.teamTopics);

  const spansOf = (scan: PlaceScan): Span[] => {
    const spans: Span[] = [];
    if (scan.shouting) return spans;
    const { tokens } = scan;
    const joinedHere = (j: number): boolean => joinedInName(tokens[j]?.gap);
    for (let i = 0; i < tokens.length; ) {
      const token = tokens[i] as WordToken;
      const match = token.shape === 'lower' || !table.starts(token) ? null : table.longestAt(tokens, i, (entry) => fits(entry, tokens, i), joinedHere);
      if (match === null) {
        i += 1;
        continue;
      }
      const places = match.values.flatMap((entry) => (entry.place === null ? [] : [entry.place]));
      const blocked = match.values.some((entry) => entry.place === null && (entry.weak !== true || places.length === 0));
      // A city is what its name means in its own country: Manchester the city, not the borough of that name.
      const unique = [...new Set(places)];
      const candidates = unique.filter((place) => place.kind === 'city' || !unique.some((other) => other.kind === 'city' && other.country === place.country));
      if (!blocked) spans.push({ start: i, end: i + match.length, candidates });
      i += match.length;
    }
    return spans;
  };

  const capitalised = (token: WordToken | undefined): boolean => token !== undefined && (token.shape === 'capital' || token.shape === 'upper');
  /**
   * Part of a longer capitalised name: a capitalised word joined before (not opening the sentence) or after, or a
   * name of the form "Bank of England", "Gulf of Aden" (but "Mayor of London": a title names the place's office).
   */
  const partOfName = (tokens: readonly WordToken[], span: Span): boolean => {
    const before = tokens[span.start - 1];
    const after = tokens[span.end];
    const first = tokens[span.start] as WordToken;
    if (before !== undefined && joinedInName(first.gap) && capitalised(before) && !cues.has(before.folded)
      && !(first.gap === ' ' && startsSentence(tokens, span.start - 1) && (openers.has(before.folded) || STOP_WORDS.has(before.folded)))) return true;
    // A work or firm named like a place: "the thriller Constantine", "the film Paris, Texas".
    if (before !== undefined && first.gap === ' ' && before.shape === 'lower' && workNouns.has(before.folded)) return true;
    if (before?.folded === 'of' && first.gap === ' ' && before.gap === ' ' && capitalised(tokens[span.start - 2])
      && !startsSentence(tokens, span.start - 2) && !titleWords.has(tokens[span.start - 2]?.folded ?? '')) return true;
    return after !== undefined && joinedInName(after.gap) && capitalised(after);
  };

  const teamBefore = new Set(rules.teamWordsBefore.map(phraseKey));
  const teamAfter = new Set(rules.teamWordsAfter.map(phraseKey));
  /** A sports team named after its place: "Wales beat England", "the England captain", "Chelsea v Arsenal". */
  const team = (tokens: readonly WordToken[], span: Span): boolean => {
    const before = tokens[span.start - 1];
    const after = tokens[span.end];
    const first = tokens[span.start] as WordToken;
    if (before !== undefined && first.gap === ' ' && before.shape === 'lower' && teamBefore.has(before.folded)) return true;
    if (after === undefined || after.shape !== 'lower') return false;
    // "England's captain", "Wales coach", "Sale Sharks" is a longer name already.
    const gap = after.gap === "'" && after.folded === 's' ? tokens[span.end + 1] : after;
    return gap !== undefined && gap.shape === 'lower' && (gap.gap === ' ' || gap.gap === '-' || gap === after) && teamAfter.has(gap.folded);
  };

  const cued = (tokens: readonly WordToken[], span: Span): boolean => {
    const before = tokens[span.start - 1];
    const after = tokens[span.end];
    const first = tokens[span.start] as WordToken;
    if (before !== undefined && first.gap === ' ' && cues.has(before.folded)) return true;
    return after !== undefined && (after.gap === ' ' || after.gap === '-') && after.shape === 'lower' && afterCues.has(after.folded);
  };

  return {
    place: (id) => {
      const place = byId.get(id);
      if (place === undefined) return undefined;
      const region = place.kind === 'city' && place.region !== null ? byId.get(place.region.toLowerCase())?.name : undefined;
      const country = countries.nameOf(place.country) ?? place.country;
      const label = [place.name, region, country].filter((part) => part !== undefined).join(', ');
      const names = [...new Set([...place.names, ...(region === undefined ? [] : [`${place.name}, ${region}`]), `${place.name}, ${country}`])]
        .filter((name) => name !== place.name && name !== label);
      return {
        id, name: place.name, label, kind: place.kind, country: place.country, region: place.region, names,
        ...(region === undefined ? {} : { regionName: region }),
      };
    },
    resolveArticle(scans) {
      const spans = scans.map(spansOf);
      const notCountries = scans.map(() => new Set<CountryMention>());
      // Spans that cannot be a place whatever the article says: inside a person's name or a longer name.
      // Words of the article's people's names: "Martinez" alone, after "Pedro Martinez", is him, not the town.
      const personWords = new Set<number>();
      for (const scan of scans) {
        for (const person of scan.persons) for (let k = person.start; k < person.end; k += 1) personWords.add((scan.tokens[k] as WordToken).id);
        for (const name of scan.names) personWords.add((scan.tokens[name.end - 1] as WordToken).id);
      }
      const usable = spans.map((list, p) => {
        const scan = scans[p] as PlaceScan;
        const people = [...scan.persons, ...scan.names];
        return list.filter((span) => !partOfName(scan.tokens, span) && !team(scan.tokens, span)
          && !(span.end - span.start === 1 && personWords.has((scan.tokens[span.start] as WordToken).id))
          && !people.some((person) => span.start < person.end && person.start < span.end));
      });
      // The article's countries and the regions it names unambiguously: what decides which Paris is meant. A span's
      // own mentions do not count for it ("Paris" names France; that says nothing of which Paris it is).
      const codeCounts = new Map<string, number>();
      const regionCounts = new Map<string, number>();
      const add = (counts: Map<string, number>, key: string, by: number): void => { counts.set(key, (counts.get(key) ?? 0) + by); };
      // The region a span names when nothing else is known: its largest place's, a region or a big city's.
      const contextRegion = (span: Span): string | null => {
        const largest = largestOf(span.candidates);
        if (largest === undefined || largest.region === null) return null;
        return largest.kind === 'region' || largest.population >= rules.plainPopulation ? largest.region : null;
      };
      // A span that is also a country's name ("Georgia") says nothing of the region it could be.
      const regionOfSpan = (scan: PlaceScan, span: Span): string | null => {
        const region = contextRegion(span);
        const country = span.candidates[0]?.country;
        return scan.countries.some((mention) => mention.start < span.end && span.start < mention.end && mention.code !== country) ? null : region;
      };
      scans.forEach((scan, p) => {
        for (const mention of scan.countries) add(codeCounts, mention.code, 1);
        for (const span of usable[p] ?? []) {
          const region = regionOfSpan(scan, span);
          if (region !== null) add(regionCounts, region, 1);
        }
      });
      const contextOf = (scan: PlaceScan, span: Span): Context => {
        const own = scan.countries.filter((mention) => mention.start < span.end && span.start < mention.end).map((mention) => mention.code);
        const ownRegion = regionOfSpan(scan, span);
        return {
          hasCountry: (code) => (codeCounts.get(code) ?? 0) - own.filter((c) => c === code).length > 0,
          hasRegion: (region) => (regionCounts.get(region) ?? 0) - (ownRegion === region ? 1 : 0) > 0,
        };
      };
      const hits = usable.map((list, p): PlaceHit[] => {
        const scan = scans[p] as PlaceScan;
        const { tokens } = scan;
        const accepted: PlaceHit[] = [];
        let qualifiedBy: { end: number; place: PlaceRecord } | null = null;
        for (const [k, span] of list.entries()) {
          let candidates = span.candidates;
          let rule = 'places.json';
          let supported = cued(tokens, span);
          const country = scan.countries.find((mention) => mention.start < span.end && span.start < mention.end);
          // The qualifier after a comma: "Paris, Texas", "London, Ontario", "Atlanta, Georgia".
          const next = list[k + 1];
          const qualifier = next !== undefined && next.start === span.end && tokens[next.start]?.gap === ', ' ? next : undefined;
          // A region after a comma qualifies a city whose region it is; one the gazetteer cannot check (no ISO admin
          // code) only where it ends the phrase: "London, Ontario." but not "Chicago, New York and London".
          const endsPhrase = qualifier !== undefined && qualifierEnds(tokens, qualifier, list[k + 2]);
          const ofQualifier = qualifier === undefined ? [] : candidates.filter((place) => qualifier.candidates.some((q) =>
            q.kind === 'region' && q.country === place.country && (place.region === q.region || (place.region === null && endsPhrase))));
          const qualifyCountry = tokens[span.end]?.gap === ', '
            ? scan.countries.find((mention) => mention.start === span.end)?.code : undefined;
          if (qualifiedBy !== null && qualifiedBy.end === span.start) {
            // This span qualifies the one before it: the region of that city, whatever else the name could be.
            const region = candidates.find((place) => place.kind === 'region' && place.country === qualifiedBy?.place.country);
            if (region !== undefined) {
              if (country !== undefined && country.code !== region.country) notCountries[p]?.add(country);
              accepted.push({ id: region.id, start: span.start, end: span.end, rule: `${region.kind === 'region' ? 'iso-3166-2' : 'gazetteer'}: qualifies the place before it` });
              qualifiedBy = null;
              continue;
            }
          }
          qualifiedBy = null;
          let qualified = false;
          if (ofQualifier.length > 0) {
            candidates = ofQualifier;
            qualified = true;
            rule = 'gazetteer: named with its region';
          } else if (qualifyCountry !== undefined && candidates.some((place) => place.country === qualifyCountry)) {
            candidates = candidates.filter((place) => place.country === qualifyCountry);
            qualified = true;
            rule = 'gazetteer: named with its country';
          }
          if (qualified) {
            supported = true;
            // "London, Ontario" is not the capital of the United Kingdom.
            if (country !== undefined && !candidates.some((place) => place.country === country.code)) notCountries[p]?.add(country);
          } else if (country !== undefined) {
            // A seat of power stands for the government ("Westminster", "the Kremlin"), not the place.
            if (country.kind === 'seat') continue;
            // A region of another country named by the article's other places ("Georgia" beside Atlanta).
            const regionOfContext = candidates.find((place) => place.kind === 'region' && place.country !== country.code
              && contextOf(scan, span).hasRegion(place.region ?? ''));
            const spanText = tokens.slice(span.start, span.end).map((token) => token.folded).join(' ');
            const same = candidates.filter((place) => place.country === country.code && (country.kind !== 'name' || place.kind === 'region'));
            const elsewhere = country.kind === 'capital' ? choose(candidates, contextOf(scan, span), rules.contextRatio) : undefined;
            if (regionOfContext !== undefined && country.kind === 'name') {
              notCountries[p]?.add(country);
              candidates = [regionOfContext];
              supported = true;
              rule = 'iso-3166-2: a region of the article\'s places';
            } else if (elsewhere !== undefined && elsewhere.context !== null && elsewhere.place.country !== country.code) {
              // A capital's name for a city of another country the article is about ("Tripoli" in Lebanon).
              notCountries[p]?.add(country);
              candidates = [elsewhere.place];
              supported = true;
              rule = 'gazetteer: the place of that name in the article\'s country or region';
            } else if (same.length === 0 || (country.kind === 'name' && spanText === mainNames.get(country.code))) {
              // A country's own name is the country ("Mexico", "Luxembourg"); another country's name is not this
              // place ("Georgia" beside Tbilisi).
              continue;
            } else {
              // A nation ("Scotland") or a capital is also a place of that country.
              candidates = same;
              supported = true;
              rule = country.kind === 'capital' ? 'countries.json: capital' : 'iso-3166-2: a nation or region of the country';
            }
          }
          const chosen = choose(candidates, contextOf(scan, span), rules.contextRatio);
          if (chosen === undefined) continue;
          const place = chosen.place;
          const oneWord = span.end - span.start === 1;
          const folded = (tokens[span.start] as WordToken).folded;
          const small = place.kind === 'city' && place.population < rules.plainPopulation;
          const common = oneWord && commonWords.has(folded);
          // A small town named by an English word ("Spring", "Paradise", "God" for Göd) only with its region named; any such word opening a sentence ("Reading the report") only when the words around say so.
          if (common && small && !qualified && chosen.context !== 'region') continue;
          if (common && startsSentence(tokens, span.start) && place.population < bigPopulation && !supported) continue;
          if ((small || (oneWord && firstNames.has(folded))) && !supported && chosen.context !== 'region') continue;
          // In a paragraph about sport a place named with no locative word is a team: "Scotland defended", "play for
          // England"; "the final in Dublin" is the place.
          if (!qualified && !cued(tokens, span) && scan.topics.some((topic) => teamTopics.has(topic))) continue;
          // A one-word region named like a person ("Guerrero scored") only with a locative word or a qualifier.
          if (place.kind === 'region' && oneWord && personWords.has((tokens[span.start] as WordToken).id) && !supported) continue;
          if (place.kind === 'city' && qualifier !== undefined) qualifiedBy = { end: qualifier.start, place };
          accepted.push({ id: place.id, start: span.start, end: span.end, rule: ruleText(rule, place, chosen.context !== null) });
        }
        return accepted;
      });
      return { hits, notCountries };
    },
  };
}

/**
 * Which place of a name is meant: the largest, unless the article names the country or region of another one and
 * not the largest's country; a place much smaller than the largest needs its region named, not only its country.
 */
function choose(candidates: readonly PlaceRecord[], context: Context, ratio: number): { place: PlaceRecord; context: 'region' | 'country' | null } | undefined {
  const largest = largestOf(candidates);
  if (largest === undefined) return undefined;
  const named = (place: PlaceRecord): boolean => place.region !== null && context.hasRegion(place.region);
  if (named(largest)) return { place: largest, context: 'region' };
  if (context.hasCountry(largest.country)) return { place: largest, context: 'country' };
  const inRegion = largestOf(candidates.filter(named));
  if (inRegion !== undefined) return { place: inRegion, context: 'region' };
  const inCountry = largestOf(candidates.filter((place) => context.hasCountry(place.country) && sizeOf(place) * ratio >= sizeOf(largest)));
  if (inCountry !== undefined) return { place: inCountry, context: 'country' };
  return { place: largest, context: null };
}

/**
 * What ranks places of one name: a city's population; a region counts as 300,000 people: more than most towns of its
 * name elsewhere (Kent, Washington; Munster and Münster), fewer than the cities a name mostly means (Manchester).
 */
function sizeOf(place: PlaceRecord): number {
  return place.kind === 'region' ? 300_000 : place.population;
}

/**
 * Whether a qualifier ends its phrase, so it names the region of the place before it rather than the next item of a
 * list: followed by the end of the paragraph or of a clause, or by a word that is not "and"/"or" and not another
 * place after a comma.
 */
function qualifierEnds(tokens: readonly WordToken[], qualifier: Span, nextSpan: Span | undefined): boolean {
  const after = tokens[qualifier.end];
  if (after === undefined) return true;
  if (/[.;:!?)"]/.test(after.gap)) return true;
  if (after.gap === ', ') return nextSpan?.start !== qualifier.end;
  return after.gap === ' ' && after.folded !== 'and' && after.folded !== 'or';
}

/** The largest: a region outranks a town of its name ("Georgia"), a big city a region ("New York"). */
function largestOf(places: readonly PlaceRecord[]): PlaceRecord | undefined {
  let best: PlaceRecord | undefined;
  for (const place of places) if (best === undefined || sizeOf(place) > sizeOf(best)) best = place;
  return best;
}

function ruleText(rule: string, place: PlaceRecord, fromContext: boolean): string {
  const source = place.kind === 'city' ? `GeoNames city (population ${place.population.toLocaleString('en-GB')})` : `ISO 3166-2 region ${place.region ?? ''}`;
  if (rule !== 'places.json') return `${rule}; ${source}`;
  return fromContext ? `${source}; its country or region is named in the article` : source;
}
