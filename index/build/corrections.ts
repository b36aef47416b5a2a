import { createHash } from 'node:crypto';
import type { Correction } from '../corrections-file.ts';
import { TAG_FACETS, TAG_FIELD } from '../schema.ts';
import type { EntityCatalog, EntityKind, StoredParagraph } from '../types.ts';

/**
 * Applies an admin's corrections to a build's tags, after tagging: paragraph by paragraph as the index grows, then
 * to the entity catalog. Corrections run in the file's order, each on the result of the ones before, so a merge
 * followed by a reject of its target means the same in every build. Pure but for the counts it keeps.
 */

const FACETS: readonly EntityKind[] = TAG_FACETS;
const CATALOG_FIELD = TAG_FIELD;

/** How many paragraphs a correction changed in a build; 0 means its target is gone (it is kept, as unmatched). */
export interface CorrectionOutcome {
  id: string;
  paragraphs: number;
}

/** A correction and its place in the file's order. */
interface Step {
  order: number;
  correction: Correction;
}

/** The corrections of one build: `paragraph` for each paragraph as it is indexed, `catalog` once at the end. */
export interface CorrectionApplier {
  paragraph<P extends StoredParagraph>(paragraph: P): P;
  catalog(entities: EntityCatalog): void;
  outcomes(): CorrectionOutcome[];
}

/** Compiles corrections into an applier; an empty list gives one that changes nothing. */
export function correctionApplier(corrections: readonly Correction[]): CorrectionApplier {
  const steps = corrections.map((correction, order): Step => ({ order, correction }));
  const everywhere = new Map<EntityKind, Step[]>(FACETS.map((facet) => [facet, []]));
  const onParagraph = new Map<string, Step[]>();
  // Values a correction names, per facet: a paragraph without any of them is left as it is.
  const named = new Map<EntityKind, Set<string>>(FACETS.map((facet) => [facet, new Set()]));
  for (const step of steps) {
    const { correction } = step;
    named.get(correction.facet)?.add(correction.value);
    if (correction.action === 'merge') named.get(correction.facet)?.add(correction.into);
    if (correction.action === 'reject') {
      const key = paragraphKey(correction.docId, correction.n);
      onParagraph.set(key, [...(onParagraph.get(key) ?? []), step]);
    } else {
      everywhere.get(correction.facet)?.push(step);
    }
  }
  const changed = new Map<string, number>(corrections.map((correction) => [correction.id, 0]));
  // Paragraphs still tagged with each named value after correcting, to drop unused entities from the catalog.
  const stillUsed = new Map<EntityKind, Map<string, number>>(FACETS.map((facet) => [facet, new Map()]));

  const paragraph = <P extends StoredParagraph>(input: P): P => {
    if (steps.length === 0) return input;
    const rejects = onParagraph.get(paragraphKey(input.docId, input.n)) ?? [];
    let output = input;
    for (const facet of FACETS) {
      const names = named.get(facet) as Set<string>;
      const field = TAG_FIELD[facet];
      if (!output[field].some((value) => names.has(value))) continue;
      const facetSteps = [...rejects.filter((step) => step.correction.facet === facet), ...(everywhere.get(facet) ?? [])]
        .sort((a, b) => a.order - b.order);
      for (const { correction } of facetSteps) {
        if (!output[field].includes(correction.value)) continue;
        output = correctParagraph(output, correction);
        changed.set(correction.id, (changed.get(correction.id) ?? 0) + 1);
      }
      const used = stillUsed.get(facet) as Map<string, number>;
      for (const value of output[field]) if (names.has(value)) used.set(value, (used.get(value) ?? 0) + 1);
    }
    return output;
  };

  const catalog = (entities: EntityCatalog): void => {
    for (const { correction } of steps) if (correction.action === 'merge') mergeEntity(entities, correction.facet, correction.value, correction.into);
    for (const facet of FACETS) {
      const entries: Record<string, unknown> = entities[CATALOG_FIELD[facet]];
      const used = stillUsed.get(facet) as Map<string, number>;
      for (const value of named.get(facet) ?? []) if (!used.has(value)) delete entries[value];
    }
  };

  return { paragraph, catalog, outcomes: () => corrections.map(({ id }) => ({ id, paragraphs: changed.get(id) ?? 0 })) };
}

/** Applies corrections to a whole set of paragraphs and their catalog: what a build does, for callers and tests. */
export function applyCorrections(
  paragraphs: readonly StoredParagraph[],
  entities: EntityCatalog,
  corrections: readonly Correction[],
): { paragraphs: StoredParagraph[]; entities: EntityCatalog; outcomes: CorrectionOutcome[] } {
  const applier = correctionApplier(corrections);
  const corrected = paragraphs.map((paragraph) => applier.paragraph(paragraph));
  const catalog = structuredClone(entities);
  applier.catalog(catalog);
  return { paragraphs: corrected, entities: catalog, outcomes: applier.outcomes() };
}

/** What the corrections contribute to an index's fingerprint: nothing when there are none, so old indexes stay current. */
export function correctionsFingerprint(baseFingerprint: string, corrections: readonly Correction[]): string {
  if (corrections.length === 0) return baseFingerprint;
  const hash = createHash('sha256').update(baseFingerprint);
  for (const correction of corrections) hash.update(`\0${JSON.stringify(correction)}`);
  return hash.digest('hex');
}

function paragraphKey(docId: string, n: number): string {
  return `${docId}#p-${n}`;
}

/** The paragraph with one correction applied to the facet it names, and to its evidence if it has any. */
function correctParagraph<P extends StoredParagraph>(paragraph: P, correction: Correction): P {
  const field = TAG_FIELD[correction.facet];
  const { facet, value } = correction;
  if (correction.action === 'merge') {
    const { into } = correction;
    const values = [...new Set(paragraph[field].map((tag) => (tag === value ? into : tag)))];
    return correctEvidence({ ...paragraph, [field]: values }, facet, value, (entry) => ({ ...entry, value: into }));
  }
  const corrected = correctEvidence({ ...paragraph, [field]: paragraph[field].filter((tag) => tag !== value) }, facet, value, () => null);
  return facet === 'place' ? withoutRolledUpCountries(paragraph, corrected) : corrected;
}

/**
 * A wrong place takes with it the country it alone gave the paragraph: the country evidence on the place's words that
 * the roll-up wrote ("places: … is in …"), and the country tag when no other evidence for it is left.
 */
function withoutRolledUpCountries<P extends StoredParagraph>(before: P, after: P): P {
  const removed = (before.evidence ?? []).filter((entry) => !(after.evidence ?? []).includes(entry) && entry.facet === 'place');
  if (removed.length === 0 || after.evidence === undefined) return after;
  const evidence = after.evidence.filter((entry) => !(entry.facet === 'country' && entry.rule.startsWith('places: ')
    && removed.some((place) => place.start === entry.start && place.end === entry.end)));
  const countries = after.countries.filter((code) => evidence.some((entry) => entry.facet === 'country' && entry.value === code));
  return { ...after, evidence, countries };
}

/**
 * Paragraphs may carry an `evidence` list of `{ facet, value, … }` (why a tag was given): entries for a corrected tag
 * are rewritten (`merge`) or dropped. Read as unknown, so this holds whether or not the paragraph type declares it.
 */
function correctEvidence<P extends object>(
  paragraph: P,
  facet: EntityKind,
  value: string,
  rewrite: (entry: Record<string, unknown>) => Record<string, unknown> | null,
): P {
  const evidence: unknown = (paragraph as { evidence?: unknown }).evidence;
  if (!Array.isArray(evidence)) return paragraph;
  const corrected = (evidence as unknown[]).flatMap((entry) => {
    const isCorrected = typeof entry === 'object' && entry !== null && (entry as { facet?: unknown }).facet === facet
      && (entry as { value?: unknown }).value === value;
    if (!isCorrected) return [entry];
    const rewritten = rewrite(entry as Record<string, unknown>);
    return rewritten === null ? [] : [rewritten];
  });
  return { ...paragraph, evidence: corrected };
}

/**
 * `value`'s entity merges into `into`'s: its name and other names join the target's `names` or `aliases` when the
 * target has such a list; a target this build did not tag otherwise takes the merged entity's details.
 */
function mergeEntity(entities: EntityCatalog, facet: EntityKind, value: string, into: string): void {
  const entries = entities[CATALOG_FIELD[facet]] as unknown as Record<string, Record<string, unknown>>;
  if (!Object.hasOwn(entries, value)) return;
  const merged = entries[value] as Record<string, unknown>;
  delete entries[value];
  const target = Object.hasOwn(entries, into) ? entries[into] : undefined;
  if (target === undefined) {
    setOwn(entries, into, { ...merged, [facet === 'country' ? 'code' : 'id']: into });
    return;
  }
  const names = [merged.name, ...listOf(merged.names), ...listOf(merged.aliases)].filter((name): name is string => typeof name === 'string');
  const corrected = { ...target };
  for (const list of ['names', 'aliases'] as const) {
    if (!Array.isArray(target[list])) continue;
    corrected[list] = [...new Set([...listOf(target[list]), ...names])].filter((name) => name !== target.name);
  }
  setOwn(entries, into, corrected);
}

/** Sets a key as an own property, so that a hand-written `__proto__` in the file is a name like any other. */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}
