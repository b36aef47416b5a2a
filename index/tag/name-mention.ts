import type { TitleRecord } from '../knowledge/load.ts';

/** The name spans the name finder (person-names.ts) reports, shared with the rules that refine them. */

/** A title seen right before a name, with what it says about the person. */
export interface TitleMention {
  title: TitleRecord;
  /** Country of a demonym, name or seat just before the title: "Polish" in "Polish Prime Minister". */
  country: string | null;
  /** The title makes its holder a political leader here: not "Microsoft President" or "club president". */
  leader: boolean;
  /** The title is some other body's, named before it: "Microsoft President", "Acme chairman". */
  otherBody?: boolean;
  /** A word that says the title is not held now: "former" before it, "elect" after it; null when it is current. */
  notCurrent: TitleModifier | null;
}

/** A word next to a title that says it is held at another time (name-rules.json). */
export interface TitleModifier {
  /** Folded, as written: "former", "ex", "elect". */
  word: string;
  /** 'before': "former President"; 'after': "President-elect". */
  position: 'before' | 'after';
  /** What a role says for a before-word: "Former" for "former", "ex", "late"; the word itself after. */
  label: string;
}

/**
 * Why a span was read as a name. 'family-first': a family name written first ("Li Qiang") or a hyphenated given
 * name after one word ("Moon Jae-in"); 'regnal': a monarch or pope ("Pope Leo XIV"); 'list': a member of a
 * coordinated list of people; 'not-person': a capitalised phrase the context calls a work or a group ("the film
 * Vera Drake"), listed so the article's other mentions of it are not read as a person either; 'maybe': two or three
 * capitalised words with no evidence yet (a list may supply it; never returned by find).
 */
export type NameEvidence = 'known' | 'first-name' | 'title' | 'said' | 'bare' | 'family-first' | 'regnal' | 'list' | 'not-person' | 'maybe';

/** A span of tokens (end exclusive) that names a person, or (evidence 'bare') may be a surname. */
export interface NameMention {
  start: number;
  end: number;
  /** The name as written, words joined by their own hyphens/apostrophes and single spaces. */
  display: string;
  /** Folded name words; a hyphen or apostrophe keeps its parts one word ("kilroy-silk", "o-sullivan"). */
  words: string[];
  evidence: NameEvidence;
  /** The rule or knowledge entry that decided it, for tag evidence: "first-name:Helga", "title:Senator". */
  rule: string;
  /** Ids of known people whose alias this span is (evidence 'known'). */
  knownIds: string[];
  title: TitleMention | null;
  /** A title after the name that says it is not held now: "X, the former president", "X, the president-elect". */
  appositive?: TitleMention;
}
