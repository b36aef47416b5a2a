import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emitResult } from './child.ts';
import { judgementsOf, readCranfield, type Cranfield } from './cranfield.ts';
import { averagePrecision, mean, ndcgAt } from './ir-metrics.ts';

/**
 * Child stage: `measure-ranking.ts <cranfieldDir>`. Ranks every Cranfield query with each engine's natural ranking
 * and prints MAP (cut at 1000) and nDCG@10 (graded). Dossier indexes the collection through its real pipeline, so a
 * document may become several paragraphs: a document's score is its best paragraph's, i.e. its first position.
 */

const CUTOFF = 1000;
/** Dossier's page size here; pages are fetched until CUTOFF documents or the end of the answer. */
const DOSSIER_PAGE = 100;

type Ranker = (query: string) => string[];

async function dossierRanker(cranfield: Cranfield, workDir: string): Promise<{ rank: Ranker; paragraphs: number }> {
  const { buildFromCorpus } = await import('../index/build/pipeline.ts');
  const { search } = await import('../index/query/search.ts');
  const { dossierRequest } = await import('./dossier.ts');
  const corpus = path.join(workDir, 'cranfield.jsonl');
  writeFileSync(corpus, cranfield.docs.map((doc) => `${JSON.stringify(doc)}\n`).join(''));
  const built = await buildFromCorpus(corpus);
  if (!built.ok) throw new Error(`building Cranfield failed: ${built.error.message}`);
  const index = built.value.index;
  const rank: Ranker = (text) => {
    const ranking: string[] = [];
    const seen = new Set<string>();
    for (let page = 1; seen.size < CUTOFF; page += 1) {
      const request = { ...dossierRequest({ kind: 'one-word', words: [], phrase: false, filters: {} }, DOSSIER_PAGE, page), q: text };
      const answer = search(index, request);
      if (!answer.ok) throw new Error(`dossier search failed: ${answer.error.message}`);
      for (const hit of answer.value.hits) {
        if (!seen.has(hit.docId)) {
          seen.add(hit.docId);
          ranking.push(hit.docId);
        }
      }
      if (answer.value.hits.length < DOSSIER_PAGE || page * DOSSIER_PAGE >= answer.value.total) break;
    }
    return ranking;
  };
  return { rank, paragraphs: index.paragraphs.length };
}

/** Baselines index one document per Cranfield document: title and text as one field. */
async function baselineRankers(cranfield: Cranfield): Promise<Record<'minisearch' | 'fts5', Ranker>> {
  const { buildRawMiniSearch, searchRaw } = await import('./baselines/minisearch-raw.ts');
  const { buildFts5, matchExpression } = await import('./baselines/fts5.ts');
  const texts = cranfield.docs.map((doc) => `${doc.title}\n${doc.text}`);
  const ids = cranfield.docs.map((doc) => doc.id);
  const idOf = (ordinal: number): string => ids[ordinal] ?? '';
  const mini = buildRawMiniSearch(texts);
  const db = buildFts5(':memory:', texts.map((text) => ({ text, facets: { country: [], person: [], topic: [], place: [], source: [], year: [] } })));
  const ranked = db.prepare('SELECT rowid AS id FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?');
  return {
    minisearch: (text) => searchRaw(mini, text, 'OR').slice(0, CUTOFF).map((result) => idOf(Number(result.id))),
    fts5: (text) => {
      const match = matchExpression(text.split(/\s+/), 'OR');
      if (match === '') return [];
      return (ranked.all(match, CUTOFF) as Array<{ id: number }>).map((row) => idOf(row.id - 1));
    },
  };
}

function evaluate(cranfield: Cranfield, rank: Ranker) {
  const started = performance.now();
  const ap: number[] = [];
  const ndcg: number[] = [];
  for (const query of cranfield.queries) {
    const ranking = rank(query.text);
    const judgements = judgementsOf(cranfield, query.id);
    ap.push(averagePrecision(ranking, judgements, CUTOFF));
    ndcg.push(ndcgAt(10, ranking, judgements));
  }
  return { map: mean(ap), ndcg10: mean(ndcg), queries: ap.length, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const [dir] = process.argv.slice(2);
  if (dir === undefined) throw new Error('usage: measure-ranking.ts <cranfieldDir>');
  const cranfield = readCranfield(dir);
  const workDir = mkdtempSync(path.join(tmpdir(), 'dossier-bench-cranfield-'));
  try {
    const dossier = await dossierRanker(cranfield, workDir);
    const baselines = await baselineRankers(cranfield);
    emitResult({
      documents: cranfield.docs.length,
      dossierParagraphs: dossier.paragraphs,
      dossier: evaluate(cranfield, dossier.rank),
      minisearch: evaluate(cranfield, baselines.minisearch),
      fts5: evaluate(cranfield, baselines.fts5),
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
