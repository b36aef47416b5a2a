/**
 * The PostgreSQL schema as versioned migrations: each one a name and its statements, applied once, in order
 * (migrations.ts). Never edit a migration that has shipped; add the next one.
 *
 * Layout. Every data table is LIST-partitioned by `build_id`: a build writes partitions of its own, which readers
 * never see until `dossier_current` points at it, so a switch is one row update and an old build is dropped as
 * whole tables. A build's paragraphs partition is itself RANGE-partitioned by year, undated paragraphs in its default
 * partition (load.ts creates those partitions: they depend on the corpus). Indexes are declared on the parents, so
 * each partition gets them when it is attached, after its rows are in (faster than maintaining them row by row).
 *
 * Text. `terms` is the tsvector of Dossier's own analysis of the paragraph text (index/text.ts): each word's index
 * term (folded, stop words dropped, Porter2-stemmed) and each word's folded form prefixed with `=`, both at the
 * word's position among all words, stop words included. Words match stems (`'troop'`), quoted phrases match folded
 * words in sequence (`'=coalition' <-> '=of' <-> '=the' <-> '=willing'`), as the embedded engine checks them.
 * `tf` holds the text field's term frequencies (BM25 reads them with one jsonb key lookup); title and section
 * frequencies sit beside them. Term statistics (`dossier_terms`) and field-length averages (`dossier_builds`) are the
 * embedded index's own, so BM25+ is computed with the same numbers.
 */

/** One migration: applied in a transaction of its own, recorded in `dossier_schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'builds, documents, paragraphs, evidence, entities, term statistics',
    statements: [
      `CREATE TABLE dossier_builds (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('loading', 'ready', 'live', 'retired', 'failed')),
        corpus text NOT NULL,
        corpus_hash text NOT NULL,
        format_version integer NOT NULL,
        built_at timestamptz NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        documents integer,
        paragraphs integer,
        stats jsonb NOT NULL DEFAULT '{}',
        avg_text_length double precision,
        avg_title_length double precision,
        avg_section_length double precision
      )`,
      // One row: the build readers query. Switching builds is an update of it.
      `CREATE TABLE dossier_current (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        build_id bigint NOT NULL REFERENCES dossier_builds (id),
        switched_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE dossier_documents (
        build_id bigint NOT NULL,
        ordinal integer NOT NULL,
        id text NOT NULL,
        title text NOT NULL,
        date date,
        author text,
        source text,
        url text,
        metadata jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (build_id, id)
      ) PARTITION BY LIST (build_id)`,
      `CREATE TABLE dossier_paragraphs (
        build_id bigint NOT NULL,
        ordinal integer NOT NULL,
        doc_id text NOT NULL,
        doc_ordinal integer NOT NULL,
        n integer NOT NULL,
        section text,
        text text NOT NULL,
        date date,
        year smallint,
        source text,
        countries text[] NOT NULL DEFAULT '{}',
        persons text[] NOT NULL DEFAULT '{}',
        topics text[] NOT NULL DEFAULT '{}',
        places text[] NOT NULL DEFAULT '{}',
        terms tsvector NOT NULL,
        tf jsonb NOT NULL,
        text_length integer NOT NULL,
        title_tf jsonb NOT NULL,
        title_length integer NOT NULL,
        section_tf jsonb,
        section_length integer NOT NULL,
        recency integer NOT NULL,
        copy_of integer NOT NULL
      ) PARTITION BY LIST (build_id)`,
      'CREATE INDEX dossier_paragraphs_terms ON dossier_paragraphs USING gin (terms)',
      'CREATE INDEX dossier_paragraphs_countries ON dossier_paragraphs USING gin (countries)',
      'CREATE INDEX dossier_paragraphs_persons ON dossier_paragraphs USING gin (persons)',
      'CREATE INDEX dossier_paragraphs_topics ON dossier_paragraphs USING gin (topics)',
      'CREATE INDEX dossier_paragraphs_places ON dossier_paragraphs USING gin (places)',
      'CREATE INDEX dossier_paragraphs_ordinal ON dossier_paragraphs (build_id, ordinal)',
      'CREATE INDEX dossier_paragraphs_doc ON dossier_paragraphs (build_id, doc_id, n)',
      'CREATE INDEX dossier_paragraphs_recency ON dossier_paragraphs (build_id, recency)',
      'CREATE INDEX dossier_paragraphs_source ON dossier_paragraphs (build_id, source)',
      `CREATE TABLE dossier_evidence (
        build_id bigint NOT NULL,
        paragraph integer NOT NULL,
        facet text NOT NULL,
        value text NOT NULL,
        start_offset integer NOT NULL,
        end_offset integer NOT NULL,
        rule text NOT NULL
      ) PARTITION BY LIST (build_id)`,
      'CREATE INDEX dossier_evidence_paragraph ON dossier_evidence (build_id, paragraph)',
      // Every tag value and source of the build, with the folded names a filter value may be given as.
      `CREATE TABLE dossier_entities (
        build_id bigint NOT NULL,
        facet text NOT NULL,
        id text NOT NULL,
        label text NOT NULL,
        names text[] NOT NULL,
        surname text,
        data jsonb NOT NULL,
        PRIMARY KEY (build_id, facet, id)
      ) PARTITION BY LIST (build_id)`,
      'CREATE INDEX dossier_entities_names ON dossier_entities USING gin (names)',
      // Paragraphs having each index term, per search field: BM25's document frequencies.
      `CREATE TABLE dossier_terms (
        build_id bigint NOT NULL,
        term text NOT NULL,
        df_text integer NOT NULL,
        df_title integer NOT NULL,
        df_section integer NOT NULL,
        PRIMARY KEY (build_id, term)
      ) PARTITION BY LIST (build_id)`,
      // Folded words of the text with the paragraphs containing each: whether a query word matches exactly.
      `CREATE TABLE dossier_vocabulary (
        build_id bigint NOT NULL,
        word text NOT NULL,
        paragraphs integer NOT NULL,
        term text NOT NULL,
        PRIMARY KEY (build_id, word)
      ) PARTITION BY LIST (build_id)`,
      // BM25+ of one field (index/query/scoring.ts); 0 where the term is absent. Inlined by the planner.
      `CREATE FUNCTION dossier_bm25(tf double precision, len double precision, avg double precision, idf double precision,
          k double precision, b double precision, d double precision)
        RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE WHEN tf > 0 THEN idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * len) / avg))) ELSE 0 END`,
    ],
  },
];

/** The tables a build fills, each LIST-partitioned by build_id. */
export const BUILD_TABLES = ['dossier_documents', 'dossier_paragraphs', 'dossier_evidence', 'dossier_entities', 'dossier_terms', 'dossier_vocabulary'] as const;
export type BuildTable = (typeof BUILD_TABLES)[number];

/** The name of one build's partition of a table: built from an integer id only, never from input. */
export function partitionName(table: BuildTable, buildId: number): string {
  if (!Number.isSafeInteger(buildId) || buildId <= 0) throw new Error(`partitionName: bad build id ${buildId}`);
  return `${table}_b${buildId}`;
}
