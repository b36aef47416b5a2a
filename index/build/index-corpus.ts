import type { BuildOptions, BuildOutput, BuildSummary } from './build-report.ts';
import { correctionApplier, type CorrectionOutcome } from './corrections.ts';
import { correctionStatKey, type Correction } from '../corrections-file.ts';
import { FORMAT_VERSION, type IndexHeader } from '../store/loaded-index.ts';
import { IndexBuilder } from '../store/builder.ts';
import type { Knowledge } from '../knowledge/load.ts';
import type { CorpusRead } from './read-corpus.ts';
import { BatchTagger, type TaggedBatch } from './threads/tag-batch.ts';
import type { TagPool } from './threads/tag-pool.ts';
import { inBatches, tagAll } from './threads/tag-schedule.ts';
import { emptyCatalog, mergeEntities } from '../tag/tag-article.ts';
import type { Article, DocumentRecord, Warning } from '../types.ts';

/**
 * The build from a corpus read on: segment and tag (in the pool's threads and this one) while the index grows batch
 * by batch, in article order; then finish the index and sum up. build.ts loads this module for a build only.
 */

/** What build.ts has when the corpus is read. */
export interface CorpusToIndex {
  corpusPath: string;
  corpus: CorpusRead;
  knowledge: Knowledge;
  pool: TagPool | null;
  fingerprint: string;
  /** Applied to every paragraph's tags after tagging, and to the entity catalog. */
  corrections: readonly Correction[];
  options: BuildOptions;
  /** performance.now() when the build started. */
  started: number;
}

/** Segments, tags, corrects and indexes the articles read. */
export async function indexCorpus({
  corpusPath, corpus, knowledge, pool, fingerprint, corrections, options, started,
}: CorpusToIndex): Promise<BuildOutput & { corrections: CorrectionOutcome[] }> {
  const readDone = performance.now();
  const { articles } = corpus;
  const builder = new IndexBuilder();
  const entities = emptyCatalog();
  const correct = correctionApplier(corrections);
  const warnings: Warning[] = [];
  const documentsByFormat: BuildSummary['documentsByFormat'] = {};
  let consumeMs = 0;
  let next = 0;
  /** Adds a tagged batch (the articles from `next` on) to the index; `wordIdOf` maps the tagger's word ids. */
  const consume = (batch: TaggedBatch, wordIdOf: Int32Array): void => {
    const consumeStarted = performance.now();
    const ids = batch.wordIds;
    for (let k = 0; k < ids.length; k += 1) ids[k] = wordIdOf[ids[k] as number] as number;
    let at = 0;
    for (const tagged of batch.articles) {
      const article = articles[next] as Article;
      next += 1;
      if (tagged === null) {
        warnings.push({ origin: article.origin, message: 'no paragraph of text found; not indexed' });
        continue;
      }
      const document = builder.addDocument(toDocumentRecord(article));
      const format = corpus.formats.get(article.id) ?? 'text';
      documentsByFormat[format] = (documentsByFormat[format] ?? 0) + 1;
      tagged.paragraphs.forEach((paragraph, i) => {
        const words = tagged.wordCounts[i] ?? 0;
        builder.addParagraph(document, correct.paragraph(paragraph), { ids, from: at, to: at + words });
        at += words;
      });
      mergeEntities(entities, tagged.entities);
    }
    options.onProgress?.('tag', next, articles.length);
    consumeMs += performance.now() - consumeStarted;
  };
  options.onProgress?.('tag', 0, articles.length);
  const batches = inBatches(articles, (pool?.size ?? 0) + 1);
  const schedule = await tagAll(batches, new BatchTagger(knowledge), pool, (word) => builder.wordId(word), consume);
  const tagDone = performance.now();

  const paragraphCount = builder.paragraphCount;
  options.onProgress?.('index', 0, paragraphCount);
  const builtAt = (options.now ?? (() => new Date()))().toISOString();
  const header: IndexHeader = {
    formatVersion: FORMAT_VERSION,
    builtAt,
    corpusHash: fingerprint,
    corpus: corpusPath,
    documents: builder.documentCount,
    paragraphs: paragraphCount,
    stats: {},
    ...(corpus.manifest === null ? {} : { corpusListing: { manifest: corpus.manifest, contentHash: corpus.hash } }),
  };
  correct.catalog(entities);
  const index = builder.finish(header, entities);
  options.onProgress?.('index', paragraphCount, paragraphCount);
  const indexDone = performance.now();

  const persons = Object.values(index.entities.persons);
  const summary: BuildSummary = {
    documents: index.documents.length,
    documentsByFormat,
    paragraphs: paragraphCount,
    files: corpus.files,
    skipped: [...corpus.warnings, ...warnings],
    countries: Object.keys(index.entities.countries).length,
    persons: persons.length,
    leaders: persons.filter((person) => person.leader).length,
    topics: Object.keys(index.entities.topics).length,
    places: Object.keys(index.entities.places).length,
    threads: schedule.batchesInWorkers > 0 ? (pool?.size ?? 0) : 0,
    threadFailure: schedule.failure,
    readMs: readDone - started,
    tagMs: tagDone - readDone - consumeMs,
    indexMs: consumeMs + (indexDone - tagDone),
    totalMs: indexDone - started,
  };
  index.header.stats = {
    files: summary.files,
    skipped: summary.skipped.length,
    countries: summary.countries,
    persons: summary.persons,
    leaders: summary.leaders,
    topics: summary.topics,
    places: summary.places,
    buildMs: Math.round(summary.totalMs),
  };
  const outcomes = correct.outcomes();
  for (const outcome of outcomes) index.header.stats[correctionStatKey(outcome.id)] = outcome.paragraphs;
  return { index, summary, corrections: outcomes };
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
