import { foldWord } from '../text.ts';
import { nameSkeleton } from './name-words.ts';

/**
 * When two spellings of a name may be one person: given names of one nickname group (nicknames.json:
 * "Bill"/"William"), and any name word spelled alike up to accents and transliteration ("Qadhafi"/"Gaddafi").
 * Whether they are one person is for the caller to decide, with the surname and the article.
 */

/** Compiled nickname groups. */
export interface NameVariants {
  /** True when two folded given names may name one person: equal, one nickname group, or one skeleton. */
  sameGivenName(a: string, b: string): boolean;
  /** True when two folded surnames are one name up to transliteration. */
  sameSurname(a: string, b: string): boolean;
}

/** Skeletons of shorter words are too coarse: "Li" and "Lee" are different names. */
const MIN_SKELETON_LENGTH = 4;

/** Compiles the nickname groups of the knowledge. */
export function compileNameVariants(groups: readonly string[][]): NameVariants {
  const groupsOf = new Map<string, number[]>();
  groups.forEach((group, g) => {
    for (const name of group) {
      const key = foldWord(name);
      const list = groupsOf.get(key) ?? [];
      list.push(g);
      groupsOf.set(key, list);
    }
  });
  const alike = (a: string, b: string): boolean => {
    if (a === b) return true;
    if (Math.min(a.length, b.length) < MIN_SKELETON_LENGTH) return false;
    return nameSkeleton(a) === nameSkeleton(b);
  };
  return {
    sameGivenName(a, b) {
      if (alike(a, b)) return true;
      const of = groupsOf.get(b);
      return of !== undefined && (groupsOf.get(a) ?? []).some((g) => of.includes(g));
    },
    sameSurname: alike,
  };
}
