import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Static checks of the templates and assets: nothing unescaped but the core's snippets, nothing inline. */

const VIEWS = path.resolve('views');

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? templates(file) : entry.name.endsWith('.ejs') ? [file] : [];
  });
}

describe('templates', () => {
  const files = templates(VIEWS);

  it('exist for every page', () => {
    const names = files.map((file) => path.relative(VIEWS, file));
    for (const name of ['home.ejs', 'search.ejs', 'doc.ejs', 'entity.ejs', 'error.ejs']) expect(names).toContain(name);
  });

  it.each(files.map((file) => [path.relative(VIEWS, file), file]))('%s outputs raw HTML only for includes and snippets', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const raw = [...source.matchAll(/<%-\s*([^%]*?)\s*%>/g)].map((match) => match[1] ?? '');
    for (const expression of raw) expect(expression).toMatch(/^(include\(|hit\.snippet$)/);
  });

  it.each(files.map((file) => [path.relative(VIEWS, file), file]))('%s has no inline script, style or event handler', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    expect(source).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(source).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });
});
