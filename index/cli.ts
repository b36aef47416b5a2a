import { parseArgs } from 'node:util';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { buildFromCorpus, corpusFingerprint, type BuildStage, type BuildSummary, type CorrectionOutcome } from './build/pipeline.ts';
import { FORMAT_VERSION, readIndexHeader, saveIndex, type LoadedIndex } from './store/format.ts';
import { defaultCorrectionsPath, readCorrections, type Correction } from './corrections-file.ts';
import { oneLine } from './text.ts';
import { INPUT_FORMATS } from './build/formats/sniff.ts';

/**
 * `npm run index -- --corpus <dir|file.jsonl> --out <file> [--corrections <file>] [--if-stale] [--quiet]
 *  [--backend embedded|postgres] [--database <url>]`
 * The only module of index/ that touches process: argv and env are read here once.
 * Exit codes: 0 indexed (or already up to date), 1 nothing could be indexed, 2 bad arguments.
 */

const DEFAULT_CORPUS = 'seeds';
const DEFAULT_INDEX = 'data/dossier-index.json';

interface CliOptions {
  corpus: string;
  out: string;
  /** The admin's corrections of tags (DOSSIER_CORRECTIONS, else corrections.json beside the index); may not exist. */
  corrections: string;
  ifStale: boolean;
  quiet: boolean;
  /** Where the index goes: the index file (`embedded`), or the tables of a PostgreSQL database (`postgres`). */
  backend: 'embedded' | 'postgres';
  /** The primary's connection URL for `postgres` (--database, else DATABASE_URL). */
  database: string | null;
}

function parseCli(argv: string[], env: NodeJS.ProcessEnv): { ok: true; value: CliOptions } | { ok: false; message: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        corpus: { type: 'string' },
        out: { type: 'string' },
        corrections: { type: 'string' },
        'if-stale': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        backend: { type: 'string' },
        database: { type: 'string' },
      },
      strict: true,
    });
    const out = values.out ?? (env.DOSSIER_INDEX || DEFAULT_INDEX);
    const backend = values.backend ?? (env.DOSSIER_BACKEND || 'embedded');
    if (backend !== 'embedded' && backend !== 'postgres') return { ok: false, message: `--backend must be embedded or postgres, got "${backend}"` };
    const database = values.database ?? (env.DATABASE_URL || null);
    if (backend === 'postgres' && database === null) return { ok: false, message: '--backend postgres needs --database <url> or DATABASE_URL' };
    if (backend === 'postgres' && values['if-stale'] === true) return { ok: false, message: '--if-stale is for the index file; a PostgreSQL build always loads' };
    return {
      ok: true,
      value: {
        corpus: values.corpus ?? (env.DOSSIER_CORPUS || DEFAULT_CORPUS),
        out,
        corrections: values.corrections ?? (env.DOSSIER_CORRECTIONS || defaultCorrectionsPath(out)),
        ifStale: values['if-stale'] ?? false,
        quiet: values.quiet ?? false,
        backend,
        database,
      },
    };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const STAGE_LABEL: Record<BuildStage, string> = { read: 'reading', tag: 'tagging', index: 'indexing' };

/** A bar per stage on a terminal; a plain line per stage and per ~10% elsewhere (CI logs, pipes). */
function progressReporter(enabled: boolean, stream: NodeJS.WriteStream): {
  update: (stage: BuildStage, done: number, total: number) => void;
  stop: () => void;
} {
  if (!enabled) return { update: () => {}, stop: () => {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: '{stage} [{bar}] {value}/{total}', stream, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let current: BuildStage | null = null;
    return {
      update: (stage, done, total) => {
        if (stage !== current) {
          if (current !== null) bar.stop();
          current = stage;
          bar.start(total, done, { stage: STAGE_LABEL[stage].padEnd(8) });
        } else {
          bar.setTotal(total);
          bar.update(done);
        }
      },
      stop: () => bar.stop(),
    };
  }
  let lastStage: BuildStage | null = null;
  let lastTenth = -1;
  return {
    update: (stage, done, total) => {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (stage === lastStage && tenth === lastTenth) return;
      lastStage = stage;
      lastTenth = tenth;
      stream.write(`${STAGE_LABEL[stage]} ${done}/${total}\n`);
    },
    stop: () => {},
  };
}

function formatSummary(summary: BuildSummary, corrections: readonly CorrectionOutcome[], out: string): string {
  const lines = [
    `Indexed ${summary.documents} documents, ${summary.paragraphs} paragraphs from ${summary.files} files in ${(summary.totalMs / 1000).toFixed(2)} s`
      + ` (read ${Math.round(summary.readMs)} ms, segment+tag ${Math.round(summary.tagMs)} ms, index ${Math.round(summary.indexMs)} ms;`
      + ` ${summary.threads === 0 ? 'one thread' : `${summary.threads + 1} threads`})`,
    `Documents by format: ${formatCounts(summary)}`,
    `Tags: ${summary.countries} countries, ${summary.persons} persons (${summary.leaders} leaders), ${summary.topics} topics, ${summary.places} places`,
    `Index written to ${out}`,
  ];
  if (corrections.length > 0) {
    const unmatched = corrections.filter((outcome) => outcome.paragraphs === 0).map((outcome) => outcome.id);
    lines.push(`Corrections: ${corrections.length - unmatched.length} applied, ${unmatched.length} unmatched${unmatched.length > 0 ? ` (${unmatched.join(', ')})` : ''}`);
  }
  if (summary.threadFailure) lines.push(`Tagging threads stopped (${summary.threadFailure}); the rest was tagged in one thread`);
  if (summary.skipped.length > 0) {
    lines.push(`Skipped or repaired ${summary.skipped.length}:`);
    for (const warning of summary.skipped) lines.push(`  ${oneLine(warning.origin)}: ${oneLine(warning.message)}`);
  }
  return lines.join('\n');
}

/** `text 5, html 2, feed 7, pdf 1`: documents indexed per input format, in the readers' order. */
function formatCounts(summary: BuildSummary): string {
  const counts = INPUT_FORMATS.flatMap((format) => {
    const count = summary.documentsByFormat[format] ?? 0;
    return count > 0 ? [`${format} ${count}`] : [];
  });
  return counts.length > 0 ? counts.join(', ') : 'none';
}

/** How long connecting to PostgreSQL may take before the indexer gives up, naming the problem. */
const DATABASE_CONNECT_TIMEOUT_MS = 10_000;

/** An open connection to the database a build goes into, and a way to load an index through it. */
interface DatabaseTarget {
  load(index: LoadedIndex, quiet: boolean): Promise<number>;
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL before the build, so a wrong password or host fails at once rather than after it. The
 * connection URL is never printed: it may hold a password.
 */
async function connectDatabase(url: string): Promise<{ ok: true; value: DatabaseTarget } | { ok: false; message: string }> {
  const [{ default: pg }, { loadIntoPostgres }] = await Promise.all([import('pg'), import('./backend/postgres/index.ts')]);
  let client: InstanceType<typeof pg.Client> | null = null;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS });
    await client.connect();
  } catch (error) {
    await client?.end().catch(() => undefined);
    return { ok: false, message: `cannot connect to PostgreSQL: ${error instanceof Error ? error.message : String(error)}` };
  }
  const connected = client;
  return {
    ok: true,
    value: {
      // The database keeps its current build if anything fails: the new one is switched in whole or not at all.
      async load(index, quiet) {
        try {
          const outcome = await loadIntoPostgres(connected, index);
          if (!quiet) {
            console.log(`Loaded into PostgreSQL as build ${outcome.buildId}: ${outcome.documents} documents, ${outcome.paragraphs} paragraphs in ${(outcome.timings.total / 1000).toFixed(1)} s`);
          }
          return 0;
        } catch (error) {
          console.error(`dossier index: cannot load into PostgreSQL: ${error instanceof Error ? error.message : String(error)}`);
          return 1;
        }
      },
      close: () => connected.end().catch(() => undefined),
    },
  };
}

/**
 * Why a file cannot be written in the index's folder (made if missing), or null: a trial file is created and removed,
 * which also catches a read-only file system, where permission bits say nothing (as root).
 */
async function problemWriting(out: string): Promise<string | null> {
  const folder = path.dirname(path.resolve(out));
  const trial = path.join(folder, `.${path.basename(out)}.${process.pid}.write-check`);
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(trial, '');
    await rm(trial, { force: true });
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EACCES' || (error as NodeJS.ErrnoException).code === 'EPERM'
      ? 'permission denied' : error instanceof Error ? error.message : String(error);
  }
}

async function main(): Promise<number> {
  const parsed = parseCli(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    console.error(`dossier index: ${parsed.message}`);
    console.error('usage: npm run index -- --corpus <dir|file.jsonl> --out <index file> [--corrections <file>] [--if-stale] [--quiet] [--backend embedded|postgres --database <url>]');
    return 2;
  }
  const options = parsed.value;
  // A damaged corrections file stops the build: building without it would silently undo the admin's work.
  const corrections = await readCorrections(options.corrections);
  if (!corrections.ok) {
    console.error(`dossier index: ${corrections.error.message}`);
    return 1;
  }

  if (options.ifStale) {
    const header = await readIndexHeader(options.out);
    const listing = header.ok && header.value.formatVersion === FORMAT_VERSION ? header.value.corpusListing : undefined;
    const fingerprint = await corpusFingerprint(options.corpus, { corrections: corrections.value, ...(listing ? { listing } : {}) });
    if (!fingerprint.ok) {
      console.error(`dossier index: ${fingerprint.error.message}`);
      return 1;
    }
    if (header.ok && header.value.formatVersion === FORMAT_VERSION && header.value.corpusHash === fingerprint.value) {
      if (!options.quiet) console.log(`Index ${options.out} is up to date with ${options.corpus}`);
      return 0;
    }
    if (!options.quiet) {
      const reason = header.ok ? 'the corpus, the knowledge files, the corrections or the format changed' : header.error.message;
      console.log(`Rebuilding ${options.out}: ${reason}`);
    }
  }

  // A folder the index cannot be written to fails now, not after a build of many minutes (an up-to-date index in a
  // read-only folder is fine: nothing is written).
  const unwritable = options.backend === 'postgres' ? null : await problemWriting(options.out);
  if (unwritable !== null) {
    console.error(`dossier index: cannot write the index to ${options.out}: ${unwritable}`);
    return 1;
  }

  const database = options.backend === 'postgres' ? await connectDatabase(options.database ?? '') : null;
  if (database !== null && !database.ok) {
    console.error(`dossier index: ${database.message}`);
    return 1;
  }
  try {
    return await buildAndWrite(options, corrections.value, database?.value ?? null);
  } finally {
    await database?.value.close();
  }
}

/** The build itself, into the index file or the database. */
async function buildAndWrite(options: CliOptions, corrections: Correction[], database: DatabaseTarget | null): Promise<number> {
  const progress = progressReporter(!options.quiet, process.stderr);
  const built = await buildFromCorpus(options.corpus, { onProgress: progress.update, corrections });
  progress.stop();
  if (!built.ok) {
    console.error(`dossier index: ${built.error.message}`);
    return 1;
  }
  const { index, summary, corrections: outcomes } = built.value;
  if (summary.paragraphs === 0) {
    console.error(formatSummary(summary, outcomes, '(not written)'));
    console.error(`dossier index: nothing to index in ${options.corpus}: no readable article with text`);
    return 1;
  }
  if (database !== null) return database.load(index, options.quiet);
  if (!options.quiet) process.stderr.write(`writing ${options.out}\n`);
  await saveIndex(options.out, index);
  if (!options.quiet) console.log(formatSummary(summary, outcomes, options.out));
  else for (const warning of summary.skipped) console.error(`warning: ${oneLine(warning.origin)}: ${oneLine(warning.message)}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`dossier index: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
