import { describe, expect, it } from 'vitest';
import { busyMs, parseCpuProfile, summarizeProfile } from '../../bench/profile-summary.ts';

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber, scriptId: '0', columnNumber: 0 });

describe('summarizeProfile', () => {
  const profile = parseCpuProfile({
    nodes: [
      { id: 1, callFrame: frame('(root)', '', -1), children: [2, 3] },
      { id: 2, callFrame: frame('search', 'file:///app/index/search.ts', 9), children: [4] },
      { id: 3, callFrame: frame('(garbage collector)', '', -1) },
      { id: 4, callFrame: frame('', 'file:///app/node_modules/minisearch/dist/es/index.js', 99) },
    ],
    // Each sample's time is the delta that follows it; the last sample has none.
    samples: [2, 2, 4, 3, 2],
    timeDeltas: [0, 1000, 2000, 3000, 4000],
    startTime: 0,
    endTime: 10000,
  });

  it('sums self time per function, largest first, with project-relative files', () => {
    const summary = summarizeProfile('t', profile, 10, '/app');
    expect(summary.totalMs).toBe(10);
    expect(summary.functions).toEqual([
      { location: 'search (index/search.ts)', selfMs: 3, percent: 30 },
      { location: '(anonymous) (node_modules/minisearch/dist/es/index.js:100)', selfMs: 3, percent: 30 },
      { location: '(garbage collector)', selfMs: 4, percent: 40 },
    ].sort((a, b) => b.selfMs - a.selfMs || (a.location < b.location ? -1 : 1)));
  });

  it('sums self time per file and keeps only the top entries', () => {
    const summary = summarizeProfile('t', profile, 1, '/app');
    expect(summary.files).toEqual([{ location: '(garbage collector)', selfMs: 4, percent: 40 }]);
    expect(summary.functions).toHaveLength(1);
  });

  it('rejects something that is not a profile', () => {
    expect(() => parseCpuProfile({ nodes: 'no' })).toThrow();
  });
});

describe('busyMs', () => {
  it.each([
    // A sample's time is the delta after it, so the last sample counts for nothing.
    { name: 'idle and program frames do not count', samples: [2, 3, 2, 4, 2, 2], expected: 3 },
    { name: 'an idle thread is not busy', samples: [3, 3, 4, 3], expected: 0 },
  ])('$name', ({ samples, expected }) => {
    const profile = parseCpuProfile({
      nodes: [
        { id: 1, callFrame: frame('(root)', '', -1) },
        { id: 2, callFrame: frame('work', 'file:///app/a.ts', 0) },
        { id: 3, callFrame: frame('(idle)', '', -1) },
        { id: 4, callFrame: frame('(program)', '', -1) },
      ],
      samples,
      timeDeltas: samples.map(() => 1000),
    });
    expect(busyMs(profile)).toBe(expected);
  });
});
