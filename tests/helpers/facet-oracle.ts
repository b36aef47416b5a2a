import { readFileSync } from 'node:fs';

/**
 * A brute-force oracle for a metadata facet: each article's value read straight from the corpus's JSON Lines (not
 * through Dossier), and the paragraphs an export lists counted by it.
 */

/** Article id → its value of `field` as text, for every line of a JSONL corpus that has one. */
export function metadataByArticle(jsonlFile: string, field: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of readFileSync(jsonlFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    const value = record[field];
    if (value === undefined || value === null || String(value).trim() === '') continue;
    values.set(String(record.id), String(value).trim());
  }
  return values;
}

/** How many of the exported paragraphs each value has (paragraphs of articles without one are not counted). */
export function countByValue(rows: ReadonlyArray<{ docId: string }>, valueOf: ReadonlyMap<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = valueOf.get(row.docId);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}
