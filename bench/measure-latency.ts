import { readFileSync } from 'node:fs';
import { collectGarbage, emitResult } from './child.ts';
import { isEngine } from './engines.ts';
import { engineLoader, VARIANTS, type Answer } from './engine-runners.ts';
import { parseQueries } from './query-file.ts';

/**
 * Child stage: `measure-latency.ts <engine> <workDir> <queries.json> <rounds> <warmupRounds>`. Loads one engine,
 * answers the whole query mix `warmupRounds` times untimed, then `rounds` times timed, each round in the same
 * fixed order. Prints every sample (ms) per variant and query kind, and the match count of each query.
 */

async function main(): Promise<void> {
  const [engine, workDir, queriesFile, roundsText, warmupText] = process.argv.slice(2);
  const rounds = Number(roundsText);
  const warmup = Number(warmupText);
  if (!isEngine(engine) || workDir === undefined || queriesFile === undefined || !(rounds >= 1) || !(warmup >= 0)) {
    throw new Error('usage: measure-latency.ts <engine> <workDir> <queries.json> <rounds> <warmupRounds>');
  }
  const queries = parseQueries(JSON.parse(readFileSync(queriesFile, 'utf8')) as unknown);
  const loaded = await (await engineLoader(engine))(workDir);
  const figures: Record<string, { samples: Record<string, number[]>; matches: Record<string, number> }> = {};
  for (const variant of VARIANTS[engine]) {
    const answer: Answer | undefined = loaded.answers[variant];
    if (answer === undefined) continue;
    const applicable = queries.filter((query) => answer(query) !== null);
    const samples: Record<string, number[]> = Object.fromEntries(applicable.map((query) => [query.kind, []]));
    const matches: Record<string, number> = {};
    for (const query of applicable) matches[query.kind] = answer(query) ?? 0;
    for (let round = 0; round < warmup; round += 1) for (const query of applicable) answer(query);
    collectGarbage();
    for (let round = 0; round < rounds; round += 1) {
      for (const query of applicable) {
        const started = performance.now();
        answer(query);
        samples[query.kind]?.push(performance.now() - started);
      }
    }
    figures[variant] = { samples, matches };
  }
  emitResult(figures);
}

await main();
