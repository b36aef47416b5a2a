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

/** The import circles among `files`: each as the files of one strongly connected component (Tarjan). */
function importCircles(files: string[]): string[][] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string): void => {
    order.set(file, order.size);
    low.set(file, order.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const target of localImports(file)) {
      if (!order.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, order.get(target) ?? 0));
      }
    }
    if (low.get(file) !== order.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) circles.push(component);
  };
  for (const file of files) if (!order.has(file)) visit(file);
  return circles.map((component) => relative(component));
}

const relative = (files: Iterable<string>) => [...files].map((file) => path.relative(REPO_ROOT, file)).sort();
const within = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const reachedFrom = (folder: string) => relative(reachable(sourceFiles(path.join(REPO_ROOT, folder))));
const BUILD_SIDE = (file: string) => within('index/build')(file) || within('index/tag')(file) || within('index/knowledge')(file) || file === 'index/cli.ts';

describe('dependency directions', () => {
  it('server/ reaches index/ only through the query facade and the store', () => {
    const fromServer = reachedFrom('server');
    expect(fromServer.filter(BUILD_SIDE)).toEqual([]);
    expect(fromServer).toContain('index/query/search.ts');
    const serverFiles = sourceFiles(path.join(REPO_ROOT, 'server'));
    const importsOf = (file: string) => localImports(file).map((target) => path.relative(REPO_ROOT, target));
    const direct = serverFiles.flatMap(importsOf);
    expect([...new Set(direct.filter(within('index')))].sort())
      .toEqual(['index/backend/postgres/index.ts', 'index/query/index.ts', 'index/store/format.ts']);
    // main.ts alone chooses the search backend, so it alone may reach the PostgreSQL backend's facade.
    const postgresImporters = serverFiles.filter((file) => importsOf(file).includes('index/backend/postgres/index.ts'));
    expect(relative(postgresImporters)).toEqual(['server/main.ts']);
  });

  it('query/ and store/ never reach build/, tag/ or knowledge/', () => {
    expect(reachedFrom('index/query').filter(BUILD_SIDE)).toEqual([]);
    expect(reachedFrom('index/store').filter(BUILD_SIDE)).toEqual([]);
  });

  it('recognises the build side where it is (the checks above can fail)', () => {
    const fromCli = relative(reachable([path.join(REPO_ROOT, 'index', 'cli.ts')]));
    expect(fromCli.filter(BUILD_SIDE)).toEqual(expect.arrayContaining(['index/build/pipeline.ts', 'index/build/read-corpus.ts']));
  });

  it('index/ never imports server/ or views/', () => {
    expect(reachedFrom('index').filter((file) => within('server')(file) || within('views')(file))).toEqual([]);
  });

  it('no import circle among the project\'s own modules', () => {
    const files = ['index', 'server', 'bench'].flatMap((folder) => sourceFiles(path.join(REPO_ROOT, folder)));
    expect(importCircles(files)).toEqual([]);
  });

  it('finds an import circle where there is one (the check above can fail)', () => {
    const circles = importCircles([path.join(REPO_ROOT, 'tests', 'fixtures', 'import-circle', 'a.ts')]);
    expect(circles).toEqual([['tests/fixtures/import-circle/a.ts', 'tests/fixtures/import-circle/b.ts']]);
  });
});
