import { paragraphRecord } from './documents.ts';
import { BUILT_IN_SCHEMA, metadataFieldsOf, type FacetSchema } from '../schema.ts';
import type { LoadedIndex } from '../store/loaded-index.ts';
import { matchParagraphs } from './search.ts';
import type { Hit, Result, SearchRequest } from '../types.ts';

/**
 * One exported paragraph: a search hit without the snippet or folded paragraphs, its `url` absolute and, when the
 * schema has metadata facets, the paragraph's value of each (e.g. `category`), null when its article has none.
 */
export type ExportRow = Omit<Hit, 'snippet' | 'copies' | 'more'> & { metadata?: Record<string, string | null> };

/**
 * The CSV columns, in order; the metadata facets come before `score`. Entities take two columns each: display
 * names joined by "; " (what a reader scans) and ids joined by ";" (what a script filters on).
 */
export const CSV_COLUMNS = [
  'id', 'docId', 'n', 'url', 'title', 'date', 'source', 'section',
  'countries', 'countryCodes', 'persons', 'personIds', 'topics', 'topicIds', 'places', 'placeIds', 'score', 'text',
] as const;

type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Starts a CSV export: without a byte order mark, Excel reads UTF-8 as the locale's code page (£ becomes Â£). */
const UTF8_BOM = '\uFEFF';

/** The CSV columns of an index: the fixed ones with its metadata facets inserted before `score`. */
export function csvColumns(schema: FacetSchema): string[] {
  const at = CSV_COLUMNS.indexOf('score');
  return [...CSV_COLUMNS.slice(0, at), ...metadataFieldsOf(schema), ...CSV_COLUMNS.slice(at)];
}

/**
 * Every paragraph the request matches (paging ignored), in the request's order, as rows produced lazily. `baseUrl`
 * (scheme and host, no trailing slash: `https://dossier.example`) makes each permalink absolute, so a row still
 * points at its paragraph once the file has left the site.
 */
export function exportRows(index: LoadedIndex, request: SearchRequest, baseUrl: string): Result<Iterable<ExportRow>> {
  // An export lists every hit the total counts, copies and other paragraphs of an article included, so that its
  // rows can be counted to check any number the site shows.
  const matched = matchParagraphs(index, { ...request, collapse: false, group: 'none' });
  if (!matched.ok) return matched;
  const { ordered, scoreOf } = matched.value;
  const metadataFacets = metadataFieldsOf(index.schema);
  function* rows(): Generator<ExportRow> {
    for (const ordinal of ordered()) {
      const record = paragraphRecord(index, ordinal);
      // Field by field, in the CSV's order: a field added to search hits joins the export only by a decision here.
      const row: ExportRow = {
        id: record.id,
        docId: record.docId,
        n: record.n,
        url: `${baseUrl}${record.url}`,
        title: record.title,
        date: record.date,
        source: record.source,
        section: record.section,
        countries: record.countries,
        persons: record.persons,
        topics: record.topics,
        places: record.places,
        score: Math.round(scoreOf(ordinal) * 1000) / 1000,
        text: record.text,
      };
      if (metadataFacets.length > 0) {
        row.metadata = Object.fromEntries(metadataFacets.map((name) => [name, firstValue(index, name, ordinal)]));
      }
      yield row;
    }
  }
  return { ok: true, value: rows() };
}

/** One JSON Lines line (with its newline). */
export function toJsonLine(row: ExportRow): string {
  return `${JSON.stringify(row)}\n`;
}

/** A paragraph's value in a one-valued column (a document field), or null. */
function firstValue(index: LoadedIndex, facet: string, paragraph: number): string | null {
  const column = index.columns[facet];
  if (column === undefined) return null;
  const start = column.offsets[paragraph] ?? 0;
  return start < (column.offsets[paragraph + 1] ?? 0) ? (column.values[column.ids[start] ?? -1] ?? null) : null;
}

/** The start of a CSV export: the UTF-8 byte order mark, then the header line of an index's columns. */
export function csvHeader(schema: FacetSchema = BUILT_IN_SCHEMA): string {
  return `${UTF8_BOM}${csvColumns(schema).join(',')}\r\n`;
}

/** One CSV line (RFC 4180, CRLF) in the columns of `csvColumns`. */
export function toCsvLine(row: ExportRow, schema: FacetSchema = BUILT_IN_SCHEMA): string {
  const cells: Record<CsvColumn, string> = {
    id: row.id,
    docId: row.docId,
    n: String(row.n),
    url: row.url,
    title: row.title,
    date: row.date ?? '',
    source: row.source ?? '',
    section: row.section ?? '',
    countries: row.countries.map((country) => country.name).join('; '),
    countryCodes: row.countries.map((country) => country.code).join(';'),
    persons: row.persons.map((person) => person.name).join('; '),
    personIds: row.persons.map((person) => person.id).join(';'),
    topics: row.topics.map((topic) => topic.label).join('; '),
    topicIds: row.topics.map((topic) => topic.id).join(';'),
    places: row.places.map((place) => place.name).join('; '),
    placeIds: row.places.map((place) => place.id).join(';'),
    score: String(row.score),
    text: row.text,
  };
  const cell = (column: string): string => (Object.hasOwn(cells, column) ? cells[column as CsvColumn] : (row.metadata?.[column] ?? ''));
  return `${csvColumns(schema).map((column) => csvCell(cell(column))).join(',')}\r\n`;
}

/** Quotes a cell when needed; a cell a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
