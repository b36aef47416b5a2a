import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articlesFromFeed } from '../../../../index/build/formats/feed-articles.ts';
import { splitParagraphs } from '../../../../index/build/segment.ts';
import { REPO_ROOT } from '../../../helpers/run-cli.ts';

const FEEDS = path.join(REPO_ROOT, 'tests', 'fixtures', 'formats', 'feeds');

function readFeed(name: string) {
  const read = articlesFromFeed(readFileSync(path.join(FEEDS, name), 'utf8'), 'feed', name);
  if (!read.ok) throw new Error(read.error.message);
  return {
    notes: read.value.notes,
    items: read.value.articles.map(({ article }) => ({
      title: article.title,
      date: article.date,
      author: article.author,
      source: article.source,
      url: article.url,
      content: article.metadata['feed_content'],
      paragraphs: splitParagraphs(article).map((p) => p.text),
    })),
  };
}

describe('articlesFromFeed', () => {
  it('reads an RSS 2.0 feed: content:encoded over description, dates as written, summaries marked', () => {
    const feed = readFeed('coastal-wire.rss');
    expect(feed.items).toEqual([
      {
        title: 'Lagos ferry operators suspend night crossings after collision',
        // 00:45 at +03:00 is the 14th in UTC: the date is the one the feed states.
        date: '2024-05-15',
        author: 'Adaeze Okafor',
        source: 'Coastal Wire – Latest',
        url: 'https://coastalwire.example/2024/05/lagos-ferry-night-crossings',
        content: 'full',
        paragraphs: [
          'Ferry operators on the Lagos lagoon suspended all crossings after dark on Tuesday, a day after two passenger boats collided near the Ikorodu terminal and eleven people were taken to hospital.',
          'The state waterways authority said the suspension would last “until every boat has working navigation lights” & that inspectors would visit each terminal this week.',
          'Thousands of workers who cross from the mainland to Victoria Island each evening will have to use the bridges, where traffic already stands still for hours.',
        ],
      },
      {
        title: 'Ghana’s cocoa board raises farm-gate price',
        date: '2024-05-13',
        author: 'Kwame Mensah',
        source: 'Coastal Wire – Latest',
        url: 'https://coastalwire.example/2024/05/ghana-cocoa-price',
        content: 'summary',
        paragraphs: [
          'The Ghana Cocoa Board raised the price it pays farmers by almost half for the new season, citing record prices on the London and New York markets and a smuggling problem at the borders with Côte d’Ivoire and Togo.',
        ],
      },
    ]);
    expect(feed.notes).toEqual([
      '1 of 3 items carry only a summary; indexed from it (metadata feed_content: summary)',
      '1 of 3 items have no text; skipped',
    ]);
  });

  it('reads an Atom feed: html and xhtml content, several authors, a summary-only entry', () => {
    const feed = readFeed('alpine-desk.atom');
    expect(feed.items.map(({ paragraphs, ...fields }) => ({ ...fields, paragraphs: paragraphs.length }))).toEqual([
      { title: 'Glacier loss forces Zermatt to move ski race & training camps', date: '2024-02-07', author: 'Lukas Brunner, Sophie Keller', source: 'Alpine Desk', url: 'https://alpinedesk.example/2024/02/zermatt-race-moved', content: 'full', paragraphs: 2 },
      { title: 'Vienna approves night trains to the Balkans', date: '2024-02-05', author: 'Katharina Huber', source: 'Alpine Desk', url: 'https://alpinedesk.example/2024/02/vienna-night-trains', content: 'full', paragraphs: 3 },
      { title: 'Liechtenstein bank levy rejected in referendum', date: '2024-02-04', author: 'Marco Frick', source: 'Alpine Desk', url: 'https://alpinedesk.example/2024/02/liechtenstein-levy', content: 'summary', paragraphs: 1 },
    ]);
    const text = feed.items.flatMap((item) => item.paragraphs).join('\n');
    expect(text).not.toContain('Photo: Alpine Desk');
    expect(text).toContain('Trains leave Vienna at 21:50');
  });

  it('keeps an item’s id when newer items are added above it', () => {
    const rss = readFileSync(path.join(FEEDS, 'coastal-wire.rss'), 'utf8');
    const newer = rss.replace('<item>', '<item><title>Newer</title><guid>cw-99999</guid><description>A newer item about the port of Tema and its new container berth.</description></item>\n  <item>');
    const ids = (xml: string) => {
      const read = articlesFromFeed(xml, 'feed', 'f');
      return read.ok ? read.value.articles.map(({ article }) => article.id) : [];
    };
    const before = ids(rss);
    const after = ids(newer);
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(1)).toEqual(before);
  });

  it.each([
    { name: 'not XML', xml: 'this is not a feed at all' },
    { name: 'XML that is no feed', xml: '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>' },
  ])('fails with bad_feed on $name', ({ xml }) => {
    const read = articlesFromFeed(xml, 'feed', 'f');
    expect(!read.ok && read.error.code).toBe('bad_feed');
  });
});
