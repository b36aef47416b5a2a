/** The one bounded edit distance, for the tagger's name matching and the query side's "did you mean". */

/**
 * Edit distance between `a` and `b`, counting an insertion, deletion or substitution as one edit and, with
 * `transpositions`, a swap of two neighbouring letters as one too (optimal string alignment); gives up, returning
 * limit + 1, as soon as it must exceed `limit`.
 */
export function boundedEditDistance(a: string, b: string, limit: number, transpositions: boolean): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (transpositions && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit + 1, limit + 1);
}
