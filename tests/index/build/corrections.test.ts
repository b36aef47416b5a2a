import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyCorrections, correctionsFingerprint } from '../../../index/build/corrections.ts';
import {
  parseCorrectionRequest, parseCorrectionsFile, readCorrections, writeCorrections, type Correction, type CorrectionRequest,
} from '../../../index/corrections-file.ts';
import type { EntityCatalog, StoredParagraph } from '../../../index/types.ts';

/** Corrections as data: the checked parse of a request and of the file, and what applying them does to tags. */

const at = '2026-01-01T00:00:00.000Z';
let counter = 0;
const stored = (request: CorrectionRequest): Correction => ({ ...request, id: `c${(counter += 1)}`, createdAt: at });

function paragraph(docId: string, n: number, tags: Partial<Pick<StoredParagraph, 'countries' | 'persons' | 'topics' | 'places'>>): StoredParagraph {
  return { docId, n, section: null, text: `paragraph ${n}`, countries: [], persons: [], topics: [], places: [], ...tags };
}

const CATALOG: EntityCatalog = {
  countries: {
    GB: { code: 'GB', name: 'United Kingdom', names: ['UK', 'Britain'] },
    JE: { code: 'JE', name: 'Jersey', names: ['Bailiwick of Jersey'] },
    CH: { code: 'CH', name: 'Switzerland', names: [] },
  },
  persons: {
    'vince-cable': { id: 'vince-cable', name: 'Vince Cable', leader: false, role: null, country: 'GB' },
    'vincent-cable': { id: 'vincent-cable', name: 'Vincent Cable', leader: false, role: 'minister', country: 'GB' },
    'tony-blair': { id: 'tony-blair', name: 'Tony Blair', leader: true, role: null, country: 'GB' },
    'downing-street': { id: 'downing-street', name: 'Downing Street', leader: false, role: null, country: null },
  },
  topics: { economy: { id: 'economy', label: 'Economy' }, sport: { id: 'sport', label: 'Sport' } },
  places: {},
};

const PARAGRAPHS: StoredParagraph[] = [
  paragraph('a', 1, { persons: ['tony-blair', 'vincent-cable'], countries: ['GB', 'JE'], topics: ['economy'] }),
  paragraph('a', 2, { persons: ['downing-street', 'vince-cable', 'vincent-cable'], topics: ['economy', 'sport'] }),
  paragraph('b', 1, { persons: ['downing-street'], countries: ['CH'] }),
];

describe('applyCorrections', () => {
  it.each<{ name: string; corrections: CorrectionRequest[]; tags: Array<Partial<StoredParagraph>>; removed?: string[]; changed: number[] }>([
    {
      name: 'reject removes the tag from that paragraph only',
      corrections: [{ action: 'reject', facet: 'person', value: 'downing-street', docId: 'a', n: 2 }],
      tags: [{}, { persons: ['vince-cable', 'vincent-cable'] }, {}],
      changed: [1],
    },
    {
      name: 'never removes the value everywhere, and from the catalog',
      corrections: [{ action: 'never', facet: 'person', value: 'downing-street', docId: 'b', n: 1 }],
      tags: [{}, { persons: ['vince-cable', 'vincent-cable'] }, { persons: [] }],
      removed: ['persons.downing-street'],
      changed: [2],
    },
    {
      name: 'merge rewrites value into its target, without duplicates, and drops the merged entity',
      corrections: [{ action: 'merge', facet: 'person', value: 'vincent-cable', into: 'vince-cable' }],
      tags: [{ persons: ['tony-blair', 'vince-cable'] }, { persons: ['downing-street', 'vince-cable'] }, {}],
      removed: ['persons.vincent-cable'],
      changed: [2],
    },
    {
      name: 'a facet is corrected only in that facet',
      corrections: [{ action: 'never', facet: 'topic', value: 'sport' }, { action: 'reject', facet: 'country', value: 'JE', docId: 'a', n: 1 }],
      tags: [{ countries: ['GB'] }, { topics: ['economy'] }, {}],
      removed: ['topics.sport', 'countries.JE'],
      changed: [1, 1],
    },
    {
      name: 'corrections apply in order: a merge, then a reject of its target on one paragraph',
      corrections: [
        { action: 'merge', facet: 'person', value: 'vincent-cable', into: 'vince-cable' },
        { action: 'reject', facet: 'person', value: 'vince-cable', docId: 'a', n: 1 },
      ],
      tags: [{ persons: ['tony-blair'] }, { persons: ['downing-street', 'vince-cable'] }, {}],
      removed: ['persons.vincent-cable'],
      changed: [2, 1],
    },
    {
      name: 'a correction whose target is not there changes nothing and is reported as unmatched',
      corrections: [
        { action: 'reject', facet: 'person', value: 'tony-blair', docId: 'b', n: 1 },
        { action: 'reject', facet: 'person', value: 'tony-blair', docId: 'gone', n: 3 },
        { action: 'never', facet: 'country', value: 'FR' },
        { action: 'merge', facet: 'topic', value: 'weather', into: 'sport' },
      ],
      tags: [{}, {}, {}],
      changed: [0, 0, 0, 0],
    },
  ])('$name', ({ corrections, tags, removed = [], changed }) => {
    const list = corrections.map(stored);
    const result = applyCorrections(PARAGRAPHS, CATALOG, list);
    expect(result.paragraphs).toEqual(PARAGRAPHS.map((original, i) => ({ ...original, ...tags[i] })));
    expect(result.outcomes).toEqual(list.map((correction, i) => ({ id: correction.id, paragraphs: changed[i] })));
    for (const [field, entries] of Object.entries(CATALOG) as Array<[keyof EntityCatalog, Record<string, unknown>]>) {
      const expected = Object.keys(entries).filter((id) => !removed.includes(`${field}.${id}`));
      expect(Object.keys(result.entities[field]).sort()).toEqual(expected.sort());
    }
  });

  it('a rejected place takes the country it alone gave the paragraph, and only that one', () => {
    const text = 'Fans in Manchester cheered the French side; Britain watched.';
    const at = (word: string) => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length });
    const tagged: StoredParagraph = {
      docId: 'p', n: 1, section: null, text, persons: [], topics: [], places: ['manchester-gb', 'lyon-fr'], countries: ['FR', 'GB'],
      evidence: [
        { facet: 'country', value: 'GB', ...at('Manchester'), rule: 'places: Manchester is in United Kingdom' },
        { facet: 'place', value: 'manchester-gb', ...at('Manchester'), rule: 'GeoNames city' },
        { facet: 'country', value: 'FR', ...at('French'), rule: 'countries.json: demonym' },
      ],
    };
    const reject = stored({ action: 'reject', facet: 'place', value: 'manchester-gb', docId: 'p', n: 1 });
    const [alone] = applyCorrections([tagged], CATALOG, [reject]).paragraphs;
    expect(alone?.places).toEqual(['lyon-fr']);
    expect(alone?.countries).toEqual(['FR']);
    expect(alone?.evidence?.map((entry) => entry.value)).toEqual(['FR']);
    // Where another word also names the country, the country stays, with that word's evidence.
    const named: StoredParagraph = { ...tagged, evidence: [...(tagged.evidence ?? []), { facet: 'country', value: 'GB', ...at('Britain'), rule: 'countries.json: name' }] };
    const [kept] = applyCorrections([named], CATALOG, [reject]).paragraphs;
    expect(kept?.countries).toEqual(['FR', 'GB']);
    expect(kept?.evidence?.filter((entry) => entry.value === 'GB').map((entry) => entry.rule)).toEqual(['countries.json: name']);
  });

  it('leaves its inputs as they were', () => {
    const before = structuredClone({ PARAGRAPHS, CATALOG });
    applyCorrections(PARAGRAPHS, CATALOG, [stored({ action: 'merge', facet: 'country', value: 'JE', into: 'GB' })]);
    expect({ PARAGRAPHS, CATALOG }).toEqual(before);
  });

  it('a merged country lends its names to the target', () => {
    const { entities } = applyCorrections(PARAGRAPHS, CATALOG, [stored({ action: 'merge', facet: 'country', value: 'JE', into: 'GB' })]);
    expect(entities.countries.GB?.names).toEqual(['UK', 'Britain', 'Jersey', 'Bailiwick of Jersey']);
  });

  it('a merge into an entity this build did not tag gives the target the merged entity\'s details', () => {
    const { entities, paragraphs } = applyCorrections(PARAGRAPHS, CATALOG, [
      stored({ action: 'merge', facet: 'person', value: 'downing-street', into: 'prime-minister-office' }),
    ]);
    expect(entities.persons['prime-minister-office']).toMatchObject({ id: 'prime-minister-office', name: 'Downing Street' });
    expect(paragraphs[2]?.persons).toEqual(['prime-minister-office']);
  });

  it('a hand-written __proto__ is a name like any other, never the catalog\'s prototype', () => {
    const { entities } = applyCorrections(PARAGRAPHS, CATALOG, [
      stored({ action: 'merge', facet: 'person', value: '__proto__', into: 'tony-blair' }),
      stored({ action: 'merge', facet: 'person', value: 'downing-street', into: '__proto__' }),
    ]);
    expect(Object.getPrototypeOf(entities.persons)).toBe(Object.prototype);
    expect(Object.hasOwn(entities.persons, '__proto__')).toBe(true);
    expect(entities.persons['tony-blair']).toEqual(CATALOG.persons['tony-blair']);
  });

  it('an entity no paragraph is tagged with any more leaves the catalog', () => {
    const { entities } = applyCorrections(PARAGRAPHS, CATALOG, [stored({ action: 'reject', facet: 'country', value: 'CH', docId: 'b', n: 1 })]);
    expect(entities.countries.CH).toBeUndefined();
    expect(entities.countries.GB).toBeDefined();
  });

  const blair = { facet: 'person', value: 'tony-blair', start: 0, end: 5, rule: 'people.json: Tony Blair' };
  const britain = { facet: 'country', value: 'GB', start: 9, end: 16, rule: 'countries.json: name' };
  it.each<{ name: string; correction: CorrectionRequest; evidence: unknown[] }>([
    { name: 'reject drops the evidence of the removed tag', correction: { action: 'reject', facet: 'person', value: 'tony-blair', docId: 'a', n: 1 }, evidence: [britain] },
    { name: 'merge points the evidence at the target', correction: { action: 'merge', facet: 'person', value: 'tony-blair', into: 'vince-cable' }, evidence: [{ ...blair, value: 'vince-cable' }, britain] },
  ])('$name, when the paragraph has evidence', ({ correction, evidence }) => {
    const withEvidence = { ...(PARAGRAPHS[0] as StoredParagraph), evidence: [blair, britain] } as StoredParagraph;
    const { paragraphs } = applyCorrections([withEvidence], CATALOG, [stored(correction)]);
    expect((paragraphs[0] as { evidence?: unknown }).evidence).toEqual(evidence);
  });

  it('no corrections: the same paragraph objects and fingerprint', () => {
    const { paragraphs } = applyCorrections(PARAGRAPHS, CATALOG, []);
    paragraphs.forEach((corrected, i) => expect(corrected).toBe(PARAGRAPHS[i]));
    expect(correctionsFingerprint('abc', [])).toBe('abc');
    expect(correctionsFingerprint('abc', [stored({ action: 'never', facet: 'topic', value: 'sport' })])).not.toBe('abc');
  });
});

describe('parseCorrectionRequest', () => {
  it.each<{ input: unknown; expected: CorrectionRequest }>([
    { input: { action: 'reject', facet: 'person', value: 'x', docId: 'a', n: 2 }, expected: { action: 'reject', facet: 'person', value: 'x', docId: 'a', n: 2 } },
    { input: { action: 'never', facet: 'topic', value: 'sport' }, expected: { action: 'never', facet: 'topic', value: 'sport' } },
    { input: { action: 'never', facet: 'country', value: 'JE', docId: 'a', n: 1 }, expected: { action: 'never', facet: 'country', value: 'JE', docId: 'a', n: 1 } },
    { input: { action: 'merge', facet: 'person', value: 'a', into: 'b' }, expected: { action: 'merge', facet: 'person', value: 'a', into: 'b' } },
  ])('accepts $input', ({ input, expected }) => {
    expect(parseCorrectionRequest(input)).toEqual({ ok: true, value: expected });
  });

  it.each<{ input: unknown; message: RegExp }>([
    { input: null, message: /JSON object/ },
    { input: [], message: /JSON object/ },
    { input: { facet: 'person', value: 'x' }, message: /action must be one of reject, never, merge/ },
    { input: { action: 'delete', facet: 'person', value: 'x' }, message: /action must be one of/ },
    { input: { action: 'never', facet: 'source', value: 'x' }, message: /facet must be one of country, person, topic/ },
    { input: { action: 'never', facet: 'person' }, message: /needs value/ },
    { input: { action: 'never', facet: 'person', value: '' }, message: /value must be a non-empty string/ },
    { input: { action: 'never', facet: 'person', value: 'x'.repeat(201) }, message: /at most 200/ },
    { input: { action: 'reject', facet: 'person', value: 'x', docId: 'a' }, message: /needs n/ },
    { input: { action: 'reject', facet: 'person', value: 'x', n: 1 }, message: /needs docId/ },
    { input: { action: 'reject', facet: 'person', value: 'x', docId: 'a', n: 0 }, message: /whole number from 1/ },
    { input: { action: 'reject', facet: 'person', value: 'x', docId: 'a', n: '2' }, message: /whole number from 1/ },
    { input: { action: 'never', facet: 'person', value: 'x', n: 2 }, message: /docId must be/ },
    { input: { action: 'merge', facet: 'person', value: 'x' }, message: /needs into/ },
    { input: { action: 'merge', facet: 'person', value: 'x', into: 'x' }, message: /into itself/ },
    { input: { action: 'merge', facet: 'person', value: 'x', into: 'y', docId: 'a' }, message: /no field docId/ },
    { input: { action: 'never', facet: 'person', value: 'x', id: 'mine' }, message: /no field id/ },
  ])('refuses $input', ({ input, message }) => {
    const parsed = parseCorrectionRequest(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('bad_parameter');
      expect(parsed.error.message).toMatch(message);
    }
  });
});

describe('the corrections file', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const tempFile = async (): Promise<string> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-corrections-'));
    dirs.push(dir);
    return path.join(dir, 'sub', 'corrections.json');
  };

  it('round-trips through an atomic write, leaving no temporary file behind', async () => {
    const file = await tempFile();
    const corrections = [stored({ action: 'never', facet: 'topic', value: 'sport' }), stored({ action: 'merge', facet: 'person', value: 'a', into: 'b' })];
    await writeCorrections(file, corrections);
    expect(await readCorrections(file)).toEqual({ ok: true, value: corrections });
    expect(await readdir(path.dirname(file))).toEqual(['corrections.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('a missing file is no corrections', async () => {
    expect(await readCorrections(await tempFile())).toEqual({ ok: true, value: [] });
  });

  it.each([
    { name: 'empty', text: '', message: /not JSON/ },
    { name: 'truncated', text: '{"version":1,"corrections":[{"id":"a"', message: /not JSON/ },
    { name: 'a list', text: '[]', message: /"corrections" list/ },
    { name: 'another version', text: '{"version":2,"corrections":[]}', message: /version is 2/ },
    { name: 'a bad entry', text: '{"version":1,"corrections":[{"id":"a1","createdAt":"2026-01-01","action":"never","facet":"person"}]}', message: /correction 1: a1: a never correction needs value/ },
    { name: 'no id', text: '{"version":1,"corrections":[{"action":"never","facet":"person","value":"x","createdAt":"2026-01-01"}]}', message: /correction 1: its id/ },
    {
      name: 'a repeated id',
      text: JSON.stringify({ version: 1, corrections: [1, 2].map(() => ({ id: 'same', createdAt: at, action: 'never', facet: 'topic', value: 'x' })) }),
      message: /correction 2: the id same is used twice/,
    },
  ])('a file that is $name is an error naming the file', async ({ text, message }) => {
    const file = await tempFile();
    await writeCorrections(file, []);
    await writeFile(file, text);
    const read = await readCorrections(file);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.code).toBe('corrupt_corrections');
      expect(read.error.message).toContain(file);
      expect(read.error.message).toMatch(message);
    }
    expect(parseCorrectionsFile(text).ok).toBe(false);
  });
});
