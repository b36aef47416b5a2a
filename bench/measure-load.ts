import { collectGarbage, emitResult, memoryAfterGc } from './child.ts';
import { isEngine } from './engines.ts';
import { engineLoader, type LoadedEngine } from './engine-runners.ts';

/**
 * Child stage: `measure-load.ts <engine> <workDir> <runs>`. Loads one engine's saved index `runs` times and prints
 * the load times, and the heap and RSS after the first load (after a full GC), next to the same figures before it.
 * Only this engine's data is in the process.
 */

async function main(): Promise<void> {
  const [engine, workDir, runsText] = process.argv.slice(2);
  const runs = Number(runsText);
  if (!isEngine(engine) || workDir === undefined || !(runs >= 1)) {
    throw new Error('usage: measure-load.ts <dossier|minisearch|fts5> <workDir> <runs>');
  }
  // Import the engine's code first, so that "before" holds the code and "after" adds only the data.
  const loadEngine = await engineLoader(engine);
  const before = memoryAfterGc();
  const loadMs: number[] = [];
  let after = before;
  for (let run = 0; run < runs; run += 1) {
    collectGarbage();
    const started = performance.now();
    const loaded: LoadedEngine = await loadEngine(workDir);
    loadMs.push(performance.now() - started);
    if (run === 0) after = memoryAfterGc();
    if (loaded.data === undefined) throw new Error('nothing loaded');
  }
  emitResult({
    loadMs,
    heapMB: after.heapMB,
    externalMB: after.externalMB,
    rssMB: after.rssMB,
    heapBeforeMB: before.heapMB,
    externalBeforeMB: before.externalMB,
    rssBeforeMB: before.rssMB,
  });
}

await main();
