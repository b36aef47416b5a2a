import type { IncomingMessage } from 'node:http';
import type { Stream } from 'node:stream';
import request from 'supertest';
type App = Parameters<typeof request>[0];

/** `/api/export` as the HTTP suites read it: supertest buffers only known text types, so JSON Lines is read here. */

/** A supertest parser that reads the body as UTF-8 text (a byte order mark is kept, so a test can see it). */
export function asText(res: Pick<IncomingMessage, 'setEncoding'> & Pick<Stream, 'on'>, done: (error: Error | null, body: string) => void): void {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    text += chunk;
  });
  res.on('end', () => done(null, text));
}

/** The rows of `/api/export?<query>` (JSON Lines), after checking the answer is a 200. */
export async function exportedRows<Row>(app: App, query: string): Promise<Row[]> {
  const response = await request(app).get(`/api/export?${query}`).buffer(true).parse(asText).expect(200);
  return (response.body as string).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Row);
}

/** A CSV export read as a spreadsheet would: the header's names, and each row as cells by column name. */
export interface CsvExport {
  columns: string[];
  rows: Array<Record<string, string>>;
}

/** The CSV of `/api/export?format=csv&<query>`, after checking the answer is a 200. */
export async function exportedCsv(app: App, query: string): Promise<CsvExport> {
  const response = await request(app).get(`/api/export?format=csv&${query}`).buffer(true).parse(asText).expect(200);
  return parseCsv(response.body as string);
}

/** Parses an exported CSV (RFC 4180, CRLF, an optional UTF-8 byte order mark); a ragged row throws. */
export function parseCsv(text: string): CsvExport {
  const [columns = [], ...records] = csvRecords(text.replace(/^\uFEFF/, ''));
  const rows = records.map((cells, at) => {
    if (cells.length !== columns.length) throw new Error(`CSV row ${at + 1} has ${cells.length} cells for ${columns.length} columns`);
    return Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? '']));
  });
  return { columns, rows };
}

function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let at = 0;
  while (at < text.length) {
    let cell = '';
    if (text[at] === '"') {
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) throw new Error('CSV: unterminated quoted cell');
        cell += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        cell += '"';
        at += 1;
      }
    } else {
      const ends = [text.indexOf(',', at), text.indexOf('\r\n', at)].filter((end) => end >= 0);
      const end = ends.length > 0 ? Math.min(...ends) : text.length;
      cell = text.slice(at, end);
      at = end;
    }
    cells.push(cell);
    if (text[at] === ',') {
      at += 1;
    } else if (text.startsWith('\r\n', at) || at >= text.length) {
      at += 2;
      records.push(cells);
      cells = [];
    } else {
      throw new Error(`CSV: unexpected ${JSON.stringify(text[at])} after a cell`);
    }
  }
  return records;
}
