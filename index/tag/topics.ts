import { STOP_WORDS, indexTerms, stem } from '../text.ts';
import type { Knowledge, TopicRecord } from '../knowledge/load.ts';
import type { WordToken } from './tokens.ts';

/**
 * Multi-label topic classification on stems. Each topic scores one point per distinct term and two per
 * strong term or phrase found in the paragraph; a topic is tagged at MIN_EVIDENCE points, so a single
 * ordinary word ("war", "bank") is never enough on its own.
 */

export const MIN_EVIDENCE = 2;

interface Cue {
  topic: number;
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
    const add = (phrase: string, weight: number): void => {
      const stems = indexTerms(phrase);
      const [first, ...rest] = stems;
      if (first === undefined) return;
      const list = cues.get(first) ?? [];
      list.push({ topic: index, cue: cueNumber, weight: rest.length > 0 ? Math.max(weight, 2) : weight, rest });
      cues.set(first, list);
      cueNumber += 1;
    };
    for (const term of topic.terms) add(term, 1);
    for (const term of topic.strong) add(term, 2);
    for (const phrase of topic.phrases) add(phrase, 2);
  });

  return {
    topic: (id) => records.get(id),
    topicsOf(tokens) {
      const stems: string[] = [];
      for (const token of tokens) if (!STOP_WORDS.has(token.folded)) stems.push(stem(token.folded));
      const scores = new Map<number, number>();
      const seen = new Set<number>();
      for (let i = 0; i < stems.length; i += 1) {
        const list = cues.get(stems[i] as string);
        if (list === undefined) continue;
        for (const cue of list) {
          if (cue.rest.length > 0 && !cue.rest.every((stem, k) => stems[i + 1 + k] === stem)) continue;
          const key = cue.topic * 10_000 + cue.cue;
          if (seen.has(key)) continue;
          seen.add(key);
          scores.set(cue.topic, (scores.get(cue.topic) ?? 0) + cue.weight);
        }
      }
      const found: string[] = [];
      for (const [topic, score] of scores) if (score >= MIN_EVIDENCE) found.push(ids[topic] as string);
      return found.sort();
    },
  };
}
