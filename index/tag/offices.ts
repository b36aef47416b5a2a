import type { DateSpan, OfficeRecord, PersonRecord } from '../knowledge/load.ts';
import type { TitleMention } from './name-mention.ts';

/**
 * Who held which office when (people.json "offices" and "names"): the office held at an article's date, the
 * office a title names, the name a person went by at a date. Pure; dates are ISO strings compared as text.
 */

/** The first day a date of year, month or day precision may mean: "1997" → "1997-01-01". */
function firstDay(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

/** The last day it may mean: "2007" → "2007-12-31" ("-31" bounds every month when compared as text). */
function lastDay(date: string): string {
  return date.length === 4 ? `${date}-12-31` : date.length === 7 ? `${date}-31` : date;
}

/** True when the span (both ends inclusive) covers the day `date` (YYYY-MM-DD). */
export function covers(span: DateSpan, date: string): boolean {
  return (span.from === null || firstDay(span.from) <= date) && (span.to === null || date <= lastDay(span.to));
}

/** The offices a person holds on `date`: leaders' offices first, then the latest begun. */
export function officesAt(person: PersonRecord, date: string): OfficeRecord[] {
  return person.offices
    .filter((office) => covers(office, date))
    .sort((a, b) => Number(b.leader) - Number(a.leader) || firstDay(b.from ?? '').localeCompare(firstDay(a.from ?? '')));
}

/** The office a person left most recently before `date`, if any. */
export function lastOfficeBefore(person: PersonRecord, date: string): OfficeRecord | null {
  let last: OfficeRecord | null = null;
  for (const office of person.offices) {
    if (office.to === null || lastDay(office.to) >= date) continue;
    if (last === null || (last.to !== null && office.to > last.to)) last = office;
  }
  return last;
}

const plain = (text: string): string => text.toLowerCase().replace(/[-\s]+/g, ' ').trim();

/** Ranks that make an office another one than the title: "Vice President" is not what "President" names. */
const RANKS = new Set(['vice', 'deputy', 'shadow', 'assistant', 'under', 'junior', 'associate', 'co']);

/**
 * True when the office's name has the title's words in order and no rank before them: "Trade Secretary" names
 * "Trade and Industry Secretary of …", "Chancellor" names "Lord Chancellor"; "President" never "Vice President …".
 */
function names(title: string, office: string): boolean {
  const want = plain(title).split(' ');
  const have = plain(office).split(' ');
  const start = have.indexOf(want[0] ?? '');
  if (start < 0 || have.slice(0, start).some((word) => RANKS.has(word))) return false;
  let k = 0;
  for (const word of have.slice(start)) if (word === want[k]) k += 1;
  return k === want.length;
}

/**
 * The person's office a title names: "Prime Minister" names "Prime Minister of the United Kingdom", "Chancellor"
 * names "Chancellor of the Exchequer"; never an office of another country than the title's. The latest begun.
 */
export function officeNamedBy(person: PersonRecord, title: TitleMention): OfficeRecord | null {
  const named = person.offices.filter(
    (office) => names(title.title.phrase, office.office) && (title.country === null || office.country === null || office.country === title.country),
  );
  return named.reduce<OfficeRecord | null>((latest, office) => (latest === null || firstDay(office.from ?? '') > firstDay(latest.from ?? '') ? office : latest), null);
}

/**
 * Every office with its years, for an article without a date that names none: "Chancellor of the Exchequer
 * 1997–2007; Prime Minister of the United Kingdom 2007–2010". Never anachronistic, whenever the article was written.
 */
export function officeHistory(person: PersonRecord): string | null {
  const years = new Map<string, string[]>();
  const ordered = [...person.offices].sort((a, b) => firstDay(a.from ?? '').localeCompare(firstDay(b.from ?? '')));
  for (const office of ordered) {
    const from = office.from?.slice(0, 4) ?? '';
    const to = office.to?.slice(0, 4) ?? '';
    const list = years.get(office.office) ?? [];
    list.push(from === to ? from : `${from}–${to}`);
    years.set(office.office, list);
  }
  const parts = [...years].map(([office, spans]) => `${office} ${spans.join(', ')}`);
  return parts.length === 0 ? null : parts.join('; ');
}

/** A role said the way the text says the title: "Former President of …", "President-elect of …". */
export function roleWithModifier(role: string, title: TitleMention): string {
  const modifier = title.notCurrent;
  if (modifier === null) return role;
  if (modifier.position === 'before') return `${modifier.label} ${role}`;
  const phrase = title.title.phrase;
  const opens = plain(role).startsWith(plain(phrase));
  return opens ? `${role.slice(0, phrase.length)}-${modifier.label}${role.slice(phrase.length)}` : `${role}-${modifier.label}`;
}

const nameKey = (name: string): string => name.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The name to show for a known person in an article. The canonical name, unless the people file dates it and the
 * article's date is outside it ("King Charles III" in 2005): then the name the article uses, or the file's name of
 * that time ("Prince Charles"). Without a date, a dated name the article uses is shown as used.
 */
export function displayName(person: PersonRecord, date: string | null, used: readonly string[]): string {
  if (person.names.length === 0) return person.name;
  const dated = (name: string) => person.names.find((entry) => nameKey(entry.name) === nameKey(name));
  if (date === null) return used.map(dated).find((entry) => entry !== undefined)?.name ?? person.name;
  const canonical = dated(person.name);
  if (canonical === undefined || covers(canonical, date)) return person.name;
  const own = used.find((name) => {
    const entry = dated(name);
    return entry === undefined ? nameKey(name) !== nameKey(person.name) : covers(entry, date);
  });
  return own ?? person.names.find((entry) => covers(entry, date))?.name ?? person.name;
}
