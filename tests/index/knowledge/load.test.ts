import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import countryCodes from 'i18n-iso-countries';
import { afterEach, describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR, knowledgeFiles, loadKnowledge, slugify } from '../../../index/knowledge/load.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped knowledge in a temporary folder, with one file edited. */
function knowledgeWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-knowledge-'));
  dirs.push(dir);
  for (const path of knowledgeFiles()) copyFileSync(path, join(dir, basename(path)));
  const target = join(dir, file);
  writeFileSync(target, edit(readFileSync(target, 'utf8')));
  return dir;
}

function editJson(edit: (data: Record<string, unknown>) => void) {
  return (text: string): string => {
    const data = JSON.parse(text) as Record<string, unknown>;
    edit(data);
    return JSON.stringify(data);
  };
}

describe('loadKnowledge', () => {
  it('loads the shipped knowledge: every ISO country, a few hundred people, the defence topics', () => {
    const knowledge = loadKnowledge();
    expect(knowledge.ok).toBe(true);
    if (!knowledge.ok) return;
    const codes = new Set(knowledge.value.countries.map((c) => c.code));
    for (const code of Object.keys(countryCodes.getAlpha2Codes())) expect(codes.has(code)).toBe(true);
    expect(knowledge.value.people.length).toBeGreaterThanOrEqual(300);
    expect(knowledge.value.topics.map((t) => t.id)).toEqual(
      expect.arrayContaining([
        'troop-deployment', 'peace-talks', 'security-guarantees', 'military-spending', 'austerity', 'missiles-strikes',
        'nuclear', 'foreign-fighters', 'us-europe-relations', 'trade-war', 'far-right', 'anti-war-opposition',
        'arms-industry', 'training-logistics', 'intelligence-air-defense', 'escalation-risk',
      ]),
    );
  });

  it('lists its data files, all inside KNOWLEDGE_DIR', () => {
    const files = knowledgeFiles();
    expect(files.length).toBe(9);
    for (const file of files) expect(file.startsWith(KNOWLEDGE_DIR)).toBe(true);
  });

  it.each([
    { name: 'invalid JSON', file: 'people.json', edit: (text: string) => text.slice(0, -5) },
    { name: 'a missing file', file: 'topics.json', edit: (text: string) => text, remove: true },
    {
      name: 'a person without the leader field',
      file: 'people.json',
      edit: editJson((data) => {
        (data.people as Array<Record<string, unknown>>)[0] = { name: 'Ann Example', role: null, country: null };
      }),
    },
    {
      name: 'a duplicate person id',
      file: 'people.json',
      edit: editJson((data) => {
        const people = data.people as unknown[];
        people.push(people[0]);
      }),
    },
    {
      name: 'an unknown country code on a person',
      file: 'people.json',
      edit: editJson((data) => {
        (data.people as unknown[]).push({ name: 'Ann Example', country: 'QQ', leader: false });
      }),
    },
    {
      name: 'an unknown country code in countries.json',
      file: 'countries.json',
      edit: editJson((data) => {
        (data.countries as unknown[]).push({ code: 'QQ', name: 'Nowhere' });
      }),
    },
    {
      name: 'an alias shared by two countries',
      file: 'countries.json',
      edit: editJson((data) => {
        const countries = data.countries as Array<{ code: string; names?: string[] }>;
        const norway = countries.find((c) => c.code === 'NO');
        if (norway) norway.names = ['France'];
      }),
    },
    {
      name: 'a duplicate topic id',
      file: 'topics.json',
      edit: editJson((data) => {
        const topics = data.topics as unknown[];
        topics.push(topics[0]);
      }),
    },
  ])('fails with bad_knowledge naming the file on $name', ({ file, edit, remove }) => {
    const dir = knowledgeWith(file, edit);
    if (remove) unlinkSync(join(dir, file));
    const result = loadKnowledge(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('bad_knowledge');
    expect(result.error.message).toContain(file);
  });
});

const office = { office: 'Mayor of Example', country: 'GB', from: '2001-05-04', to: '2005', leader: false };

describe('loadKnowledge: offices and names of a time', () => {
  const withPerson = (person: Record<string, unknown>) =>
    knowledgeWith('people.json', editJson((data) => (data.people as unknown[]).push({ name: 'Ann Example', country: 'GB', ...person })));

  it('reads offices and dated names, and takes role and leader from them', () => {
    const dir = withPerson({ offices: [office, { ...office, office: 'Premier of Example', from: '2006', to: null, leader: true }], names: [{ name: 'Lady Ann Example', from: '2007' }] });
    const result = loadKnowledge(dir);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.people.find((p) => p.name === 'Ann Example')).toMatchObject({
      role: 'Premier of Example',
      leader: true,
      offices: [office, { office: 'Premier of Example', from: '2006', to: null, leader: true }],
      names: [{ name: 'Lady Ann Example', from: '2007', to: null }],
    });
  });

  it.each([
    { name: 'an office without a start', person: { offices: [{ ...office, from: null }] }, problem: 'from' },
    { name: 'an office without "to"', person: { offices: [{ office: 'Mayor of Example', from: '2001', leader: false }] }, problem: '"to"' },
    { name: 'an impossible date', person: { offices: [{ ...office, from: '2001-02-30' }] }, problem: '2001-02-30' },
    { name: 'a date in another format', person: { offices: [{ ...office, to: '04/05/2005' }] }, problem: '04/05/2005' },
    { name: 'an end before the start', person: { offices: [{ ...office, from: '2006', to: '2005-12-31' }] }, problem: 'before' },
    { name: 'an office without the leader flag', person: { offices: [{ office: 'Mayor of Example', from: '2001', to: null }] }, problem: 'leader' },
    { name: 'an unknown country on an office', person: { offices: [{ ...office, country: 'QQ' }] }, problem: 'QQ' },
    { name: 'offices beside a leader flag', person: { leader: true, offices: [office] }, problem: 'leader' },
    { name: 'a dated name without dates', person: { leader: false, names: [{ name: 'Lady Ann Example' }] }, problem: 'names[0]' },
    { name: 'offices that are not a list', person: { offices: office }, problem: 'offices' },
  ])('fails naming the person and the field on $name', ({ person, problem }) => {
    const result = loadKnowledge(withPerson(person));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('bad_knowledge');
    expect(result.error.message).toContain('people.json');
    expect(result.error.message).toContain('Ann Example');
    expect(result.error.message).toContain(problem);
  });

  it('fails on name-rules.json without the words that make a title not current', () => {
    const dir = knowledgeWith('name-rules.json', editJson((data) => delete data.notCurrentBefore));
    const result = loadKnowledge(dir);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('notCurrentBefore');
  });
});

describe('slugify', () => {
  it.each([
    { name: 'Emmanuel Macron', slug: 'emmanuel-macron' },
    { name: 'Jean-Noël Barrot', slug: 'jean-noel-barrot' },
    { name: 'Viktor Orbán', slug: 'viktor-orban' },
    { name: "Brian O'Driscoll", slug: 'brian-o-driscoll' },
    { name: 'George W. Bush', slug: 'george-w-bush' },
  ])('$name → $slug', ({ name, slug }) => {
    expect(slugify(name)).toBe(slug);
  });
});
