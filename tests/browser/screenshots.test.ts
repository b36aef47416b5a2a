import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../index/store/format.ts';
import type { SearchPage } from '../../index/types.ts';
import { collectErrors, launchChromium, startApp, type RunningApp } from './browser-helpers.ts';
import { screenshotIndex } from './screenshot-index.ts';

/**
 * Screenshots of the main pages at desktop and phone widths, into screenshots/ (gitignored), for people to look at.
 * Each page is also checked for what would make it look broken: horizontal scrolling, or script errors.
 */

const OUT = path.resolve('screenshots');
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 740 } } as const;

let browser: Browser;
let app: RunningApp;
let index: LoadedIndex;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  index = await screenshotIndex();
  app = await startApp(index);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Pages worth showing, found through the API so nothing depends on the corpus's exact content. */
async function pages(): Promise<Array<{ name: string; url: string }>> {
  const query = 'troops';
  const response = await fetch(`${app.url}/api/search?q=${query}`);
  const results = (await response.json()) as SearchPage;
  const hit = results.hits.find((candidate) => candidate.date !== null && candidate.n > 3) ?? results.hits[0];
  const person = results.facets.person.find((value) => value.leader) ?? results.facets.person[0];
  const country = results.facets.country[0];
  if (hit === undefined || person === undefined || country === undefined) throw new Error(`the screenshot corpus has no hit for "${query}" with a person`);
  return [
    { name: 'home', url: '/' },
    { name: 'results', url: `/search?q=${query}` },
    { name: 'results-filtered', url: `/search?q=${query}&person=${encodeURIComponent(person.value)}` },
    { name: 'results-typed-filter', url: `/search?q=${encodeURIComponent(`${query} country:${country.value}`)}` },
    { name: 'results-compare', url: `/search?q=${query}&compare=ceasefire&compare=${encodeURIComponent('nuclear weapons')}&compare=Macron` },
    { name: 'results-fuzzy', url: `/search?q=${query}&fuzzy=on` },
    { name: 'results-typo', url: '/search?q=ceasfire' },
    { name: 'no-results', url: '/search?q=sodliers+zzyzx' },
    { name: 'article', url: `/doc/${encodeURIComponent(hit.docId)}?q=${query}#p-${hit.n}` },
    { name: 'entity', url: `/person/${encodeURIComponent(person.value)}` },
    { name: 'error', url: '/doc/no-such-article' },
  ];
}

describe('screenshots', () => {
  for (const [device, viewport] of Object.entries(WIDTHS)) {
    it(`of every page at ${device} width (${viewport.width}px)`, async () => {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const errors = collectErrors(page);
      for (const { name, url } of await pages()) {
        await page.goto(`${app.url}${url}`);
        await page.waitForLoadState('load');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} scrolls sideways at ${viewport.width}px`).toBeLessThanOrEqual(0);
        // The first screen is what a reader sees on arrival (for the article: the target paragraph); the full page is for review.
        await page.screenshot({ path: path.join(OUT, `${name}-${device}.png`) });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: path.join(OUT, `${name}-${device}-full.png`), fullPage: true });
      }
      await context.close();
      expect(errors.filter((error) => !error.includes('404'))).toEqual([]);
    });
  }

  it('of the results page with suggestions open', async () => {
    const context = await browser.newContext({ viewport: WIDTHS.desktop });
    const page = await context.newPage();
    await page.goto(`${app.url}/search?q=troops`);
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('mac');
    await page.locator('#q-suggestions').waitFor({ state: 'visible' });
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: path.join(OUT, 'suggestions-desktop.png') });
    await context.close();
  });

  it('of a facet filter box finding values the page does not hold', async () => {
    const context = await browser.newContext({ viewport: WIDTHS.desktop });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const response = await fetch(`${app.url}/api/search?q=troops&facetSize=60`);
    const results = (await response.json()) as SearchPage;
    // A country past the first three: with facetSize=3 the page does not hold it, so the box must fetch it.
    const wanted = results.facets.country[4] ?? results.facets.country[results.facets.country.length - 1];
    if (wanted === undefined) throw new Error('the screenshot corpus has no country for "troops"');
    await page.goto(`${app.url}/search?q=troops&facetSize=3`);
    const facet = page.locator('.facet[data-facet="country"]');
    await facet.locator('.facet-filter').fill(wanted.label.slice(0, 3));
    await facet.locator('.facet-found').waitFor({ state: 'visible' });
    await facet.screenshot({ path: path.join(OUT, 'facet-found-desktop.png') });
    await context.close();
    expect(errors).toEqual([]);
  });
});
