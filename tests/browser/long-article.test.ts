import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longArticleIndex } from '../fixtures/search/long-article.ts';
import { collectErrors, launchChromium, startApp, type RunningApp } from './browser-helpers.ts';

/** A long article in the browser: a bare permalink finds its page, and the page links work without the script. */

const OUT = path.resolve('screenshots');
let browser: Browser;
let app: RunningApp;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  app = await startApp(longArticleIndex());
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('a long article', () => {
  it('sends a permalink to a paragraph on a later page to that page, with the script', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${app.url}/doc/long-report#p-900`);
    await page.waitForURL(/page=2#p-900$/, { timeout: 30_000 });
    await page.locator('#p-900').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#p-900').textContent()).toContain('kestrel');
    await page.screenshot({ path: path.join(OUT, 'long-article-page-2.png') });
    await context.close();
    expect(errors).toEqual([]);
  });

  it('pages by links alone without JavaScript, at phone width', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/doc/long-report`);
    expect(await page.locator('#p-900').count()).toBe(0);
    await page.getByRole('link', { name: 'Next →' }).click();
    await page.waitForURL(/page=2$/, { timeout: 30_000 });
    expect(await page.locator('#p-900').count()).toBe(1);
    await page.locator('nav.pagination').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUT, 'long-article-phone-pages.png') });
    await context.close();
  });
});
