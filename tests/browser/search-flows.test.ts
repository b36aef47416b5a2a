import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../index/types.ts';
import { buildIndex } from '../../index/store/builder.ts';
import type { IndexContent } from '../../index/store/format.ts';
import { fixtureContent, fixtureIndex } from '../server/pages-fixture.ts';
import { collectErrors, isInViewport, launchChromium, resultCount, startApp, type RunningApp } from './browser-helpers.ts';

/**
 * The journeys of a reader, in a real browser, with JavaScript and without: search, filter by a country, open the
 * paragraph, come back. Expected numbers come from the JSON API of the same running app.
 */

let browser: Browser;
let app: RunningApp;

beforeAll(async () => {
  browser = await launchChromium();
  app = await startApp(fixtureIndex());
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function apiTotal(query: string): Promise<number> {
  const response = await fetch(`${app.url}/api/search?${query}`);
  return ((await response.json()) as SearchPage).total;
}

/** The country (code and name) with the most paragraphs among the results of a query, and not all of them. */
async function narrowingCountry(query: string): Promise<{ code: string; name: string; total: number }> {
  const response = await fetch(`${app.url}/api/search?${query}`);
  const page = (await response.json()) as SearchPage;
  const value = page.facets.country.find((country) => country.count > 0 && country.count < page.total);
  if (value === undefined) throw new Error(`no country narrows ${query}`);
  return { code: value.value, name: value.label, total: await apiTotal(`${query}&country=${value.value}`) };
}

async function expectParagraphTargeted(page: Page) {
  const hash = new URL(page.url()).hash;
  expect(hash).toMatch(/^#p-\d+$/);
  const target = `[id="${hash.slice(1)}"]`;
  expect(await page.locator(target).evaluate((element) => element.matches(':target'))).toBe(true);
  expect(await isInViewport(page, target)).toBe(true);
  const background = await page.locator(target).evaluate((element) => getComputedStyle(element.closest('.para') ?? element).backgroundColor);
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
}

describe('with JavaScript', () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    errors = collectErrors(page);
  });

  afterEach(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  it('updates the results as you type, without reloading the page', async () => {
    await page.goto(`${app.url}/search`);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const expected = await apiTotal('q=troops');
    await page.locator('#q').click();
    await page.keyboard.type('troops');
    await page.waitForURL(/\/search\?q=troops$/);
    await expect.poll(() => resultCount(page)).toBe(expected);
    expect(await page.locator('.hit').count()).toBe(Math.min(expected, 20));
    expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true);
    expect(await page.title()).toContain('troops');

    // A burst of typing is one history entry: Back returns to the search before it.
    await page.goBack();
    await page.waitForURL(/\/search$/);
    await expect.poll(() => resultCount(page)).toBe(await apiTotal(''));
    expect(await page.locator('#q').inputValue()).toBe('');
  });

  it('ticks a country: the count changes and a chip appears; Back restores the previous search', async () => {
    await page.goto(`${app.url}/search?q=ukraine`);
    const before = await resultCount(page);
    expect(before).toBe(await apiTotal('q=ukraine'));
    const country = await narrowingCountry('q=ukraine');
    await page.locator(`#f-country-${country.code}`).check();
    await page.waitForURL(new RegExp(`country=${country.code}`));
    await expect.poll(() => resultCount(page)).toBe(country.total);
    expect(country.total).not.toBe(before);
    await expect.poll(() => page.locator('.chip .chip-label').allTextContents()).toEqual([country.name]);
    // Focus stays on the checkbox after the results region is replaced.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`f-country-${country.code}`);

    await page.goBack();
    await page.waitForURL(/\/search\?q=ukraine$/);
    await expect.poll(() => resultCount(page)).toBe(before);
    expect(await page.locator('.chip').count()).toBe(0);
    expect(await page.locator(`#f-country-${country.code}`).isChecked()).toBe(false);
  });

  it('removes a filter with its chip, and clears all', async () => {
    await page.goto(`${app.url}/search?country=FR&topic=troops`);
    await page.locator('.chip', { hasText: 'France' }).click();
    await page.waitForURL(/\/search\?topic=troops$/);
    await expect.poll(() => resultCount(page)).toBe(await apiTotal('topic=troops'));
    await page.locator('.chips-clear').click();
    await page.waitForURL(/\/search$/);
    await expect.poll(() => resultCount(page)).toBe(await apiTotal(''));
  });

  it('shows a filter typed into the box as a chip and a ticked box; unticking it takes it out of the query', async () => {
    const country = await narrowingCountry('q=ukraine');
    await page.goto(`${app.url}/search?q=${encodeURIComponent(`ukraine country:${country.code}`)}`);
    expect(await resultCount(page)).toBe(country.total);
    expect(await page.locator('.chip .chip-label').allTextContents()).toEqual([country.name]);
    const box = page.locator(`#f-country-${country.code}`);
    expect(await box.isChecked()).toBe(true);
    await box.click();
    await page.waitForURL(/\/search\?q=ukraine$/);
    await expect.poll(() => resultCount(page)).toBe(await apiTotal('q=ukraine'));
    expect(await page.locator('#q').inputValue()).toBe('ukraine');
    expect(await page.locator('.chip').count()).toBe(0);
  });

  it('follows a result to its paragraph, highlighted and in view, and comes back', async () => {
    await page.goto(`${app.url}/search?q=soldiers`);
    const count = await resultCount(page);
    const link = page.locator('.hit-read').last();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForURL(/\/doc\//);
    expect(new URL(page.url()).pathname + new URL(page.url()).search + new URL(page.url()).hash).toBe(href);
    await expectParagraphTargeted(page);
    expect(await page.locator(`${new URL(page.url()).hash} mark`).count()).toBeGreaterThan(0);

    await page.goBack();
    await page.waitForURL(/\/search\?q=soldiers$/);
    expect(await resultCount(page)).toBe(count);
    expect(await page.locator('#q').inputValue()).toBe('soldiers');
  });

  it('offers suggestions under the box, navigable by keyboard', async () => {
    await page.goto(`${app.url}/search`);
    await page.locator('#q').click();
    await page.keyboard.type('macr');
    const listbox = page.locator('#q-suggestions');
    await expect.poll(() => listbox.isVisible()).toBe(true);
    expect(await page.locator('#q').getAttribute('aria-expanded')).toBe('true');
    const first = page.locator('#q-suggestions [role="option"]').first();
    expect(await first.textContent()).toContain('Emmanuel Macron');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#q').getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(/person=emmanuel-macron/);
    await expect.poll(() => resultCount(page)).toBe(await apiTotal('person=emmanuel-macron'));
    expect(await listbox.isHidden()).toBe(true);
    expect(await page.locator('#q').inputValue()).toBe('');

    await page.locator('#q').click();
    await page.keyboard.type('budg');
    await expect.poll(() => listbox.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await listbox.isHidden()).toBe(true);
  });

  it("copies a result's permalink as an absolute URL", async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await page.goto(`${app.url}/search?q=troops`);
    const button = page.locator('.copy-link').first();
    const permalink = await page.locator('.permalink').first().getAttribute('href');
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${app.url}${permalink}`);
  });

  it('focuses the search box on "/"', async () => {
    await page.goto(`${app.url}/doc/paris-summit`);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
  });

  it('keeps a facet checkbox focused and usable from the keyboard across live updates', async () => {
    await page.goto(`${app.url}/search`);
    await page.locator('#f-country-DE').focus();
    await page.keyboard.press('Space');
    await page.waitForURL(/country=DE/);
    await expect.poll(() => resultCount(page)).toBe(await apiTotal('country=DE'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-country-DE');
    await page.keyboard.press('Space');
    await page.waitForURL(/\/search$/);
    await expect.poll(() => resultCount(page)).toBe(await apiTotal(''));
  });
});

describe('a long facet, with JavaScript', () => {
  let many: RunningApp;
  let context: BrowserContext;

  beforeAll(async () => {
    many = await startApp(buildIndex(manySources()));
  });

  afterAll(async () => {
    await context?.close();
    await many?.close();
  });

  it('filters its values with the filter box, opening "show more", and ticks one', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${many.url}/search`);
    const facet = page.locator('.facet[data-facet="source"]');
    const more = facet.locator('.facet-more');
    expect(await more.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    const filter = facet.locator('.facet-filter');
    await filter.fill('herald');
    const visible = facet.locator('.facet-option:visible .facet-label');
    await expect.poll(() => visible.allTextContents()).toEqual(expect.arrayContaining(['Herald 3', 'Herald 11']));
    for (const label of await visible.allTextContents()) expect(label.toLowerCase()).toContain('herald');
    expect(await more.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);

    await facet.locator('.facet-option:visible input').first().check();
    await page.waitForURL(/source=Herald/);
    await expect.poll(() => page.locator('.chip').count()).toBe(1);
    // The filter text survives the swap of the results region.
    expect(await page.locator('.facet[data-facet="source"] .facet-filter').inputValue()).toBe('herald');
    expect(errors).toEqual([]);
  });

  it('finds values the page does not hold through /api/facets, ticks one, and says when nothing matches', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${many.url}/search?facetSize=4`);
    const facet = page.locator('.facet[data-facet="source"]');
    const shown = await facet.locator('.facet-option input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(shown).toHaveLength(4);
    const response = await fetch(`${many.url}/api/facets/source?prefix=${encodeURIComponent('herald 1')}&facetSize=20`);
    const body = (await response.json()) as { values: Array<{ value: string; label: string }> };
    const expected = body.values.filter((value) => !shown.includes(value.value)).map((value) => value.label);
    expect(expected.length).toBeGreaterThan(1);

    await facet.locator('.facet-filter').fill('herald 1');
    const found = facet.locator('.facet-found .facet-label');
    await expect.poll(() => found.allTextContents()).toEqual(expected);
    // One click: check() would click again if the live update replaced the box before it read it back.
    await facet.locator('.facet-found input').first().click();
    await page.waitForURL((url) => url.searchParams.getAll('source').includes(expected[0] ?? ''));
    await expect.poll(() => page.locator('.chip .chip-label').allTextContents()).toEqual([expected[0]]);
    expect(await page.locator(`.facet[data-facet="source"] input[value="${expected[0]}"]`).first().isChecked()).toBe(true);

    await page.locator('.facet[data-facet="source"] .facet-filter').fill('zzzz');
    await expect.poll(() => page.locator('.facet[data-facet="source"] .facet-none').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('opens "show more" from the keyboard', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${many.url}/search`);
    const summary = page.locator('.facet[data-facet="source"] .facet-more summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('.facet[data-facet="source"] .facet-more').evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
    await context.close();
  });
});

/** The fixture plus sixteen one-paragraph articles, each from its own source, so the Source facet is long. */
function manySources(): IndexContent {
  const content = fixtureContent();
  for (let i = 0; i < 16; i += 1) {
    const id = `extra-${i}`;
    const source = i % 2 === 0 ? `Gazette ${i}` : `Herald ${i}`;
    content.documents.push({ id, title: `Extra ${i}`, date: '2025-01-01', author: null, source, url: null, metadata: {} });
    content.paragraphs.push({ docId: id, n: 1, section: null, text: `Extra paragraph ${i}.`, countries: [], persons: [], topics: [], places: [] });
  }
  return content;
}

describe('without JavaScript', () => {
  let context: BrowserContext;
  let page: Page;

  beforeEach(async () => {
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('searches from the home page with the plain form', async () => {
    await page.goto(`${app.url}/`);
    await page.locator('#q').fill('troops');
    await page.locator('#q').press('Enter');
    await page.waitForURL(/\/search\?q=troops$/);
    expect(await resultCount(page)).toBe(await apiTotal('q=troops'));
  });

  it('ticks a country and applies it: the count changes and a chip appears; Back restores', async () => {
    await page.goto(`${app.url}/search?q=ukraine`);
    const before = await resultCount(page);
    const country = await narrowingCountry('q=ukraine');
    await page.locator(`#f-country-${country.code}`).check();
    await page.locator('.apply-filters').click();
    await page.waitForURL(new RegExp(`country=${country.code}`));
    expect(await resultCount(page)).toBe(country.total);
    expect(await page.locator('.chip .chip-label').allTextContents()).toEqual([country.name]);

    await page.goBack();
    await page.waitForURL(/\/search\?q=ukraine$/);
    expect(await resultCount(page)).toBe(before);
  });

  it('follows a result to its paragraph, highlighted and in view, and comes back', async () => {
    await page.goto(`${app.url}/search?q=soldiers`);
    await page.locator('.hit-read').last().click();
    await page.waitForURL(/\/doc\//);
    await expectParagraphTargeted(page);
    await page.goBack();
    await page.waitForURL(/\/search\?q=soldiers$/);
    expect(await resultCount(page)).toBe(await apiTotal('q=soldiers'));
  });

  it('pages through results and sorts by date with the plain form', async () => {
    await page.goto(`${app.url}/search?q=defence&size=2`);
    await page.locator('.page-next').click();
    await page.waitForURL(/page=2/);
    expect(await page.locator('.pagination [aria-current="page"]').textContent()).toBe('2');
    await page.locator('#sort').selectOption('date');
    await page.locator('.sort button').click();
    await page.waitForURL(/sort=date/);
    expect(await page.locator('#sort').inputValue()).toBe('date');
  });
});
