import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, parseQuery, type QueryNode } from '../../../index/query/parse.ts';

/** A compact rendering of a query tree: terms as stems (`*` = prefix), phrases quoted, exclusions with "-". */
function render(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return `${node.term}${node.prefix ? '*' : ''}`;
    case 'phrase':
      return `"${node.form}"`;
    case 'or':
      return `(${node.children.map(render).join(' | ')})`;
    case 'and': {
      const parts = [...node.children.map(render), ...node.excluded.map((child) => `-${render(child)}`)];
      return `[${parts.join(' ')}]`;
    }
    case 'filter':
      return `${node.name}:${node.value}`;
  }
}

function parsed(q: string): { tree: string; filters: Record<string, string[]> } {
  const result = parseQuery(q);
  if (!result.ok) throw new Error(`${q}: ${result.error.message}`);
  const filters = Object.fromEntries(Object.entries(result.value.filters).filter(([, values]) => values.length > 0));
  return { tree: render(result.value.root), filters };
}

describe('parseQuery', () => {
  it.each([
    { q: '', tree: '[]' },
    { q: '   ', tree: '[]' },
    { q: 'troops', tree: '[troop*]' },
    { q: 'Troops deployed', tree: '[troop deploy*]' },
    { q: 'Élysée', tree: '[elyse*]' },
    { q: 'the troops of', tree: '[troop]' },
    { q: 'troops ', tree: '[troop*]' },
    { q: 'a', tree: '[]' },
    { q: '"coalition of the willing"', tree: '["coalition of the willing"]' },
    { q: '“coalition of the willing”', tree: '["coalition of the willing"]' },
    { q: '„Koalition der Willigen“', tree: '["koalition der willigen"]' },
    { q: '"unclosed phrase here', tree: '["unclosed phrase here"]' },
    { q: '""', tree: '[]' },
    { q: 'troops -peacekeeping', tree: '[troop -peacekeep]' },
    { q: 'troops -"coalition of the willing"', tree: '[troop -"coalition of the willing"]' },
    { q: 'macron OR scholz', tree: '[(macron | scholz*)]' },
    { q: 'troops macron OR scholz', tree: '[troop (macron | scholz*)]' },
    { q: 'a OR the OR troops', tree: '[troop*]' },
    { q: 'a OR b OR troops', tree: '[(b | troop*)]' },
    { q: 'macron OR "olaf scholz" OR merz', tree: '[(macron | "olaf scholz" | merz*)]' },
    { q: '(macron OR scholz) troops', tree: '[(macron | scholz) troop*]' },
    { q: '(macron troops) OR (scholz -troops)', tree: '[([macron troop] | [scholz -troop])]' },
    { q: 'macron or scholz', tree: '[macron scholz*]' },
    { q: 'OR troops OR', tree: '[troop]' },
    { q: 'troops )) ((', tree: '[troop]' },
    { q: 'e-mail', tree: '[e mail*]' },
    { q: 'U.S. troops', tree: '[us troop*]' },
    { q: 'nothing:special', tree: '[noth special*]' },
    { q: '- troops', tree: '[troop*]' },
    { q: 'troops -', tree: '[troop]' },
  ])('$q → $tree', ({ q, tree }) => {
    expect(parsed(q).tree).toBe(tree);
  });

  it.each([
    { q: 'country:fr troops', tree: '[country:FR troop*]', filters: { country: ['FR'] } },
    { q: 'person:emmanuel-macron topic:troop-deployment', tree: '[person:emmanuel-macron topic:troop-deployment]', filters: { person: ['emmanuel-macron'], topic: ['troop-deployment'] } },
    { q: 'source:"Le Monde" budget', tree: '[source:Le Monde budget*]', filters: { source: ['Le Monde'] } },
    { q: 'Country:DE country:fr doc:kyiv-visit', tree: '[country:DE country:FR doc:kyiv-visit]', filters: { country: ['DE', 'FR'], doc: ['kyiv-visit'] } },
    // Typed filters combine like words: OR, exclusion and groups; only plain top-level ones can be removed as chips.
    { q: 'person:tony-blair OR person:gordon-brown', tree: '[(person:tony-blair | person:gordon-brown)]', filters: {} },
    { q: '-country:GB troops', tree: '[troop* -country:GB]', filters: {} },
    { q: '(country:FR troops) OR peace', tree: '[([country:FR troop] | peac*)]', filters: {} },
    // A name is kept as typed, for the engine to resolve against the index; a two-letter code is upper-cased.
    { q: 'country:France country:uk', tree: '[country:France country:UK]', filters: { country: ['France', 'UK'] } },
  ])('filters in q: $q', ({ q, tree, filters }) => {
    expect(parsed(q)).toEqual({ tree, filters });
  });

  it.each([
    { q: 'x'.repeat(MAX_QUERY_LENGTH + 1), why: 'too long' },
    { q: 'country:', why: 'filter without value' },
    { q: 'macron OR -scholz', why: 'exclusion in an OR' },
    { q: 'macron OR -country:FR', why: 'excluded filter in an OR' },
    { q: '(-scholz) troops', why: 'group with only exclusions' },
    { q: `${'('.repeat(20)}troops`, why: 'nesting too deep' },
  ])('refuses $why with bad_query', ({ q }) => {
    const result = parseQuery(q);
    expect(result.ok ? 'ok' : result.error.code).toBe('bad_query');
  });

  it('accepts a query of exactly the maximum length', () => {
    expect(parseQuery('troop '.repeat(MAX_QUERY_LENGTH / 6).slice(0, MAX_QUERY_LENGTH)).ok).toBe(true);
  });

  it('never throws, and answers a query or a bad_query error, for any input', () => {
    const alphabet = fc.constantFrom(...'ab -()"“”„:OR country:FR é\u0000\n'.split(''), 'OR', 'country:', '-"', 'person:x');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 1200 }), fc.array(alphabet, { maxLength: 400 }).map((parts) => parts.join(''))), (q) => {
        const result = parseQuery(q);
        expect(result.ok || result.error.code === 'bad_query').toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
