import type pg from 'pg';

/**
 * `COPY <table> (<columns>) FROM STDIN` with plain node-postgres: a custom query object (node-postgres calls
 * `submit`, then hands over the server's replies: CopyInResponse, CommandComplete, ReadyForQuery or an error), as
 * pg-copy-streams does, without a dependency. Rows are written in PostgreSQL's text format: values escaped, never
 * part of the statement, which names only tables and columns of our own schema.
 */

/** The part of node-postgres's connection a custom query talks to. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** One COPY of a batch of rows already in text format. */
class CopyIn {
  readonly done: Promise<number>;
  private settle!: { resolve: (rows: number) => void; reject: (error: Error) => void };
  private rows = 0;

  constructor(
    private readonly sql: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  submit(connection: CopyConnection): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = Number(/^COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    this.settle.resolve(this.rows);
  }

  handleError(error: Error): void {
    this.settle.reject(error);
  }

  // Replies a COPY FROM never gets; node-postgres may still look for them.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
}

/** Sends rows (text format, `\n`-terminated) with `COPY … FROM STDIN`; resolves with the rows the server counted. */
export function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], data: string): Promise<number> {
  const copy = new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, Buffer.from(data, 'utf8'));
  (client as unknown as { query(query: CopyIn): unknown }).query(copy);
  return copy.done;
}

/** One value in COPY text format: `\N` for null, backslash, tab, newline and carriage return escaped. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char] ?? char) : text;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One row in COPY text format. */
export function copyLine(values: readonly unknown[]): string {
  return `${values.map(copyValue).join('\t')}\n`;
}
