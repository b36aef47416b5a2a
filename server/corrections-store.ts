import { readCorrections, writeCorrections, type Correction, type Result } from '../index/query/index.ts';

/** Where the admin routes keep corrections: read as a whole, changed one step at a time. */
export interface CorrectionStore {
  read(): Promise<Result<Correction[]>>;
  /**
   * Reads the list, lets `edit` decide, and writes what it returns: no other change runs in between, so two
   * requests at once never lose one another. An edit that fails writes nothing.
   */
  change<T>(edit: (corrections: Correction[]) => Result<{ corrections: Correction[]; value: T }>): Promise<Result<T>>;
}

/** A store on the corrections file (index/corrections-file.ts reads it with validation and writes it atomically). */
export function fileCorrectionStore(file: string): CorrectionStore {
  let last: Promise<unknown> = Promise.resolve();
  const change = <T>(edit: (corrections: Correction[]) => Result<{ corrections: Correction[]; value: T }>): Promise<Result<T>> => {
    const step = last.then(async (): Promise<Result<T>> => {
      const current = await readCorrections(file);
      if (!current.ok) return current;
      const edited = edit(current.value);
      if (!edited.ok) return edited;
      await writeCorrections(file, edited.value.corrections);
      return { ok: true, value: edited.value.value };
    });
    last = step.catch(() => undefined);
    return step;
  };
  return { read: () => readCorrections(file), change };
}
