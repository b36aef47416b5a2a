import { paragraphRecord } from './documents.ts';
import type { LoadedIndex } from '../store/loaded-index.ts';
import { matchParagraphs } from './search.ts';
import type { Hit, Result, SearchRequest } from '../types.ts';

/** One exported paragraph: a search hit without the snippet. */
export type ExportRow = Omit<Hit, 'snippet'>;

/** The CSV columns, in order; tag columns hold ids joined by ";". */
export const CSV_COLUMNS = [
  'id', 'docId', 'n', 'url', 'title', 'date', 'source', 'section', 'countries', 'persons', 'topics', 'score', 'text',
] as const;

/** Every paragraph the request matches (paging ignored), in the request's order, as rows produced lazily. */
export function exportRows(index: LoadedIndex, request: SearchRequest): Result<Iterable<ExportRow>> {
  const matched = matchParagraphs(index, request);
  if (!matched.ok) return matched;
  const { ordered, scoreOf } = matched.value;
  function* rows(): Generator<ExportRow> {
    for (const ordinal of ordered()) {
      yield { ...paragraphRecord(index, ordinal), score: Math.round(scoreOf(ordinal) * 1000) / 1000 };
    }
  }
  return { ok: true, value: rows() };
}

/** One JSON Lines line (with its newline). */
export function toJsonLine(row: ExportRow): string {
  return `${JSON.stringify(row)}\n`;
}

/** The CSV header line. */
export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/** One CSV line (RFC 4180, CRLF), with tags as ids joined by ";". */
export function toCsvLine(row: ExportRow): string {
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    id: row.id,
    docId: row.docId,
    n: String(row.n),
    url: row.url,
    title: row.title,
    date: row.date ?? '',
    source: row.source ?? '',
    section: row.section ?? '',
    countries: row.countries.map((country) => country.code).join(';'),
    persons: row.persons.map((person) => person.id).join(';'),
    topics: row.topics.map((topic) => topic.id).join(';'),
    score: String(row.score),
    text: row.text,
  };
  return `${CSV_COLUMNS.map((column) => csvCell(cells[column])).join(',')}\r\n`;
}

/** Quotes a cell when needed; a cell a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
