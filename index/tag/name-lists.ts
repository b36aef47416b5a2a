import type { NameMention } from './name-mention.ts';
import type { WordToken } from './tokens.ts';

/**
 * Coordinated lists of names: "Helga Brandt, Yusuf Demir and Ana Ruiz" are people when a noun for people
 * introduces the list ("actors", "hostages") or "were freed" follows it; bands and films are listed beside people,
 * so one person in a list proves nothing of the others. "Anna, Tom and Ruth Cohen" share the last surname.
 */

export interface ListWords {
  firstNames: ReadonlySet<string>;
  /** Verbs after "were" that only people take: "freed", "arrested". */
  listPredicates: ReadonlySet<string>;
  /** Plural nouns before a list that make its members people: "actors", "hostages". */
  listNouns: ReadonlySet<string>;
}

/** True when mention b follows mention a as the next member of a list: ", ", " & ", " and ", ", and ". */
function linked(tokens: readonly WordToken[], a: NameMention, b: NameMention): 'comma' | 'and' | null {
  if (b.start === a.end) {
    const gap = tokens[b.start]?.gap;
    if (gap === ', ') return 'comma';
    if (gap === ' & ') return 'and';
    return null;
  }
  const between = tokens[a.end];
  if (b.start === a.end + 1 && between?.folded === 'and' && (between.gap === ' ' || between.gap === ', ') && tokens[b.start]?.gap === ' ') {
    return 'and';
  }
  return null;
}

/** True when the tokens after a list say its members are people: "were freed", "said". */
function personPredicate(tokens: readonly WordToken[], end: number, words: ListWords): boolean {
  const next = tokens[end];
  if (next === undefined || next.gap !== ' ') return false;
  if (words.listPredicates.has(next.folded)) return true;
  const verb = tokens[end + 1];
  return (next.folded === 'were' || next.folded === 'have' || next.folded === 'had') && verb?.gap === ' ' && words.listPredicates.has(verb.folded);
}

/** True when a plural noun for people introduces the list: "actors X and Y", "artists including X and Y". */
function personNoun(tokens: readonly WordToken[], start: number, words: ListWords): boolean {
  const before = tokens[start - 1];
  if (before === undefined || tokens[start]?.gap !== ' ') return false;
  if (words.listNouns.has(before.folded) && before.folded !== 'including') return true;
  const noun = tokens[start - 2];
  return (before.folded === 'including' || before.folded === 'like') && noun !== undefined && words.listNouns.has(noun.folded);
}

/** Promotes the members of coordinated lists; mentions outside lists are returned as they are. */
export function coordinate(tokens: readonly WordToken[], mentions: readonly NameMention[], words: ListWords): NameMention[] {
  const result = [...mentions];
  let from = 0;
  while (from < result.length) {
    let to = from;
    let hasAnd = false;
    while (to + 1 < result.length) {
      const link = linked(tokens, result[to] as NameMention, result[to + 1] as NameMention);
      if (link === null || hasAnd) break;
      if (link === 'and') hasAnd = true;
      to += 1;
    }
    if (hasAnd) promote(tokens, result, from, to, words);
    from = to + 1;
  }
  return result;
}

function promote(tokens: readonly WordToken[], result: NameMention[], from: number, to: number, words: ListWords): void {
  const members = result.slice(from, to + 1);
  const last = members[members.length - 1] as NameMention;
  // "Anna, Tom and Ruth Cohen": given names alone, then one full name, share its surname.
  const firstsOnly = members.slice(0, -1).every((m) => m.words.length === 1 && m.evidence === 'bare' && words.firstNames.has(m.words[0] ?? ''));
  if (firstsOnly && last.words.length === 2 && (last.evidence === 'first-name' || last.evidence === 'known')) {
    const surname = last.display.slice(last.display.lastIndexOf(' ') + 1);
    const family = last.words[last.words.length - 1] ?? '';
    for (let k = from; k < to; k += 1) {
      const member = result[k] as NameMention;
      result[k] = { ...member, display: `${member.display} ${surname}`, words: [...member.words, family], evidence: 'list', rule: 'list:shared-surname', knownIds: [], title: null };
    }
    return;
  }
  // Bands and films are listed beside people ("Green Day and Alicia Keys"): one person in a list proves little.
  const people = personNoun(tokens, (members[0] as NameMention).start, words) || personPredicate(tokens, last.end, words);
  if (!people || members.some((m) => m.evidence === 'not-person')) return;
  for (let k = from; k <= to; k += 1) {
    const member = result[k] as NameMention;
    if (member.evidence === 'maybe') result[k] = { ...member, evidence: 'list', rule: 'list' };
  }
}
