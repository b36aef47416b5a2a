import type { LoadedIndex } from '../store/loaded-index.ts';
import type { Warning } from '../types.ts';
import type { InputFormat } from './formats/sniff.ts';

/** What a build is asked for and what it reports: the options, the progress stages and the summary. Types only. */

export type BuildStage = 'read' | 'tag' | 'index';

export interface BuildOptions {
  knowledgeDir?: string;
  /**
   * Worker threads that segment and tag besides this one (which tags too): 0 for none. By default, one per other
   * core for a corpus big enough to repay starting them, else none. The index is the same either way.
   */
  workers?: number;
  onProgress?: (stage: BuildStage, done: number, total: number) => void;
  /** Clock for `builtAt`; tests pass a fixed one. */
  now?: () => Date;
}

export interface BuildSummary {
  documents: number;
  /** Documents indexed per input format (a feed counts its items); formats with none are absent. */
  documentsByFormat: Partial<Record<InputFormat, number>>;
  paragraphs: number;
  files: number;
  skipped: Warning[];
  countries: number;
  persons: number;
  leaders: number;
  topics: number;
  places: number;
  /** Worker threads that tagged (0: all in this thread), and why they stopped if they failed. */
  threads: number;
  threadFailure: string | null;
  readMs: number;
  /** Segmenting and tagging, as far as this thread waited for it. */
  tagMs: number;
  /** Adding paragraphs to the index as their batches arrive, and finishing it. */
  indexMs: number;
  totalMs: number;
}

export interface BuildOutput {
  index: LoadedIndex;
  summary: BuildSummary;
}
