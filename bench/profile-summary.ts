import { readFileSync } from 'node:fs';
import path from 'node:path';
import { numberAt, numbersAt, record, stringAt } from './parse.ts';

/**
 * Where the time goes: the self time of each function in a V8 CPU profile (`node --cpu-prof`), summed over the
 * profile's samples, the top ones first. Also runnable: `tsx bench/profile-summary.ts <file.cpuprofile> [top]`.
 */

export interface ProfileNode {
  id: number;
  functionName: string;
  url: string;
  /** 0-based, as V8 writes it. */
  lineNumber: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds since the previous sample, one per sample. */
  timeDeltas: number[];
}

export interface SelfTime {
  /** `name (file:line)` with the file relative to the project where it is inside it. */
  location: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  name: string;
  totalMs: number;
  functions: SelfTime[];
  /** Self time summed per source file (or per V8 pseudo-frame such as "(garbage collector)"). */
  files: SelfTime[];
}

/** Parses a .cpuprofile's JSON. */
export function parseCpuProfile(value: unknown): CpuProfile {
  const profile = record(value, 'cpuprofile');
  if (!Array.isArray(profile.nodes)) throw new Error('cpuprofile.nodes: expected an array');
  const nodes = profile.nodes.map((item, i) => {
    const node = record(item, `cpuprofile.nodes[${i}]`);
    const frame = record(node.callFrame, `cpuprofile.nodes[${i}].callFrame`);
    return {
      id: numberAt(node, 'id', 'node'),
      functionName: stringAt(frame, 'functionName', 'callFrame'),
      url: stringAt(frame, 'url', 'callFrame'),
      lineNumber: numberAt(frame, 'lineNumber', 'callFrame'),
    };
  });
  return { nodes, samples: numbersAt(profile, 'samples', 'cpuprofile'), timeDeltas: numbersAt(profile, 'timeDeltas', 'cpuprofile') };
}

/**
 * Sums each sample's time (the delta until the next sample) into the function it hit, and into that function's
 * file; returns the `top` of each, largest first. `root` shortens file URLs inside the project.
 */
export function summarizeProfile(name: string, profile: CpuProfile, top = 15, root = ''): ProfileSummary {
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const node = nodeById.get(id);
    if (node === undefined) return;
    totalUs += us;
    const file = shortFile(node.url, root);
    // tsx hands V8 transpiled TypeScript, so line numbers in .ts files are meaningless; the name is what counts.
    const where = file.endsWith('.ts') ? file : `${file}:${node.lineNumber + 1}`;
    // Frames without a script are V8's own: "(garbage collector)", builtins, or unnamed native code.
    const native = node.functionName || '(native, unnamed)';
    const fn = node.url === '' ? native : `${node.functionName || '(anonymous)'} (${where})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const fileKey = node.url === '' ? native : file;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  });
  const ranked = (totals: Map<string, number>): SelfTime[] =>
    [...totals.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .map(([location, us]) => ({ location, selfMs: us / 1000, percent: totalUs === 0 ? 0 : (100 * us) / totalUs }));
  return { name, totalMs: totalUs / 1000, functions: ranked(byFunction), files: ranked(byFile) };
}

function shortFile(url: string, root: string): string {
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (root !== '' && file.startsWith(`${root}/`)) return file.slice(root.length + 1);
  const modules = file.lastIndexOf('/node_modules/');
  return modules >= 0 ? file.slice(modules + 1) : file;
}

/** Self time outside V8's "(idle)" and "(program)" pseudo-frames: how busy the profiled thread was. */
export function busyMs(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((node) => node.url === '' && /^\((idle|program)\)$/.test(node.functionName)).map((node) => node.id));
  return profile.samples.reduce((sum, id, i) => sum + (idle.has(id) ? 0 : (profile.timeDeltas[i + 1] ?? 0)), 0) / 1000;
}

/** A summary as text lines for the terminal and the markdown report. */
export function formatSummary(summary: ProfileSummary): string[] {
  const lines = [`${summary.name}: ${summary.totalMs.toFixed(0)} ms sampled; top self time by function:`];
  for (const entry of summary.functions) lines.push(`  ${entry.percent.toFixed(1).padStart(5)}%  ${entry.selfMs.toFixed(0).padStart(7)} ms  ${entry.location}`);
  lines.push('  by file:');
  for (const entry of summary.files.slice(0, 8)) lines.push(`  ${entry.percent.toFixed(1).padStart(5)}%  ${entry.selfMs.toFixed(0).padStart(7)} ms  ${entry.location}`);
  return lines;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [file, top] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exitCode = 2;
  } else {
    const profile = parseCpuProfile(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    const root = path.resolve(import.meta.dirname, '..');
    console.log(formatSummary(summarizeProfile(path.basename(file), profile, Number(top ?? 20), root)).join('\n'));
  }
}
