import { STOP_WORDS } from '../text.ts';
import type { Knowledge, TitleRecord } from '../knowledge/load.ts';
import type { CountryMatcher, CountryMention } from './countries.ts';
import { PhraseTable, phraseKey } from './phrase-table.ts';
import { startsSentence, type WordToken } from './tokens.ts';

/**
 * Finds the spans of a paragraph that name a person: known aliases first, then capitalised sequences
 * introduced by a title ("Foreign Minister X"), starting with a common given name, or followed by "said".
 * It only reads the text; deciding who a span is (and resolving bare surnames) is people.ts's job.
 */

/** A title seen right before a name, with what it says about the person. */
export interface TitleMention {
  title: TitleRecord;
  /** Country of a demonym, name or seat just before the title: "Polish" in "Polish Prime Minister". */
  country: string | null;
  /** The title makes its holder a political leader here: not "Microsoft President" or "club president". */
  leader: boolean;
}

/** Why a span was read as a name. */
export type NameEvidence = 'known' | 'first-name' | 'title' | 'said' | 'bare';

/** A span of tokens (end exclusive) that names a person, or (evidence 'bare') may be a surname. */
export interface NameMention {
  start: number;
  end: number;
  /** The name as written, words joined by their own hyphens/apostrophes and single spaces. */
  display: string;
  /** Folded name words. */
  words: string[];
  evidence: NameEvidence;
  /** Ids of known people whose alias this span is (evidence 'known'). */
  knownIds: string[];
  title: TitleMention | null;
}

const PARTICLES = new Set([
  'de', 'du', 'des', 'da', 'das', 'do', 'dos', 'di', 'del', 'della', 'van', 'von', 'der', 'den', 'ter', 'la', 'le',
  'bin', 'ibn', 'al', 'el', 'ul', 'y', 'zu',
]);
const SPEECH_VERBS = new Set(['said', 'says', 'told', 'added', 'wrote', 'argued', 'insisted', 'warned']);
// Words before a capitalised span that make it an organisation's name: "the Fiscal Studies", "for Fiscal Studies".
const ORG_ARTICLES = new Set(['the', 'a', 'an', 'its', 'their', 'our', 'for', 'of', 'at', 'from', 'by']);
const MODIFIERS = new Set(['former', 'then', 'acting', 'interim', 'outgoing', 'incoming', 'new', 'late', 'ex']);
const MAX_NAME_WORDS = 4;

/** Compiled name finder. */
export interface NameFinder {
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

/** Compiles the name finder: known aliases, titles, given names and the words that are never names. */
export function compileNameFinder(knowledge: Knowledge, countries: CountryMatcher): NameFinder {
  const known = new PhraseTable<{ id: string; alias: string }>();
  for (const person of knowledge.people) {
    for (const alias of [person.name, ...person.aliases, ...person.knownAs]) known.add(alias, { id: person.id, alias });
  }
  const knownSurnames = new Set<string>();
  for (const person of knowledge.people) {
    for (const alias of [person.name, ...person.aliases, ...person.knownAs]) knownSurnames.add(phraseKey(alias).split(' ').pop() ?? '');
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
  // The last word of an organisation name is what stands right before a title: "Labour Party leader".
  const leaderOrgWords = new Set(knowledge.leaderOrgs.map((org) => phraseKey(org).split(' ').pop() ?? ''));

  const isNameWord = (token: WordToken | undefined): boolean =>
    token !== undefined &&
    (token.shape === 'capital' || token.initial) &&
    !notNameWords.has(token.folded) &&
    !STOP_WORDS.has(token.folded);

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
    // Walk back over capitalised words before the title ("French Army Commander General") to find its country.
    for (let k = i, steps = 0; k > 0 && steps < 4; steps += 1) {
      const mention = countryEndingAt.get(k);
      if (mention !== undefined) {
        country = mention.code;
        break;
      }
      const gap = tokens[k]?.gap;
      if (gap !== ' ' && gap !== '-') break;
      const before = tokens[k - 1] as WordToken;
      if (MODIFIERS.has(before.folded)) {
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
    return { length: match.length, mention: { title, country, leader } };
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
        if (knownMatch !== null) {
          mentions.push(span(tokens, i, i + knownMatch.length, 'known', knownMatch.values.map((v) => v.id), titleFor(i)));
          i += knownMatch.length;
          continue;
        }
        const title = titleAt(tokens, i, countryEndingAt);
        if (title !== null && isNameWord(tokens[i + title.length]) && nameJoined(tokens, i + title.length)) {
          pending = { mention: title.mention, end: i + title.length };
          i += title.length;
          continue;
        }
        const country = countryStartingAt.get(i);
        if (!isNameWord(token) || (country !== undefined && !firstNames.has(token.folded))) {
          i += country?.end !== undefined && country.end > i ? country.end - i : 1;
          continue;
        }
        let end = i + 1;
        while (end < tokens.length && end - i < MAX_NAME_WORDS + 2 && nameJoined(tokens, end)) {
          const next = tokens[end] as WordToken;
          if (PARTICLES.has(next.folded) && next.shape === 'lower' && isNameWord(tokens[end + 1]) && nameJoined(tokens, end + 1)) {
            end += 2;
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
          if (knownNext !== null && knownNext.length > 1) break;
          end += 1;
        }
        const mention = readSpan(tokens, i, end, titleFor(i));
        if (mention !== null) mentions.push(mention);
        i = end;
      }
      return mentions;
    },
  };

  /** Decides what a capitalised span is: a named person, a bare word (maybe a surname), or nothing. */
  function readSpan(tokens: readonly WordToken[], start: number, end: number, title: TitleMention | null): NameMention | null {
    const after = tokens[end];
    // "Victoria Station", "John Lewis Partnership": a capitalised non-name word right after makes it an organisation.
    if (after !== undefined && nameJoined(tokens, end) && after.shape === 'capital' && notNameWords.has(after.folded)) return null;
    if (title !== null) return end - start <= MAX_NAME_WORDS ? span(tokens, start, end, end - start === 1 ? 'bare' : 'title', [], title) : null;
    // "Cherie Blair": an unknown given name before a known surname names a relative, not the known person.
    const last = (tokens[end - 1] as WordToken).folded;
    if (end - start === 2 && knownSurnames.has(last) && !startsSentence(tokens, start) && !countries.isCountryWord((tokens[start] as WordToken).folded)) {
      return span(tokens, start, end, 'first-name', [], null);
    }
    let first = start;
    while (first < end && !firstNames.has((tokens[first] as WordToken).folded)) first += 1;
    if (first < end && end - first >= 2 && end - first <= MAX_NAME_WORDS) {
      const allCountry = range(first, end).every((k) => countries.isCountryWord((tokens[k] as WordToken).folded));
      if (!allCountry) return span(tokens, first, end, 'first-name', [], null);
    }
    // A sentence-initial word before a name is not part of it ("Meanwhile Barrot said").
    let from = start;
    if (end - from >= 2 && startsSentence(tokens, from)) from += 1;
    const length = end - from;
    const said = after !== undefined && SPEECH_VERBS.has(after.folded) && (after.gap === ' ' || after.gap === ', ');
    const previous = tokens[from - 1];
    if (said && length >= 2 && length <= 3 && !(previous !== undefined && ORG_ARTICLES.has(previous.folded))) {
      if (!range(from, end).some((k) => countries.isCountryWord((tokens[k] as WordToken).folded))) {
        return span(tokens, from, end, 'said', [], null);
      }
    }
    return length === 1 ? span(tokens, from, end, 'bare', [], null) : null;
  }
}

function allCapitalised(tokens: readonly WordToken[], start: number, length: number): boolean {
  for (let k = start; k < start + length; k += 1) {
    const token = tokens[k];
    if (token === undefined) return false;
    if (token.shape === 'lower' ? !PARTICLES.has(token.folded) : token.shape !== 'capital' && !token.initial) return false;
  }
  return true;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}

function span(
  tokens: readonly WordToken[],
  start: number,
  end: number,
  evidence: NameEvidence,
  knownIds: string[],
  title: TitleMention | null,
): NameMention {
  let display = '';
  const folded: string[] = [];
  for (let k = start; k < end; k += 1) {
    const token = tokens[k] as WordToken;
    if (k > start) display += token.gap === '-' || token.gap === "'" ? token.gap : ' ';
    display += token.raw;
    folded.push(token.folded);
  }
  return { start, end, display, words: folded, evidence, knownIds, title };
}
