import { rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { collectGarbage, emitResult } from './child.ts';
import { readParagraphs } from './paragraph-file.ts';
import { INDEX_FILES, isEngine, PARAGRAPHS_FILE } from './engines.ts';

/**
 * Child stage: `measure-build.ts <engine> <corpus> <workDir> <runs>`. Builds the index of one engine `runs` times,
 * keeps the last one in workDir, and prints the build times. Dossier's build runs the whole pipeline on the corpus
 * and writes the paragraphs the baselines then index (dossier must run first).
 */


async function buildDossier(corpus: string, workDir: string, runs: number) {
  const { buildFromCorpus } = await import('../index/build/pipeline.ts');
  const { saveIndex } = await import('../index/store/format.ts');
  const { writeParagraphs } = await import('./paragraph-file.ts');
  const { benchParagraphs } = await import('./dossier.ts');
  const pipeline = {
    totalMs: [] as number[], readMs: [] as number[], tagMs: [] as number[], indexMs: [] as number[], threads: [] as number[],
  };
  let paragraphs = 0;
  let documents = 0;
  let saveMs = Number.NaN;
  for (let run = 0; run < runs; run += 1) {
    collectGarbage();
    const started = performance.now();
    const built = await buildFromCorpus(corpus);
    const elapsed = performance.now() - started;
    if (!built.ok) throw new Error(`dossier build of ${corpus} failed: ${built.error.message}`);
    const { index, summary } = built.value;
    pipeline.totalMs.push(elapsed);
    pipeline.readMs.push(summary.readMs);
    pipeline.tagMs.push(summary.tagMs);
    pipeline.indexMs.push(summary.indexMs);
    pipeline.threads.push(summary.threads);
    paragraphs = summary.paragraphs;
    documents = summary.documents;
    if (run === runs - 1) {
      const file = path.join(workDir, INDEX_FILES.dossier);
      const saveStarted = performance.now();
      await saveIndex(file, index);
      saveMs = performance.now() - saveStarted;
      await writeParagraphs(path.join(workDir, PARAGRAPHS_FILE), benchParagraphs(index));
    }
  }
  const stages = await measureStagesAlone(corpus, runs);
  return { paragraphs, documents, buildMs: pipeline.totalMs, ...prefixed(pipeline), ...stages, saveMs };
}

function prefixed(pipeline: Record<string, number[]>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(pipeline).map(([key, value]) => [`pipeline_${key}`, value]));
}

/** Segmentation and tagging timed on their own, from articles already read, the way build.ts chains them. */
async function measureStagesAlone(corpus: string, runs: number) {
  const { readCorpus } = await import('../index/build/read-corpus.ts');
  const { splitParagraphs } = await import('../index/build/segment.ts');
  const { loadKnowledge } = await import('../index/knowledge/load.ts');
  const { createTagger } = await import('../index/tag/tag-article.ts');
  const read = await readCorpus(corpus, {});
  if (!read.ok) throw new Error(`reading ${corpus} failed: ${read.error.message}`);
  const knowledge = loadKnowledge();
  if (!knowledge.ok) throw new Error(`loading knowledge failed: ${knowledge.error.message}`);
  const articles = read.value.articles;
  const segmentMs: number[] = [];
  const tagMs: number[] = [];
  let sink = 0;
  for (let run = 0; run < runs; run += 1) {
    collectGarbage();
    let started = performance.now();
    const split = articles.map((article) => splitParagraphs(article));
    segmentMs.push(performance.now() - started);
    collectGarbage();
    started = performance.now();
    const tagArticle = createTagger(knowledge.value);
    articles.forEach((article, i) => {
      const paragraphs = split[i] ?? [];
      if (paragraphs.length > 0) sink += tagArticle(article, paragraphs).paragraphs.length;
    });
    tagMs.push(performance.now() - started);
  }
  return { segmentOnlyMs: segmentMs, tagOnlyMs: tagMs, taggedParagraphs: sink / runs };
}

async function buildMiniSearch(workDir: string, runs: number) {
  const { buildRawMiniSearch, saveRawMiniSearch } = await import('./baselines/minisearch-raw.ts');
  const texts = (await readParagraphs(path.join(workDir, PARAGRAPHS_FILE))).map((paragraph) => paragraph.text);
  const buildMs: number[] = [];
  let saveMs = Number.NaN;
  for (let run = 0; run < runs; run += 1) {
    collectGarbage();
    const started = performance.now();
    const index = buildRawMiniSearch(texts);
    buildMs.push(performance.now() - started);
    if (index.documentCount !== texts.length) throw new Error('minisearch lost documents');
    if (run === runs - 1) {
      const saveStarted = performance.now();
      writeFileSync(path.join(workDir, INDEX_FILES.minisearch), saveRawMiniSearch(index));
      saveMs = performance.now() - saveStarted;
    }
  }
  return { paragraphs: texts.length, buildMs, saveMs };
}

async function buildFts5(workDir: string, runs: number) {
  const fts5 = await import('./baselines/fts5.ts');
  const paragraphs = await readParagraphs(path.join(workDir, PARAGRAPHS_FILE));
  const file = path.join(workDir, INDEX_FILES.fts5);
  const buildMs: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    rmSync(file, { force: true });
    collectGarbage();
    const started = performance.now();
    fts5.buildFts5(file, paragraphs).close();
    buildMs.push(performance.now() - started);
  }
  return { paragraphs: paragraphs.length, buildMs, saveMs: 0 };
}

async function main(): Promise<void> {
  const [engine, corpus, workDir, runsText] = process.argv.slice(2);
  const runs = Number(runsText);
  if (!isEngine(engine) || corpus === undefined || workDir === undefined || !(runs >= 1)) {
    throw new Error('usage: measure-build.ts <dossier|minisearch|fts5> <corpus> <workDir> <runs>');
  }
  const figures = engine === 'dossier'
    ? await buildDossier(corpus, workDir, runs)
    : engine === 'minisearch'
      ? await buildMiniSearch(workDir, runs)
      : await buildFts5(workDir, runs);
  const fileBytes = statSync(path.join(workDir, INDEX_FILES[engine])).size;
  emitResult({ ...figures, fileBytes });
}

await main();
