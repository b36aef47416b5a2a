import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyCatalog, mergeEntities, type ArticleTags } from '../../../index/tag/tag-article.ts';
import type { Paragraph } from '../../../index/types.ts';
import { article, tagger, tagParagraphs } from '../../fixtures/tagging/tag-text.ts';
import { REPO_ROOT, SHARED_CORPORA } from '../../helpers/run-cli.ts';

const SEEDS = join(REPO_ROOT, 'seeds');
const BBC = join(SHARED_CORPORA, 'bbc-news', 'articles.jsonl');

function paragraphsOf(docId: string, text: string): Paragraph[] {
  return text
    .split(/\n\s*\n|\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part, i) => ({ docId, n: i + 1, section: null, text: part }));
}

function tagSeed(file: string): { paragraphs: Paragraph[]; tags: ArticleTags } {
  const paragraphs = paragraphsOf(file, readFileSync(join(SEEDS, file), 'utf8'));
  return { paragraphs, tags: tagger(article(file), paragraphs) };
}

/** The tags of the seed paragraph that contains `needle`. */
function seedParagraph(needle: string) {
  for (const file of readdirSync(SEEDS).sort()) {
    const { paragraphs, tags } = tagSeed(file);
    const index = paragraphs.findIndex((p) => p.text.includes(needle));
    if (index >= 0) return { tags: tags.paragraphs[index], entities: tags.entities };
  }
  throw new Error(`no seed paragraph contains ${needle}`);
}

describe('seed paragraphs', () => {
  it('tags PL and Donald Tusk as a Polish leader', () => {
    const { tags, entities } = seedParagraph('Polish Prime Minister Donald Tusk');
    expect(tags?.countries).toContain('PL');
    expect(tags?.persons).toContain('donald-tusk');
    expect(entities.persons['donald-tusk']).toMatchObject({ leader: true, country: 'PL' });
  });

  it('tags the Kremlin spokesman as Russian and not a leader', () => {
    const { tags, entities } = seedParagraph('Kremlin spokesman Dmitri Peskov');
    expect(tags?.countries).toContain('RU');
    expect(entities.persons['dmitry-peskov']).toMatchObject({ leader: false, country: 'RU' });
  });

  it('reads "Jordan Bardella" as a person, not Jordan', () => {
    const { tags } = seedParagraph('Jordan Bardella');
    expect(tags?.persons).toContain('jordan-bardella');
    expect(tags?.countries).not.toContain('JO');
  });

  it('reads a misspelt "Georgia Meloni" as Giorgia Meloni, not Georgia', () => {
    const { tags } = seedParagraph('Georgia Meloni');
    expect(tags?.persons).toContain('giorgia-meloni');
    expect(tags?.countries).not.toContain('GE');
  });

  it('tags both countries of "Franco-British"', () => {
    const { tags } = seedParagraph('reaffirmed the Franco-British determination');
    expect(tags?.countries).toEqual(expect.arrayContaining(['FR', 'GB']));
  });
});

describe('tag evidence', () => {
  /** Every tag of every paragraph has evidence, and every entry points at words of the text for a tag it has. */
  function expectEvidenceComplete(tags: ArticleTags, texts: readonly string[]): void {
    tags.paragraphs.forEach((paragraph, p) => {
      const text = texts[p] ?? '';
      for (const entry of paragraph.evidence) {
        expect(entry.start).toBeGreaterThanOrEqual(0);
        expect(entry.end).toBeGreaterThan(entry.start);
        expect(entry.end).toBeLessThanOrEqual(text.length);
        expect(entry.rule).not.toBe('');
        const tagsOfFacet = { country: paragraph.countries, person: paragraph.persons, topic: paragraph.topics, place: paragraph.places }[entry.facet];
        expect(tagsOfFacet, `${entry.facet} ${entry.value}`).toContain(entry.value);
      }
      for (const [facet, values] of [['country', paragraph.countries], ['person', paragraph.persons], ['topic', paragraph.topics]] as const) {
        for (const value of values) {
          expect(paragraph.evidence.some((entry) => entry.facet === facet && entry.value === value), `${facet} ${value} in paragraph ${p + 1}`).toBe(true);
        }
      }
    });
  }

  const spans = (tags: ArticleTags, texts: readonly string[], p = 0) =>
    (tags.paragraphs[p]?.evidence ?? []).map((entry) => [entry.facet, entry.value, (texts[p] ?? '').slice(entry.start, entry.end), entry.rule]);

  it.each([
    {
      texts: ['The French government said Paris would send help to Ukraine.'],
      expected: [
        ['country', 'FR', 'French', 'countries.json: demonym'], ['country', 'FR', 'Paris', 'countries.json: capital'],
        ['place', 'paris-fr', 'Paris', expect.stringMatching(/^countries\.json: capital; GeoNames city \(population [\d,]+\)$/)],
        ['country', 'UA', 'Ukraine', 'countries.json: name'],
      ],
    },
    {
      texts: ['Flooding closed roads near Manchester.'],
      expected: [
        ['country', 'GB', 'Manchester', 'places: Manchester is in United Kingdom'],
        ['place', 'manchester-gb', 'Manchester', expect.stringMatching(/^GeoNames city \(population [\d,]+\)$/)],
      ],
    },
    { texts: ['Emmanuel Macron met reporters on Tuesday.'], expected: [['person', 'emmanuel-macron', 'Emmanuel Macron', 'people.json: Emmanuel Macron']] },
    {
      texts: ['Emmanuel Macron met reporters on Tuesday.', 'Later Macron said little.'],
      paragraph: 1,
      expected: [['person', 'emmanuel-macron', 'Macron', 'name: the surname of a person named earlier in the article']],
    },
    { texts: ['Senator Maria Vexley spoke first.'], expected: [['person', 'maria-vexley', 'Maria Vexley', 'titles.json: after "Senator"']] },
    { texts: ['Helga Brandt said the plan was dead.'], expected: [['person', 'helga-brandt', 'Helga Brandt', 'first-names.json: "Helga" before a surname']] },
  ])('points at the words that decided each tag: $texts.0', ({ texts, expected, paragraph = 0 }) => {
    const tags = tagParagraphs(...texts);
    expect(spans(tags, texts, paragraph).filter(([facet]) => facet !== 'topic')).toEqual(expected);
    expectEvidenceComplete(tags, texts);
  });

  it('names the topic cue and its entry in the topics file', () => {
    const texts = ['Parliament voted to raise the defence budget as military spending climbs across NATO.'];
    const tags = tagParagraphs(...texts);
    const topics = (tags.paragraphs[0]?.evidence ?? []).filter((entry) => entry.facet === 'topic');
    expect(topics.length).toBeGreaterThan(0);
    for (const entry of topics) expect(entry.rule).toMatch(/^topics\.json: (term|strong term|phrase|context) "/);
    expectEvidenceComplete(tags, texts);
  });

  it('gives no evidence for a country word inside a person\'s name', () => {
    const texts = ['Chad Johnson scored twice for the visitors.'];
    const tags = tagParagraphs(...texts);
    expect(tags.paragraphs[0]?.countries).not.toContain('TD');
    expect((tags.paragraphs[0]?.evidence ?? []).filter((entry) => entry.facet === 'country')).toEqual([]);
  });

  it('is complete on every seed paragraph', () => {
    for (const file of readdirSync(SEEDS).sort()) {
      const { paragraphs, tags } = tagSeed(file);
      expectEvidenceComplete(tags, paragraphs.map((paragraph) => paragraph.text));
    }
  });
});

describe('mergeEntities', () => {
  it('keeps a person a leader if any article says so, and the first role and country', () => {
    const into = emptyCatalog();
    mergeEntities(into, { ...emptyCatalog(), persons: { x: { id: 'x', name: 'X', leader: false, role: null, country: null } } });
    mergeEntities(into, { ...emptyCatalog(), persons: { x: { id: 'x', name: 'X', leader: true, role: 'Minister', country: 'FR' } } });
    mergeEntities(into, { ...emptyCatalog(), persons: { x: { id: 'x', name: 'X', leader: false, role: 'Envoy', country: 'DE' } } });
    expect(into.persons.x).toEqual({ id: 'x', name: 'X', leader: true, role: 'Minister', country: 'FR' });
  });
});

if (!existsSync(BBC)) console.warn(`BBC corpus sanity skipped: ${BBC} is absent`);

describe.runIf(existsSync(BBC))('BBC corpus sanity', () => {
  const lines = existsSync(BBC) ? readFileSync(BBC, 'utf8').trim().split('\n') : [];
  const articles = lines.map((line) => JSON.parse(line) as { id: string; text: string });
  const inputs = articles.map((a) => ({ id: a.id, paragraphs: a.text.split('\n\n').map((text, i) => ({ docId: a.id, n: i + 1, section: null, text })) }));

  it('tags every paragraph with sorted unique ids that its catalog describes', () => {
    const started = performance.now();
    const results = inputs.map((input) => tagger(article(input.id), input.paragraphs));
    const ms = performance.now() - started;
    const count = inputs.reduce((sum, input) => sum + input.paragraphs.length, 0);
    console.log(`tagged ${count} BBC paragraphs in ${ms.toFixed(0)} ms (${Math.round((count / ms) * 1000)} paragraphs/s)`);
    const all = emptyCatalog();
    results.forEach((result, a) => {
      expect(result.paragraphs.length).toBe(inputs[a]?.paragraphs.length);
      for (const tags of result.paragraphs) {
        for (const ids of [tags.countries, tags.persons, tags.topics]) expect(ids).toEqual([...new Set(ids)].sort());
        for (const code of tags.countries) expect(result.entities.countries[code]).toBeDefined();
        for (const id of tags.persons) expect(result.entities.persons[id]).toBeDefined();
        for (const id of tags.topics) expect(result.entities.topics[id]).toBeDefined();
      }
      mergeEntities(all, result.entities);
    });
    expect(all.persons['tony-blair']).toMatchObject({ leader: true, country: 'GB' });
    expect(all.persons['gordon-brown']).toMatchObject({ leader: true });
    expect(all.countries.GB).toBeDefined();
  });
});
