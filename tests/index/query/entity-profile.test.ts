import { describe, expect, it } from 'vitest';
import { entityProfile } from '../../../index/query/entity-profile.ts';
import { fixtureContent, fixtureIndex } from '../../server/pages-fixture.ts';

describe('entityProfile', () => {
  const index = fixtureIndex();
  const content = fixtureContent();

  it.each([
    ['person', 'emmanuel-macron', 'persons'],
    ['country', 'UA', 'countries'],
    ['topic', 'spending', 'topics'],
  ] as const)('counts the paragraphs, articles and co-mentions of %s %s', (kind, id, field) => {
    const profile = entityProfile(index, kind, id);
    const mentions = content.paragraphs.filter((paragraph) => paragraph[field].includes(id));
    expect(profile.mentions).toBe(mentions.length);
    expect(profile.documents).toBe(new Set(mentions.map((paragraph) => paragraph.docId)).size);
    const dated = mentions.filter((paragraph) => content.documents.find((doc) => doc.id === paragraph.docId)?.date);
    expect(profile.dates).toHaveLength(dated.length);
    expect(profile.undated).toBe(mentions.length - dated.length);
    const topics = new Map<string, number>();
    for (const paragraph of mentions) {
      for (const topic of paragraph.topics) if (!(kind === 'topic' && topic === id)) topics.set(topic, (topics.get(topic) ?? 0) + 1);
    }
    expect(Object.fromEntries(profile.related.topic.map((item) => [item.id, item.count]))).toEqual(Object.fromEntries(topics));
    expect(profile.related[kind].some((item) => item.id === id)).toBe(false);
  });
});
