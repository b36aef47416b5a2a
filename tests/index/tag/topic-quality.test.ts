import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../../index/build/pipeline.ts';
import { loadKnowledge } from '../../../index/knowledge/load.ts';
import type { LoadedIndex } from '../../../index/store/loaded-index.ts';

/**
 * Topic quality on hand-labelled paragraphs (tests/fixtures/topics/README.md): the seeds and a sample of the BBC
 * corpus, tagged by the real pipeline. The floors are the figures measured when the labels were made, less 0.03.
 */

interface Label {
  docId: string;
  n: number;
  excerpt: string;
  topics: string[];
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/topics/', import.meta.url));
const BBC = fileURLToPath(new URL('../../../../shared/corpora/bbc-news/articles.jsonl', import.meta.url));

const labels = (file: string): Label[] => JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8')) as Label[];

async function build(corpus: string): Promise<LoadedIndex> {
  const built = await buildFromCorpus(corpus);
  if (!built.ok) throw new Error(built.error.message);
  return built.value.index;
}

/** Micro-averaged precision and recall of the index's topics against the labels. */
function quality(index: LoadedIndex, sample: readonly Label[]): { precision: number; recall: number } {
  const byId = new Map(index.paragraphs.map((p) => [`${p.docId}#${p.n}`, p]));
  let right = 0;
  let tagged = 0;
  let labelled = 0;
  for (const label of sample) {
    const paragraph = byId.get(`${label.docId}#${label.n}`);
    // The excerpt guards against a corpus or segmentation change silently moving the labels.
    expect(paragraph?.text.startsWith(label.excerpt), `${label.docId}#${label.n}`).toBe(true);
    const topics = paragraph?.topics ?? [];
    right += topics.filter((topic) => label.topics.includes(topic)).length;
    tagged += topics.length;
    labelled += label.topics.length;
  }
  return { precision: right / tagged, recall: right / labelled };
}

const print = (name: string, figures: Record<string, number>): void => {
  console.log(`${name}: ${Object.entries(figures).map(([key, value]) => `${key} ${value.toFixed(3)}`).join(', ')}`);
};

describe('the labels', () => {
  const knowledge = loadKnowledge();
  const ids = new Set(knowledge.ok ? knowledge.value.topics.map((topic) => topic.id) : []);
  it.each(['seeds-labels.json', 'bbc-labels.json'])('%s: short excerpts, known topic ids', (file) => {
    for (const label of labels(file)) {
      expect(label.excerpt.length).toBeLessThanOrEqual(120);
      for (const topic of label.topics) expect(ids.has(topic), topic).toBe(true);
    }
  });
});

describe('topic quality on the seeds', () => {
  let index: LoadedIndex;
  beforeAll(async () => {
    index = await build('seeds');
  });

  it('precision and recall stay above the measured floors', () => {
    const figures = quality(index, labels('seeds-labels.json'));
    print('seeds topics', figures);
    expect(figures.precision).toBeGreaterThanOrEqual(0.69);
    expect(figures.recall).toBeGreaterThanOrEqual(0.69);
  });
});

/** Category → the general topics that agree with it. */
const AGREES: Record<string, string[]> = {
  business: ['business', 'economy'],
  entertainment: ['entertainment'],
  politics: ['politics'],
  sport: ['sport'],
  tech: ['technology'],
};

/** Per category of the BBC corpus, measured when the taxonomy was tuned, less 0.03. */
const AGREEMENT_FLOORS: Record<string, number> = { business: 0.83, entertainment: 0.87, politics: 0.63, sport: 0.94, tech: 0.88 };

describe.skipIf(!existsSync(BBC))('topic quality on the BBC corpus', () => {
  let index: LoadedIndex;
  beforeAll(async () => {
    index = await build(BBC);
  }, 120_000);

  it('precision and recall stay above the measured floors', () => {
    const figures = quality(index, labels('bbc-labels.json'));
    print('bbc topics', figures);
    expect(figures.precision).toBeGreaterThanOrEqual(0.78);
    expect(figures.recall).toBeGreaterThanOrEqual(0.78);
  });

  it("an article's dominant general topic agrees with its category", () => {
    const knowledge = loadKnowledge();
    if (!knowledge.ok) throw new Error(knowledge.error.message);
    const general = new Set(knowledge.value.topics.filter((topic) => topic.broad).map((topic) => topic.id));
    const agreed: Record<string, number> = {};
    const articles: Record<string, number> = {};
    index.documents.forEach((document, d) => {
      const category = String(document.metadata.category);
      const counts = new Map<string, number>();
      for (const p of index.documentParagraphs[d] ?? []) {
        for (const topic of index.paragraphs[p]?.topics ?? []) if (general.has(topic)) counts.set(topic, (counts.get(topic) ?? 0) + 1);
      }
      const most = Math.max(0, ...counts.values());
      // A tie counts as agreement when the category's topic is among the most frequent.
      const dominant = [...counts].filter(([, count]) => count === most && most > 0).map(([topic]) => topic);
      articles[category] = (articles[category] ?? 0) + 1;
      if (dominant.some((topic) => AGREES[category]?.includes(topic))) agreed[category] = (agreed[category] ?? 0) + 1;
    });
    const agreement = Object.fromEntries(Object.keys(AGREES).map((category) => [category, (agreed[category] ?? 0) / (articles[category] ?? 1)]));
    print('bbc agreement', agreement);
    for (const [category, floor] of Object.entries(AGREEMENT_FLOORS)) expect(agreement[category], category).toBeGreaterThanOrEqual(floor);
  });
});
