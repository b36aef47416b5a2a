import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFromPdf } from '../../../../index/build/formats/pdf-article.ts';
import { pdfBlocks, type PdfTextItem } from '../../../../index/build/formats/pdf-layout.ts';
import { splitParagraphs } from '../../../../index/build/segment.ts';
import { fixturePdfs } from '../../../fixtures/formats/make-pdfs.mts';
import { REPO_ROOT } from '../../../helpers/run-cli.ts';

const PDFS = path.join(REPO_ROOT, 'tests', 'fixtures', 'formats', 'pdf');

async function readPdf(name: string) {
  const read = await articleFromPdf(readFileSync(path.join(PDFS, name)), { id: 'pdf', origin: name });
  if (!read.ok) throw new Error(read.error.message);
  const { article } = read.value;
  return { article, paragraphs: splitParagraphs(article) };
}

describe('articleFromPdf', () => {
  it('the committed fixtures are what make-pdfs.mts writes', () => {
    for (const [name, bytes] of Object.entries(fixturePdfs())) {
      expect(Buffer.compare(Buffer.from(bytes), readFileSync(path.join(PDFS, name)))).toBe(0);
    }
  });

  it('reads a two-column report in column order, with Info metadata and the page of each paragraph', async () => {
    const { article, paragraphs } = await readPdf('two-column.pdf');
    expect({ title: article.title, author: article.author, date: article.date, pages: article.metadata['pages'] }).toEqual({
      title: 'Delta authority approves higher dykes for Can Tho', author: 'Nguyen Thi Lan', date: '2024-02-14', pages: 2,
    });
    expect(paragraphs.map((p) => `${p.section} | ${p.text.split(' ').slice(0, 4).join(' ')}`)).toEqual([
      'Page 1 · Regional infrastructure report, prepared for the water committee | The regional water authority',
      'Page 1 · Regional infrastructure report, prepared for the water committee | Engineers say the work,',
      'Page 1 · Farmers ask for compensation | A cooperative of growers',
      'Page 1 · Farmers ask for compensation | The authority replied that',
      'Page 1 · Farmers ask for compensation | Hydrologists at the university',
      'Page 1 · Farmers ask for compensation | They recommend limiting new',
      'Page 2 · Next steps | Construction contracts are to',
    ]);
    const text = paragraphs.map((p) => p.text).join('\n');
    expect(text).toContain('the equivalent of 180 million dollars');
    expect(text).toContain('a matter for the provincial governments');
    expect(text).not.toMatch(/\b\w+- \w/);
  });

  it('drops running headers, footers and page numbers, and joins a paragraph across a page break', async () => {
    const { article, paragraphs } = await readPdf('running-headers.pdf');
    expect({ title: article.title, author: article.author, date: article.date, pages: article.metadata['pages'] }).toEqual({
      title: 'Baltic grids join the European network', author: 'Liis Tamm', date: '2025-03-10', pages: 4,
    });
    const text = paragraphs.map((p) => p.text).join('\n');
    expect(text).not.toContain('Baltic Energy Review');
    expect(text).not.toMatch(/page \d of 4/);
    expect(paragraphs).toHaveLength(9);
    const split = paragraphs.find((p) => p.text.startsWith('The undersea cable'));
    expect(split?.section).toBe('Page 1 · Grid links');
    expect(split?.text).toContain('Engineers said the new arrangements had been tested repeatedly');
    expect(text).toContain('which regulators attributed');
    expect(paragraphs.map((p) => p.section)).toEqual([
      'Page 1', 'Page 1', 'Page 1 · Grid links', 'Page 2 · Grid links', 'Page 2 · Grid links',
      'Page 3 · Prices and households', 'Page 3 · Prices and households', 'Page 3 · Prices and households', 'Page 4 · Prices and households',
    ]);
  });

  it.each([
    { name: 'a truncated file', bytes: readFileSync(path.join(PDFS, 'two-column.pdf')).subarray(0, 300) },
    { name: 'a header and nothing else', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
  ])('fails with a code, without throwing, on $name', async ({ bytes }) => {
    const read = await articleFromPdf(bytes, { id: 'bad', origin: 'bad.pdf' });
    expect(read.ok).toBe(false);
    expect(!read.ok && ['bad_pdf', 'no_text']).toContain(!read.ok && read.error.code);
  });
});

const line = (y: number, text: string, x = 72, size = 10): PdfTextItem => ({ str: text, x, y, width: text.length * size * 0.45, size });
const page = (items: PdfTextItem[]) => ({ items, width: 595, height: 842 });

describe('pdfBlocks', () => {
  it.each([
    {
      name: 'a hyphen at a line end joins the word; a gap ends the paragraph',
      pages: [page([line(700, 'The ministry announced a restruc-'), line(688, 'turing of the regional banks.'), line(660, 'A second paragraph follows here.')])],
      expected: ['The ministry announced a restructuring of the regional banks.', 'A second paragraph follows here.'],
    },
    {
      name: 'a bare page number at the foot is dropped, a number in the text is kept',
      pages: [page([line(700, 'Exports rose by 12 per cent in the year.'), line(688, '2024 was a record for the port.'), line(40, '7')])],
      expected: ['Exports rose by 12 per cent in the year. 2024 was a record for the port.'],
    },
    {
      name: 'a paragraph continues on the next page when it opens in lower case',
      pages: [page([line(700, 'The talks in Nairobi went on into the')]), page([line(700, 'night and ended with an agreement.')])],
      expected: ['The talks in Nairobi went on into the night and ended with an agreement.'],
    },
  ])('$name', ({ pages, expected }) => {
    expect(pdfBlocks(pages, null).filter((block) => block.kind === 'paragraph').map((block) => block.text)).toEqual(expected);
  });
});
