import type { Knowledge } from '../../knowledge/load.ts';
import { splitParagraphs } from '../segment.ts';
import { createTagger, type Tagger } from '../../tag/tag-article.ts';
import { wordsSince } from '../../tag/lexicon.ts';
import { wordTokens } from '../../tag/tokens.ts';
import type { Article, EntityCatalog, StoredParagraph } from '../../types.ts';

/**
 * Segments and tags a run of articles into plain data that can cross to another thread: paragraphs with their
 * tags, and each paragraph's words as ids of folded words (the index builder's input), so that a paragraph is
 * tokenised once for tagging and indexing together. The same code runs in worker threads and in the serial build.
 */

/** One article's paragraphs with their tags and the entities they name. */
export interface TaggedArticle {
  paragraphs: StoredParagraph[];
  entities: EntityCatalog;
  /** Number of words of each paragraph's text, in `TaggedBatch.wordIds` order. */
  wordCounts: number[];
}

/** The result for a run of articles. Word ids refer to the word list of the BatchTagger that made it. */
export interface TaggedBatch {
  /** Per article in order: its tagged paragraphs, or null when no paragraph of text was found. */
  articles: Array<TaggedArticle | null>;
  /** The words of the thread's lexicon added since the previous batch, continuing the word list. */
  newWords: string[];
  /** The folded words of every paragraph's text, as word-list ids, article after article. */
  wordIds: Int32Array;
}

/**
 * Segmenter and tagger. Its word list is this thread's lexicon (tag/lexicon.ts): a token's id is its word id, and
 * each batch carries the words added since the previous one, so batches must be read in the order they were made.
 */
export class BatchTagger {
  private readonly tag: Tagger;
  private sentWords = 0;

  constructor(knowledge: Knowledge) {
    this.tag = createTagger(knowledge);
  }

  /** Segments and tags `articles`. */
  tagBatch(articles: readonly Article[]): TaggedBatch {
    let ids = new Int32Array(4096);
    let size = 0;
    const tagged = articles.map((article): TaggedArticle | null => {
      const paragraphs = splitParagraphs(article);
      if (paragraphs.length === 0) return null;
      const tokens = paragraphs.map((paragraph) => wordTokens(paragraph.text));
      const tags = this.tag(article, paragraphs, tokens);
      const wordCounts = tokens.map((paragraphTokens) => {
        if (size + paragraphTokens.length > ids.length) {
          const bigger = new Int32Array(Math.max(ids.length * 2, size + paragraphTokens.length));
          bigger.set(ids);
          ids = bigger;
        }
        for (const token of paragraphTokens) {
          ids[size] = token.id;
          size += 1;
        }
        return paragraphTokens.length;
      });
      const stored = paragraphs.map(({ docId, n, section, text }, i): StoredParagraph => {
        const { countries, persons, topics, places, evidence } = tags.paragraphs[i] ?? { countries: [], persons: [], topics: [], places: [], evidence: [] };
        return { docId, n, section, text, countries, persons, topics, places, evidence };
      });
      return { paragraphs: stored, entities: tags.entities, wordCounts };
    });
    const newWords = wordsSince(this.sentWords);
    this.sentWords += newWords.length;
    return { articles: tagged, newWords, wordIds: ids.slice(0, size) };
  }
}
