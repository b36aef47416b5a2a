import { buildIndex } from '../../index/store/builder.ts';
import { FORMAT_VERSION, type IndexContent, type LoadedIndex } from '../../index/store/format.ts';
import type { DocumentRecord, EntityCatalog, StoredParagraph } from '../../index/types.ts';
import { createApp } from '../../server/app.ts';
import { swappableIndex } from '../../server/index-source.ts';

/**
 * A hand-made index for the page tests: a few articles with known tags, dates, sections and sources, and one
 * hostile article whose title, byline, source, URL and text try to inject markup.
 */

export const HOSTILE_SCRIPT = '<script>alert(1)</script>';
export const HOSTILE_ATTRIBUTE = '"><img src=x onerror=alert(1)>';
export const HOSTILE_DOC = 'hostile-1';

const entities: EntityCatalog = {
  countries: {
    FR: { code: 'FR', name: 'France' },
    GB: { code: 'GB', name: 'United Kingdom' },
    DE: { code: 'DE', name: 'Germany' },
    UA: { code: 'UA', name: 'Ukraine' },
    RU: { code: 'RU', name: 'Russia' },
    PL: { code: 'PL', name: 'Poland' },
    US: { code: 'US', name: 'United States' },
  },
  persons: {
    'emmanuel-macron': { id: 'emmanuel-macron', name: 'Emmanuel Macron', leader: true, role: 'President of France', country: 'FR' },
    'keir-starmer': { id: 'keir-starmer', name: 'Keir Starmer', leader: true, role: 'Prime Minister of the United Kingdom', country: 'GB' },
    'olaf-scholz': { id: 'olaf-scholz', name: 'Olaf Scholz', leader: true, role: 'Chancellor of Germany', country: 'DE' },
    'volodymyr-zelensky': { id: 'volodymyr-zelensky', name: 'Volodymyr Zelensky', leader: true, role: 'President of Ukraine', country: 'UA' },
    'anna-weber': { id: 'anna-weber', name: 'Anna Weber', leader: false, role: 'defence analyst', country: 'DE' },
    'pierre-martin': { id: 'pierre-martin', name: 'Pierre Martin', leader: false, role: null, country: null },
  },
  topics: {
    troops: { id: 'troops', label: 'Troop deployment' },
    spending: { id: 'spending', label: 'Defence spending' },
    nuclear: { id: 'nuclear', label: 'Nuclear weapons' },
    ceasefire: { id: 'ceasefire', label: 'Ceasefire talks' },
  },
  places: {},
};

interface Para {
  text: string;
  section?: string;
  countries?: string[];
  persons?: string[];
  topics?: string[];
}

interface Doc extends Omit<DocumentRecord, 'metadata'> {
  paragraphs: Para[];
}

const docs: Doc[] = [
  {
    id: 'paris-summit', title: 'European leaders meet in Paris on Ukraine', date: '2025-02-17',
    author: 'Claire Dubois', source: 'Daily Ledger', url: 'https://example.org/paris-summit',
    paragraphs: [
      { text: 'Emmanuel Macron hosted an emergency summit in Paris on the future of European security and Ukraine.', countries: ['FR', 'UA'], persons: ['emmanuel-macron'], topics: [] },
      { text: 'Keir Starmer said Britain was ready to put troops on the ground in Ukraine to support a peace deal.', countries: ['GB', 'UA'], persons: ['keir-starmer'], topics: ['troops'] },
      { text: 'Olaf Scholz called the debate about sending soldiers premature while the war continues.', countries: ['DE'], persons: ['olaf-scholz'], topics: ['troops'], section: 'Divisions' },
      { text: 'Poland said it would not send soldiers but would raise its defence budget again.', countries: ['PL'], persons: [], topics: ['spending'], section: 'Divisions' },
      { text: 'Analyst Anna Weber said the meeting exposed how far apart the capitals remain.', countries: [], persons: ['anna-weber'], topics: [], section: 'Divisions' },
    ],
  },
  {
    id: 'london-talks', title: 'London and Paris discuss a coalition of the willing', date: '2025-03-02',
    author: 'Tom Hughes', source: 'Morning Courier', url: null,
    paragraphs: [
      { text: 'Keir Starmer and Emmanuel Macron discussed a coalition of the willing to guarantee any ceasefire.', countries: ['GB', 'FR'], persons: ['keir-starmer', 'emmanuel-macron'], topics: ['ceasefire'] },
      { text: 'Volodymyr Zelensky welcomed the plan and asked for air defence before any ceasefire.', countries: ['UA'], persons: ['volodymyr-zelensky'], topics: ['ceasefire'] },
      { text: 'The talks also covered the French nuclear deterrent and its role for Europe.', countries: ['FR'], persons: [], topics: ['nuclear'] },
    ],
  },
  {
    id: 'berlin-budget', title: 'Germany debates its defence budget', date: '2024-11-25',
    author: null, source: 'Daily Ledger', url: 'https://example.org/berlin-budget',
    paragraphs: [
      { text: 'The German parliament debated a large increase in defence spending.', countries: ['DE'], persons: [], topics: ['spending'] },
      { text: 'Olaf Scholz defended the plan against critics in his own coalition.', countries: ['DE'], persons: ['olaf-scholz'], topics: ['spending'] },
      { text: 'Anna Weber said Germany would struggle to meet its targets before 2030.', countries: ['DE'], persons: ['anna-weber'], topics: ['spending'] },
    ],
  },
  {
    id: 'kyiv-visit', title: 'Zelensky asks allies for more air defence', date: '2024-12-10',
    author: 'Olena Kovalenko', source: 'Morning Courier', url: 'https://example.org/kyiv-visit',
    paragraphs: [
      { text: 'Volodymyr Zelensky asked European allies for more air defence systems during a visit to Kyiv by ministers.', countries: ['UA'], persons: ['volodymyr-zelensky'], topics: [] },
      { text: 'Russia launched another wave of drones at the capital overnight.', countries: ['RU', 'UA'], persons: [], topics: [] },
      { text: 'Pierre Martin, a volunteer from Lyon, described the damage in the city.', countries: ['FR', 'UA'], persons: ['pierre-martin'], topics: [] },
    ],
  },
  {
    id: 'undated-note', title: 'A note on American aid', date: null,
    author: null, source: null, url: null,
    paragraphs: [
      { text: 'The United States remains the largest single donor of military aid to Ukraine.', countries: ['US', 'UA'], persons: [], topics: [] },
    ],
  },
  {
    id: HOSTILE_DOC, title: `Hostile ${HOSTILE_SCRIPT} title`, date: '2025-01-15',
    author: `Mallory ${HOSTILE_ATTRIBUTE}`, source: `Evil ${HOSTILE_ATTRIBUTE} Source`, url: 'javascript:alert(1)',
    paragraphs: [
      { text: `Macron said ${HOSTILE_SCRIPT} and then ${HOSTILE_ATTRIBUTE} about troops.`, section: `Section ${HOSTILE_SCRIPT}`, countries: ['FR'], persons: ['emmanuel-macron'], topics: ['troops'] },
      { text: 'A quiet second paragraph about budgets.', countries: [], persons: [], topics: ['spending'] },
    ],
  },
];

/** Content with enough paragraphs to need several result pages at size 2. */
export function fixtureContent(): IndexContent {
  const documents: DocumentRecord[] = docs.map(({ paragraphs: _p, ...record }) => ({ ...record, metadata: {} }));
  const paragraphs: StoredParagraph[] = docs.flatMap((doc) => doc.paragraphs.map((para, i) => ({
    docId: doc.id,
    n: i + 1,
    section: para.section ?? null,
    text: para.text,
    countries: para.countries ?? [],
    persons: para.persons ?? [],
    topics: para.topics ?? [],
    places: [],
  })));
  return {
    header: {
      formatVersion: FORMAT_VERSION,
      builtAt: '2025-03-03T00:00:00.000Z',
      corpusHash: 'fixture',
      corpus: 'fixture',
      documents: documents.length,
      paragraphs: paragraphs.length,
      stats: {},
    },
    documents,
    paragraphs,
    entities: structuredClone(entities),
  };
}

/** The fixture as a loaded index. */
export function fixtureIndex(): LoadedIndex {
  return buildIndex(fixtureContent());
}

/** The app over an index (the fixture by default), with errors logged nowhere. */
export function fixtureApp(index: LoadedIndex = fixtureIndex()) {
  return createApp({ index: swappableIndex(index), config: { adminToken: null }, log: () => {} });
}
