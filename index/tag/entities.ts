import type { EntityCatalog } from '../types.ts';

/** An empty entity catalog. */
export function emptyCatalog(): EntityCatalog {
  return { countries: {}, persons: {}, topics: {}, places: {} };
}

/**
 * Merges `from` into `into`, in place. A person is a leader of the corpus if any article makes them one (an
 * article is one time: see people.ts); the first known role and country are kept, except that the first article
 * making them a leader gives its role, so the role says what they led ("Chancellor of the Exchequer") rather than
 * what an article without a date could only list. The name stays the first article's.
 */
export function mergeEntities(into: EntityCatalog, from: EntityCatalog): void {
  for (const [code, country] of Object.entries(from.countries)) into.countries[code] ??= { ...country };
  for (const [id, topic] of Object.entries(from.topics)) into.topics[id] ??= { ...topic };
  for (const [id, place] of Object.entries(from.places)) into.places[id] ??= { ...place };
  for (const [id, person] of Object.entries(from.persons)) {
    const seen = into.persons[id];
    if (seen === undefined) {
      into.persons[id] = { ...person };
      continue;
    }
    if (person.leader && !seen.leader) {
      seen.leader = true;
      seen.role = person.role ?? seen.role;
      seen.country = person.country ?? seen.country;
      continue;
    }
    seen.role ??= person.role;
    seen.country ??= person.country;
  }
}
