import countryCodes from 'i18n-iso-countries';
import type pg from 'pg';
import { BUILT_IN_SCHEMA } from '../../schema.ts';
import { phraseForm } from '../../text.ts';
import type { Result } from '../../types.ts';

/**
 * Filter values as people write them, resolved to the ids a build stores, by the rules of index/query/resolve.ts: a
 * country by code or name, a person by id, name or a surname only one person has, a topic or place by id or label, a
 * source whatever its case; an article by its id. Looked up in `dossier_entities` (folded names, GIN-indexed), one
 * query per filter name for all of a request's values. Suggestions for unknown values are not given yet.
 */

/** One value to resolve: the filter, the value as given, and where it came from (for messages). */
export interface WantedValue {
  name: string;
  value: string;
  where: string;
}

interface EntityRow {
  id: string;
  label: string;
  names: string[];
  surname: string | null;
}

/** Resolves every wanted value (the same order); the first that names nothing, or more than one thing, is the error. */
export async function resolveValues(db: pg.Pool | pg.ClientBase, buildId: number, wanted: readonly WantedValue[]): Promise<Result<string[]>> {
  const byName = new Map<string, WantedValue[]>();
  for (const entry of wanted) {
    const list = byName.get(entry.name) ?? [];
    list.push(entry);
    byName.set(entry.name, list);
  }
  const found = new Map<string, EntityRow[]>();
  await Promise.all([...byName].map(async ([name, entries]) => {
    found.set(name, await candidates(db, buildId, name, entries.map((entry) => entry.value)));
  }));
  const resolved: string[] = [];
  for (const entry of wanted) {
    const one = resolveOne(entry, found.get(entry.name) ?? []);
    if (!one.ok) return one;
    resolved.push(one.value);
  }
  return { ok: true, value: resolved };
}

async function candidates(db: pg.Pool | pg.ClientBase, buildId: number, name: string, values: string[]): Promise<EntityRow[]> {
  const source = BUILT_IN_SCHEMA.byName.get(name)?.source;
  if (source?.kind === 'doc') {
    const { rows } = await db.query<{ id: string }>(
      'SELECT id FROM dossier_documents WHERE build_id = $1 AND id = ANY($2::text[])', [buildId, values],
    );
    return rows.map((row) => ({ id: row.id, label: row.id, names: [], surname: null }));
  }
  const facet = source?.kind === 'tag' ? source.entity : name;
  const folded = values.map(phraseForm);
  const { rows } = await db.query<EntityRow>(
    `SELECT id, label, names, surname FROM dossier_entities
     WHERE build_id = $1 AND facet = $2 AND (id = ANY($3::text[]) OR names && $4::text[] OR surname = ANY($4::text[]))`,
    [buildId, facet, values, folded],
  );
  return rows;
}

function resolveOne({ name, value, where }: WantedValue, rows: readonly EntityRow[]): Result<string> {
  const field = BUILT_IN_SCHEMA.byName.get(name);
  if (field === undefined) return unknown(where, name, value);
  const source = field.source;
  if (source.kind === 'doc') return rows.some((row) => row.id === value) ? { ok: true, value } : unknown(where, 'article', value);
  const isCountry = source.kind === 'tag' && source.entity === 'country';
  if (isCountry && /^[a-z]{2}$/i.test(value)) {
    const code = value.toUpperCase();
    // A real code names a country even when this build has no paragraph about it: an honest zero.
    if (rows.some((row) => row.id === code) || countryCodes.isValid(code)) return { ok: true, value: code };
  }
  if (rows.some((row) => row.id === value)) return { ok: true, value };
  const folded = phraseForm(value);
  let matches = rows.filter((row) => row.names.includes(folded));
  if (matches.length === 0 && source.kind === 'tag' && source.entity === 'person') matches = rows.filter((row) => row.surname === folded);
  const ids = [...new Set(matches.map((row) => row.id))];
  if (ids.length === 1) return { ok: true, value: ids[0] as string };
  if (ids.length > 1) {
    const choices = matches.map((row) => (row.label === row.id ? row.id : `${row.label} (${row.id})`)).join(', ');
    return { ok: false, error: { code: 'unknown_value', message: `${where}: "${clip(value)}" could be ${choices}; give one of them` } };
  }
  if (isCountry) {
    const code = countryCodes.getAlpha2Code(value, 'en');
    if (code !== undefined) return { ok: true, value: code };
  }
  return unknown(where, field.label.toLowerCase(), value);
}

function unknown<T>(where: string, what: string, value: string): Result<T> {
  return { ok: false, error: { code: 'unknown_value', message: `${where}: no ${what} "${clip(value)}" in this index` } };
}

function clip(value: string): string {
  const line = value.replace(/[\r\n]+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
