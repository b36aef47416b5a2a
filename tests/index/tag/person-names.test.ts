import { describe, expect, it } from 'vitest';
import { tagParagraphs } from '../../fixtures/tagging/tag-text.ts';

const personsOf = (...texts: string[]): string[][] => tagParagraphs(...texts).paragraphs.map((p) => p.persons);

describe('names of every shape', () => {
  it.each([
    { text: 'Talks with Moon Jae-in resumed.', expected: ['moon-jae-in'] },
    { text: 'Envoys of Park Soo-min arrived on Friday.', expected: ['park-soo-min'] },
    { text: 'A Harlow-led cabinet and a Tony Blair-era rule were debated.', expected: ['tony-blair'] },
    { text: 'Analyst Zofia Wałęsa-Kowalska praised Dr Mehmet Yılmaz, a partner.', expected: ['mehmet-yilmaz', 'zofia-walesa-kowalska'] },
    { text: 'Premier Wang Haoran and Zhang Liwei, an economist, toured the port.', expected: ['wang-haoran', 'zhang-liwei'] },
    { text: 'Lawyer Pieter van der Berg and Maria de la Cruz met Hamid bin Rashid.', expected: ['hamid-bin-rashid', 'maria-de-la-cruz', 'pieter-van-der-berg'] },
    { text: 'King Harald VII and Pope Gregory XVII exchanged letters.', expected: ['king-harald-vii', 'pope-gregory-xvii'] },
    { text: 'The Danish Queen Ingrid opened the bridge.', expected: ['queen-ingrid'] },
    { text: 'King Kong and the Prince Albert were on the bill.', expected: [] },
    { text: 'Senator Ruth Okonjo and Archbishop Tomas Verlaine spoke.', expected: ['ruth-okonjo', 'tomas-verlaine'] },
    { text: 'Speaker Ines Halvorsen and Judge Oren Pask disagreed.', expected: ['ines-halvorsen', 'oren-pask'] },
    { text: 'General Ravi Chandrakant and Air Commodore Lisbet Vang flew in.', expected: ['lisbet-vang', 'ravi-chandrakant'] },
    { text: 'Hostages Oskar Brevik, Imre Tamas and Ludo Fenn were freed.', expected: ['imre-tamas', 'ludo-fenn', 'oskar-brevik'] },
    { text: 'Oskar Brevik, Imre Tamas and Ludo Fenn were freed.', expected: ['imre-tamas', 'ludo-fenn', 'oskar-brevik'] },
    { text: 'Anna, Tom and Ruth Cohen sold the farm.', expected: ['anna-cohen', 'ruth-cohen', 'tom-cohen'] },
  ])('$text', ({ text, expected }) => {
    expect(personsOf(text)[0]).toEqual(expected);
  });

  it.each([
    { paragraphs: ['Eddie O’Sullivan named his side.', 'O’Sullivan said it was ready.'], expected: [['eddie-o-sullivan'], ['eddie-o-sullivan']] },
    { paragraphs: ['Sprinter Marek Lewis-Hale won.', 'Lewis-Hale said he was tired.'], expected: [['marek-lewis-hale'], ['marek-lewis-hale']] },
    { paragraphs: ['Kovacs said no.', 'Later Dr Dora Kovacs arrived.', 'Kovacs left.'], expected: [[], ['dora-kovacs'], ['dora-kovacs']] },
  ])('resolves a bare surname to the full name used earlier: $paragraphs', ({ paragraphs, expected }) => {
    expect(personsOf(...paragraphs)).toEqual(expected);
  });
});

describe('is it a person?', () => {
  it.each([
    { text: 'Critics loved the film Clara Voss at the festival.', expected: [] },
    { text: 'Fans queued for “Nora Quill” on its opening night.', expected: [] },
    { text: 'The band Hollow Stevens played.', expected: [] },
    { text: 'Donations to Christian Aid rose.', expected: [] },
    { text: 'Lawyers at Matrix Chambers and Warner Brothers objected.', expected: [] },
    { text: 'Crowds filled Victoria Park and Oxford Street.', expected: [] },
    { text: 'Shares in Percy Films and Keller Records fell.', expected: [] },
    { text: 'Singer Ada Brook and actors Iva Lund and Bo Frey attended.', expected: ['ada-brook', 'bo-frey', 'iva-lund'] },
    { text: 'Black Velvets, Snow Arrow and Alice Keane headlined.', expected: ['alice-keane'] },
  ])('$text', ({ text, expected }) => {
    expect(personsOf(text)[0]).toEqual(expected);
  });

  it('does not read a word the article calls a band as a person elsewhere in it', () => {
    expect(personsOf('The band Kestrels toured.', 'Kestrels said the tour was long.')).toEqual([[], []]);
  });

  it('keeps a name after a work noun when a verb follows it', () => {
    expect(personsOf('In the film Tom Hanks plays a pilot.')[0]).toEqual(['tom-hanks']);
  });
});

describe('one identity per person', () => {
  it.each([
    { paragraphs: ['Rafael Benítez spoke.', 'Rafa Benitez later left.'], expected: [['rafael-benitez'], ['rafael-benitez']] },
    { paragraphs: ['Bob Ferrow spoke.', 'Robert Ferrow agreed.'], expected: [['bob-ferrow'], ['bob-ferrow']] },
    { paragraphs: ['Vincent Cable spoke.'], expected: [['vincent-cable']] },
    { paragraphs: ['Vince Cable spoke.', 'Vincent Cable agreed.'], expected: [['vince-cable'], ['vince-cable']] },
    { paragraphs: ['Colonel Moammar Qadhafi spoke.', 'Gaddafi left.'], expected: [['muammar-gaddafi'], ['muammar-gaddafi']] },
    { paragraphs: ['Colonel Moammar Qadhafi spoke.'], expected: [['moammar-qadhafi']] },
    { paragraphs: ['Muammar Gaddafi spoke.', 'Muammar Qadhafi agreed.'], expected: [['muammar-gaddafi'], ['muammar-gaddafi']] },
    { paragraphs: ['Mike Tarrant spoke.', 'Mikhail Tarrant agreed.'], expected: [['mike-tarrant'], ['mikhail-tarrant']] },
  ])('$paragraphs', ({ paragraphs, expected }) => {
    expect(personsOf(...paragraphs)).toEqual(expected);
  });

  it('keeps apart two new people whose given names are not variants of one name', () => {
    expect(personsOf('Dr Ivo Sandt spoke.', 'Dr Ida Sandt agreed.')).toEqual([['ivo-sandt'], ['ida-sandt']]);
  });
});
