import { describe, expect, it } from 'vitest';
import { loadKnowledge, type PersonRecord } from '../../../index/knowledge/load.ts';
import { emptyCatalog, mergeEntities } from '../../../index/tag/entities.ts';
import { createTagger } from '../../../index/tag/tag-article.ts';
import { covers, displayName, lastOfficeBefore, officeHistory, officesAt } from '../../../index/tag/offices.ts';
import type { PersonEntity } from '../../../index/types.ts';
import { article, tagger } from '../../fixtures/tagging/tag-text.ts';

/** The person `id` as an article of `date` made of these paragraphs shows them. */
function personIn(date: string | null, id: string, ...texts: string[]): PersonEntity | undefined {
  const tags = tagger({ ...article('t'), date }, texts.map((text, i) => ({ docId: 't', n: i + 1, section: null, text })));
  return tags.entities.persons[id];
}

describe('leaders in their time: a dated article', () => {
  it.each([
    { date: '2005-03-14', text: 'Tony Blair opened the debate.', id: 'tony-blair', leader: true, role: 'Prime Minister of the United Kingdom' },
    { date: '2012-03-14', text: 'Tony Blair opened the debate.', id: 'tony-blair', leader: false, role: 'Former Prime Minister of the United Kingdom' },
    { date: '1995-03-14', text: 'Tony Blair opened the debate.', id: 'tony-blair', leader: true, role: 'Leader of the Labour Party' },
    { date: '1985-03-14', text: 'Tony Blair opened the debate.', id: 'tony-blair', leader: false, role: null },
    { date: '2005-03-14', text: 'Gordon Brown opened the debate.', id: 'gordon-brown', leader: true, role: 'Chancellor of the Exchequer' },
    { date: '2008-03-14', text: 'Gordon Brown opened the debate.', id: 'gordon-brown', leader: true, role: 'Prime Minister of the United Kingdom' },
    // The date decides for a person with offices, whatever the text calls them.
    { date: '2005-03-14', text: 'Former prime minister Tony Blair opened the debate.', id: 'tony-blair', leader: true, role: 'Prime Minister of the United Kingdom' },
    { date: '2005-03-14', text: 'Liam Fox opened the debate.', id: 'liam-fox', leader: false, role: null },
    { date: '2011-03-14', text: 'Liam Fox opened the debate.', id: 'liam-fox', leader: true, role: 'Defence Secretary of the United Kingdom' },
    { date: '2004-10-02', text: 'Paul Wolfowitz opened the debate.', id: 'paul-wolfowitz', leader: false, role: 'Deputy Secretary of Defense of the United States' },
    { date: '2006-10-02', text: 'Paul Wolfowitz opened the debate.', id: 'paul-wolfowitz', leader: true, role: 'President of the World Bank' },
    { date: '2009-06-01', text: 'Vladimir Putin opened the debate.', id: 'vladimir-putin', leader: true, role: 'Prime Minister of Russia' },
    { date: '2014-06-01', text: 'Vladimir Putin opened the debate.', id: 'vladimir-putin', leader: true, role: 'President of Russia' },
    { date: '2008-11-20', text: 'President-elect Barack Obama opened the debate.', id: 'barack-obama', leader: false, role: 'President-elect of the United States' },
    { date: '2010-11-20', text: 'Barack Obama opened the debate.', id: 'barack-obama', leader: true, role: 'President of the United States' },
    { date: '2022-09-01', text: 'Liz Truss opened the debate.', id: 'liz-truss', leader: true, role: 'Foreign Secretary of the United Kingdom' },
    { date: '2022-10-01', text: 'Liz Truss opened the debate.', id: 'liz-truss', leader: true, role: 'Prime Minister of the United Kingdom' },
  ])('$date: $text → leader $leader, $role', ({ date, text, id, leader, role }) => {
    expect(personIn(date, id, text)).toMatchObject({ id, leader, role });
  });

  it('keeps the file\'s flag and role for a person without offices, lost where the article calls them "former"', () => {
    expect(personIn('2005-03-14', 'mark-oaten', 'Mark Oaten spoke.')).toMatchObject({ leader: false, role: 'Liberal Democrat home affairs spokesman' });
    expect(personIn('2005-03-14', 'alan-milburn', 'Alan Milburn spoke.')).toMatchObject({ leader: true, role: 'Labour election coordinator' });
    expect(personIn(null, 'benazir-bhutto', 'Former prime minister Benazir Bhutto spoke.', 'Ms Bhutto left.')).toMatchObject({ leader: false });
  });
});

describe('leaders in their time: an undated article', () => {
  it.each([
    { text: 'Prime Minister Tony Blair opened the debate.', id: 'tony-blair', leader: true, role: 'Prime Minister of the United Kingdom' },
    { text: 'British Prime Minister Tony Blair opened the debate.', id: 'tony-blair', leader: true, role: 'Prime Minister of the United Kingdom' },
    { text: 'Mr Blair opened the debate, and Tony Blair closed it.', id: 'tony-blair', leader: false },
    { text: 'Tony Blair opened the debate.', id: 'tony-blair', leader: false, role: 'Leader of the Labour Party 1994–2007; Prime Minister of the United Kingdom 1997–2007' },
    { text: 'Chancellor Gordon Brown opened the debate.', id: 'gordon-brown', leader: true, role: 'Chancellor of the Exchequer' },
    { text: 'Trade and Industry Secretary Patricia Hewitt opened the debate.', id: 'patricia-hewitt', leader: true, role: 'Trade and Industry Secretary of the United Kingdom' },
    { text: 'President Bill Clinton opened the debate.', id: 'bill-clinton', leader: true, role: 'President of the United States' },
    { text: 'President Bush opened the debate.', id: 'george-w-bush', leader: true, role: 'President of the United States' },
    // A title that is not one of theirs says nothing.
    { text: 'President Tony Blair opened the debate.', id: 'tony-blair', leader: false },
    { text: 'Prime Minister Emmanuel Macron opened the debate.', id: 'emmanuel-macron', leader: false },
  ])('$text → leader $leader', ({ text, id, leader, role }) => {
    const person = personIn(null, id, text);
    expect(person?.leader).toBe(leader);
    if (role !== undefined) expect(person?.role).toBe(role);
  });

  it('makes the person a leader of the whole article once one paragraph gives the title', () => {
    expect(personIn(null, 'tony-blair', 'Tony Blair opened the debate.', 'The Prime Minister, Tony Blair, left.', 'Prime Minister Tony Blair left.')).toMatchObject({ leader: true });
  });
});

describe('titles held at another time: former, ex-, late, then-, outgoing, -elect', () => {
  it.each([
    { text: 'Former US President Bill Clinton spoke.', id: 'bill-clinton', role: 'Former President of the United States' },
    { text: 'former President Bush spoke.', id: 'george-w-bush', role: 'Former President of the United States' },
    { text: 'The ex-President Leonid Kuchma spoke.', id: 'leonid-kuchma', role: 'Former President of Ukraine' },
    { text: 'Then-Foreign Secretary Jack Straw spoke.', id: 'jack-straw', role: 'Former Foreign Secretary of the United Kingdom' },
    { text: 'The late Pope John Paul II was mourned.', id: 'pope-john-paul-ii', role: 'Former Pope' },
    { text: 'Outgoing Chancellor Gerhard Schröder spoke.', id: 'gerhard-schroder', role: 'Outgoing Chancellor of Germany' },
    { text: 'President-elect Barack Obama spoke.', id: 'barack-obama', role: 'President-elect of the United States' },
    { text: 'Barack Obama, the president-elect, spoke.', id: 'barack-obama', role: 'President-elect of the United States' },
    { text: 'Bill Clinton, the former US president, spoke.', id: 'bill-clinton', role: 'Former President of the United States' },
    { text: 'He thanked Bill Clinton, a former president.', id: 'bill-clinton', role: 'Former President of the United States' },
    { text: 'Former Foreign Minister Karel Novak flew home.', id: 'karel-novak', role: 'Former Foreign Minister' },
    { text: 'President-elect Karel Novak flew home.', id: 'karel-novak', role: 'President-elect' },
    { text: 'Prime Minister-designate Ilse Marten flew home.', id: 'ilse-marten', role: 'Prime Minister-designate' },
    { text: 'Ex-president Amara Diallo spoke.', id: 'amara-diallo', role: 'Former President' },
  ])('$text → not a leader, $role', ({ text, id, role }) => {
    expect(personIn(null, id, text)).toMatchObject({ id, leader: false, role });
  });

  it.each([
    { text: 'Acting President Karel Novak flew home.', id: 'karel-novak' },
    { text: 'Interim Prime Minister Ilse Marten flew home.', id: 'ilse-marten' },
  ])('keeps a title current after "acting" or "interim": $text', ({ text, id }) => {
    expect(personIn(null, id, text)?.leader).toBe(true);
  });

  it('takes the words from name-rules.json: without "former" there, a former president is one', () => {
    const loaded = loadKnowledge();
    if (!loaded.ok) throw new Error(loaded.error.message);
    const rules = loaded.value.nameRules;
    const knowledge = { ...loaded.value, nameRules: { ...rules, notCurrentBefore: rules.notCurrentBefore.filter(({ word }) => word !== 'former') } };
    const tags = createTagger(knowledge)(article('t'), [{ docId: 't', n: 1, section: null, text: 'Former US President Bill Clinton spoke.' }]);
    expect(tags.entities.persons['bill-clinton']).toMatchObject({ leader: true, role: 'President of the United States' });
  });

  it('reads a former title after the name only for that name, not for the next one of a list', () => {
    const blair = personIn(null, 'tony-blair', 'Prime Minister Tony Blair, former president Bill Clinton and Jacques Chirac met.');
    expect(blair).toMatchObject({ leader: true, role: 'Prime Minister of the United Kingdom' });
  });
});

describe('names in their time', () => {
  it.each([
    { date: '2005-02-11', text: 'Prince Charles visited the school.', name: 'Prince Charles', leader: false, role: 'Prince of Wales' },
    { date: null, text: 'Prince Charles visited the school.', name: 'Prince Charles', leader: false, role: 'Prince of Wales' },
    { date: '2023-05-06', text: 'King Charles III visited the school.', name: 'King Charles III', leader: true, role: 'King of the United Kingdom' },
    { date: '2023-05-06', text: 'King Charles visited the school.', name: 'King Charles III', leader: true, role: 'King of the United Kingdom' },
    // An article after the accession that still says "Prince Charles" shows the canonical name.
    { date: '2023-05-06', text: 'Prince Charles visited the school.', name: 'King Charles III', leader: true, role: 'King of the United Kingdom' },
  ])('$date: $text → $name', ({ date, text, name, leader, role }) => {
    expect(personIn(date, 'king-charles-iii', text)).toEqual({ id: 'king-charles-iii', name, leader, role, country: 'GB' });
  });

  it('shows a cardinal by the name of his time and the pope by his', () => {
    expect(personIn('2004-05-01', 'pope-benedict-xvi', 'Joseph Ratzinger preached.')?.name).toBe('Joseph Ratzinger');
    expect(personIn('2006-05-01', 'pope-benedict-xvi', 'Pope Benedict XVI preached.')).toMatchObject({ name: 'Pope Benedict XVI', leader: true, role: 'Pope' });
  });
});

const charles: PersonRecord = {
  id: 'charles-example',
  name: 'King Charles Example',
  aliases: [],
  knownAs: [],
  role: 'King of Example',
  country: 'GB',
  leader: true,
  offices: [
    { office: 'Prince of Example', country: 'GB', from: '1958', to: '2022-09-08', leader: false },
    { office: 'King of Example', country: 'GB', from: '2022-09-08', to: null, leader: true },
    { office: 'Admiral of Example', country: 'GB', from: '1990-05', to: '1995', leader: false },
  ],
  names: [
    { name: 'Prince Charles Example', from: null, to: '2022-09-08' },
    { name: 'King Charles Example', from: '2022-09-08', to: null },
  ],
};

describe('offices.ts', () => {
  it.each([
    { span: { from: '1997', to: '2007' }, date: '1997-01-01', expected: true },
    { span: { from: '1997', to: '2007' }, date: '2007-12-31', expected: true },
    { span: { from: '1997', to: '2007' }, date: '2008-01-01', expected: false },
    { span: { from: '1997-05', to: '1997-06' }, date: '1997-04-30', expected: false },
    { span: { from: '1997-05', to: '1997-06' }, date: '1997-06-30', expected: true },
    { span: { from: '1997-05-02', to: null }, date: '2030-01-01', expected: true },
    { span: { from: null, to: '2022-09-08' }, date: '2022-09-08', expected: true },
    { span: { from: null, to: '2022-09-08' }, date: '2022-09-09', expected: false },
  ])('covers($span, $date) = $expected', ({ span, date, expected }) => {
    expect(covers(span, date)).toBe(expected);
  });

  it.each([
    { date: '1992-01-01', held: ['Admiral of Example', 'Prince of Example'], left: null },
    { date: '2000-01-01', held: ['Prince of Example'], left: 'Admiral of Example' },
    { date: '2022-09-08', held: ['King of Example', 'Prince of Example'], left: 'Admiral of Example' },
    { date: '2024-01-01', held: ['King of Example'], left: 'Prince of Example' },
  ])('on $date holds $held, last left $left', ({ date, held, left }) => {
    expect(officesAt(charles, date).map((office) => office.office)).toEqual(held);
    expect(lastOfficeBefore(charles, date)?.office ?? null).toBe(left);
  });

  it.each([
    { date: '2005-01-01', used: ['Prince Charles Example'], expected: 'Prince Charles Example' },
    { date: '2005-01-01', used: ['Charles Windsor Example'], expected: 'Charles Windsor Example' },
    { date: '2005-01-01', used: [], expected: 'Prince Charles Example' },
    { date: '2024-01-01', used: ['Prince Charles Example'], expected: 'King Charles Example' },
    { date: null, used: ['Prince Charles Example'], expected: 'Prince Charles Example' },
    { date: null, used: [], expected: 'King Charles Example' },
  ])('displayName at $date using $used → $expected', ({ date, used, expected }) => {
    expect(displayName(charles, date, used)).toBe(expected);
  });

  it('writes the office history with years, repeated offices once', () => {
    expect(officeHistory(charles)).toBe('Prince of Example 1958–2022; Admiral of Example 1990–1995; King of Example 2022–');
    const twice: PersonRecord = {
      ...charles,
      offices: [
        { office: 'Chief of Example', country: null, from: '2001', to: '2004', leader: true },
        { office: 'Chief of Example', country: null, from: '2010', to: null, leader: true },
      ],
    };
    expect(officeHistory(twice)).toBe('Chief of Example 2001–2004, 2010–');
  });
});

describe('offices a title names', () => {
  it.each([
    { text: 'The Lord Chancellor Lord Falconer spoke.', id: 'charles-falconer', leader: true },
    { text: 'EU Trade Commissioner Peter Mandelson spoke.', id: 'peter-mandelson', leader: true },
    { text: 'President Dick Cheney spoke.', id: 'dick-cheney', leader: false },
    { text: 'Vice President Dick Cheney spoke.', id: 'dick-cheney', leader: true },
    { text: 'Chancellor Angela Merkel spoke.', id: 'angela-merkel', leader: true },
    { text: 'British Chancellor Angela Merkel spoke.', id: 'angela-merkel', leader: false },
    { text: 'He met finance minister Hans Eichel on Monday.', id: 'hans-eichel', leader: true },
    { text: 'Acme President Barack Obama spoke.', id: 'barack-obama', leader: false },
  ])('$text → leader $leader', ({ text, id, leader }) => {
    expect(personIn(null, id, text)?.leader).toBe(leader);
  });

  it('never reads another monarch as a known one of the same number', () => {
    const tags = tagger(article('t'), [{ docId: 't', n: 1, section: null, text: 'It was set up by King Edward III in 1337.' }]);
    expect(Object.keys(tags.entities.persons)).toEqual(['king-edward-iii']);
  });
});

describe('the corpus catalog: leader in at least one article', () => {
  it.each([
    {
      name: 'a later article that makes them a leader gives its role',
      articles: [
        { leader: false, role: 'Chancellor of the Exchequer 1997–2007; Prime Minister of the United Kingdom 2007–2010', country: 'GB' },
        { leader: true, role: 'Chancellor of the Exchequer', country: 'GB' },
        { leader: false, role: 'Former Chancellor of the Exchequer', country: 'GB' },
      ],
      expected: { leader: true, role: 'Chancellor of the Exchequer', country: 'GB' },
    },
    {
      name: 'the first role stays while no article makes them a leader',
      articles: [
        { leader: false, role: 'Former Pope', country: null },
        { leader: false, role: 'Pope', country: 'VA' },
      ],
      expected: { leader: false, role: 'Former Pope', country: 'VA' },
    },
  ])('$name', ({ articles, expected }) => {
    const catalog = emptyCatalog();
    for (const person of articles) mergeEntities(catalog, { ...emptyCatalog(), persons: { x: { id: 'x', name: 'X', ...person } } });
    expect(catalog.persons.x).toEqual({ id: 'x', name: 'X', ...expected });
  });
});
