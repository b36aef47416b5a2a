/**
 * Ranking-quality measures over one query: average precision and nDCG@k, from a ranked list of document ids and
 * graded judgements (gain ≥ 1 relevant, 0 judged not relevant, absent unjudged = not relevant).
 */

/** Judgements of one query: document id → graded gain (higher is more relevant). */
export type Judgements = ReadonlyMap<string, number>;

/**
 * Average precision of `ranking` (best first; duplicates after the first ignored), over every judged relevant
 * document, so relevant documents never retrieved count as zero precision. `cutoff` truncates the ranking.
 */
export function averagePrecision(ranking: readonly string[], judgements: Judgements, cutoff = 1000): number {
  let relevantTotal = 0;
  for (const gain of judgements.values()) if (gain >= 1) relevantTotal += 1;
  if (relevantTotal === 0) return 0;
  let found = 0;
  let sum = 0;
  for (const [position, id] of distinct(ranking).slice(0, cutoff).entries()) {
    if ((judgements.get(id) ?? 0) >= 1) {
      found += 1;
      sum += found / (position + 1);
    }
  }
  return sum / relevantTotal;
}

/**
 * nDCG@k with linear gains (as trec_eval): DCG = Σ gain / log2(rank + 1) over the first k, divided by the DCG of
 * the judged documents in ideal order. 0 when no document has a positive gain.
 */
export function ndcgAt(k: number, ranking: readonly string[], judgements: Judgements): number {
  const dcg = distinct(ranking)
    .slice(0, k)
    .reduce((sum, id, position) => sum + (judgements.get(id) ?? 0) / Math.log2(position + 2), 0);
  const ideal = [...judgements.values()]
    .filter((gain) => gain > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, gain, position) => sum + gain / Math.log2(position + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** The ranking with repeated ids removed, keeping first (best) positions. */
export function distinct(ranking: readonly string[]): string[] {
  return [...new Set(ranking)];
}

/** Arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
