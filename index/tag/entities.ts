import type { EntityCatalog } from '../types.ts';

/** An empty entity catalog. */
export function emptyCatalog(): EntityCatalog {
  return { countries: {}, persons: {}, topics: {} };
}

/**
 * Merges `from` into `into`, in place. A person is a leader if any source says so; the first known role and
 * country are kept.
 */
export function mergeEntities(into: EntityCatalog, from: EntityCatalog): void {
  for (const [code, country] of Object.entries(from.countries)) into.countries[code] ??= { ...country };
  for (const [id, topic] of Object.entries(from.topics)) into.topics[id] ??= { ...topic };
  for (const [id, person] of Object.entries(from.persons)) {
    const seen = into.persons[id];
    if (seen === undefined) {
      into.persons[id] = { ...person };
      continue;
    }
    seen.leader ||= person.leader;
    seen.role ??= person.role;
    seen.country ??= person.country;
  }
}
