import { STOP_WORDS, indexTerms, stem } from '../text.ts';
import type { Knowledge, TopicRecord } from '../knowledge/load.ts';
import type { WordToken } from './tokens.ts';

/**
 * Multi-label topic classification on stems. A topic scores one point per distinct term and MIN_EVIDENCE
 * points per strong term or phrase found in the paragraph, and is tagged at MIN_EVIDENCE points: one phrase,
 * one strong term, or three distinct ordinary terms ("war" or "bank" alone is never enough). A topic with context words also needs one of
 * them: "budget" and "billion" make military spending only next to "military" or "defence".
 */

/** Points a topic needs; a strong term or a phrase is worth this much on its own. */
export const MIN_EVIDENCE = 3;

interface Cue {
  topic: number;
  /** A context cue gives no points; it lets a topic that needs context be tagged. */
  context: boolean;
  /** Distinct cue number within the topic, so a repeated word counts once. */
  cue: number;
  weight: number;
  /** Stems after the first, for phrases. */
  rest: string[];
}

/** Compiled topic matcher: paragraph text → sorted topic ids. */
export interface TopicMatcher {
  /** Topics of a paragraph's tokens (stemmed like text.ts `indexTerms`). */
  topicsOf(tokens: readonly WordToken[]): string[];
  topic(id: string): TopicRecord | undefined;
}

/** Compiles the taxonomy into a map from first stem to the cues it may start. */
export function compileTopics(knowledge: Knowledge): TopicMatcher {
  const cues = new Map<string, Cue[]>();
  const records = new Map<string, TopicRecord>();
  const ids = knowledge.topics.map((topic) => topic.id);
  knowledge.topics.forEach((topic, index) => {
    records.set(topic.id, topic);
    let cueNumber = 0;
    const add = (phrase: string, weight: number, context = false): void => {
      const stems = indexTerms(phrase);
      const [first, ...rest] = stems;
      if (first === undefined) return;
      const list = cues.get(first) ?? [];
      const points = context ? 0 : rest.length > 0 ? MIN_EVIDENCE : weight;
      list.push({ topic: index, context, cue: cueNumber, weight: points, rest });
      cues.set(first, list);
      cueNumber += 1;
    };
    for (const term of topic.terms) add(term, 1);
    for (const term of topic.strong) add(term, MIN_EVIDENCE);
    for (const phrase of topic.phrases) add(phrase, MIN_EVIDENCE);
    for (const phrase of topic.context) add(phrase, 0, true);
  });
  const needsContext = knowledge.topics.map((topic) => topic.context.length > 0);
  // One lookup per word: its stem and the cues that stem starts (stop words are never cached).
  const byWord = new Map<string, { stem: string; cues: Cue[] | undefined }>();

  return {
    topic: (id) => records.get(id),
    topicsOf(tokens) {
      const stems: string[] = [];
      const wordCues: Array<Cue[] | undefined> = [];
      for (const token of tokens) {
        let word = byWord.get(token.folded);
        if (word === undefined) {
          if (STOP_WORDS.has(token.folded)) continue;
          const stemmed = stem(token.folded);
          word = { stem: stemmed, cues: cues.get(stemmed) };
          if (byWord.size < 200_000) byWord.set(token.folded, word);
        }
        stems.push(word.stem);
        wordCues.push(word.cues);
      }
      const scores = new Map<number, number>();
      const seen = new Set<number>();
      const inContext = new Set<number>();
      for (let i = 0; i < stems.length; i += 1) {
        const list = wordCues[i];
        if (list === undefined) continue;
        for (const cue of list) {
          if (cue.rest.length > 0 && !cue.rest.every((stem, k) => stems[i + 1 + k] === stem)) continue;
          if (cue.context) {
            inContext.add(cue.topic);
            continue;
          }
          const key = cue.topic * 10_000 + cue.cue;
          if (seen.has(key)) continue;
          seen.add(key);
          scores.set(cue.topic, (scores.get(cue.topic) ?? 0) + cue.weight);
        }
      }
      const found: string[] = [];
      for (const [topic, score] of scores) {
        if (score >= MIN_EVIDENCE && (!needsContext[topic] || inContext.has(topic))) found.push(ids[topic] as string);
      }
      return found.sort();
    },
  };
}
