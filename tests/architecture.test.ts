import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-cli.ts';

/** The design's dependency directions, checked on the import graph of the source files. */

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mjs)$/.test(name) ? [full] : [];
  });
}

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)];
  return specifiers.map((match) => path.resolve(path.dirname(file), (match[1] ?? '').replace(/\?.*$/, '')));
}

/** Every repo file reachable by imports from `entries`. */
function reachable(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...localImports(file));
  }
  return seen;
}

const relative = (files: Iterable<string>) => [...files].map((file) => path.relative(REPO_ROOT, file)).sort();
// The pipeline that reads, segments and tags a corpus. (format.ts's in-memory buildIndex, and so index-builder.ts,
// is reachable: it turns ready paragraphs into an index, and reads no corpus.)
const BUILD_SIDE = /^index\/(read-corpus|segment|decode|article-text|build|index-corpus|tag-[\w-]+|cli)\.(ts|mjs)$|^index\/(tag|knowledge)\//;

describe('dependency directions', () => {
  it('the server never reaches the build side of index/', () => {
    const fromServer = relative(reachable(sourceFiles(path.join(REPO_ROOT, 'server'))));
    expect(fromServer.filter((file) => BUILD_SIDE.test(file))).toEqual([]);
    expect(fromServer).toContain('index/search.ts');
  });

  it('recognises the build side where it is (the check above can fail)', () => {
    const fromCli = relative(reachable([path.join(REPO_ROOT, 'index', 'cli.ts')]));
    expect(fromCli.filter((file) => BUILD_SIDE.test(file))).toEqual(expect.arrayContaining(['index/build.ts', 'index/read-corpus.ts']));
  });

  it('index/ never imports server/ or views/', () => {
    const fromIndex = relative(reachable(sourceFiles(path.join(REPO_ROOT, 'index'))));
    expect(fromIndex.filter((file) => file.startsWith('server/') || file.startsWith('views/'))).toEqual([]);
  });
});
