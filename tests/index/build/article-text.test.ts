import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  articleFromJson,
  deriveTitle,
  metadataFromText,
  parseDate,
  parseTextArticle,
  plainInline,
  readMetaLine,
  toDocId,
} from '../../../index/build/article-text.ts';

describe('toDocId', () => {
  it.each([
    { input: '000_e6c7d7a7dc41faa0', expected: '000_e6c7d7a7dc41faa0' },
    { input: 'politics-001', expected: 'politics-001' },
    { input: 'Élysée Palace', expected: 'Elysee-Palace' },
    { input: '2024/11/report', expected: '2024-11-report' },
    { input: '  what? / why!  ', expected: 'what-why' },
    { input: '../../etc/passwd', expected: 'etc-passwd' },
    { input: '...', expected: 'doc' },
    { input: '', expected: 'doc' },
    { input: '東京', expected: 'doc' },
    { input: 'a--b__c', expected: 'a-b__c' },
  ])('$input → $expected', ({ input, expected }) => {
    expect(toDocId(input)).toBe(expected);
  });

  it('always gives a non-empty URL-safe id that is not a dot segment', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const id = toDocId(name);
        expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
        expect(id).not.toMatch(/^\.+$/);
        expect(toDocId(id)).toBe(id);
      }),
    );
  });
});

describe('parseDate', () => {
  it.each([
    { input: '25 November 2024', expected: '2024-11-25' },
    { input: '25th November 2024', expected: '2024-11-25' },
    { input: 'November 26, 2024', expected: '2024-11-26' },
    { input: 'Nov. 26, 2024', expected: '2024-11-26' },
    { input: 'Sept 3 2023', expected: '2023-09-03' },
    { input: '2024-11-26', expected: '2024-11-26' },
    { input: '2024-11-26T09:30:00+01:00', expected: '2024-11-26' },
    { input: 'Tuesday, 26 November 2024', expected: '2024-11-26' },
    { input: 'Tue, Nov 26, 2024 10:32 GMT', expected: '2024-11-26' },
    { input: 'Published: 3 March 2023', expected: '2023-03-03' },
    { input: '*29 February 2024*', expected: '2024-02-29' },
    { input: '29 February 2023', expected: null },
    { input: '31 April 2024', expected: null },
    { input: '26/11/2024', expected: null },
    { input: 'Tuesday, 1 March', expected: null },
    { input: 'November 2024', expected: null },
    { input: 'On 25 November 2024 the talks began.', expected: null },
    { input: '25 Brumaire 2024', expected: null },
    { input: '', expected: null },
  ])('$input → $expected', ({ input, expected }) => {
    expect(parseDate(input)).toBe(expected);
  });
});

describe('readMetaLine', () => {
  it.each([
    { input: 'By Alex Lantier', expected: { author: 'Alex Lantier', date: null, explicit: true } },
    { input: 'Alex Lantier  ', expected: { author: 'Alex Lantier', date: null, explicit: false } },
    { input: 'by Jane Doe and John Roe', expected: { author: 'Jane Doe and John Roe', date: null, explicit: true } },
    { input: 'Ursula von der Leyen', expected: { author: 'Ursula von der Leyen', date: null, explicit: false } },
    { input: '25 November 2024', expected: { author: null, date: '2024-11-25', explicit: false } },
    { input: 'Alex Lantier | 25 Nov 2024', expected: { author: 'Alex Lantier', date: '2024-11-25', explicit: true } },
    { input: 'Jean-Noël Barrot, November 22, 2024', expected: { author: 'Jean-Noël Barrot', date: '2024-11-22', explicit: true } },
    { input: 'Second scenario', expected: null },
    { input: 'Contexts of the War', expected: null },
    { input: 'The talks ended on 25 November 2024.', expected: null },
    { input: 'Macron', expected: null },
  ])('$input', ({ input, expected }) => {
    expect(readMetaLine(input)).toEqual(expected);
  });
});

describe('plainInline', () => {
  it.each([
    { input: 'the French daily *Le Monde* reported', expected: 'the French daily Le Monde reported' },
    { input: '**[wsws.org/contact](https://wsws.org/contact)**', expected: 'wsws.org/contact' },
    { input: 'see [the report](https://example.org/r "Report") now', expected: 'see the report now' },
    { input: 'an image ![chart](chart.png) here', expected: 'an image here' },
    { input: '__bold__ and _italic_ and ~~gone~~ and `code`', expected: 'bold and italic and gone and code' },
    { input: 'snake_case and 5*3 and a report* stay', expected: 'snake_case and 5*3 and a report* stay' },
    { input: 'plunder \\$500 billion \\*not emphasis\\*', expected: 'plunder $500 billion *not emphasis*' },
    { input: '<https://example.org/x>', expected: 'https://example.org/x' },
    { input: '  spaces \t and\u00a0 tabs  ', expected: 'spaces and tabs' },
    { input: '<script>alert(1)</script>', expected: '<script>alert(1)</script>' },
    { input: '“curly” — Élysée', expected: '“curly” — Élysée' },
  ])('$input → $expected', ({ input, expected }) => {
    expect(plainInline(input)).toBe(expected);
  });
});

describe('deriveTitle', () => {
  it.each([
    { input: 'Markets fell sharply today. Investors fled.', expected: 'Markets fell sharply today' },
    { input: 'U.S. President Joe Biden spoke. Then he left.', expected: 'U.S. President Joe Biden spoke' },
    { input: 'Mr. Smith went to Washington. He came back.', expected: 'Mr. Smith went to Washington' },
    {
      input:
        'In light of the recent escalation of the conflict between Russia and Ukraine, particularly following the decision.',
      expected: 'In light of the recent escalation of the conflict between Russia and Ukraine…',
    },
    { input: 'Why now? Nobody knows.', expected: 'Why now?' },
    { input: '*Le Monde* said so.', expected: 'Le Monde said so' },
  ])('$input → $expected', ({ input, expected }) => {
    expect(deriveTitle(input)).toBe(expected);
  });

  it('never exceeds 81 characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 400 }), (text) => {
        expect(deriveTitle(text).length).toBeLessThanOrEqual(81);
      }),
    );
  });
});

describe('metadataFromText', () => {
  it.each([
    {
      name: 'Markdown title, byline with hard break, date line',
      text: '\n\n# Ports reopen after storm\n\nAlex Lantier  \n25 November 2024\n\nThe ports reopened on Monday after a storm.',
      expected: { title: 'Ports reopen after storm', author: 'Alex Lantier', date: '2024-11-25', source: null },
    },
    {
      name: 'first short line as headline, "By" byline, US date with weekday',
      text: 'Rates held steady\nBy Jane Doe\nTuesday, Nov. 26, 2024\n\nThe central bank left rates unchanged.',
      expected: { title: 'Rates held steady', author: 'Jane Doe', date: '2024-11-26', source: null },
    },
    {
      name: 'a question headline in lower case',
      text: 'are we heading towards war?\n\nThe question is asked in every capital this week, and nobody has a clear answer to it.',
      expected: { title: 'are we heading towards war?', author: null, date: null, source: null },
    },
    {
      name: 'a bare name without a date nearby is not a byline',
      text: 'Budget talks stall\n\nIncreasing Challenges\n\nThe talks stalled again on Friday.',
      expected: { title: 'Budget talks stall', author: null, date: null, source: null },
    },
    {
      name: 'a date inside a paragraph is not the date',
      text:
        'The summit on 25 November 2024 ended without agreement, officials said, after two days of talks in Paris.\nMore talks are planned.',
      expected: { title: null, author: null, date: null, source: null },
    },
    {
      name: 'footer contact link gives the site domain',
      text:
        'Long body paragraph that says many things about the world and its affairs, in more than a dozen words.\n\nTo contact the WSWS and the  \nSocialist Equality Party visit:\n\n**[wsws.org/contact](https://www.wsws.org/contact)**',
      expected: { title: null, author: null, date: null, source: 'wsws.org' },
    },
    {
      name: 'copyright footer gives the holder',
      text: 'Long body paragraph that says many things about the world and its affairs, in more than a dozen words.\n\n© 2024 Harbour Gazette. All rights reserved.',
      expected: { title: null, author: null, date: null, source: 'Harbour Gazette' },
    },
    {
      name: 'a link at the end of a body paragraph is not a footer',
      text: 'Short title\n\nThe full report, published by the agency this week after months of delay, is at https://example.org/report',
      expected: { title: 'Short title', author: null, date: null, source: null },
    },
  ])('$name', ({ text, expected }) => {
    expect(metadataFromText(text)).toEqual(expected);
  });
});

describe('parseTextArticle', () => {
  it('reads flat YAML front matter; unknown scalars go to metadata, the body keeps no front matter', () => {
    const raw = [
      '---',
      'title: "Grain prices climb: a \\"record\\""',
      "author: 'Sam O''Neil'",
      'date: 2024-09-12',
      'source: Farm Weekly # the publisher',
      'url: https://example.org/grain',
      'pages: 3',
      'draft: false',
      'tags: [grain, prices]',
      'regions:',
      '  - West Africa',
      '  - Sahel',
      'summary: >',
      '  Prices rose',
      '  sharply.',
      '---',
      '',
      'Grain prices rose sharply this week.',
    ].join('\n');
    const article = parseTextArticle(raw, 'grain', 'grain.md');
    expect(article).toEqual({
      id: 'grain',
      title: 'Grain prices climb: a "record"',
      date: '2024-09-12',
      author: "Sam O'Neil",
      source: 'Farm Weekly',
      url: 'https://example.org/grain',
      text: '\nGrain prices rose sharply this week.',
      metadata: { pages: 3, draft: false, tags: 'grain, prices', regions: 'West Africa, Sahel', summary: 'Prices rose sharply.' },
      origin: 'grain.md',
    });
  });

  it.each([
    {
      name: 'an unreadable date is kept raw in metadata, never guessed',
      front: 'date: last Tuesday',
      expected: { date: null, metadata: { date: 'last Tuesday' } },
    },
    {
      name: 'a non-http URL is refused and kept raw',
      front: 'url: javascript:alert(1)',
      expected: { url: null, metadata: { url: 'javascript:alert(1)' } },
    },
    {
      name: 'an ISO timestamp keeps its calendar date',
      front: 'published: "2024-11-26T23:30:00-05:00"',
      expected: { date: '2024-11-26', metadata: {} },
    },
  ])('$name', ({ front, expected }) => {
    const article = parseTextArticle(`---\n${front}\n---\nBody text here.`, 'x', 'x.md');
    expect(article).toMatchObject(expected);
  });

  it('treats an unclosed or non-YAML opening rule as text', () => {
    const unclosed = parseTextArticle('---\ntitle: x\n\nBody.', 'x', 'x.md');
    expect(unclosed.text).toBe('---\ntitle: x\n\nBody.');
    const notYaml = parseTextArticle('---\nJust a sentence, not a key.\n---\nBody.', 'y', 'y.md');
    expect(notYaml.text).toBe('---\nJust a sentence, not a key.\n---\nBody.');
  });

  it('derives a title from the first sentence when the text has none', () => {
    const article = parseTextArticle('Rain fell on the capital for a third day. Roads were closed.', 'r', 'r.txt');
    expect(article).toMatchObject({ title: 'Rain fell on the capital for a third day', date: null, source: null });
  });
});

describe('articleFromJson', () => {
  it.each([
    {
      name: 'a BBC line: category kept in metadata',
      value: { id: 'politics-001', title: 'Labour plans maternity pay rise', category: 'politics', text: 'Maternity pay will rise.' },
      expected: { id: 'politics-001', title: 'Labour plans maternity pay rise', date: null, metadata: { category: 'politics' } },
    },
    {
      name: 'numeric id, parseable date',
      value: { id: 7, text: 'Body.', title: 'T', date: 'Nov. 26, 2024' },
      expected: { id: '7', date: '2024-11-26', metadata: {} },
    },
    {
      name: 'unparseable date kept raw, scalar lists joined, objects dropped',
      value: { id: 'a b', text: 'Body.', title: 'T', date: 'spring', tags: ['x', 'y'], extra: { nested: 1 } },
      expected: { id: 'a-b', date: null, metadata: { date: 'spring', tags: 'x, y' } },
    },
    {
      name: 'missing title: a headline line of the text',
      value: { id: 'h', text: 'Storm hits coast\n\nThe storm hit the coast at dawn.' },
      expected: { title: 'Storm hits coast' },
    },
    {
      name: 'missing title: derived from the first sentence',
      value: { id: 'd', text: 'The storm hit the coast at dawn. Thousands lost power.' },
      expected: { title: 'The storm hit the coast at dawn' },
    },
    {
      name: 'missing id: from the file name and line',
      value: { text: 'Body.' },
      expected: { id: 'feed-12', origin: 'corpus/feed.jsonl:12' },
    },
    {
      name: 'CRLF inside the text is normalised',
      value: { id: 'c', title: 'T', text: 'One.\r\n\r\nTwo.' },
      expected: { text: 'One.\n\nTwo.' },
    },
    {
      name: 'author, source, url',
      value: { id: 's', title: 'T', text: 'Body.', author: 'Ann Lee', source: 'Reuters', url: 'https://example.org/s' },
      expected: { author: 'Ann Lee', source: 'Reuters', url: 'https://example.org/s' },
    },
  ])('$name', ({ value, expected }) => {
    const result = articleFromJson(value, 'corpus/feed.jsonl:12');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(expected);
  });

  it.each([
    { name: 'an array', value: [1, 2] },
    { name: 'a string', value: 'text' },
    { name: 'null', value: null },
    { name: 'no text', value: { id: 'x', title: 'T' } },
    { name: 'blank text', value: { id: 'x', text: '   ' } },
    { name: 'text not a string', value: { id: 'x', text: 42 } },
    { name: 'id an object', value: { id: { a: 1 }, text: 'Body.' } },
  ])('rejects $name as bad_article', ({ value }) => {
    const result = articleFromJson(value, 'f.jsonl:1');
    expect(result.ok ? null : result.error.code).toBe('bad_article');
  });
});
