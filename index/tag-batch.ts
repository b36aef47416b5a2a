import type { Knowledge } from './knowledge/load.ts';
import { splitParagraphs } from './segment.ts';
import { createTagger, type Tagger } from './tag/tag-article.ts';
import { wordTokens } from './tag/tokens.ts';
import type { Article, EntityCatalog, StoredParagraph } from './types.ts';

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
  /** Folded words seen for the first time by this tagger, continuing its word list. */
  newWords: string[];
  /** The folded words of every paragraph's text, as word-list ids, article after article. */
  wordIds: Int32Array;
}

/** Segmenter and tagger with a word list of its own; batches must be read in the order they were made. */
export class BatchTagger {
  private readonly tag: Tagger;
  private readonly wordIds = new Map<string, number>();

  constructor(knowledge: Knowledge) {
    this.tag = createTagger(knowledge);
  }

  /** Segments and tags `articles`. */
  tagBatch(articles: readonly Article[]): TaggedBatch {
    const newWords: string[] = [];
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
          let id = this.wordIds.get(token.folded);
          if (id === undefined) {
            id = this.wordIds.size;
            this.wordIds.set(token.folded, id);
            newWords.push(token.folded);
          }
          ids[size] = id;
          size += 1;
        }
        return paragraphTokens.length;
      });
      const stored = paragraphs.map((paragraph, i): StoredParagraph => ({
        ...paragraph,
        ...(tags.paragraphs[i] ?? { countries: [], persons: [], topics: [] }),
      }));
      return { paragraphs: stored, entities: tags.entities, wordCounts };
    });
    return { articles: tagged, newWords, wordIds: ids.slice(0, size) };
  }
}
