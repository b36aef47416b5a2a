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
  weight: number;
  /** Stem numbers after the first, for phrases. */
  rest: number[];
  /** The call of topicsOf that last counted this cue: a repeated word counts once per paragraph. */
  countedIn: number;
  /** The knowledge entry, for evidence: `topics.json: strong term "troops"`. */
  rule: string;
}

/** A cue that counted towards a topic found in a paragraph: its characters in the text and its entry. */
export interface TopicCue {
  topic: string;
  start: number;
  end: number;
  rule: string;
}

/** The topics of a paragraph, sorted, and the cues that decided them (a topic found has at least one). */
export interface ParagraphTopics {
  ids: string[];
  cues: TopicCue[];
}

/** Compiled topic matcher: paragraph text → sorted topic ids, with their cues. */
export interface TopicMatcher {
  /** Topics of a paragraph's tokens (stemmed like text.ts `indexTerms`). */
  topicsOf(tokens: readonly WordToken[]): ParagraphTopics;
  topic(id: string): TopicRecord | undefined;
}

const STOP = -1;
const UNSEEN = -2;

/** Compiles the taxonomy into a map from first stem to the cues it may start. */
export function compileTopics(knowledge: Knowledge): TopicMatcher {
  // Stems are numbered, so that phrase words compare as integers.
  const stemNumbers = new Map<string, number>();
  const stemNumber = (stemmed: string): number => {
    let number = stemNumbers.get(stemmed);
    if (number === undefined) {
      number = stemNumbers.size;
      stemNumbers.set(stemmed, number);
    }
    return number;
  };
  const cues = new Map<number, Cue[]>();
  const records = new Map<string, TopicRecord>();
  const ids = knowledge.topics.map((topic) => topic.id);
  knowledge.topics.forEach((topic, index) => {
    records.set(topic.id, topic);
    const add = (phrase: string, weight: number, kind: string, context = false): void => {
      const [first, ...rest] = indexTerms(phrase).map(stemNumber);
      if (first === undefined) return;
      const list = cues.get(first) ?? [];
      const points = context ? 0 : rest.length > 0 ? MIN_EVIDENCE : weight;
      list.push({ topic: index, context, weight: points, rest, countedIn: 0, rule: `topics.json: ${kind} ${JSON.stringify(phrase)}` });
      cues.set(first, list);
    };
    for (const term of topic.terms) add(term, 1, 'term');
    for (const term of topic.strong) add(term, MIN_EVIDENCE, 'strong term');
    for (const phrase of topic.phrases) add(phrase, MIN_EVIDENCE, 'phrase');
    for (const phrase of topic.context) add(phrase, 0, 'context', true);
  });
  const needsContext = knowledge.topics.map((topic) => topic.context.length > 0);
  // Per lexicon id of a word: its stem number (STOP for a stop word) and the cues that stem starts.
  const stemOfWord: number[] = [];
  const cuesOfWord: Array<Cue[] | null> = [];
  const learn = (token: WordToken): void => {
    while (stemOfWord.length <= token.id) {
      stemOfWord.push(UNSEEN);
      cuesOfWord.push(null);
    }
    const stemmed = STOP_WORDS.has(token.folded) ? STOP : stemNumber(stem(token.folded));
    stemOfWord[token.id] = stemmed;
    cuesOfWord[token.id] = stemmed === STOP ? null : cues.get(stemmed) ?? null;
  };
  const scores = new Float64Array(ids.length);
  const scoredIn = new Int32Array(ids.length);
  const contextIn = new Int32Array(ids.length);
  let call = 0;

  return {
    topic: (id) => records.get(id),
    topicsOf(tokens) {
      call += 1;
      const stems: number[] = [];
      const wordCues: Array<Cue[] | null> = [];
      // The token each stem came from, for the cues' characters.
      const from: WordToken[] = [];
      for (const token of tokens) {
        if ((stemOfWord[token.id] ?? UNSEEN) === UNSEEN) learn(token);
        const stemmed = stemOfWord[token.id] as number;
        if (stemmed === STOP) continue;
        stems.push(stemmed);
        wordCues.push(cuesOfWord[token.id] ?? null);
        from.push(token);
      }
      const scored: number[] = [];
      const seen: Array<{ topic: number; start: number; end: number; rule: string }> = [];
      for (let i = 0; i < stems.length; i += 1) {
        const list = wordCues[i];
        if (list === null || list === undefined) continue;
        for (const cue of list) {
          if (cue.rest.length > 0 && !followedBy(stems, i + 1, cue.rest)) continue;
          const span = { topic: cue.topic, start: from[i]?.start ?? 0, end: from[i + cue.rest.length]?.end ?? 0, rule: cue.rule };
          if (cue.context) {
            contextIn[cue.topic] = call;
            seen.push(span);
            continue;
          }
          if (cue.countedIn === call) continue;
          cue.countedIn = call;
          seen.push(span);
          if (scoredIn[cue.topic] !== call) {
            scoredIn[cue.topic] = call;
            scores[cue.topic] = 0;
            scored.push(cue.topic);
          }
          scores[cue.topic] = (scores[cue.topic] as number) + cue.weight;
        }
      }
      const found = new Set<number>();
      for (const topic of scored) {
        if ((scores[topic] as number) >= MIN_EVIDENCE && (!needsContext[topic] || contextIn[topic] === call)) found.add(topic);
      }
      return {
        ids: [...found].map((topic) => ids[topic] as string).sort(),
        cues: seen.filter((cue) => found.has(cue.topic)).map((cue) => ({ ...cue, topic: ids[cue.topic] as string })),
      };
    },
  };
}

/** True when `stems` holds `rest` from position `at`. */
function followedBy(stems: readonly number[], at: number, rest: readonly number[]): boolean {
  for (let k = 0; k < rest.length; k += 1) if (stems[at + k] !== rest[k]) return false;
  return true;
}
