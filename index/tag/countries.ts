import { words } from '../text.ts';
import type { Knowledge } from '../knowledge/load.ts';
import { PhraseTable, phraseKey } from './phrase-table.ts';
import type { Shape, WordToken } from './tokens.ts';

/**
 * Finds the countries a paragraph refers to: names and short forms, demonyms, capitals and seats of power,
 * and combining forms ("Franco-British"). Matching is by longest phrase, case-sensitive per word of the alias.
 */

export type CountryKind = 'name' | 'demonym' | 'capital' | 'seat';

/** One occurrence of a country in a paragraph, by token positions (end exclusive). */
export interface CountryMention {
  code: string;
  kind: CountryKind | 'prefix';
  start: number;
  end: number;
}

interface AliasEntry {
  /** Null for a phrase that blocks a match ("New Mexico" is not Mexico). */
  code: string | null;
  kind: CountryKind;
  /** Letter case each word of the alias demands. */
  pattern: Shape[];
  /** Also a common word: never trusted in capitals ("US" / "us", "TURKEY"). */
  capsAmbiguous: boolean;
}

/** A compiled matcher of every country alias of the knowledge. */
export interface CountryMatcher {
  /** Country mentions of a paragraph's tokens, left to right, not overlapping. */
  find(tokens: readonly WordToken[], shouting: boolean): CountryMention[];
  /** Display name of a code. */
  nameOf(code: string): string | undefined;
  /** The other names of a code (not demonyms, capitals or seats of government). */
  namesOf(code: string): string[];
  /** True when a folded word is on its own a country alias ("jordan", "french"): such words are rarely surnames. */
  isCountryWord(folded: string): boolean;
}

export function aliasPattern(alias: string): Shape[] {
  return words(alias).map((word): Shape => {
    const first = word[0] ?? '';
    if (first === first.toLowerCase()) return 'lower';
    return word.length > 1 && word === word.toUpperCase() ? 'upper' : 'capital';
  });
}

function caseFits(entry: AliasEntry, tokens: readonly WordToken[], start: number, shouting: boolean): boolean {
  if (shouting && entry.capsAmbiguous) return false;
  return entry.pattern.every((wanted, k) => {
    const shape = tokens[start + k]?.shape;
    if (wanted === 'lower') return true;
    if (wanted === 'upper') return shape === 'upper';
    return shape === 'capital' || (shape === 'upper' && !entry.capsAmbiguous);
  });
}

/** Compiles the country aliases of the knowledge into one phrase table. */
export function compileCountries(knowledge: Knowledge): CountryMatcher {
  const table = new PhraseTable<AliasEntry>();
  const prefixes = new Map<string, string>();
  const names = new Map<string, string>();
  const otherNames = new Map<string, string[]>();
  const countryWords = new Set<string>();
  const ambiguous = new Set(knowledge.capsAmbiguous.map(phraseKey));
  const add = (alias: string, code: string | null, kind: CountryKind): void => {
    const key = phraseKey(alias);
    table.add(alias, { code, kind, pattern: aliasPattern(alias), capsAmbiguous: ambiguous.has(key) });
    if (code !== null && !key.includes(' ')) countryWords.add(key);
  };
  for (const country of knowledge.countries) {
    names.set(country.code, country.name);
    otherNames.set(country.code, country.names);
    for (const alias of [country.name, ...country.names]) add(alias, country.code, 'name');
    for (const alias of country.demonyms) add(alias, country.code, 'demonym');
    for (const alias of country.capitals) add(alias, country.code, 'capital');
    for (const alias of country.seats) add(alias, country.code, 'seat');
    for (const prefix of country.prefixes) prefixes.set(phraseKey(prefix), country.code);
  }
  for (const phrase of knowledge.notCountries) add(phrase, null, 'name');

  const joinedAt = (tokens: readonly WordToken[]) => (j: number): boolean => {
    const gap = tokens[j]?.gap;
    return gap === ' ' || gap === '-' || gap === "'" || gap === ', ';
  };

  return {
    nameOf: (code) => names.get(code),
    namesOf: (code) => otherNames.get(code) ?? [],
    isCountryWord: (folded) => countryWords.has(folded),
    find(tokens, shouting) {
      const mentions: CountryMention[] = [];
      const joinedHere = joinedAt(tokens);
      for (let i = 0; i < tokens.length; ) {
        const token = tokens[i] as WordToken;
        const next = tokens[i + 1];
        // Most words start no alias: asking first saves making the callbacks for every token.
        const match = table.starts(token) ? table.longestAt(tokens, i, (entry) => caseFits(entry, tokens, i, shouting), joinedHere) : null;
        if (match === null) {
          const prefix = prefixes.get(token.folded);
          if (prefix !== undefined && token.shape === 'capital' && next?.gap === '-' && next.shape !== 'lower') {
            mentions.push({ code: prefix, kind: 'prefix', start: i, end: i + 1 });
          }
          i += 1;
          continue;
        }
        // A blocking phrase wins over a country of the same length: "New Mexico" is not Mexico.
        const entry = match.values.find((value) => value.code === null) ?? match.values[0];
        if (entry !== undefined && entry.code !== null) {
          mentions.push({ code: entry.code, kind: entry.kind, start: i, end: i + match.length });
        }
        i += match.length;
      }
      return mentions;
    },
  };
}
