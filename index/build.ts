import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readCorpus, hashCorpus } from './read-corpus.ts';
import { splitParagraphs } from './segment.ts';
import { loadKnowledge, knowledgeFiles, type Knowledge } from './knowledge/load.ts';
import { createTagger, mergeEntities } from './tag/tag-article.ts';
import { buildIndex, FORMAT_VERSION, type IndexContent, type LoadedIndex } from './format.ts';
import type { Article, DocumentRecord, EntityCatalog, Result, StoredParagraph, Warning } from './types.ts';

/**
 * The build pipeline: read the corpus → split each article into paragraphs → tag them → index them.
 * Everything here runs in the indexer process; the server only loads what it writes.
 */

export type BuildStage = 'read' | 'tag' | 'index';

export interface BuildOptions {
  knowledgeDir?: string;
  onProgress?: (stage: BuildStage, done: number, total: number) => void;
  /** Clock for `builtAt`; tests pass a fixed one. */
  now?: () => Date;
}

export interface BuildSummary {
  documents: number;
  paragraphs: number;
  files: number;
  skipped: Warning[];
  countries: number;
  persons: number;
  leaders: number;
  topics: number;
  readMs: number;
  tagMs: number;
  indexMs: number;
  totalMs: number;
}

export interface BuildOutput {
  index: LoadedIndex;
  summary: BuildSummary;
}

/**
 * The fingerprint an index records to know when it is stale: the corpus content, the knowledge files the tags came
 * from and the format version. Any change to one of them means a rebuild.
 */
export async function corpusFingerprint(corpusPath: string, knowledgeDir?: string): Promise<Result<string>> {
  const corpusHash = await hashCorpus(corpusPath);
  if (!corpusHash.ok) return corpusHash;
  const hash = createHash('sha256');
  hash.update(`format ${FORMAT_VERSION}\0corpus ${corpusHash.value}\0`);
  for (const file of knowledgeFiles(knowledgeDir).sort()) {
    hash.update(file.slice(file.lastIndexOf('/') + 1));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return { ok: true, value: hash.digest('hex') };
}

/** Builds an in-memory index of a corpus. Fails only when the corpus or the knowledge cannot be read at all. */
export async function buildFromCorpus(corpusPath: string, options: BuildOptions = {}): Promise<Result<BuildOutput>> {
  const started = performance.now();
  const knowledge = loadKnowledge(options.knowledgeDir);
  if (!knowledge.ok) return knowledge;
  const fingerprint = await corpusFingerprint(corpusPath, options.knowledgeDir);
  if (!fingerprint.ok) return fingerprint;

  const corpus = await readCorpus(corpusPath, {
    onProgress: (done, total) => options.onProgress?.('read', done, total),
  });
  if (!corpus.ok) return corpus;
  const readDone = performance.now();

  const tagged = tagArticles(corpus.value.articles, knowledge.value, options.onProgress);
  const tagDone = performance.now();

  options.onProgress?.('index', 0, tagged.paragraphs.length);
  const builtAt = (options.now ?? (() => new Date()))().toISOString();
  const content: IndexContent = {
    header: {
      formatVersion: FORMAT_VERSION,
      builtAt,
      corpusHash: fingerprint.value,
      corpus: corpusPath,
      documents: tagged.documents.length,
      paragraphs: tagged.paragraphs.length,
      stats: {},
    },
    documents: tagged.documents,
    paragraphs: tagged.paragraphs,
    entities: tagged.entities,
  };
  const index = buildIndex(content);
  options.onProgress?.('index', tagged.paragraphs.length, tagged.paragraphs.length);
  const indexDone = performance.now();

  const persons = Object.values(tagged.entities.persons);
  const summary: BuildSummary = {
    documents: tagged.documents.length,
    paragraphs: tagged.paragraphs.length,
    files: corpus.value.files,
    skipped: [...corpus.value.warnings, ...tagged.warnings],
    countries: Object.keys(tagged.entities.countries).length,
    persons: persons.length,
    leaders: persons.filter((person) => person.leader).length,
    topics: Object.keys(tagged.entities.topics).length,
    readMs: readDone - started,
    tagMs: tagDone - readDone,
    indexMs: indexDone - tagDone,
    totalMs: indexDone - started,
  };
  // buildIndex copied the header; the stats belong to the index that gets saved.
  index.header.stats = {
    files: summary.files,
    skipped: summary.skipped.length,
    countries: summary.countries,
    persons: summary.persons,
    leaders: summary.leaders,
    topics: summary.topics,
    buildMs: Math.round(summary.totalMs),
  };
  return { ok: true, value: { index, summary } };
}

interface TaggedCorpus {
  documents: DocumentRecord[];
  paragraphs: StoredParagraph[];
  entities: EntityCatalog;
  warnings: Warning[];
}

/** Segments and tags every article; an article with no paragraph left is reported, not indexed. */
function tagArticles(
  articles: Article[],
  knowledge: Knowledge,
  onProgress: BuildOptions['onProgress'],
): TaggedCorpus {
  const tagArticle = createTagger(knowledge);
  const documents: DocumentRecord[] = [];
  const paragraphs: StoredParagraph[] = [];
  const entities: EntityCatalog = { countries: {}, persons: {}, topics: {} };
  const warnings: Warning[] = [];
  // Progress every ~1% keeps the callback cheap on corpora of hundreds of thousands of articles.
  const step = Math.max(1, Math.floor(articles.length / 100));

  articles.forEach((article, position) => {
    const articleParagraphs = splitParagraphs(article);
    if (articleParagraphs.length === 0) {
      warnings.push({ origin: article.origin, message: 'no paragraph of text found; not indexed' });
    } else {
      const tags = tagArticle(article, articleParagraphs);
      articleParagraphs.forEach((paragraph, i) => {
        const paragraphTags = tags.paragraphs[i] ?? { countries: [], persons: [], topics: [] };
        paragraphs.push({ ...paragraph, ...paragraphTags });
      });
      mergeEntities(entities, tags.entities);
      documents.push(toDocumentRecord(article));
    }
    if (position % step === 0 || position === articles.length - 1) onProgress?.('tag', position + 1, articles.length);
  });
  return { documents, paragraphs, entities, warnings };
}

function toDocumentRecord(article: Article): DocumentRecord {
  return {
    id: article.id,
    title: article.title,
    date: article.date,
    author: article.author,
    source: article.source,
    url: article.url,
    metadata: article.metadata,
  };
}
