import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knowledgeFiles, loadKnowledge } from '../../../index/knowledge/load.ts';
import { asides } from '../../../index/tag/topics.ts';
import { wordTokens } from '../../../index/tag/tokens.ts';
import { tagParagraphs } from '../../fixtures/tagging/tag-text.ts';

const topicsOf = (text: string): string[] => tagParagraphs(text).paragraphs[0]?.topics ?? [];

describe('topic tagging', () => {
  it.each([
    { text: 'Several governments offered to send troops as part of a reassurance force.', includes: ['troop-deployment'] },
    { text: 'Negotiators said a ceasefire could pave the way to peace talks.', includes: ['peace-talks'] },
    { text: 'Kyiv wants security guarantees before any deal.', includes: ['security-guarantees'] },
    { text: 'Ministers agreed to raise defence spending to three percent of GDP.', includes: ['military-spending'] },
    { text: 'The government announced austerity measures and pension cuts.', includes: ['austerity'] },
    { text: 'The army fired ballistic missiles and drones at the city.', includes: ['missiles-strikes'] },
    { text: 'The treaty limits nuclear warheads.', includes: ['nuclear'] },
    { text: 'Mercenaries and foreign fighters joined the war on the front.', includes: ['foreign-fighters'] },
    { text: 'The transatlantic alliance frayed as Washington questioned its commitments.', includes: ['us-europe-relations'] },
    { text: 'Beijing answered the new tariffs with retaliatory tariffs, deepening the trade war.', includes: ['trade-war'] },
    { text: 'The far-right party gained ground in the regional vote.', includes: ['far-right'] },
    { text: 'Thousands joined an anti-war march against the military build-up.', includes: ['anti-war-opposition'] },
    { text: 'Defence contractors raised munitions production at new factories.', includes: ['arms-industry'] },
    { text: 'Military instructors will provide training and logistical support to the brigade.', includes: ['training-logistics'] },
    { text: 'The allies pledged more air defence systems and intelligence sharing to the military.', includes: ['intelligence-air-defense'] },
    { text: 'Analysts warned of escalation that could end in a direct confrontation between nuclear powers.', includes: ['escalation-risk'] },
    { text: 'Inflation fell and economists expect interest rates to stay low.', includes: ['economy'] },
    { text: 'The striker scored twice as the club won the cup final.', includes: ['sport'] },
    { text: 'The actress won an Oscar for the film.', includes: ['entertainment'] },
    { text: 'Patients waited longer at NHS hospitals.', includes: ['health'] },
    { text: 'He was jailed after being convicted of fraud.', includes: ['crime-justice'] },
    { text: 'Emissions targets under the Kyoto Protocol were missed.', includes: ['environment'] },
    { text: 'The number of asylum seekers fell.', includes: ['migration'] },
    { text: 'Workers staged a walkout over pay.', includes: ['labour-protest'] },
    { text: 'Broadband users downloaded more software.', includes: ['technology'] },
  ])('$text', ({ text, includes }) => {
    expect(topicsOf(text)).toEqual(expect.arrayContaining(includes));
  });

  it.each([
    { text: 'The war of words continued.', excludes: ['conflict', 'escalation-risk'] },
    { text: 'The company set a budget of two billion for spending on new stores.', excludes: ['military-spending', 'austerity'] },
    { text: 'The record label trained its staff and bought new equipment.', excludes: ['training-logistics'] },
    { text: 'A price war broke out among the supermarkets.', excludes: ['conflict', 'trade-war'] },
    { text: 'The opposition protested the new school rules.', excludes: ['anti-war-opposition'] },
    { text: 'The band will tour Europe and America next year.', excludes: ['us-europe-relations'] },
    { text: 'She said it was a common mistake.', excludes: ['politics'] },
    { text: 'Winger Stewart Downing crossed for the opener.', excludes: ['politics'] },
    { text: 'Shares reached their highest level in a year.', excludes: ['education'] },
  ])('$text', ({ text, excludes }) => {
    const topics = topicsOf(text);
    for (const topic of excludes) expect(topics).not.toContain(topic);
  });

  it('returns sorted unique topic ids with their labels in the catalog', () => {
    const tags = tagParagraphs('Ballistic missiles and nuclear warheads: the nuclear doctrine changed after missile strikes.');
    const topics = tags.paragraphs[0]?.topics ?? [];
    expect(topics).toEqual([...new Set(topics)].sort());
    expect(tags.entities.topics.nuclear).toEqual({ id: 'nuclear', label: 'Nuclear' });
  });

  it.each([
    { rule: 'a cue in a "which" clause weighs half', text: 'The company, which sponsors a football club, reported record profits and higher sales.', includes: ['business'], excludes: ['sport'] },
    { rule: 'a title before a name is not the subject', text: 'Prime Minister Anna Berg opened the new bridge over the river.', includes: [], excludes: ['politics'] },
    { rule: 'the same words as the subject count', text: 'The prime minister told parliament that the cabinet would back the opposition bill.', includes: ['politics'], excludes: [] },
    { rule: 'a broad topic needs more than one cue', text: 'The sprinter, a part-time maths teacher, won the race and set a world record.', includes: ['sport'], excludes: ['education'] },
    { rule: 'a weak word alone never tags', text: 'The war was over by then.', includes: [], excludes: ['conflict'] },
    { rule: 'fighting words tag war', text: 'Rebels shelled the city as fighting spread to the capital.', includes: ['conflict'], excludes: [] },
    { rule: 'a condition is an aside', text: 'If a peace deal is ever signed, the ministers will meet again.', includes: [], excludes: ['peace-talks'] },
    { rule: 'a peace deal as the subject', text: 'A peace deal was signed after months of talks between the rebels and the government.', includes: ['peace-talks'], excludes: [] },
    { rule: 'a summit is diplomacy', text: 'The leaders met at a summit to discuss trade and security.', includes: ['diplomacy'], excludes: [] },
    { rule: 'oil prices are the economy', text: 'Oil prices rose as the central bank warned of inflation.', includes: ['economy'], excludes: ['terrorism'] },
    { rule: 'a far-right adjective before a title is in passing', text: 'The far-right Prime Minister Jan Smit visited the new factory.', includes: [], excludes: ['far-right'] },
  ])('$rule: $text', ({ text, includes, excludes }) => {
    const topics = topicsOf(text);
    expect(topics).toEqual(expect.arrayContaining(includes));
    for (const topic of excludes) expect(topics).not.toContain(topic);
  });

  it('a long paragraph needs more cues of a broad topic than a short one', () => {
    const filler = 'The river ran past the old mill and the fields beyond it were green and quiet under a pale sky. '.repeat(8);
    const short = 'The cabinet and the opposition met in parliament.';
    expect(topicsOf(short)).toContain('politics');
    expect(topicsOf(`${short} ${filler}`)).not.toContain('politics');
  });

  const sportArticle = [
    'The striker scored twice as the club won the cup final.',
    'The goalkeeper kept a clean sheet in the league match.',
    'The coach praised the squad after the tournament.',
  ];
  const filmArticle = [
    'The film won the best film award at the festival.',
    'The actress and the director thanked the cinema audience.',
    'The album reached number one in the chart.',
  ];
  it.each([
    { rule: 'a topic of the article lends itself to a borderline paragraph', article: sportArticle, text: 'The captain said the team would recover.', topic: 'sport', alone: false, inArticle: true },
    { rule: 'a topic absent from the rest of the article needs more', article: filmArticle, text: 'The director said patients at the hospital loved the film.', topic: 'health', alone: true, inArticle: false },
  ])('$rule', ({ article, text, topic, alone, inArticle }) => {
    expect(topicsOf(text).includes(topic)).toBe(alone);
    const tags = tagParagraphs(...article, text);
    expect(tags.paragraphs[article.length]?.topics.includes(topic)).toBe(inArticle);
  });

  it('every topic has evidence and all topic evidence is of a topic found', () => {
    const tags = tagParagraphs(...sportArticle, ...filmArticle, 'The captain said the team would recover.', 'Oil prices rose as the central bank warned of inflation.');
    for (const paragraph of tags.paragraphs) {
      const evidenced = new Set(paragraph.evidence.filter((e) => e.facet === 'topic').map((e) => e.value));
      expect([...evidenced].sort()).toEqual(paragraph.topics);
    }
  });

  it.each([
    { text: 'The firm, which owns a club, grew fast.', inside: ['which', 'owns', 'a', 'club'] },
    { text: 'After the vote, the party split.', inside: ['After', 'the', 'vote'] },
    { text: 'The party (founded in May) split - as expected - at once.', inside: ['founded', 'in', 'May', 'as', 'expected'] },
    { text: 'Who knows what comes next?', inside: [] },
  ])('asides of "$text"', ({ text, inside }) => {
    const tokens = wordTokens(text);
    const flags = asides(tokens, { any: new Set(['after', 'as']), afterComma: new Set(['which', 'who']) });
    expect(tokens.filter((_token, k) => flags[k] === 1).map((token) => token.raw)).toEqual(inside);
  });
});

describe('topics.json: the scoring fields are validated', () => {
  type TopicsFile = { scoring: Record<string, unknown>; topics: Array<Record<string, unknown>> };
  it.each([
    { name: 'no scoring object', edit: (data: TopicsFile) => Reflect.deleteProperty(data, 'scoring') },
    { name: 'a negative weight', edit: (data: TopicsFile) => void (data.scoring.asideWeight = -1) },
    { name: 'a weight that is not a number', edit: (data: TopicsFile) => void (data.scoring.threshold = 'three') },
    { name: 'a broad flag that is not a boolean', edit: (data: TopicsFile) => void ((data.topics[0] as Record<string, unknown>).broad = 'yes') },
    { name: 'a topic threshold below zero', edit: (data: TopicsFile) => void ((data.topics[0] as Record<string, unknown>).threshold = -2) },
  ])('$name is bad_knowledge', ({ edit }) => {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-topics-'));
    try {
      for (const path of knowledgeFiles()) copyFileSync(path, join(dir, basename(path)));
      const file = join(dir, 'topics.json');
      const data = JSON.parse(readFileSync(file, 'utf8')) as TopicsFile;
      edit(data);
      writeFileSync(file, JSON.stringify(data));
      const result = loadKnowledge(dir);
      expect(result.ok ? null : result.error.code).toBe('bad_knowledge');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
