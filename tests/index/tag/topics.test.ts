import { describe, expect, it } from 'vitest';
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
});
