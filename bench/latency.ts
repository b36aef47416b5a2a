import { runChild, type ChildOptions } from './child.ts';
import { ENGINES } from './engines.ts';
import type { Variant } from './engine-runners.ts';
import type { LatencyStats, VariantLatency } from './figures.ts';
import { numberAt, numbersAt, record, recordOf } from './parse.ts';
import type { QueryKind } from './query-mix.ts';
import { percentile } from './stats.ts';

/**
 * The latency stage: each engine loaded in a child of its own that runs the query mix round after round. The rounds
 * are split over `chunks` children per engine, the engines taking turns, so that load from elsewhere on a shared
 * machine falls on every engine alike; samples of the chunks are pooled.
 */

export interface LatencyPlan {
  rounds: number;
  warmup: number;
  chunks: number;
}

/** Runs the latency children of every engine and reduces their samples to p50/p99 figures. */
export async function measureLatency(workDir: string, queriesFile: string, plan: LatencyPlan, child: ChildOptions = {}): Promise<Partial<Record<Variant, VariantLatency>>> {
  const samples: Partial<Record<Variant, Partial<Record<QueryKind, number[]>>>> = {};
  const matches: Partial<Record<Variant, Record<string, number>>> = {};
  const roundsPerChunk = Math.max(1, Math.ceil(plan.rounds / plan.chunks));
  for (let chunk = 0; chunk < plan.chunks; chunk += 1) {
    for (const engine of ENGINES) {
      const result = await runChild('measure-latency.ts', [engine, workDir, queriesFile, String(roundsPerChunk), String(plan.warmup)], child);
      const variants = recordOf(result, `latency ${engine}`, (value, what) => {
        const object = record(value, what);
        return {
          samples: recordOf(object.samples, `${what}.samples`, (list, where) => numbersAt({ list }, 'list', where)),
          matches: recordOf(object.matches, `${what}.matches`, (count, where) => numberAt({ count }, 'count', where)),
        };
      });
      for (const [name, figures] of Object.entries(variants)) {
        const variant = name as Variant;
        const pooled = (samples[variant] ??= {});
        for (const [kind, values] of Object.entries(figures.samples)) (pooled[kind as QueryKind] ??= []).push(...values);
        matches[variant] = figures.matches;
      }
    }
  }
  const figures: Partial<Record<Variant, VariantLatency>> = {};
  for (const [variant, perKind] of Object.entries(samples)) {
    figures[variant as Variant] = latencyFigures(perKind, matches[variant as Variant] ?? {});
  }
  return figures;
}

/** p50/p99 per query kind, pooled over the queries with words (all but the browse) and over all of them. */
export function latencyFigures(samples: Partial<Record<QueryKind, number[]>>, matches: Record<string, number>): VariantLatency {
  const byQuery: Partial<Record<QueryKind, LatencyStats>> = {};
  for (const [kind, values] of Object.entries(samples) as Array<[QueryKind, number[]]>) {
    byQuery[kind] = {
      p50: percentile(values, 50),
      p99: percentile(values, 99),
      mean: values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1),
      samples: values.length,
      matches: matches[kind] ?? Number.NaN,
    };
  }
  const pooled = (kinds: (kind: QueryKind) => boolean) => {
    const values = (Object.entries(samples) as Array<[QueryKind, number[]]>).filter(([kind]) => kinds(kind)).flatMap(([, v]) => v);
    return { p50: percentile(values, 50), p99: percentile(values, 99), samples: values.length };
  };
  return { byQuery, words: pooled((kind) => kind !== 'browse'), all: pooled(() => true) };
}
