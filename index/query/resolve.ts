/**
 * Filter values as people write them, resolved to the ids the index stores: a country by code, name or short form
 * (GB, UK, Britain, united kingdom), a person by id or name ("Tony Blair", or a surname only one person has), a topic
 * by id or label, a source or metadata value whatever its case. A value that names nothing in the index is an
 * `unknown_value` error that says so and suggests the nearest values, rather than an empty page.
 */
import countryCodes from 'i18n-iso-countries';
import { memoPerObject } from '../cache.ts';
import { boundedEditDistance } from '../edit-distance.ts';
import type { FacetSchema } from '../schema.ts';
import type { LoadedIndex } from '../store/loaded-index.ts';
import { phraseForm } from '../text.ts';
import type { Result } from '../types.ts';

/** A value the filter can take, with what it is called. */
interface Named {
  id: string;
  label: string;
}

/** Per filter: every value with its label, and the folded names that lead to each. */
interface Names {
  values: Named[];
  byName: Map<string, Set<string>>;
  /** Persons only: folded last word of the name → ids. */
  bySurname: Map<string, Set<string>>;
}

const namesOf = memoPerObject((index: LoadedIndex) => new Map<string, Names>());

/** Resolves one value of list filter `name`; `where` names the parameter in messages (`country`, `q: country:…`). */
export function resolveValue(index: LoadedIndex, name: string, value: string, where: string): Result<string> {
  const field = index.schema.byName.get(name);
  if (field === undefined) return unknown(where, name, value, []);
  const source = field.source;
  if (source.kind === 'doc') {
    return index.documentOrdinal.has(value) ? { ok: true, value } : unknown(where, 'article', value, []);
  }
  if (source.kind === 'tag' && source.entity === 'country' && /^[a-z]{2}$/i.test(value)) {
    const code = value.toUpperCase();
    // A real code names a country even when this index has no paragraph about it: an honest zero.
    if (index.entities.countries[code] !== undefined || countryCodes.isValid(code)) return { ok: true, value: code };
  }
  const names = namesFor(index, index.schema, name);
  if (names.values.some((named) => named.id === value)) return { ok: true, value };
  const folded = phraseForm(value);
  const found = names.byName.get(folded) ?? (source.kind === 'tag' && source.entity === 'person' ? names.bySurname.get(folded) : undefined);
  if (found !== undefined && found.size === 1) return { ok: true, value: [...found][0] as string };
  if (found !== undefined && found.size > 1) {
    const choices = names.values.filter((named) => found.has(named.id));
    return {
      ok: false,
      error: { code: 'unknown_value', message: `${where}: "${clip(value)}" could be ${listOf(choices)}; give one of them` },
    };
  }
  if (source.kind === 'tag' && source.entity === 'country') {
    const code = countryCodes.getAlpha2Code(value, 'en');
    if (code !== undefined) return { ok: true, value: code };
  }
  return unknown(where, field.label.toLowerCase(), value, suggestions(names, folded));
}

/** Resolves every value of a list; the first unknown one is the error. */
export function resolveValues(index: LoadedIndex, name: string, values: readonly string[], where: string): Result<string[]> {
  const resolved: string[] = [];
  for (const value of values) {
    const one = resolveValue(index, name, value, where);
    if (!one.ok) return one;
    if (!resolved.includes(one.value)) resolved.push(one.value);
  }
  return { ok: true, value: resolved };
}

function namesFor(index: LoadedIndex, schema: FacetSchema, name: string): Names {
  const cache = namesOf(index);
  let built = cache.get(name);
  if (built === undefined) {
    built = buildNames(index, schema, name);
    cache.set(name, built);
  }
  return built;
}

function buildNames(index: LoadedIndex, schema: FacetSchema, name: string): Names {
  const source = schema.byName.get(name)?.source;
  const byName = new Map<string, Set<string>>();
  const bySurname = new Map<string, Set<string>>();
  const values: Named[] = [];
  const add = (map: Map<string, Set<string>>, key: string, id: string): void => {
    if (key === '') return;
    let ids = map.get(key);
    if (ids === undefined) map.set(key, (ids = new Set()));
    ids.add(id);
  };
  const known = (id: string, label: string, others: readonly string[] = []): void => {
    values.push({ id, label });
    for (const alias of [id, label, ...others]) add(byName, phraseForm(alias), id);
  };
  if (source?.kind === 'tag' && source.entity === 'country') {
    for (const country of Object.values(index.entities.countries)) known(country.code, country.name, country.names ?? []);
  } else if (source?.kind === 'tag' && source.entity === 'person') {
    for (const person of Object.values(index.entities.persons)) {
      known(person.id, person.name);
      add(bySurname, phraseForm(person.name).split(' ').pop() ?? '', person.id);
    }
  } else if (source?.kind === 'tag' && source.entity === 'place') {
    for (const place of Object.values(index.entities.places)) known(place.id, place.label, [place.name, ...(place.names ?? [])]);
  } else if (source?.kind === 'tag') {
    for (const topic of Object.values(index.entities.topics)) known(topic.id, topic.label);
  } else {
    for (const value of index.columns[name]?.values ?? []) known(value, value);
  }
  return { values, byName, bySurname };
}

/** Up to three values whose folded label starts with the value or is within two edits of it. */
function suggestions(names: Names, folded: string): Named[] {
  if (folded === '') return [];
  const scored: Array<{ named: Named; distance: number }> = [];
  for (const named of names.values) {
    const label = phraseForm(named.label);
    const distance = label.startsWith(folded) || label.includes(` ${folded}`) ? 0 : boundedEditDistance(folded, label, 2, true);
    if (distance <= 2) scored.push({ named, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.named.label.localeCompare(b.named.label, 'en'));
  return scored.slice(0, 3).map((entry) => entry.named);
}

function unknown<T>(where: string, what: string, value: string, near: readonly Named[]): Result<T> {
  const hint = near.length > 0 ? `; did you mean ${listOf(near)}?` : '';
  return { ok: false, error: { code: 'unknown_value', message: `${where}: no ${what} "${clip(value)}" in this index${hint}` } };
}

function listOf(values: readonly Named[]): string {
  return values.map((named) => (named.label === named.id ? named.id : `${named.label} (${named.id})`)).join(', ');
}

function clip(value: string): string {
  const line = value.replace(/[\r\n]+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
