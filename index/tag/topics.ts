import { STOP_WORDS, foldWord, indexTerms, stem } from '../text.ts';
import type { Knowledge, TopicRecord, TopicScoring } from '../knowledge/load.ts';
import type { WordToken } from './tokens.ts';

/**
 * Multi-label topic classification on stems: a paragraph gets a topic when the topic is what it is about.
 *
 * 1. Every distinct cue of a topic found in the paragraph adds its weight (topics.json `scoring`: a term, a strong
 *    term, a phrase, a weak word), scaled down when it sits in an aside (brackets, a spaced dash, a clause opened
 *    by "which", "after", "amid"…: `asideWeight`) or is a capitalised title before a name (`titleWeight`).
 * 2. A topic is tagged at `threshold` points, with at least one cue that is not weak, and one of its context
 *    words when it has some. A broad topic (politics, sport) needs `broadMinCues` distinct cues and more points in
 *    a long paragraph: its threshold grows as (words / lengthReference) ^ lengthExponent.
 * 3. Given the article (a pre-pass over all its paragraphs), a broad topic tagged in at least `supportShare` of the
 *    other paragraphs, or with a cue that is not weak in `presentShare` of them, needs only `supportedFactor` of the
 *    points and a single cue; a topic with no cue anywhere else in the article needs `unsupportedFactor` times the
 *    points. Articles shorter than `contextMinParagraphs` are judged paragraph by paragraph.
 */

interface Cue {
  topic: number;
  /** A context cue gives no points; it lets a topic that needs context be tagged. */
  context: boolean;
  weight: number;
  /** A weak word adds points but never tags a topic alone. */
  weak: boolean;
  /** Stem numbers after the first, for phrases. */
  rest: number[];
  /** The knowledge entry, for evidence: `topics.json: strong term "troops"`. */
  rule: string;
  /** The evaluation that last counted this cue, and the position factor it counted at: a repeated cue counts once. */
  countedIn: number;
  factor: number;
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

/** What one paragraph says for one topic, before any decision. */
interface TopicEvidence {
  topic: number;
  points: number;
  /** Distinct cues that gave points. */
  cues: number;
  /** Some cue that gave points is not a weak word. */
  solid: boolean;
  context: boolean;
  spans: Array<{ start: number; end: number; rule: string }>;
  /** Tagged on the paragraph's own evidence, once `articleContext` has judged it. */
  alone: boolean;
}

interface ParagraphEvidence {
  /** Words that are not stop words: the length a broad topic's threshold grows with. */
  length: number;
  topics: TopicEvidence[];
}

/** The topics of an article's other paragraphs, from `articleContext`: how a borderline paragraph is judged. */
export interface ArticleTopics {
  paragraphs: number;
  /** Per topic: paragraphs that have it on their own evidence. */
  tagged: Int32Array;
  /** Per topic: paragraphs with any cue of it that gives points. */
  present: Int32Array;
  /** Per topic: paragraphs with a cue of it that is not a weak word. */
  solid: Int32Array;
  evidence: WeakMap<readonly WordToken[], ParagraphEvidence>;
}

/** Compiled topic matcher: paragraph text → sorted topic ids, with their cues. */
export interface TopicMatcher {
  /**
   * Topics of a paragraph's tokens (stemmed like text.ts `indexTerms`). With `article`, from `articleContext` over
   * the article's paragraphs (these tokens among them), the rest of the article weighs the borderline cases.
   */
  topicsOf(tokens: readonly WordToken[], article?: ArticleTopics): ParagraphTopics;
  /** The pre-pass over all the paragraphs of an article: `topicsOf(paragraphs[i], context)` then reuses its work. */
  articleContext(paragraphs: ReadonlyArray<readonly WordToken[]>): ArticleTopics;
  topic(id: string): TopicRecord | undefined;
}

const STOP = -1;
const UNSEEN = -2;
const EPSILON = 1e-9;

/** Compiles the taxonomy into a map from first stem to the cues it may start. */
export function compileTopics(knowledge: Knowledge): TopicMatcher {
  const scoring = knowledge.topicScoring;
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
    const add = (phrase: string, weight: number, kind: string, context = false, weak = false): void => {
      const [first, ...rest] = indexTerms(phrase).map(stemNumber);
      if (first === undefined) return;
      const list = cues.get(first) ?? [];
      const points = context ? 0 : rest.length > 0 && !weak ? scoring.phraseWeight : weight;
      const cue: Cue = { topic: index, context, weight: points, weak, rest, rule: `topics.json: ${kind} ${JSON.stringify(phrase)}`, countedIn: 0, factor: 0 };
      // A word listed twice for a topic ("inflation" as a term and a strong term) is one cue, at its higher weight.
      const twin = list.findIndex((other) => other.topic === index && other.context === context && sameStems(other.rest, rest));
      if (twin < 0) list.push(cue);
      else if ((list[twin] as Cue).weight < points) list[twin] = cue;
      cues.set(first, list);
    };
    for (const term of topic.terms) add(term, scoring.termWeight, 'term');
    for (const term of topic.strong) add(term, scoring.strongWeight, 'strong term');
    for (const phrase of topic.phrases) add(phrase, scoring.phraseWeight, 'phrase');
    for (const term of topic.weak) add(term, scoring.weakWeight, 'weak term', false, true);
    for (const phrase of topic.context) add(phrase, 0, 'context', true);
  });
  const needsContext = knowledge.topics.map((topic) => topic.context.length > 0);
  const broad = knowledge.topics.map((topic) => topic.broad);
  const thresholds = knowledge.topics.map((topic) => topic.threshold ?? scoring.threshold);
  const openers = { any: new Set(scoring.asideOpeners.map(foldWord)), afterComma: new Set(scoring.relativeOpeners.map(foldWord)) };
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

  const stems: number[] = [];
  const wordCues: Array<Cue[] | null> = [];
  // The token each stem came from, for the cues' characters.
  const from: number[] = [];
  let asideScratch = new Uint8Array(256);
  const evidenceIn = new Int32Array(ids.length);
  const slot = new Int32Array(ids.length);
  let evaluation = 0;

  /** The weighed cues of one paragraph, per topic that has any. */
  const evaluate = (tokens: readonly WordToken[]): ParagraphEvidence => {
    // Asides are found only for a paragraph that has a cue.
    let aside: Uint8Array | null = null;
    // Scratch arrays, reused: an index of many paragraphs would otherwise spend its time collecting garbage.
    stems.length = 0;
    wordCues.length = 0;
    from.length = 0;
    for (let k = 0; k < tokens.length; k += 1) {
      const token = tokens[k] as WordToken;
      if ((stemOfWord[token.id] ?? UNSEEN) === UNSEEN) learn(token);
      const stemmed = stemOfWord[token.id] as number;
      if (stemmed === STOP) continue;
      stems.push(stemmed);
      wordCues.push(cuesOfWord[token.id] ?? null);
      from.push(k);
    }
    evaluation += 1;
    const found: TopicEvidence[] = [];
    const evidenceOf = (topic: number): TopicEvidence => {
      if (evidenceIn[topic] === evaluation) return found[slot[topic] as number] as TopicEvidence;
      evidenceIn[topic] = evaluation;
      slot[topic] = found.length;
      const evidence: TopicEvidence = { topic, points: 0, cues: 0, solid: false, context: false, spans: [], alone: false };
      found.push(evidence);
      return evidence;
    };
    for (let i = 0; i < stems.length; i += 1) {
      const list = wordCues[i];
      if (list === null || list === undefined) continue;
      for (const cue of list) {
        if (cue.rest.length > 0 && !followedBy(stems, i + 1, cue.rest)) continue;
        const first = from[i] as number;
        const last = from[i + cue.rest.length] as number;
        const evidence = evidenceOf(cue.topic);
        evidence.spans.push({ start: tokens[first]?.start ?? 0, end: tokens[last]?.end ?? 0, rule: cue.rule });
        if (cue.context) {
          evidence.context = true;
          continue;
        }
        if (aside === null) {
          if (asideScratch.length < tokens.length) asideScratch = new Uint8Array(tokens.length * 2);
          aside = asides(tokens, openers, asideScratch);
        }
        const factor = isTitle(tokens, first, last) ? scoring.titleWeight : aside[first] === 1 ? scoring.asideWeight : 1;
        // A repeated cue counts once, where it weighs most.
        const before = cue.countedIn === evaluation ? cue.factor : -1;
        if (before < 0) {
          evidence.cues += 1;
          if (!cue.weak) evidence.solid = true;
        }
        if (factor > before) {
          evidence.points += cue.weight * (factor - Math.max(0, before));
          cue.countedIn = evaluation;
          cue.factor = factor;
        }
      }
    }
    return { length: stems.length, topics: found };
  };

  /** Points the topic needs in this paragraph, and cues, on its own evidence or given the rest of the article. */
  const needed = (evidence: TopicEvidence, length: number, article: ArticleTopics | undefined, alone: boolean): { points: number; cues: number } => {
    const topic = evidence.topic;
    let points = thresholds[topic] as number;
    let cueCount = 1;
    if (broad[topic] === true) {
      points *= Math.max(1, (length / scoring.lengthReference) ** scoring.lengthExponent);
      cueCount = scoring.broadMinCues;
    }
    if (article === undefined || article.paragraphs < scoring.contextMinParagraphs) return { points, cues: cueCount };
    const others = article.paragraphs - 1;
    const tagged = (article.tagged[topic] as number) - (alone ? 1 : 0);
    const present = (article.present[topic] as number) - (evidence.points > 0 ? 1 : 0);
    const solid = (article.solid[topic] as number) - (evidence.solid ? 1 : 0);
    // Only a general topic is lent by the article: a specific one (troop deployment) stays a paragraph's own claim.
    const supported = tagged >= scoring.supportShare * others || solid >= scoring.presentShare * others;
    if (broad[topic] === true && supported) return { points: points * scoring.supportedFactor, cues: 1 };
    if (present === 0) return { points: points * scoring.unsupportedFactor, cues: cueCount };
    return { points, cues: cueCount };
  };
  const passes = (evidence: TopicEvidence, need: { points: number; cues: number }): boolean =>
    evidence.solid &&
    evidence.cues >= need.cues &&
    evidence.points + EPSILON >= need.points &&
    (!needsContext[evidence.topic] || evidence.context);
  const passesAlone = (evidence: TopicEvidence, length: number): boolean => passes(evidence, needed(evidence, length, undefined, false));

  return {
    topic: (id) => records.get(id),
    articleContext(paragraphs) {
      const context: ArticleTopics = {
        paragraphs: paragraphs.length,
        tagged: new Int32Array(ids.length),
        present: new Int32Array(ids.length),
        solid: new Int32Array(ids.length),
        evidence: new WeakMap(),
      };
      for (const tokens of paragraphs) {
        const evidence = evaluate(tokens);
        context.evidence.set(tokens, evidence);
        for (const topic of evidence.topics) {
          if (topic.points > 0) context.present[topic.topic] = (context.present[topic.topic] as number) + 1;
          if (topic.solid) context.solid[topic.topic] = (context.solid[topic.topic] as number) + 1;
          topic.alone = passesAlone(topic, evidence.length);
          if (topic.alone) context.tagged[topic.topic] = (context.tagged[topic.topic] as number) + 1;
        }
      }
      return context;
    },
    topicsOf(tokens, article) {
      const evidence = article?.evidence.get(tokens) ?? evaluate(tokens);
      const found = evidence.topics.filter((topic) =>
        passes(topic, needed(topic, evidence.length, article, article !== undefined && topic.alone)),
      );
      found.sort((a, b) => ((ids[a.topic] as string) < (ids[b.topic] as string) ? -1 : 1));
      return {
        ids: found.map((topic) => ids[topic.topic] as string),
        cues: found
          .flatMap((topic) => topic.spans.map((span) => ({ topic: ids[topic.topic] as string, ...span })))
          .sort((a, b) => a.start - b.start || a.end - b.end),
      };
    },
  };
}

function sameStems(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((stemmed, k) => stemmed === b[k]);
}

/** True when `stems` holds `rest` from position `at`. */
function followedBy(stems: readonly number[], at: number, rest: readonly number[]): boolean {
  for (let k = 0; k < rest.length; k += 1) if (stems[at + k] !== rest[k]) return false;
  return true;
}

const SENTENCE_BREAK = /[.!?;:]/;
const CLAUSE_BREAK = /[,;]/;

/** Words that open an aside clause: anywhere a clause starts ("although", "after"), or only after a comma ("which"). */
export interface AsideOpeners {
  any: ReadonlySet<string>;
  afterComma: ReadonlySet<string>;
}

/**
 * 1 for each token inside an aside: brackets, a spaced dash pair, or a clause opened by an opener at the start of a
 * sentence or after a comma and closed by the next comma or the end of the sentence. Written into `inside`, which may be
 * longer than `tokens`.
 */
export function asides(tokens: readonly WordToken[], openers: AsideOpeners, inside = new Uint8Array(tokens.length)): Uint8Array {
  let brackets = 0;
  let dash = false;
  let clause = false;
  for (let k = 0; k < tokens.length; k += 1) {
    const token = tokens[k] as WordToken;
    const gap = token.gap;
    // Most words follow a single space, which changes nothing.
    if (gap !== ' ' || k === 0) {
      for (const char of gap) {
        if (char === '(') brackets += 1;
        else if (char === ')') brackets = Math.max(0, brackets - 1);
      }
      const sentenceStart = k === 0 || SENTENCE_BREAK.test(gap);
      if (sentenceStart) {
        clause = false;
        dash = false;
      } else if (CLAUSE_BREAK.test(gap)) clause = false;
      if (gap.includes(' - ')) dash = !dash;
      const afterComma = gap.includes(',');
      if (((sentenceStart || afterComma) && openers.any.has(token.folded)) || (afterComma && openers.afterComma.has(token.folded))) clause = true;
    }
    inside[k] = brackets > 0 || dash || clause ? 1 : 0;
  }
  return inside;
}

/** A capitalised cue right before another capitalised word is a title or part of a name: "Prime Minister Keir Starmer". */
function isTitle(tokens: readonly WordToken[], first: number, last: number): boolean {
  const next = tokens[last + 1];
  if (next === undefined || next.gap !== ' ' || (next.shape !== 'capital' && next.shape !== 'upper')) return false;
  const shape = tokens[first]?.shape;
  return shape === 'capital' || shape === 'upper';
}
