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
    expect(files.length).toBe(8);
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
