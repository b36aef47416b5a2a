import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import type { LoadedIndex } from '../../index/store/format.ts';
import { collectErrors, launchChromium, startApp, type RunningApp } from './browser-helpers.ts';

/** The article page of the seeds as the real pipeline tags them: each tag's evidence on hover, on focus, underlined. */

const OUT = path.resolve('screenshots');
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 } as const;
const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;

let browser: Browser;
let app: RunningApp;
let index: LoadedIndex;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const built = await buildFromCorpus('seeds');
  if (!built.ok) throw new Error(built.error.message);
  index = built.value.index;
  browser = await launchChromium();
  app = await startApp(index);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The first paragraph that names a person, and that person's evidence there. */
function personParagraph() {
  const paragraph = index.paragraphs.find((p) => p.persons.length > 0 && (p.evidence ?? []).length > 0);
  if (paragraph === undefined) throw new Error('no seed paragraph names a person');
  const person = paragraph.persons[0] ?? '';
  const words = (paragraph.evidence ?? []).filter((e) => e.facet === 'person' && e.value === person).map((e) => paragraph.text.slice(e.start, e.end));
  return { paragraph, person, words };
}

async function open(options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = collectErrors(page);
  return { page, done: async () => { await context.close(); expect(errors).toEqual([]); } };
}

describe('tag evidence on the article page', () => {
  it('shows the words and rule of a tag on keyboard focus and on hover, hidden otherwise', async () => {
    const { paragraph, words } = personParagraph();
    const { page, done } = await open(DESKTOP);
    await page.goto(`${app.url}/doc/${encodeURIComponent(paragraph.docId)}#p-${paragraph.n}`);
    const item = page.locator(`#p-${paragraph.n} ~ .tags .tag-with-evidence:has(.tag-person)`).first();
    const tooltip = item.locator('.tag-evidence');
    expect(await tooltip.isVisible()).toBe(false);
    await item.locator('.tag').focus();
    expect(await tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toContain(`“${words[0]}”`);
    const box = await tooltip.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(DESKTOP.viewport.width);
    await page.screenshot({ path: path.join(OUT, 'evidence-focus-desktop.png') });
    await page.locator('#main').focus();
    await page.mouse.move(0, 0);
    expect(await tooltip.isVisible()).toBe(false);
    await item.hover();
    expect(await tooltip.isVisible()).toBe(true);
    await done();
  });

  it('lists every tag\'s evidence under "Why these tags", opened with a tap on a phone', async () => {
    const { paragraph, words } = personParagraph();
    const { page, done } = await open(PHONE);
    await page.goto(`${app.url}/doc/${encodeURIComponent(paragraph.docId)}#p-${paragraph.n}`);
    const why = page.locator(`#p-${paragraph.n} ~ .para-why`);
    expect(await why.locator('.why-list').isVisible()).toBe(false);
    await why.locator('summary').tap();
    expect(await why.locator('.why-list').isVisible()).toBe(true);
    const tags = paragraph.countries.length + paragraph.persons.length + paragraph.topics.length + paragraph.places.length;
    expect(await why.locator('.why-list > li').count()).toBe(tags);
    const rule = (paragraph.evidence ?? []).find((e) => paragraph.text.slice(e.start, e.end) === words[0])?.rule ?? '';
    expect((await why.locator('.why-line').allTextContents()).some((line) => line.startsWith(`“${words[0]}”`) && line.endsWith(` · ${rule}`))).toBe(true);
    const box = await why.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.viewport.width);
    await why.screenshot({ path: path.join(OUT, 'evidence-why-phone.png') });
    await done();
  });

  for (const [device, options] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`underlines the evidence of a tag from the tooltip's link, and clears it (${device}, no JavaScript)`, async () => {
      const { paragraph, person, words } = personParagraph();
      const { page, done } = await open({ ...options, javaScriptEnabled: false });
      await page.goto(`${app.url}/doc/${encodeURIComponent(paragraph.docId)}#p-${paragraph.n}`);
      // As a keyboard user: Tab reaches the tag, which shows its evidence; the next Tab reaches the tooltip's link.
      const item = page.locator(`#p-${paragraph.n} ~ .tags .tag-with-evidence:has(.tag-person)`).first();
      await item.locator('.tag').focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('tag-evidence-link');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('evidence') === `person:${person}`);
      expect(await page.locator(`#p-${paragraph.n} .evidence-span`).allTextContents()).toEqual(words);
      expect(await page.locator('.doc-evidence').textContent()).toMatch(/Underlining the evidence for Person: /);
      await page.screenshot({ path: path.join(OUT, `evidence-underlined-${device}.png`) });
      await page.locator('.doc-evidence a').click();
      await page.waitForURL((url) => !url.searchParams.has('evidence'));
      expect(await page.locator('.evidence-span').count()).toBe(0);
      await done();
    });
  }
});
