import type pg from 'pg';
import { phraseForm } from '../../text.ts';
import { SEARCH_FIELDS, type LoadedIndex } from '../../store/loaded-index.ts';
import type { DocumentRecord, StoredParagraph } from '../../types.ts';
import { analyseText, termFrequencies } from './analysis.ts';
import { copyLine, copyRows } from './copy.ts';
import { migrate } from './migrations.ts';
import { BUILD_TABLES, partitionName, type BuildTable } from './schema.ts';

/**
 * Loads a built Dossier index into PostgreSQL as a new build, then makes it the one readers see. Steps:
 *   1. migrate; take the build lock (one builder at a time); drop what interrupted or retired builds left;
 *   2. record the build as `loading` and create its tables, outside the partitioned parents (no index yet);
 *   3. stream rows in batches with `COPY … FROM STDIN` (or parameterised INSERTs): documents, paragraphs (with
 *      Dossier's own analysis as tsvector and term frequencies), evidence, entities, term statistics, words;
 *   4. attach the tables to the parents (their indexes are built then) and ANALYZE them;
 *   5. switch in one transaction: the old build `retired`, the new one `live`, `dossier_current` pointing at it;
 *   6. detach and drop builds retired before the previous one (DETACH … CONCURRENTLY: readers are never blocked).
 * Until step 5 commits, readers see the old build; a build that fails or is killed before it leaves the old one in
 * place, and its tables are dropped by the next build.
 */

/** How a load runs. */
export interface LoadOptions {
  /** Rows per statement (default 1,000: on the BBC corpus 500 to 2,000 made no difference beyond noise). */
  batchSize?: number;
  /**
   * `copy` (default): COPY FROM STDIN; `insert`: parameterised INSERT … SELECT FROM unnest(…). On BBC the INSERT took
   * 10–25% more server CPU for the paragraphs; wall time was within noise of COPY on a busy 2-core machine.
   */
  method?: 'copy' | 'insert';
  /**
   * Retired builds to keep (default 1). The one just retired must stay: a search that read the current build just
   * before the switch runs its other queries against it afterwards, so it is dropped by the next load instead.
   */
  keepRetired?: number;
  /**
   * More connections to the same database to insert batches in parallel with `client` (the rows of one table are
   * spread over them). The caller opens and closes them; they need no lock of their own. For a database on its own
   * host: with the database on the same 2-core machine, 2 or 3 connections were no faster than one.
   */
  writers?: readonly pg.ClientBase[];
  /** Told after each batch: the table and the rows loaded into it so far. May throw to abort (tests interrupt with it). */
  onProgress?: (table: BuildTable, rows: number) => void;
}

/** What a load did. */
export interface LoadOutcome {
  buildId: number;
  documents: number;
  paragraphs: number;
  /** Milliseconds of each stage. */
  timings: { rows: number; attach: number; switch: number; cleanup: number; total: number };
  /** Paragraphs whose recomputed text length differs from the index's (0 when the analysis agrees). */
  lengthMismatches: number;
  /** Builds whose tables were dropped (interrupted ones and retired ones). */
  dropped: number[];
}

/** Advisory lock key held for a whole build ("dosb" in ASCII); the migration lock is another. */
const BUILD_LOCK = 0x646f7362;

const DEFAULT_BATCH = 1000;

/**
 * Loads `index` into the database `client` is connected to, as a new build, and switches readers to it. Needs one
 * session for the whole load (the build lock is a session lock): pass a `pg.Client` or a client checked out of a pool.
 */
export async function loadIntoPostgres(client: pg.ClientBase, index: LoadedIndex, options: LoadOptions = {}): Promise<LoadOutcome> {
  const started = performance.now();
  await migrate(client);
  const { rows: locked } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [BUILD_LOCK]);
  if (locked[0]?.locked !== true) throw new Error('loadIntoPostgres: another build is loading into this database; wait for it to finish');
  try {
    const dropped = await dropAbandonedBuilds(client);
    const buildId = await recordBuild(client, index);
    let timings: LoadOutcome['timings'];
    let lengthMismatches: number;
    try {
      await createBuildTables(client, buildId, index.documents);
      const rowsStarted = performance.now();
      lengthMismatches = await loadRows(client, buildId, index, options);
      const attachStarted = performance.now();
      await attachBuildTables(client, buildId);
      const switchStarted = performance.now();
      await switchTo(client, buildId);
      const cleanupStarted = performance.now();
      dropped.push(...(await dropRetiredBuilds(client, options.keepRetired ?? 1)));
      const now = performance.now();
      timings = {
        rows: attachStarted - rowsStarted,
        attach: switchStarted - attachStarted,
        switch: cleanupStarted - switchStarted,
        cleanup: now - cleanupStarted,
        total: now - started,
      };
    } catch (error) {
      // Best effort: the next build drops whatever this leaves.
      await client.query('ROLLBACK').catch(() => undefined);
      await dropBuildTables(client, buildId).catch(() => undefined);
      await client.query("UPDATE dossier_builds SET status = 'failed', finished_at = now() WHERE id = $1", [buildId]).catch(() => undefined);
      throw error;
    }
    return { buildId, documents: index.documents.length, paragraphs: index.paragraphs.length, timings, lengthMismatches, dropped };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [BUILD_LOCK]);
  }
}

/** The build readers see now, or null before the first switch. */
export async function currentBuild(client: pg.ClientBase | pg.Pool): Promise<number | null> {
  const { rows } = await client.query<{ build_id: string }>('SELECT build_id FROM dossier_current');
  return rows[0] === undefined ? null : Number(rows[0].build_id);
}

async function recordBuild(client: pg.ClientBase, index: LoadedIndex): Promise<number> {
  const { header, terms } = index;
  const average = (field: string) => terms.averageFieldLength(SEARCH_FIELDS.indexOf(field as (typeof SEARCH_FIELDS)[number]));
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO dossier_builds (status, corpus, corpus_hash, format_version, built_at, documents, paragraphs, stats,
       avg_text_length, avg_title_length, avg_section_length)
     VALUES ('loading', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [header.corpus, header.corpusHash, header.formatVersion, header.builtAt, index.documents.length, index.paragraphs.length,
      JSON.stringify(header.stats), average('text'), average('title'), average('section')],
  );
  return Number(rows[0]?.id);
}

/** The build's tables, standalone for now; paragraphs split by year, undated ones in the default partition. */
async function createBuildTables(client: pg.ClientBase, buildId: number, documents: readonly DocumentRecord[]): Promise<void> {
  for (const table of BUILD_TABLES) {
    const name = partitionName(table, buildId);
    const partitioned = table === 'dossier_paragraphs' ? ' PARTITION BY RANGE (year)' : '';
    // The CHECK lets ATTACH skip scanning the rows to prove they belong to the partition.
    await client.query(`CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS, CHECK (build_id = ${buildId}))${partitioned}`);
  }
  const paragraphs = partitionName('dossier_paragraphs', buildId);
  const years = new Set<number>();
  for (const document of documents) if (document.date !== null) years.add(Number(document.date.slice(0, 4)));
  for (const year of [...years].sort((a, b) => a - b)) {
    await client.query(`CREATE TABLE ${paragraphs}_y${year} PARTITION OF ${paragraphs} FOR VALUES FROM (${year}) TO (${year + 1})`);
  }
  await client.query(`CREATE TABLE ${paragraphs}_undated PARTITION OF ${paragraphs} DEFAULT`);
}

/** Streams every row of the build; returns how many paragraphs' text lengths disagree with the index's. */
async function loadRows(client: pg.ClientBase, buildId: number, index: LoadedIndex, options: LoadOptions): Promise<number> {
  const writers = [client, ...(options.writers ?? [])];
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const method = options.method ?? 'copy';
  const batches = (size: number) => ({ batchSize: size, method });
  const progress = options.onProgress ?? (() => {});
  await insertBatches(writers, 'dossier_documents', buildId, DOCUMENT_COLUMNS, index.documents.map((document, ordinal) => documentRow(document, ordinal)), batches(batchSize), progress);

  const titles = index.documents.map((document) => termFrequencies(document.title));
  const sections = new Map<string, { tf: Record<string, number>; length: number }>();
  let mismatches = 0;
  const paragraphRows = function* (): Generator<unknown[]> {
    for (let ordinal = 0; ordinal < index.paragraphs.length; ordinal += 1) {
      const paragraph = index.paragraphs[ordinal] as StoredParagraph;
      const documentOrdinal = index.paragraphDocument[ordinal] ?? -1;
      const document = index.documents[documentOrdinal];
      const analysed = analyseText(paragraph.text);
      if (fieldLength(analysed.length) !== index.terms.fieldLength(ordinal, 0)) mismatches += 1;
      let section = paragraph.section === null ? null : sections.get(paragraph.section);
      if (paragraph.section !== null && section === undefined) {
        section = termFrequencies(paragraph.section);
        sections.set(paragraph.section, section);
      }
      const title = titles[documentOrdinal] ?? { tf: {}, length: 0 };
      const date = document?.date ?? null;
      yield [
        ordinal, paragraph.docId, documentOrdinal, paragraph.n, paragraph.section, paragraph.text,
        date === null ? null : checkedDate(date, paragraph.docId), date === null ? null : Number(date.slice(0, 4)),
        sourceOf(document), arrayLiteral(paragraph.countries), arrayLiteral(paragraph.persons), arrayLiteral(paragraph.topics),
        arrayLiteral(paragraph.places), analysed.tsvector, JSON.stringify(analysed.tf), fieldLength(analysed.length),
        JSON.stringify(title.tf), fieldLength(title.length), section === null || section === undefined ? null : JSON.stringify(section.tf),
        fieldLength(section?.length ?? 0), index.recencyRank[ordinal] ?? 0, index.copyOf[ordinal] ?? ordinal,
      ];
    }
  };
  await insertBatches(writers, 'dossier_paragraphs', buildId, PARAGRAPH_COLUMNS, paragraphRows(), batches(batchSize), progress);

  const evidenceRows = function* (): Generator<unknown[]> {
    for (let ordinal = 0; ordinal < index.paragraphs.length; ordinal += 1) {
      for (const entry of index.paragraphs[ordinal]?.evidence ?? []) {
        yield [ordinal, entry.facet, entry.value, entry.start, entry.end, entry.rule];
      }
    }
  };
  await insertBatches(writers, 'dossier_evidence', buildId, EVIDENCE_COLUMNS, evidenceRows(), batches(batchSize * 2), progress);
  await insertBatches(writers, 'dossier_entities', buildId, ENTITY_COLUMNS, entityRows(index), batches(batchSize), progress);

  const termRows = function* (): Generator<unknown[]> {
    for (const term of index.terms.terms) {
      const df = SEARCH_FIELDS.map((_field, position) => index.terms.postings(term, position)?.paragraphs.length ?? 0);
      yield [term, ...df];
    }
  };
  await insertBatches(writers, 'dossier_terms', buildId, TERM_COLUMNS, termRows(), batches(batchSize * 4), progress);
  const { words, counts, terms } = index.vocabulary;
  const wordRows = function* (): Generator<unknown[]> {
    for (let k = 0; k < words.length; k += 1) yield [words[k], counts[k], terms[k]];
  };
  await insertBatches(writers, 'dossier_vocabulary', buildId, WORD_COLUMNS, wordRows(), batches(batchSize * 4), progress);
  return mismatches;
}

/** A field length as the embedded index stores it (16 bits), so BM25 normalises by the same number. */
function fieldLength(words: number): number {
  return Math.min(words, 0xffff);
}

/** A column of a build table and the array type its batch is sent as; `cast` converts each element after unnest. */
interface Column {
  name: string;
  type: string;
  cast?: string;
}

const DOCUMENT_COLUMNS: Column[] = [
  { name: 'ordinal', type: 'integer' }, { name: 'id', type: 'text' }, { name: 'title', type: 'text' }, { name: 'date', type: 'date' },
  { name: 'author', type: 'text' }, { name: 'source', type: 'text' }, { name: 'url', type: 'text' }, { name: 'metadata', type: 'jsonb' },
];

const PARAGRAPH_COLUMNS: Column[] = [
  { name: 'ordinal', type: 'integer' }, { name: 'doc_id', type: 'text' }, { name: 'doc_ordinal', type: 'integer' },
  { name: 'n', type: 'integer' }, { name: 'section', type: 'text' }, { name: 'text', type: 'text' }, { name: 'date', type: 'date' },
  { name: 'year', type: 'smallint' }, { name: 'source', type: 'text' },
  // Tag lists travel as array literals (a batch cannot be a ragged 2-D array) and are cast per row.
  { name: 'countries', type: 'text', cast: 'text[]' }, { name: 'persons', type: 'text', cast: 'text[]' },
  { name: 'topics', type: 'text', cast: 'text[]' }, { name: 'places', type: 'text', cast: 'text[]' },
  { name: 'terms', type: 'text', cast: 'tsvector' }, { name: 'tf', type: 'jsonb' }, { name: 'text_length', type: 'integer' },
  { name: 'title_tf', type: 'jsonb' }, { name: 'title_length', type: 'integer' }, { name: 'section_tf', type: 'jsonb' },
  { name: 'section_length', type: 'integer' }, { name: 'recency', type: 'integer' }, { name: 'copy_of', type: 'integer' },
];

const EVIDENCE_COLUMNS: Column[] = [
  { name: 'paragraph', type: 'integer' }, { name: 'facet', type: 'text' }, { name: 'value', type: 'text' },
  { name: 'start_offset', type: 'integer' }, { name: 'end_offset', type: 'integer' }, { name: 'rule', type: 'text' },
];

const ENTITY_COLUMNS: Column[] = [
  { name: 'facet', type: 'text' }, { name: 'id', type: 'text' }, { name: 'label', type: 'text' },
  { name: 'names', type: 'text', cast: 'text[]' }, { name: 'surname', type: 'text' }, { name: 'data', type: 'jsonb' },
];

const TERM_COLUMNS: Column[] = [
  { name: 'term', type: 'text' }, { name: 'df_text', type: 'integer' }, { name: 'df_title', type: 'integer' }, { name: 'df_section', type: 'integer' },
];

const WORD_COLUMNS: Column[] = [{ name: 'word', type: 'text' }, { name: 'paragraphs', type: 'integer' }, { name: 'term', type: 'text' }];

/**
 * Sends rows in batches, one statement per batch: `COPY … FROM STDIN` in text format (copy.ts), or a parameterised
 * `INSERT … SELECT FROM unnest($2::…[], …)` with one array parameter per column and the build id as $1. On the BBC
 * corpus COPY is about 1.5 times as fast (the server parses no arrays); the INSERT is kept to measure against.
 */
async function insertBatches(
  writers: readonly pg.ClientBase[], table: BuildTable, buildId: number, columns: readonly Column[], rows: Iterable<unknown[]>,
  options: { batchSize: number; method: 'copy' | 'insert' }, progress: (table: BuildTable, rows: number) => void,
): Promise<void> {
  const target = partitionName(table, buildId);
  const unnested = columns.map((column, k) => `$${k + 2}::${column.type}[]`).join(', ');
  const selected = columns.map((column, k) => (column.cast === undefined ? `c${k}` : `c${k}::${column.cast}`)).join(', ');
  const aliases = columns.map((_column, k) => `c${k}`).join(', ');
  const sql = `INSERT INTO ${target} (build_id, ${columns.map((column) => column.name).join(', ')})
    SELECT $1::bigint, ${selected} FROM unnest(${unnested}) AS r(${aliases})`;
  const copyColumns = ['build_id', ...columns.map((column) => column.name)];
  const send = (writer: pg.ClientBase, batch: unknown[][], lines: string[]): Promise<unknown> => (options.method === 'copy'
    ? copyRows(writer, target, copyColumns, lines.join(''))
    : writer.query(sql, [buildId, ...batch]));
  let batch: unknown[][] = columns.map(() => []);
  let lines: string[] = [];
  let size = 0;
  let total = 0;
  let sent = 0;
  // One batch in flight per connection while the next is analysed: the database works while JavaScript does.
  const inFlight: Array<Promise<void>> = writers.map(() => Promise.resolve());
  let failure: unknown = null;
  const flush = async (): Promise<void> => {
    const slot = sent % writers.length;
    await inFlight[slot];
    if (failure !== null) throw failure;
    if (size === 0) return;
    const rowsSent = size;
    inFlight[slot] = send(writers[slot] as pg.ClientBase, batch, lines).then(() => {
      total += rowsSent;
      progress(table, total);
    }).catch((error: unknown) => {
      failure ??= error;
    });
    sent += 1;
    batch = columns.map(() => []);
    lines = [];
    size = 0;
  };
  for (const row of rows) {
    if (options.method === 'copy') lines.push(copyLine([buildId, ...row]));
    else row.forEach((value, k) => batch[k]?.push(value));
    size += 1;
    if (size >= options.batchSize) await flush();
  }
  await flush();
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
}

function documentRow(document: DocumentRecord, ordinal: number): unknown[] {
  return [
    ordinal, document.id, document.title, document.date === null ? null : checkedDate(document.date, document.id),
    document.author, document.source, document.url, JSON.stringify(document.metadata),
  ];
}

/** The source facet's value of a document: trimmed, none when empty (as index/store/assemble.ts counts it). */
function sourceOf(document: DocumentRecord | undefined): string | null {
  const source = document?.source?.trim() ?? '';
  return source === '' ? null : source;
}

/** An ISO date PostgreSQL will take, or an error naming the document: the embedded index compares these as text. */
function checkedDate(date: string, docId: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const valid = match !== null && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
  if (!valid) throw new Error(`loadIntoPostgres: document ${docId} has a date that is not a calendar date: ${date}`);
  return date;
}

/** A PostgreSQL array literal of strings: every element quoted, quotes and backslashes escaped. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`).join(',')}}`;
}

/** Every entity of the catalog, and every source, with the folded names a filter value may be given as. */
function* entityRows(index: LoadedIndex): Generator<unknown[]> {
  const names = (...aliases: readonly string[]) => arrayLiteral([...new Set(aliases.map(phraseForm).filter((name) => name !== ''))]);
  for (const country of Object.values(index.entities.countries)) {
    yield ['country', country.code, country.name, names(country.code, country.name, ...(country.names ?? [])), null, JSON.stringify(country)];
  }
  for (const person of Object.values(index.entities.persons)) {
    const surname = phraseForm(person.name).split(' ').pop() ?? '';
    yield ['person', person.id, person.name, names(person.id, person.name), surname === '' ? null : surname, JSON.stringify(person)];
  }
  for (const topic of Object.values(index.entities.topics)) {
    yield ['topic', topic.id, topic.label, names(topic.id, topic.label), null, JSON.stringify(topic)];
  }
  for (const place of Object.values(index.entities.places)) {
    yield ['place', place.id, place.label, names(place.id, place.label, place.name, ...(place.names ?? [])), null, JSON.stringify(place)];
  }
  const sources = new Set<string>();
  for (const document of index.documents) {
    const source = sourceOf(document);
    if (source !== null) sources.add(source);
  }
  for (const source of sources) yield ['source', source, source, names(source), null, JSON.stringify({ value: source })];
}

/** Attaches the build's tables to their parents: the parents' indexes are built on them now. */
async function attachBuildTables(client: pg.ClientBase, buildId: number): Promise<void> {
  for (const table of BUILD_TABLES) {
    const name = partitionName(table, buildId);
    await client.query(`ALTER TABLE ${table} ATTACH PARTITION ${name} FOR VALUES IN (${buildId})`);
    await client.query(`ANALYZE ${name}`);
  }
  await client.query("UPDATE dossier_builds SET status = 'ready' WHERE id = $1", [buildId]);
}

/** One transaction: the live build retired, this one live and current. Readers see one or the other. */
async function switchTo(client: pg.ClientBase, buildId: number): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query("UPDATE dossier_builds SET status = 'retired' WHERE status = 'live'");
    await client.query("UPDATE dossier_builds SET status = 'live', finished_at = now() WHERE id = $1", [buildId]);
    await client.query(
      `INSERT INTO dossier_current (singleton, build_id) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET build_id = EXCLUDED.build_id, switched_at = now()`,
      [buildId],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Builds left `loading` or `failed` (killed or crashed): the build lock is ours, so nobody is loading them. */
async function dropAbandonedBuilds(client: pg.ClientBase): Promise<number[]> {
  const { rows } = await client.query<{ id: string }>("SELECT id FROM dossier_builds WHERE status IN ('loading', 'failed') ORDER BY id");
  const dropped: number[] = [];
  for (const row of rows) {
    const id = Number(row.id);
    if (await dropBuildTables(client, id)) dropped.push(id);
    await client.query("UPDATE dossier_builds SET status = 'failed', finished_at = coalesce(finished_at, now()) WHERE id = $1", [id]);
  }
  return dropped;
}

/** Retired builds beyond the newest `keep`. */
async function dropRetiredBuilds(client: pg.ClientBase, keep: number): Promise<number[]> {
  const { rows } = await client.query<{ id: string }>(
    "SELECT id FROM dossier_builds WHERE status = 'retired' ORDER BY id DESC OFFSET $1", [keep],
  );
  const dropped: number[] = [];
  for (const row of rows) if (await dropBuildTables(client, Number(row.id))) dropped.push(Number(row.id));
  return dropped;
}

/** Detaches (without blocking readers) and drops a build's tables; whether there was any. */
async function dropBuildTables(client: pg.ClientBase, buildId: number): Promise<boolean> {
  let any = false;
  for (const table of BUILD_TABLES) {
    const name = partitionName(table, buildId);
    const { rows } = await client.query<{ attached: boolean | null }>(
      `SELECT (SELECT true FROM pg_inherits WHERE inhrelid = c.oid AND inhparent = $2::regclass) AS attached
       FROM pg_class c WHERE c.oid = to_regclass($1)`,
      [name, table],
    );
    const found = rows[0];
    if (found === undefined) continue;
    any = true;
    // CONCURRENTLY cannot run inside a transaction block; the switch has committed already.
    if (found.attached === true) await client.query(`ALTER TABLE ${table} DETACH PARTITION ${name} CONCURRENTLY`);
    await client.query(`DROP TABLE ${name}`);
  }
  return any;
}
