import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMarkup } from '../../../../index/build/formats/charset.ts';
import { articleFromHtml, blocksFromFragment } from '../../../../index/build/formats/html-article.ts';
import { splitParagraphs } from '../../../../index/build/segment.ts';
import { REPO_ROOT } from '../../../helpers/run-cli.ts';

const HTML = path.join(REPO_ROOT, 'tests', 'fixtures', 'formats', 'html');

function readPage(name: string) {
  const decoded = decodeMarkup(readFileSync(path.join(HTML, name)));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return articleFromHtml(decoded.value.text, { id: 'page', origin: name });
}

/** Paragraphs as `[section] first words`, so that a row shows both what is kept and where. */
function outline(name: string): { fields: Record<string, unknown>; paragraphs: string[]; text: string } {
  const read = readPage(name);
  if (!read.ok) throw new Error(read.error.message);
  const { article } = read.value;
  const paragraphs = splitParagraphs(article);
  return {
    fields: { title: article.title, date: article.date, author: article.author, source: article.source, url: article.url },
    paragraphs: paragraphs.map((p) => `[${p.section ?? ''}] ${p.text.split(' ').slice(0, 4).join(' ')}`),
    text: paragraphs.map((p) => p.text).join('\n'),
  };
}

describe('articleFromHtml on pages shaped like news sites', () => {
  it.each([
    {
      name: 'harbour-strike.html',
      fields: {
        title: 'Dockworkers walk out at Valparaíso as pay talks stall',
        date: '2024-03-01',
        author: 'Camila Fuentes, Tomás Rivera',
        source: 'The Pacific Ledger',
        url: 'https://pacificledger.example/world/2024/03/valparaiso-dock-strike',
      },
      paragraphs: [
        '[] Thousands of dockworkers at',
        '[] The union said its',
        '[A dispute years in the making] Operators offered a rise',
        '[A dispute years in the making] Labour minister Andrea Solis',
        '[What the strike means for exporters] Fruit growers in the',
        '[What the strike means for exporters] Grapes and cherries already',
        '[What the strike means for exporters] Contracts with buyers in',
        '[What the strike means for exporters] Every day the ships',
        '[What the strike means for exporters] The port handles roughly',
      ],
      absent: ['cookies', 'Photograph', 'Share on', 'Copper exports', 'Americas briefing', 'inbox', 'Floods cut roads', 'operators have been stalling', 'Read more', 'All rights reserved', 'Santiago from only', 'World'],
      present: ['“for as long as it takes”', 'Monday & urged'],
    },
    {
      name: 'monsoon-relief.htm',
      fields: {
        title: 'Relief boats reach cut-off villages in Sylhet',
        date: '2023-06-21',
        author: 'Rafiq Hasan',
        source: 'Dhaka Evening Post',
        url: 'https://www.dhakaeveningpost.example/national/relief-boats-sylhet',
      },
      paragraphs: [
        '[] Boats carrying rice, drinking',
        '[] District officials said about',
        '[] Doctors at the upazila',
        '[Fishermen count their losses] In the haor wetlands,',
        '[Fishermen count their losses] "We have seen floods',
      ],
      absent: ['Volunteers load', 'ADVERTISEMENT', 'Mobile banking', 'Cricket board', 'Garment exports', 'Join the discussion', 'Copyright', 'E-paper', 'WhatsApp', 'Tags:'],
      present: ['this season’s water'],
    },
    {
      name: 'malformed.html',
      fields: { title: 'Court orders recount in Nakuru governor race', date: '2022-09-14', author: 'Wanjiru Kamau', source: 'Rift Valley Courier', url: null },
      paragraphs: ['[] The High Court in', '[] Justice Otieno gave the', '[] Supporters of both candidates', '[] The commission said it'],
      absent: ['mwananchi', 'Politics', 'By Wanjiru'],
      present: ['warned that any interference with the ballot boxes'],
    },
    {
      name: 'quebec-cafes-cp1252.html',
      fields: { title: 'Les cafés de Québec face à la hausse du prix du lait', date: '2024-01-18', author: 'Hélène Tremblay', source: 'Le Fleuve — édition de Québec', url: null },
      paragraphs: ['[] Les propriétaires de cafés', '[] « Nos clients réguliers', '[] La Commission canadienne du'],
      absent: ['Accueil'],
      present: ['6 € l’équivalent', '“On absorbe ce qu’on peut”'],
    },
  ])('$name', ({ name, fields, paragraphs, absent, present }) => {
    const read = outline(name);
    expect(read.fields).toEqual(fields);
    expect(read.paragraphs).toEqual(paragraphs);
    for (const text of absent) expect(read.text).not.toContain(text);
    for (const text of present) expect(read.text).toContain(text);
  });

  it('skips a section front that holds only links, saying why', () => {
    const read = readPage('section-front.html');
    expect(!read.ok && read.error.code).toBe('no_article');
  });

  it('reads a huge page within its bound, and says it was cut', () => {
    const paragraph = '<p>The dredging of the channel at Mombasa moved another ten thousand tonnes of silt this week, the port authority said.</p>';
    const huge = `<!doctype html><html><head><title>Dredging log</title></head><body><article>${paragraph.repeat(40_000)}</article></body></html>`;
    const started = performance.now();
    const read = articleFromHtml(huge, { id: 'huge', origin: 'huge.html' });
    expect(performance.now() - started).toBeLessThan(20_000);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.notes).toEqual([expect.stringMatching(/^page cut at 4,000,000 characters/)]);
    expect(read.value.article.text.length).toBeGreaterThan(3_000_000);
  });

  it.each([
    { name: 'an empty string', html: '' },
    { name: 'only tags', html: '<html><body><div><span></span></div></body></html>' },
    { name: 'deep nesting', html: `${'<div>'.repeat(5000)}<p>deep</p>` },
    { name: 'an unclosed comment', html: '<html><body><!-- <p>hidden text that goes on</p>' },
  ])('gives no_article, without throwing, for $name', ({ html }) => {
    const read = articleFromHtml(html, { id: 'x', origin: 'x.html' });
    expect(!read.ok && read.error.code).toBe('no_article');
  });
});

describe('blocksFromFragment (feed item content)', () => {
  it.each([
    {
      name: 'paragraphs, a heading and a list',
      html: '<p>One &amp; two.</p><h3>Later</h3><ul><li>First item here.</li><li>Second item here.</li></ul>',
      blocks: [
        { kind: 'paragraph', text: 'One & two.' },
        { kind: 'heading', text: 'Later' },
        { kind: 'paragraph', text: 'First item here.' },
        { kind: 'paragraph', text: 'Second item here.' },
      ],
    },
    {
      name: 'line breaks as paragraph breaks, captions and link lines dropped',
      html: 'First line of text.<br><br>Second line<br>goes on.<figure><figcaption>A caption</figcaption></figure><p><a href="/x">Read the full story on our site</a></p>',
      blocks: [
        { kind: 'paragraph', text: 'First line of text.' },
        { kind: 'paragraph', text: 'Second line goes on.' },
      ],
    },
  ])('$name', ({ html, blocks }) => {
    expect(blocksFromFragment(html)).toEqual(blocks);
  });
});
