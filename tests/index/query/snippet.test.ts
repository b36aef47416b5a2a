import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, makeSnippet, SNIPPET_WORDS } from '../../../index/query/snippet.ts';
import { foldWord, indexTerm, phraseForm } from '../../../index/text.ts';

const terms = (...words: string[]) => new Set(words.map((word) => indexTerm(word) ?? word));
const noHighlight = { terms: new Set<string>(), phrases: [] };

/** The snippet with every tag but <mark> left in, and mark contents listed. */
function marked(snippet: string): string[] {
  return [...snippet.matchAll(/<mark>(.*?)<\/mark>/g)].map((match) => match[1] ?? '');
}

describe('makeSnippet', () => {
  it.each([
    { text: 'British troops were deployed.', highlight: { terms: terms('troop', 'deploy'), phrases: [] }, marks: ['troops', 'deployed'] },
    { text: 'At the Élysée and the Elysee.', highlight: { terms: terms('elysee'), phrases: [] }, marks: ['Élysée', 'Elysee'] },
    { text: 'A “coalition of the willing” met; the willing came.', highlight: { terms: new Set<string>(), phrases: [phraseForm('coalition of the willing')] }, marks: ['coalition', 'of', 'the', 'willing'] },
    { text: 'Nothing to see here.', highlight: { terms: terms('troop'), phrases: [] }, marks: [] },
  ])('marks $marks in "$text"', ({ text, highlight, marks }) => {
    expect(marked(makeSnippet(text, highlight))).toEqual(marks);
  });

  it('escapes the text: a <script> in a paragraph is shown as text, and only <mark> is markup', () => {
    const text = 'Readers saw <script>alert("x")</script> & <b>bold</b> budget \'quoted\'.';
    const snippet = makeSnippet(text, { terms: terms('script', 'budget'), phrases: [] });
    expect(snippet).toBe(
      'Readers saw &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; &lt;b&gt;bold&lt;/b&gt; <mark>budget</mark> &#39;quoted&#39;.',
    );
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"']/);
  });

  it('shows about SNIPPET_WORDS words around the densest cluster of matches, with ellipses where cut', () => {
    const filler = (from: number, count: number) => Array.from({ length: count }, (_, k) => `w${from + k}`).join(' ');
    const text = `${filler(0, 40)} troops ${filler(100, 5)} troops deployed ${filler(200, 40)} troops ${filler(300, 40)}`;
    const snippet = makeSnippet(text, { terms: terms('troop', 'deploy'), phrases: [] });
    expect(snippet.startsWith('… ')).toBe(true);
    expect(snippet.endsWith(' …')).toBe(true);
    expect(marked(snippet)).toEqual(['troops', 'troops', 'deployed']);
    const shown = snippet.replace(/<\/?mark>/g, '').replace(/…/g, '').trim().split(/\s+/);
    expect(shown).toHaveLength(SNIPPET_WORDS);
    // The cluster sits in the middle of the window, not at its edge.
    expect(shown.indexOf('troops')).toBeGreaterThan(5);
  });

  it('starts at the beginning when nothing matches, and keeps a short text whole', () => {
    const long = Array.from({ length: 50 }, (_, k) => `word${k}`).join(' ');
    expect(makeSnippet(long, noHighlight)).toBe(`${Array.from({ length: SNIPPET_WORDS }, (_, k) => `word${k}`).join(' ')} …`);
    expect(makeSnippet('  Short text, kept whole.  ', noHighlight)).toBe('  Short text, kept whole.  ');
  });
});

describe('index terms keep the first letter of the word (snippets skip words by their first letter)', () => {
  it('holds for any ASCII word', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9]{0,14}$/), (word) => {
      const term = indexTerm(word);
      expect(term === null || term.charAt(0) === foldWord(word).charAt(0)).toBe(true);
    }), { numRuns: 5000 });
  });

  it('marks a word with a capital or non-ASCII first letter', () => {
    expect(marked(makeSnippet('Troops and Élysée; TROOPS at the élysée.', { terms: terms('troops', 'elysee'), phrases: [] })))
      .toEqual(['Troops', 'Élysée', 'TROOPS', 'élysée']);
  });
});

describe('escapeHtml', () => {
  it.each([
    ['<a href="x">', '&lt;a href=&quot;x&quot;&gt;'],
    ["it's & done", 'it&#39;s &amp; done'],
    ['plain', 'plain'],
  ])('%s → %s', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});
