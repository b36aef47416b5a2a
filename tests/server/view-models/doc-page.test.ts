import { describe, expect, it } from 'vitest';
import { docView, safeExternalUrl } from '../../../server/view-models/doc-page.ts';

describe('safeExternalUrl', () => {
  it.each([
    { url: 'https://example.org/a?b=1', expected: 'https://example.org/a?b=1' },
    { url: 'http://example.org', expected: 'http://example.org/' },
    { url: 'javascript:alert(1)', expected: null },
    { url: ' JavaScript:alert(1)', expected: null },
    { url: 'data:text/html,<script>alert(1)</script>', expected: null },
    { url: '/relative/path', expected: null },
    { url: 'not a url', expected: null },
    { url: null, expected: null },
  ])('safeExternalUrl($url) = $expected', ({ url, expected }) => {
    expect(safeExternalUrl(url)).toBe(expected);
  });
});

describe('docView evidence', () => {
  const record = { id: 'a b', title: 'T', author: null, date: null, source: null, url: null };
  const defaults = { sort: 'relevance' as const, size: 20, facetSize: 10 };
  const paragraph = {
    n: 2, section: null, text: 'Mr Blair met French officials.',
    countries: [{ code: 'FR', name: 'France' }], persons: [{ id: 'tony-blair', name: 'Tony Blair', leader: true }], topics: [], places: [],
    evidence: [
      { facet: 'person' as const, value: 'tony-blair', start: 3, end: 8, text: 'Blair', rule: 'people.json' },
      { facet: 'country' as const, value: 'FR', start: 13, end: 19, text: 'French', rule: 'countries.json: demonym' },
    ],
  };

  it.each([
    { selected: null, activeTag: null, underlined: [], notice: null, personHref: '/doc/a%20b?evidence=person%3Atony-blair#p-2' },
    { selected: { facet: 'person' as const, value: 'tony-blair' }, activeTag: 'Tony Blair', underlined: ['Blair'], notice: 'Underlining the evidence for Person: Tony Blair in 1 paragraph', personHref: '/doc/a%20b#p-2' },
    { selected: { facet: 'topic' as const, value: 'war' }, activeTag: null, underlined: [], notice: 'No paragraph of this article has that tag', personHref: '/doc/a%20b?evidence=person%3Atony-blair#p-2' },
  ])('with $selected selected: underlines $underlined', ({ selected, activeTag, underlined, notice, personHref }) => {
    const view = docView(record, [paragraph], '', null, defaults, selected);
    const para = view.sections[0]?.paragraphs[0];
    expect(para?.parts.filter((part) => part.underline).map((part) => part.text)).toEqual(underlined);
    expect(para?.tags.filter((tag) => tag.active).map((tag) => tag.label)).toEqual(activeTag === null ? [] : [activeTag]);
    const person = para?.tags.find((tag) => tag.kind === 'person');
    expect(person?.evidence).toMatchObject({ id: 'ev-2-1', lines: ['“Blair” · people.json'], href: personHref });
    expect(para?.tags.find((tag) => tag.kind === 'country')?.evidence?.lines).toEqual(['“French” · countries.json: demonym']);
    expect(view.evidenceNotice?.text ?? null).toBe(notice);
  });
});

describe('docView evidence lines', () => {
  it('counts repeats of the same words and rule on one line, in order of first appearance', () => {
    const record = { id: 'r', title: 'T', author: null, date: null, source: null, url: null };
    const at = (start: number, end: number, rule: string) => ({ facet: 'country' as const, value: 'RU', start, end, text: ['Russia', 'Russian'][end - start - 6] ?? '', rule });
    const paragraph = {
      n: 1, section: null, text: 'Russia and Russian ships; Russia.', persons: [], topics: [], places: [], countries: [{ code: 'RU', name: 'Russia' }],
      evidence: [at(0, 6, 'countries.json: name'), at(11, 18, 'countries.json: demonym'), at(26, 32, 'countries.json: name')],
    };
    const view = docView(record, [paragraph], '', null, { sort: 'relevance', size: 20, facetSize: 10 });
    expect(view.sections[0]?.paragraphs[0]?.tags[0]?.evidence?.lines).toEqual(['“Russia” ×2 · countries.json: name', '“Russian” · countries.json: demonym']);
  });
});

describe('docView corrections', () => {
  const record = { id: 'x/y', title: 'T', author: null, date: null, source: null, url: null };
  const defaults = { sort: 'relevance' as const, size: 20, facetSize: 10 };
  const paragraph = {
    n: 4, section: null, text: 'Vera Drake opened in London.', countries: [], topics: [], places: [],
    persons: [{ id: 'vera-drake', name: 'Vera Drake', leader: false }],
    evidence: [{ facet: 'person' as const, value: 'vera-drake', start: 0, end: 10, text: 'Vera Drake', rule: 'name' }],
  };

  it.each([
    { admin: null, correction: null, notice: null },
    {
      admin: { corrected: null },
      correction: { docId: 'x/y', n: 4, facet: 'person', value: 'vera-drake', returnTo: '/doc/x%2Fy', neverLabel: 'Never a person' },
      notice: null,
    },
    { admin: { corrected: 'reindexing' as const }, correction: expect.anything(), notice: 'Correction saved. The re-index that applies it has started: reload in a moment.' },
    { admin: { corrected: 'saved' as const }, correction: expect.anything(), notice: 'Correction saved. The next build applies it.' },
  ])('for admin $admin offers $correction', ({ admin, correction, notice }) => {
    const view = docView(record, [paragraph], '', null, defaults, null, admin);
    const para = view.sections[0]?.paragraphs[0];
    expect(para?.explained).toBe(true);
    expect(para?.tags[0]?.evidence?.correction).toEqual(correction);
    expect(view.correctionNotice).toBe(notice);
  });
});
