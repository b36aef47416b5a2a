/**
 * Parsers for what crosses a process or file boundary into the harness (child results, corpus lines): input is
 * `unknown` until one of these has checked it. A mismatch throws, because it means a bug in the harness itself.
 */

/** A plain object, or a thrown error naming `what`. */
export function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

/** A finite number or NaN (figures that could not be measured travel as null and come back as NaN). */
export function numberAt(value: Record<string, unknown>, key: string, what: string): number {
  const field = value[key];
  if (field === null) return Number.NaN;
  if (typeof field !== 'number') throw new Error(`${what}.${key}: expected a number`);
  return field;
}

/** An array of numbers. */
export function numbersAt(value: Record<string, unknown>, key: string, what: string): number[] {
  const field = value[key];
  if (!Array.isArray(field)) throw new Error(`${what}.${key}: expected an array of numbers`);
  return field.map((item, i) => {
    if (item === null) return Number.NaN;
    if (typeof item !== 'number') throw new Error(`${what}.${key}[${i}]: expected a number`);
    return item;
  });
}

/** A string. */
export function stringAt(value: Record<string, unknown>, key: string, what: string): string {
  const field = value[key];
  if (typeof field !== 'string') throw new Error(`${what}.${key}: expected a string`);
  return field;
}

/** An array of strings, or [] when the field is absent. */
export function stringsAt(value: Record<string, unknown>, key: string, what: string): string[] {
  const field = value[key] ?? [];
  if (!Array.isArray(field) || !field.every((item) => typeof item === 'string')) {
    throw new Error(`${what}.${key}: expected an array of strings`);
  }
  return field as string[];
}

/** An object whose values all pass `parseValue`. */
export function recordOf<T>(value: unknown, what: string, parseValue: (item: unknown, what: string) => T): Record<string, T> {
  const object = record(value, what);
  const parsed: Record<string, T> = {};
  for (const [key, item] of Object.entries(object)) parsed[key] = parseValue(item, `${what}.${key}`);
  return parsed;
}
