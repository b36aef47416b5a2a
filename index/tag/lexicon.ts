/**
 * Folded word → small integer id, for this thread. A token's id is looked up once, when it is made; every table
 * of the tagger (phrase tries, topic cues, the batch word list) then reads arrays or integer-keyed maps instead of
 * hashing and comparing the same string again. Ids only grow; a build's vocabulary bounds them.
 */

const ids = new Map<string, number>();
const words: string[] = [];

/** The id of a folded word, assigned on first sight. */
export function wordId(folded: string): number {
  let id = ids.get(folded);
  if (id === undefined) {
    id = words.length;
    words.push(folded);
    ids.set(folded, id);
  }
  return id;
}

/** The folded word of an id. */
export function wordOf(id: number): string {
  return words[id] ?? '';
}

/** Number of ids given so far: the words of ids from n to lexiconSize() - 1 are the ones new since size n. */
export function lexiconSize(): number {
  return words.length;
}

/** The words given ids from `from` on, in id order. */
export function wordsSince(from: number): string[] {
  return words.slice(from);
}
