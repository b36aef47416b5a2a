import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LoadedIndex } from '../../index/store/format.ts';
import { createApp } from '../../server/app.ts';
import { swappableIndex } from '../../server/index-source.ts';

/** Shared set-up of the browser tests: Debian's Chromium driven by playwright-core, and the app on a free port. */

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Launches headless Chromium; fails, never skips, when the binary is missing, saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.DOSSIER_CHROMIUM || DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. The browser tests need it: install it with `
      + '"apt-get install chromium" (Debian/Ubuntu), or set DOSSIER_CHROMIUM to the path of a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A running app over an index, on an ephemeral port of the loopback interface. */
export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Starts the app with `listen(0)`; `close` stops it. */
export async function startApp(index: LoadedIndex): Promise<RunningApp> {
  const app = createApp({ index: swappableIndex(index), config: { adminToken: null }, log: () => {} });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

/** Collects script errors and console errors (a CSP violation is one) of a page, to assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** The number at the start of the results summary ("12 paragraphs …"), or 0 for "No paragraphs found". */
export async function resultCount(page: Page): Promise<number> {
  const text = (await page.locator('#results-summary').textContent()) ?? '';
  const match = /([\d,]+)\s+paragraphs?/.exec(text);
  return match ? Number(match[1]?.replace(/,/g, '')) : 0;
}

/** Whether an element's box lies (at least partly) inside the viewport. */
export async function isInViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight && box.height > 0;
  });
}
