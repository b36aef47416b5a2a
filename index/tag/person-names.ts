import { STOP_WORDS } from '../text.ts';
import type { Knowledge, TitleRecord } from '../knowledge/load.ts';
import type { NameEvidence, NameMention, TitleMention, TitleModifier } from './name-mention.ts';
import type { CountryMatcher, CountryMention } from './countries.ts';
import { PhraseTable, phraseKey } from './phrase-table.ts';
import { startsSentence, type WordToken } from './tokens.ts';
import { gluedAt, isRegnalNumber, nameWordCount, nameWordsOf, nameWordsOfPhrase } from './name-words.ts';
import { coordinate } from './name-lists.ts';

/**
 * Finds the spans of a paragraph that name a person: known aliases first, then capitalised sequences
 * introduced by a title ("Foreign Minister X"), starting with a common given name, or followed by "said".
 * It only reads the text; deciding who a span is (and resolving bare surnames) is people.ts's job.
 */

export type { NameEvidence, NameMention, TitleMention, TitleModifier } from './name-mention.ts';

const PARTICLES = new Set([
  'de', 'du', 'des', 'da', 'das', 'do', 'dos', 'di', 'del', 'della', 'van', 'von', 'der', 'den', 'ter', 'la', 'le',
  'bin', 'ibn', 'bint', 'al', 'el', 'ul', 'y', 'zu', 'dem', 'ten', 'af', 'av', 'ben', 'abu', 'ould', 'bte',
]);
/** Longest run of particles inside a name: "von der Leyen", "de la Rúa". */
const MAX_PARTICLES = 2;
/** Given-name syllables joined by a hyphen are short: "Jae-in", "Ki-moon", "Suk-yeol". */
const MAX_SYLLABLE = 5;
const SPEECH_VERBS = new Set(['said', 'says', 'told', 'added', 'wrote', 'argued', 'insisted', 'warned']);
// Words before a capitalised span that make it an organisation's name: "the Fiscal Studies", "for Fiscal Studies".
const ORG_ARTICLES = new Set(['the', 'a', 'an', 'its', 'their', 'our', 'for', 'of', 'at', 'from', 'by']);
/** Articles before an appositive title: "X, the former president", "X, a former minister". */
const APPOSITIVE_ARTICLES = new Set(['the', 'a', 'an']);
const MAX_NAME_WORDS = 4;

/** Compiled name finder. */
export interface NameFinder {
  /** The name spans of one paragraph, in text order (token indices, end exclusive). */
  find(tokens: readonly WordToken[], countries: readonly CountryMention[]): NameMention[];
}

/** Joins a name: one space, a hyphen, an apostrophe, or the dot after an initial ("George W. Bush"). */
function nameJoined(tokens: readonly WordToken[], j: number): boolean {
  const token = tokens[j];
  const previous = tokens[j - 1];
  if (token === undefined || previous === undefined) return false;
  const gap = token.gap;
  if (gap === ' ' || gap === '-' || gap === "'") return true;
  return gap === '. ' && previous.raw.length === 1 && previous.shape === 'capital';
}

/** An opening quote right before token i and a closing one right after token end-1: a quoted title. */
function quoted(tokens: readonly WordToken[], start: number, end: number): boolean {
  const before = tokens[start]?.gap ?? '';
  const after = tokens[end];
  if (!(before.endsWith('"') || before.endsWith(" '"))) return false;
  if (after === undefined) return false;
  return after.gap.startsWith('"') || (after.gap.startsWith("'") && after.gap.length > 1);
}

/** Compiles the name finder: known aliases, titles, given names and the words that are never names. */
export function compileNameFinder(knowledge: Knowledge, countries: CountryMatcher): NameFinder {
  const known = new PhraseTable<{ id: string; alias: string }>();
  const knownSurnames = new Set<string>();
  for (const person of knowledge.people) {
    // A name of a time ("Prince Charles") names the person at any time; people.ts decides which name to show.
    for (const alias of [person.name, ...person.aliases, ...person.names.map((dated) => dated.name), ...person.knownAs]) {
      known.add(alias, { id: person.id, alias });
      knownSurnames.add(nameWordsOfPhrase(alias).pop() ?? '');
    }
  }
  const titles = new PhraseTable<TitleRecord>();
  for (const title of knowledge.titles) titles.add(title.phrase, title);
  const firstNames = new Set(knowledge.firstNames.map(phraseKey));
  const notNameWords = new Set(knowledge.notNameWords.map(phraseKey));
  const openers = new Set(knowledge.openers.map(phraseKey));
  for (const opener of openers) notNameWords.add(opener);
  const notNamePhrases = new PhraseTable<true>();
  for (const phrase of knowledge.notNamePhrases) notNamePhrases.add(phrase, true);
  const titleWords = new Set(knowledge.titles.filter((t) => !t.anyCase).flatMap((t) => phraseKey(t.phrase).split(' ')));
  const rules = knowledge.nameRules;
  const familyFirst = new Set(rules.familyFirst.map(phraseKey));
  const hyphenSuffixes = new Set(rules.hyphenSuffixes.map(phraseKey));
  const workNouns = new Set(rules.workNouns.map(phraseKey));
  const orgSurnames = new Set(rules.orgSurnames.map(phraseKey));
  const listPredicates = new Set(rules.listPredicates.map(phraseKey));
  const listNouns = new Set(rules.listNouns.map(phraseKey));
  // Words next to a title that say when it is held: "former", "ex", "late" before it, "elect" after it.
  const notCurrentBefore = new Map(rules.notCurrentBefore.map(({ word, label }) => [phraseKey(word), label]));
  const notCurrentAfter = new Set(rules.notCurrentAfter.map(phraseKey));
  const modifiers = new Set([...notCurrentBefore.keys(), ...rules.currentBefore.map(phraseKey)]);
  const modifierBefore = (token: WordToken | undefined): TitleModifier | null => {
    const label = token === undefined ? undefined : notCurrentBefore.get(token.folded);
    return token === undefined || label === undefined ? null : { word: token.folded, position: 'before', label };
  };
  // The last word of an organisation name is what stands right before a title: "Labour Party leader".
  const leaderOrgWords = new Set(knowledge.leaderOrgs.map((org) => phraseKey(org).split(' ').pop() ?? ''));

  const isNameWord = (token: WordToken | undefined): boolean =>
    token !== undefined &&
    (token.shape === 'capital' || token.initial) &&
    !notNameWords.has(token.folded) &&
    !STOP_WORDS.has(token.folded);

  /** A lower-case syllable glued by a hyphen to a short capitalised one: "in" of "Jae-in", not "led" of "Blair-led". */
  const isSyllable = (tokens: readonly WordToken[], j: number): boolean => {
    const token = tokens[j];
    const previous = tokens[j - 1];
    return (
      token !== undefined &&
      previous !== undefined &&
      token.gap === '-' &&
      token.shape === 'lower' &&
      token.raw.length <= MAX_SYLLABLE &&
      previous.shape === 'capital' &&
      previous.raw.length <= MAX_SYLLABLE &&
      !hyphenSuffixes.has(token.folded)
    );
  };

  /** Tokens in a name other than capitalised words: particles ("von der"), syllables ("Jae-in"). */
  const allCapitalised = (tokens: readonly WordToken[], start: number, length: number): boolean => {
    for (let k = start; k < start + length; k += 1) {
      const token = tokens[k];
      if (token === undefined) return false;
      // "Pope John Paul II", "Queen Elizabeth II": a regnal number ends a known name.
      const regnal = k > start && token.shape === 'upper' && isRegnalNumber(token.raw);
      if (token.shape === 'lower' ? !PARTICLES.has(token.folded) && !isSyllable(tokens, k) : token.shape !== 'capital' && !token.initial && !regnal) return false;
    }
    return true;
  };

  const capitalisedFits = (tokens: readonly WordToken[], start: number, length: number, anyCase: boolean): boolean => {
    if (anyCase) return true;
    for (let k = start; k < start + length; k += 1) {
      const token = tokens[k];
      if (token === undefined) return false;
      if (token.shape === 'lower' && !PARTICLES.has(token.folded) && token.folded !== 'of') return false;
    }
    return true;
  };

  function titleAt(tokens: readonly WordToken[], i: number, countryEndingAt: Map<number, CountryMention>) {
    const first = tokens[i];
    if (first === undefined || !titles.starts(first)) return null;
    const match = titles.longestAt(
      tokens,
      i,
      (title, length) => capitalisedFits(tokens, i, length, title.anyCase),
      (j) => tokens[j]?.gap === ' ' || tokens[j]?.gap === '-',
    );
    if (match === null) return null;
    const title = match.values[0] as TitleRecord;
    const capitalised = tokens[i]?.shape === 'capital' || tokens[i]?.shape === 'upper';
    let country: string | null = null;
    let organisation: 'leaders' | 'other' | null = null;
    let notCurrent: TitleModifier | null = null;
    let length = match.length;
    // "President-elect", "Prime Minister-designate": a word glued after the title says it is not held yet.
    const suffix = tokens[i + length];
    if (suffix !== undefined && suffix.gap === '-' && notCurrentAfter.has(suffix.folded)) {
      notCurrent = { word: suffix.folded, position: 'after', label: suffix.folded };
      length += 1;
    }
    // Walk back over capitalised words before the title ("French Army Commander General") to find its country,
    // and over the words that say when it is held ("former US President", "ex-Prime Minister").
    for (let k = i, steps = 0; k > 0 && steps < 4; steps += 1) {
      const mention = countryEndingAt.get(k);
      if (mention !== undefined) {
        country = mention.code;
        const gap = tokens[mention.start]?.gap;
        if (gap === ' ' || gap === '-') notCurrent ??= modifierBefore(tokens[mention.start - 1]);
        break;
      }
      const gap = tokens[k]?.gap;
      if (gap !== ' ' && gap !== '-') break;
      const before = tokens[k - 1] as WordToken;
      if (modifiers.has(before.folded)) {
        notCurrent ??= modifierBefore(before);
        k -= 1;
        continue;
      }
      if (steps === 0 && leaderOrgWords.has(before.folded)) organisation = 'leaders';
      if (before.shape === 'lower' || before.shape === 'other') break;
      const plainWord = STOP_WORDS.has(before.folded) || openers.has(before.folded) || titleWords.has(before.folded);
      if (steps === 0 && organisation === null && !plainWord) organisation = 'other';
      k -= 1;
    }
    // "Microsoft President", "club president": a title of some other body is no political office.
    const leader =
      title.leader &&
      (country !== null || organisation === 'leaders' || (capitalised && organisation === null));
    return { length, mention: { title, country, leader, notCurrent, otherBody: country === null && organisation === 'other' } };
  }

  /**
   * "X, the former president", "X, a former US president", "X, the president-elect": a title after the name that
   * says it is not held now. Titles there are lower-case, so any case is matched; current ones are not read.
   */
  function appositiveAt(tokens: readonly WordToken[], end: number, countryStartingAt: Map<number, CountryMention>): TitleMention | null {
    let j = end;
    if (tokens[j]?.gap !== ', ') return null;
    if (APPOSITIVE_ARTICLES.has(tokens[j]?.folded ?? '') && tokens[j + 1]?.gap === ' ') j += 1;
    let before: TitleModifier | null = null;
    let country: string | null = null;
    for (let steps = 0; steps < 3; steps += 1) {
      const token = tokens[j];
      if (token === undefined || (j > end && token.gap !== ' ' && token.gap !== '-')) return null;
      const mention = countryStartingAt.get(j);
      if (mention !== undefined) {
        country = mention.code;
        j = mention.end;
      } else if (modifiers.has(token.folded)) {
        before ??= modifierBefore(token);
        j += 1;
      } else break;
    }
    const first = tokens[j];
    if (first === undefined || (j > end && first.gap !== ' ' && first.gap !== '-') || !titles.starts(first)) return null;
    const match = titles.longestAt(tokens, j, () => true, (k) => tokens[k]?.gap === ' ' || tokens[k]?.gap === '-');
    if (match === null) return null;
    const title = match.values[0] as TitleRecord;
    const suffix = tokens[j + match.length];
    const after: TitleModifier | null =
      suffix !== undefined && suffix.gap === '-' && notCurrentAfter.has(suffix.folded) ? { word: suffix.folded, position: 'after', label: suffix.folded } : null;
    const notCurrent = before ?? after;
    if (notCurrent === null || title.honorific) return null;
    // "Tony Blair, former president Bill Clinton and …": the title introduces the next name of a list.
    const next = tokens[j + match.length + (after === null ? 0 : 1)];
    if (next !== undefined && next.gap === ' ' && isNameWord(next)) return null;
    return { title, country, leader: title.leader, notCurrent };
  }

  /** True when a known alias of more than one word starts at token i. */
  function knownAt(tokens: readonly WordToken[], i: number): boolean {
    const token = tokens[i];
    if (token === undefined || !known.starts(token)) return false;
    return (known.longestAt(tokens, i, (_, length) => length > 1 && allCapitalised(tokens, i, length), (j) => nameJoined(tokens, j))?.length ?? 0) > 1;
  }

  return {
    find(tokens, countryMentions) {
      const countryEndingAt = new Map<number, CountryMention>();
      const countryStartingAt = new Map<number, CountryMention>();
      for (const mention of countryMentions) {
        countryEndingAt.set(mention.end, mention);
        countryStartingAt.set(mention.start, mention);
      }
      const mentions: NameMention[] = [];
      let pending: { mention: TitleMention; end: number } | null = null;
      const titleFor = (i: number): TitleMention | null => (pending !== null && pending.end === i ? pending.mention : null);

      for (let i = 0; i < tokens.length; ) {
        const token = tokens[i] as WordToken;
        if (token.shape !== 'capital' && token.shape !== 'lower' && !token.initial) {
          i += 1;
          continue;
        }
        // Most words start no phrase: asking first saves making the callbacks for every token.
        const blocked = notNamePhrases.starts(token) ? notNamePhrases.longestAt(tokens, i, () => true, (j) => nameJoined(tokens, j)) : null;
        if (blocked !== null && token.shape === 'capital') {
          i += blocked.length;
          continue;
        }
        const knownMatch = known.starts(token) ? known.longestAt(tokens, i, (_, length) => allCapitalised(tokens, i, length), (j) => nameJoined(tokens, j)) : null;
        if (knownMatch !== null && !gluedAt(tokens, i + knownMatch.length)) {
          const alias = knownMatch.values[0]?.alias ?? '';
          // "President Bush", "King Charles III": an alias that opens with a title still says who holds what when.
          const inner = titleFor(i) === null && titles.starts(token) ? titleAt(tokens, i, countryEndingAt) : null;
          const title = titleFor(i) ?? (inner !== null && inner.length < knownMatch.length ? inner.mention : null);
          mentions.push(span(tokens, i, i + knownMatch.length, 'known', `known:${alias}`, knownMatch.values.map((v) => v.id), title));
          i += knownMatch.length;
          continue;
        }
        const title = titleAt(tokens, i, countryEndingAt);
        const named = title === null ? -1 : i + title.length;
        // "President Bill Clinton": a known name after a title may start with a word that is no name alone ("Bill").
        if (title !== null && (isNameWord(tokens[named]) || knownAt(tokens, named)) && nameJoined(tokens, named)) {
          const regnal = title.mention.title.regnal ? regnalAt(tokens, i, i + title.length, title.mention) : null;
          if (regnal !== null) {
            mentions.push(regnal);
            i = regnal.end;
            continue;
          }
          pending = { mention: title.mention, end: i + title.length };
          i += title.length;
          continue;
        }
        const country = countryStartingAt.get(i);
        if (!isNameWord(token) || (country !== undefined && !firstNames.has(token.folded))) {
          i += country?.end !== undefined && country.end > i ? country.end - i : 1;
          continue;
        }
        const end = spanEnd(tokens, i, countryEndingAt, countryStartingAt);
        const mention = readSpan(tokens, i, end, titleFor(i));
        if (mention !== null) mentions.push(mention);
        i = end;
      }
      const found = coordinate(tokens, mentions, { firstNames, listPredicates, listNouns }).filter((m) => m.evidence !== 'maybe');
      for (const mention of found) {
        const appositive = mention.evidence === 'not-person' ? null : appositiveAt(tokens, mention.end, countryStartingAt);
        if (appositive !== null) mention.appositive = appositive;
      }
      return found;
    },
  };

  /** Where a capitalised span starting at i ends: name words, particles and glued syllables, up to a title or country. */
  function spanEnd(
    tokens: readonly WordToken[],
    i: number,
    countryEndingAt: Map<number, CountryMention>,
    countryStartingAt: Map<number, CountryMention>,
  ): number {
    const token = tokens[i] as WordToken;
    let end = i + 1;
    while (end < tokens.length && end - i < MAX_NAME_WORDS + 2 && nameJoined(tokens, end)) {
      const next = tokens[end] as WordToken;
      if (isSyllable(tokens, end)) {
        end += 1;
        continue;
      }
      let particles = 0;
      while (particles < MAX_PARTICLES && tokens[end + particles]?.shape === 'lower' && PARTICLES.has(tokens[end + particles]?.folded ?? '')) particles += 1;
      if (particles > 0 && isNameWord(tokens[end + particles]) && range(end + 1, end + particles + 1).every((k) => nameJoined(tokens, k))) {
        end += particles + 1;
        continue;
      }
      if (!isNameWord(next)) break;
      if (titleAt(tokens, end, countryEndingAt) !== null) break;
      const country = countryStartingAt.get(end);
      // "Michael Jordan", "George Washington": a country name right after a given name is a surname.
      const surname =
        country !== undefined &&
        end === i + 1 &&
        next.gap === ' ' &&
        (country.kind === 'name' || country.kind === 'capital') &&
        firstNames.has(token.folded) &&
        !countries.isCountryWord(token.folded);
      if (country !== undefined && !surname) break;
      const knownNext = known.starts(next) ? known.longestAt(tokens, end, (_, length) => allCapitalised(tokens, end, length), (j) => nameJoined(tokens, j)) : null;
      // A known full name starts here; a known surname alone ("Cherie Blair") stays in the span.
      if (knownNext !== null && knownNext.length > 1 && !gluedAt(tokens, end)) break;
      end += 1;
    }
    return end;
  }

  /** "Pope Leo XIV", "King Felipe VI", "Queen Margrethe": a regnal title, one name word, maybe a regnal number. */
  function regnalAt(tokens: readonly WordToken[], titleStart: number, nameStart: number, title: TitleMention): NameMention | null {
    if (tokens[nameStart]?.gap !== ' ') return null;
    let end = nameStart + 1;
    while (gluedAt(tokens, end) && isNameWord(tokens[end])) end += 1;
    const numeral = tokens[end];
    let numbered = false;
    if (numeral !== undefined && numeral.gap === ' ' && (numeral.shape === 'upper' || numeral.raw.length === 1) && isRegnalNumber(numeral.raw)) {
      numbered = numeral.raw.length > 1 || numeral.raw === 'V' || numeral.raw === 'X';
      if (numbered) end += 1;
    } else if (numeral !== undefined && nameJoined(tokens, end) && (isNameWord(numeral) || PARTICLES.has(numeral.folded) || gluedAt(tokens, end))) {
      return null;
    }
    // "King Kong", "Queen Latifah", "the Prince Edward" (a theatre): without a number, a country or a given name
    // the phrase may be anything.
    const given = firstNames.has((tokens[nameStart] as WordToken).folded);
    const previous = tokens[titleStart - 1];
    const afterThe = previous !== undefined && previous.folded === 'the' && title.country === null;
    if (!numbered && (afterThe || (title.country === null && !given))) return null;
    const after = tokens[end];
    if (after !== undefined && nameJoined(tokens, end) && after.shape === 'capital' && notNameWords.has(after.folded)) return null;
    // "the Queen Elizabeth" (a ship), "Queen Mary University": a regnal name as the name of something else.
    const before = tokens[titleStart - 1];
    if (before !== undefined && workNouns.has(before.folded)) return null;
    return span(tokens, titleStart, end, 'regnal', `regnal:${title.title.phrase}`, [], title);
  }

  /** Decides what a capitalised span is: a named person, a bare word (maybe a surname), or nothing. */
  function readSpan(tokens: readonly WordToken[], start: number, end: number, title: TitleMention | null): NameMention | null {
    const after = tokens[end];
    // "Victoria Station", "John Lewis Partnership": a capitalised non-name word right after makes it an organisation.
    if (after !== undefined && nameJoined(tokens, end) && after.shape === 'capital' && notNameWords.has(after.folded)) return null;
    const words = nameWordCount(tokens, start, end);
    // "the film Vera Drake", "“Mary Poppins”": the context says it is a work or a group, not a person.
    const before = tokens[start - 1];
    const work = title === null && before !== undefined && workNouns.has(before.folded) && tokens[start]?.gap === ' ' && !actsAfter(after);
    if (work || quoted(tokens, start, end)) {
      return span(tokens, start, end, 'not-person', work ? `work-noun:${before?.folded ?? ''}` : 'quoted', [], null);
    }
    const last = lastWordOf(tokens, end);
    // "Matrix Chambers", "Victoria Park": a place or firm unless a title says person.
    if (title === null && words >= 2 && orgSurnames.has(last)) return null;
    if (title !== null) {
      if (words > MAX_NAME_WORDS) return null;
      return span(tokens, start, end, words === 1 ? 'bare' : 'title', `title:${title.title.phrase}`, [], title);
    }
    // "Cherie Blair": an unknown given name before a known surname names a relative, not the known person.
    if (words === 2 && knownSurnames.has(last) && !startsSentence(tokens, start) && !countries.isCountryWord((tokens[start] as WordToken).folded)) {
      return span(tokens, start, end, 'first-name', `first-name:${(tokens[start] as WordToken).raw}`, [], null);
    }
    let first = start;
    while (first < end && !firstNames.has((tokens[first] as WordToken).folded)) first += 1;
    const fromFirst = nameWordCount(tokens, first, end);
    if (first < end && !gluedAt(tokens, first) && fromFirst >= 2 && fromFirst <= MAX_NAME_WORDS) {
      const allCountry = range(first, end).every((k) => countries.isCountryWord((tokens[k] as WordToken).folded));
      if (!allCountry) return span(tokens, first, end, 'first-name', `first-name:${(tokens[first] as WordToken).raw}`, [], null);
    }
    // A sentence-initial word before a name is not part of it ("Meanwhile Barrot said").
    let from = start;
    if (words >= 2 && startsSentence(tokens, from) && !gluedAt(tokens, from + 1) && !familyFirst.has((tokens[from] as WordToken).folded)) {
      from += 1;
      while (from < end && gluedAt(tokens, from)) from += 1;
    }
    if (from >= end) return null;
    const length = nameWordCount(tokens, from, end);
    const hasCountryWord = range(from, end).some((k) => countries.isCountryWord((tokens[k] as WordToken).folded));
    // "Li Qiang", "Moon Jae-in": a family name written first, or a given name of hyphenated syllables.
    if (length === 2 && !hasCountryWord) {
      const family = tokens[from] as WordToken;
      const syllables = gluedAt(tokens, end - 1) && (tokens[end - 1] as WordToken).shape === 'lower';
      if (familyFirst.has(family.folded) || syllables) {
        return span(tokens, from, end, 'family-first', `family-first:${family.raw}`, [], null);
      }
    }
    const said = after !== undefined && SPEECH_VERBS.has(after.folded) && (after.gap === ' ' || after.gap === ', ');
    const previous = tokens[from - 1];
    const afterArticle = previous !== undefined && ORG_ARTICLES.has(previous.folded);
    if (said && length >= 2 && length <= 3 && !afterArticle && !hasCountryWord) {
      return span(tokens, from, end, 'said', `said:${after.folded}`, [], null);
    }
    if (length === 1) return span(tokens, from, end, 'bare', 'bare', [], null);
    if (length <= 3 && !afterArticle && !hasCountryWord) return span(tokens, from, end, 'maybe', 'maybe', [], null);
    return null;
  }

  /** The folded last name word of a span ending at `end`, glued parts included. */
  function lastWordOf(tokens: readonly WordToken[], end: number): string {
    let k = end - 1;
    while (k > 0 && gluedAt(tokens, k)) k -= 1;
    return nameWordsOf(tokens, k, end)[0] ?? '';
  }
}

/** "the film Tom Hanks stars in": a verb right after the name makes the noun before it no label of the name. */
function actsAfter(after: WordToken | undefined): boolean {
  if (after === undefined || after.shape !== 'lower' || after.gap !== ' ') return false;
  const word = after.folded;
  return !STOP_WORDS.has(word) && (word.endsWith('ed') || word.endsWith('s')) && !/^(?:is|was|has|does)$/.test(word);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}

function span(
  tokens: readonly WordToken[],
  start: number,
  end: number,
  evidence: NameEvidence,
  rule: string,
  knownIds: string[],
  title: TitleMention | null,
): NameMention {
  let display = '';
  for (let k = start; k < end; k += 1) {
    const token = tokens[k] as WordToken;
    if (k > start) display += token.gap === '-' || token.gap === "'" ? token.gap : ' ';
    display += token.raw;
  }
  return { start, end, display, words: nameWordsOf(tokens, start, end), evidence, rule, knownIds, title };
}
