import { describe, expect, it } from 'vitest';
import { csvCell, csvColumns, csvHeader, exportRows, toCsvLine, toJsonLine, type ExportRow } from '../../../index/query/export.ts';
import { BUILT_IN_SCHEMA, facetSchema, type FacetSchema } from '../../../index/schema.ts';
import { buildIndex } from '../../../index/store/builder.ts';
import type { LoadedIndex } from '../../../index/store/format.ts';
import { parseSearchParams } from '../../../server/params.ts';
import { fixtureContent } from '../../fixtures/search/content.ts';
import { parseCsv } from '../../helpers/export-rows.ts';

/** The export's rows and their two encodings: CSV for spreadsheets (names and ids), JSON Lines for scripts. */

const BASE = 'https://dossier.example/archive';

/** The fixture, plus an article whose id needs escaping in a URL and whose title a spreadsheet would run. */
function fixtureIndex(schema: FacetSchema = BUILT_IN_SCHEMA): LoadedIndex {
  const content = fixtureContent();
  content.documents.push({
    id: 'notes/été 2025', title: '=HYPERLINK("http://evil.example")', date: '2025-07-01', source: 'Notes', author: null, url: null,
    metadata: { category: 'culture' },
  });
  content.paragraphs.push({
    docId: 'notes/été 2025', n: 1, section: null, text: 'Tickets cost £12 at the café, said Zoë.',
    countries: ['GB', 'FR'], persons: ['keir-starmer', 'emmanuel-macron'], topics: ['diplomacy', 'war'], places: [],
  });
  return buildIndex(content, schema);
}

const index = fixtureIndex();

type Query = Record<string, string | string[]>;

function rowsOf(query: Query, on: LoadedIndex = index, base = BASE): ExportRow[] {
  const request = parseSearchParams(query, on.schema);
  if (!request.ok) throw new Error(request.error.message);
  const rows = exportRows(on, request.value, base);
  if (!rows.ok) throw new Error(rows.error.message);
  return [...rows.value];
}

const onlyRow = (query: Query, on: LoadedIndex = index): ExportRow => {
  const rows = rowsOf(query, on);
  expect(rows).toHaveLength(1);
  return rows[0] as ExportRow;
};

describe('export rows', () => {
  it('makes every permalink absolute on the base given, the article id escaped as on the site', () => {
    expect(onlyRow({ doc: 'notes/été 2025' }).url).toBe(`${BASE}/doc/notes%2F%C3%A9t%C3%A9%202025#p-1`);
    const rows = rowsOf({ doc: 'paris-summit' }, index, 'http://localhost:3000');
    expect(rows.map((row) => row.url)).toEqual([1, 2, 3, 4].map((n) => `http://localhost:3000/doc/paris-summit#p-${n}`));
  });

  it('keeps the entity objects whole, and carries no snippet or folded paragraphs', () => {
    const row = onlyRow({ doc: 'notes/été 2025' });
    expect(row.countries).toEqual([{ code: 'GB', name: 'United Kingdom' }, { code: 'FR', name: 'France' }]);
    expect(row.persons.map((person) => person.name)).toEqual(['Keir Starmer', 'Emmanuel Macron']);
    expect(row.topics).toEqual([{ id: 'diplomacy', label: 'Diplomacy' }, { id: 'war', label: 'War' }]);
    expect(Object.keys(row)).toEqual([
      'id', 'docId', 'n', 'url', 'title', 'date', 'source', 'section', 'countries', 'persons', 'topics', 'places', 'score',
      'text',
    ]);
  });
});

describe('CSV', () => {
  it('starts with a UTF-8 byte order mark, then the header; metadata facets come before score', () => {
    expect(csvHeader()).toBe('\uFEFFid,docId,n,url,title,date,source,section,countries,countryCodes,persons,personIds,'
      + 'topics,topicIds,places,placeIds,score,text\r\n');
    const schema = facetSchema(['category', 'desk']);
    if (!schema.ok) throw new Error(schema.message);
    expect(csvColumns(schema.value).slice(-4)).toEqual(['category', 'desk', 'score', 'text']);
    expect(csvHeader(schema.value).startsWith('\uFEFFid,')).toBe(true);
  });

  it('writes names joined by "; " and ids joined by ";", and keeps £ and accents as they are', () => {
    const row = onlyRow({ doc: 'notes/été 2025' });
    const [cells] = parseCsv(csvHeader() + toCsvLine(row)).rows;
    expect(cells).toMatchObject({
      countries: 'United Kingdom; France', countryCodes: 'GB;FR',
      persons: 'Keir Starmer; Emmanuel Macron', personIds: 'keir-starmer;emmanuel-macron',
      topics: 'Diplomacy; War', topicIds: 'diplomacy;war',
      text: 'Tickets cost £12 at the café, said Zoë.', url: row.url,
    });
  });

  it('leaves the entity columns empty for a paragraph without tags', () => {
    const untagged: ExportRow = { ...onlyRow({ doc: 'notes/été 2025' }), countries: [], persons: [], topics: [], places: [] };
    const [cells] = parseCsv(csvHeader() + toCsvLine(untagged)).rows;
    expect([cells?.countries, cells?.countryCodes, cells?.persons, cells?.personIds, cells?.topics, cells?.topicIds, cells?.places, cells?.placeIds])
      .toEqual(['', '', '', '', '', '', '', '']);
  });

  it('writes a title a spreadsheet would run as text', () => {
    const line = toCsvLine(onlyRow({ doc: 'notes/été 2025' }));
    expect(line).toContain(`,"'=HYPERLINK(""http://evil.example"")",`);
  });

  it.each([
    { value: 'plain', cell: 'plain' },
    { value: '', cell: '' },
    { value: 'a,b', cell: '"a,b"' },
    { value: 'say "hi"', cell: '"say ""hi"""' },
    { value: 'two\r\nlines', cell: '"two\r\nlines"' },
    { value: '=1+1', cell: "'=1+1" },
    { value: '+44 20', cell: "'+44 20" },
    { value: '-1', cell: "'-1" },
    { value: '@SUM(A1)', cell: "'@SUM(A1)" },
    { value: '\tx', cell: "'\tx" },
    { value: '=A1,B1', cell: `"'=A1,B1"` },
  ])('csvCell($value) is $cell', ({ value, cell }) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('fills a metadata facet column with the article value, empty when it has none', () => {
    const schema = facetSchema(['category']);
    if (!schema.ok) throw new Error(schema.message);
    const withCategory = fixtureIndex(schema.value);
    const text = csvHeader(schema.value) + rowsOf({ doc: ['notes/été 2025', 'kyiv-visit'] }, withCategory)
      .map((row) => toCsvLine(row, schema.value)).join('');
    const { columns, rows } = parseCsv(text);
    expect(columns.indexOf('category')).toBe(columns.indexOf('score') - 1);
    expect(new Set(rows.map((row) => `${row.docId}=${row.category}`))).toEqual(new Set(['notes/été 2025=culture', 'kyiv-visit=']));
  });
});

describe('JSON Lines', () => {
  it('writes one JSON object a line, without a byte order mark', () => {
    const row = onlyRow({ doc: 'notes/été 2025' });
    const line = toJsonLine(row);
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.charCodeAt(0)).toBe('{'.charCodeAt(0));
    expect(JSON.parse(line)).toEqual(row);
  });
});

