import { describe, expect, it } from 'vitest';
import { tagParagraphs } from '../../fixtures/tagging/tag-text.ts';

const personsOf = (...texts: string[]): string[][] => tagParagraphs(...texts).paragraphs.map((p) => p.persons);

describe('person tagging: one paragraph', () => {
  it.each([
    { text: 'Donald Trump spoke to Donald Tusk by phone.', expected: ['donald-trump', 'donald-tusk'] },
    { text: 'Donald said nothing.', expected: [] },
    { text: 'Volodymyr Zelenskyy met Volodymyr Zelenskiy’s aides.', expected: ['volodymyr-zelensky'] },
    { text: 'Dmitri Peskov and Dmitry Peskov are one man.', expected: ['dmitry-peskov'] },
    { text: 'Viktor Orban and Viktor Orbán are one man.', expected: ['viktor-orban'] },
    { text: 'Putin and Zelensky did not meet.', expected: ['vladimir-putin', 'volodymyr-zelensky'] },
    { text: 'Chad Johnson caught the pass.', expected: ['chad-johnson'] },
    { text: 'Foreign Minister Karel Novak flew home.', expected: ['karel-novak'] },
    { text: 'Meanwhile Barrot stayed silent.', expected: [] },
    { text: 'The Storm Shadow missiles and Le Monde report angered the World War veterans of the White House.', expected: [] },
    { text: 'The Socialist Equality Party met on Monday in January.', expected: [] },
    { text: 'Analyst Marta Kowalczyk said prices would rise.', expected: ['marta-kowalczyk'] },
    { text: 'Victoria Station and Jordan Valley were closed.', expected: [] },
    { text: 'George W. Bush spoke after Ursula von der Leyen.', expected: ['george-w-bush', 'ursula-von-der-leyen'] },
    { text: 'Italian Prime Minister Georgia Meloni arrived late.', expected: ['giorgia-meloni'] },
    { text: 'Researchers at the Institute for Regional Planning, told the committee otherwise.', expected: [] },
    { text: 'Helga Brandt and Yusuf Demir said they agreed.', expected: ['helga-brandt', 'yusuf-demir'] },
  ])('$text', ({ text, expected }) => {
    expect(personsOf(text)[0]).toEqual(expected);
  });
});

describe('person tagging: resolution across an article', () => {
  it('resolves a bare surname and "Mr X" to the full name used earlier', () => {
    expect(personsOf('Finance Minister Anna Lindqvist presented the budget.', 'Ms Lindqvist said cuts were needed.', 'Lindqvist left.')).toEqual([
      ['anna-lindqvist'],
      ['anna-lindqvist'],
      ['anna-lindqvist'],
    ]);
  });

  it('names a person resolved from a bare surname by the full name used earlier in the article, never later', () => {
    const tags = tagParagraphs('Lord Butler criticised the report.', 'Robin Butler spoke again later.', 'Butler left early.');
    expect(tags.paragraphs.map((p) => p.persons)).toEqual([[], ['robin-butler'], ['robin-butler']]);
    expect(tags.entities.persons['robin-butler']?.name).toBe('Robin Butler');
  });

  it('tags neither person when two people of the article share the bare surname', () => {
    expect(personsOf('Tony Blair and Cherie Blair arrived.', 'Blair waved.')).toEqual([['cherie-blair', 'tony-blair'], []]);
  });

  it('does not resolve a bare surname without a full name or a known identifying alias', () => {
    expect(personsOf('Mr Hargreaves said the plan was sound.')).toEqual([[]]);
  });

  it('never resolves a first name alone to the person it belongs to', () => {
    expect(personsOf('Samuel Okafor spoke first.', 'Samuel then left.')).toEqual([['samuel-okafor'], []]);
  });

  it('keeps two people who share a first name apart', () => {
    expect(personsOf('Donald Tusk spoke.', 'Tusk was firm.', 'Later Donald Trump called.')).toEqual([
      ['donald-tusk'],
      ['donald-tusk'],
      ['donald-trump'],
    ]);
  });

  it('drops a country word that is part of a resolved surname', () => {
    const tags = tagParagraphs('Racing boss Eddie Jordan spoke.', 'Jordan said the car was ready.');
    expect(tags.paragraphs.map((p) => [p.countries, p.persons])).toEqual([
      [[], ['eddie-jordan']],
      [[], ['eddie-jordan']],
    ]);
  });
});

describe('person entities: leaders, roles, countries', () => {
  it.each([
    { text: 'Polish Prime Minister Donald Tusk spoke.', id: 'donald-tusk', leader: true, country: 'PL' },
    { text: 'Kremlin spokesman Dmitry Peskov spoke.', id: 'dmitry-peskov', leader: false, country: 'RU' },
    { text: 'Norwegian Defence Minister Ola Bergstrom spoke.', id: 'ola-bergstrom', leader: true, country: 'NO', role: 'Defence Minister of Norway' },
    { text: 'President Amara Diallo spoke.', id: 'amara-diallo', leader: true, country: null, role: 'President' },
    { text: 'Kenyan spokesman Peter Mwangi spoke.', id: 'peter-mwangi', leader: false, country: 'KE' },
    { text: 'Analyst Laura Fischer spoke.', id: 'laura-fischer', leader: false, country: null },
    { text: 'General Marc Dubois spoke.', id: 'marc-dubois', leader: false, country: null },
    { text: 'Acme President Brian Cole spoke.', id: 'brian-cole', leader: false, country: null },
    { text: 'The club president Ken Oduya spoke.', id: 'ken-oduya', leader: false, country: null },
    { text: 'Opposition leader Sara Lind spoke.', id: 'sara-lind', leader: true, country: null },
    { text: 'Mr Tomas Berg spoke.', id: 'tomas-berg', leader: false, country: null, role: null },
  ])('$text', ({ text, id, leader, country, role }) => {
    const person = tagParagraphs(text).entities.persons[id];
    expect(person).toMatchObject({ id, leader, country });
    if (role !== undefined) expect(person?.role).toBe(role);
  });

  it('takes role and country of a known person from the people file; undated, a leader only by a title', () => {
    expect(tagParagraphs('President Emmanuel Macron spoke.').entities.persons['emmanuel-macron']).toEqual({
      id: 'emmanuel-macron',
      name: 'Emmanuel Macron',
      leader: true,
      role: 'President of France',
      country: 'FR',
    });
    expect(tagParagraphs('Emmanuel Macron spoke.').entities.persons['emmanuel-macron']).toMatchObject({ leader: false, country: 'FR' });
    expect(tagParagraphs('Kremlin spokesman Dmitry Peskov spoke.').entities.persons['dmitry-peskov']).toMatchObject({ leader: false, role: 'Kremlin spokesman' });
  });
});
