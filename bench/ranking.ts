import { runChild, type ChildOptions } from './child.ts';
import type { RankingFigures } from './figures.ts';
import { numberAt, record } from './parse.ts';

/** The ranking stage: Cranfield MAP and nDCG@10 of each engine, computed in a child (measure-ranking.ts). */
export async function measureRanking(cranfieldDir: string, child: ChildOptions = {}): Promise<RankingFigures> {
  const result = record(await runChild('measure-ranking.ts', [cranfieldDir], child), 'ranking');
  const engine = (name: string) => {
    const figures = record(result[name], `ranking.${name}`);
    return {
      map: numberAt(figures, 'map', name),
      ndcg10: numberAt(figures, 'ndcg10', name),
      queries: numberAt(figures, 'queries', name),
      ms: numberAt(figures, 'ms', name),
    };
  };
  return {
    documents: numberAt(result, 'documents', 'ranking'),
    dossierParagraphs: numberAt(result, 'dossierParagraphs', 'ranking'),
    engines: { dossier: engine('dossier'), minisearch: engine('minisearch'), fts5: engine('fts5') },
  };
}
