import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import type { LoadedIndex } from '../../index/store/format.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { collectErrors, launchChromium, resultCount, startApp, type RunningApp } from './browser-helpers.ts';

/** The place facet in the browser, on a corpus written for it: tick a place, follow a place tag, open its page. */

const OUT = path.resolve('screenshots');
let browser: Browser;
let app: RunningApp;
let index: LoadedIndex;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const built = await buildFromCorpus(path.join(REPO_ROOT, 'tests', 'fixtures', 'places', 'articles.jsonl'));
  if (!built.ok) throw new Error(built.error.message);
  index = built.value.index;
  browser = await launchChromium();
  app = await startApp(index);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const countOf = (id: string): number => index.paragraphs.filter((paragraph) => paragraph.places.includes(id)).length;

describe('the place facet', () => {
  it('ticks a place: the count is its paragraphs, a chip names it, and Back restores', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${app.url}/search`);
    const all = await resultCount(page);
    await page.locator('#f-place-manchester-gb').check();
    await page.waitForURL(/place=manchester-gb/);
    await expect.poll(() => resultCount(page)).toBe(countOf('manchester-gb'));
    await expect.poll(() => page.locator('.chip .chip-label').allTextContents()).toEqual(['Manchester, England, United Kingdom']);
    await page.locator('fieldset[data-facet-name="place"]').screenshot({ path: path.join(OUT, 'place-facet-desktop.png') });
    await page.goBack();
    await expect.poll(() => resultCount(page)).toBe(all);
    await context.close();
    expect(errors).toEqual([]);
  });

  it('follows a place tag of a result without JavaScript, and opens the place page from the article', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/search?q=temperatures`);
    await page.locator('.tag-place', { hasText: 'Texas' }).first().click();
    await page.waitForURL(/q=temperatures.*place=us-tx|place=us-tx.*q=temperatures/);
    const narrowed = (await (await fetch(`${app.url}/api/search?q=temperatures&place=us-tx&size=0`)).json()) as { total: number };
    expect(narrowed.total).toBeGreaterThan(0);
    expect(await resultCount(page)).toBe(narrowed.total);
    await page.goto(`${app.url}/doc/texas-heat`);
    await page.locator('.tag-place', { hasText: 'Paris' }).first().click();
    await page.waitForURL(/\/place\/paris-us$/);
    expect(await page.locator('h1').textContent()).toContain('Paris');
    await page.screenshot({ path: path.join(OUT, 'place-page-phone.png'), fullPage: true });
    await context.close();
  });
});
