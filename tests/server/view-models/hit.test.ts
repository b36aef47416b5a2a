import { describe, expect, it } from 'vitest';
import type { Folded, Hit, ParagraphLink } from '../../../index/types.ts';
import { hitView } from '../../../server/view-models/hit.ts';
import { defaults, req } from './fixture.ts';

function link(n: number, date: string | null = '2025-03-02'): ParagraphLink {
  return { id: `other#p-${n}`, docId: 'other', n, url: `/doc/other#p-${n}`, title: 'Other <b>title</b>', date, excerpt: `Paragraph ${n} begins` };
}

function hit(copies: Folded, more: Folded): Hit {
  return {
    id: 'd#p-1', docId: 'd', n: 1, url: '/doc/d#p-1', title: 'T', date: null, source: null, section: null, text: 't',
    snippet: 't', countries: [], persons: [], topics: [], places: [], score: 1, copies, more,
  };
}

const none: Folded = { count: 0, shown: [] };

describe('hitView folded paragraphs', () => {
  it('shows nothing folded when no copy or other match was folded into the hit', () => {
    const view = hitView(hit(none, none), req({ q: 'troops' }), defaults);
    expect(view.copies).toBeNull();
    expect(view.more).toBeNull();
  });

  it.each([
    { kind: 'copies' as const, count: 1, shown: [link(3)], summary: 'Same text in 1 more paragraph', rest: null },
    { kind: 'copies' as const, count: 14, shown: [link(3), link(4)], summary: 'Same text in 14 more paragraphs', rest: 'and 12 more' },
    { kind: 'more' as const, count: 2, shown: [link(5), link(6)], summary: '2 more matching paragraphs in this article', rest: null },
    { kind: 'more' as const, count: 1205, shown: [link(5)], summary: '1,205 more matching paragraphs in this article', rest: 'and 1,204 more' },
  ])('says "$summary" with $shown.length links and rest $rest', ({ kind, count, shown, summary, rest }) => {
    const folded: Folded = { count, shown };
    const view = hitView(kind === 'copies' ? hit(folded, none) : hit(none, folded), req({ q: 'troops' }), defaults);
    const other = kind === 'copies' ? view.more : view.copies;
    expect(other).toBeNull();
    expect(view[kind]).toEqual({
      summary,
      rest,
      links: shown.map((paragraph) => ({
        href: `/doc/other?q=troops#p-${paragraph.n}`,
        title: paragraph.title,
        date: '2 Mar 2025',
        isoDate: '2025-03-02',
        n: paragraph.n,
        excerpt: paragraph.excerpt,
      })),
    });
  });

  it('links a folded paragraph without a date or query plainly', () => {
    const view = hitView(hit({ count: 1, shown: [link(2, null)] }, none), req({}), defaults);
    expect(view.copies?.links[0]).toMatchObject({ href: '/doc/other#p-2', date: null, isoDate: null });
  });
});
