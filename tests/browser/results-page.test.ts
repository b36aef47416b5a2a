import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFromCorpus } from '../../index/build/pipeline.ts';
import type { SearchPage } from '../../index/types.ts';
import { buildIndex } from '../../index/store/builder.ts';
import { fixtureContent, fixtureIndex } from '../server/pages-fixture.ts';
import { collectErrors, isInViewport, launchChromium, resultCount, startApp, type RunningApp } from './browser-helpers.ts';

/**
 * The results page of issue 10 in a real browser: the chart over time and its links, comparing queries, the export
 * links, the filters on a phone (one tap, with and without JavaScript), the keyboard path to the filters, and a
 * corpus without dates. Expected numbers come from the JSON API of the same running app.
 */

const OUT = path.resolve('screenshots');
const DESKTOP = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 } as const;
const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;

let browser: Browser;
let app: RunningApp;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  app = await startApp(fixtureIndex());
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function api(base: string, query: string): Promise<SearchPage> {
  const response = await fetch(`${base}/api/search?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as SearchPage;
}

/** A new page in its own context; `done` closes it and checks there was no script error. */
async function open(options: BrowserContextOptions): Promise<{ page: Page; context: BrowserContext; done: () => Promise<void> }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = collectErrors(page);
  return {
    page,
    context,
    done: async () => {
      await context.close();
      expect(errors).toEqual([]);
    },
  };
}

/** Whether the first element a locator finds lies (at least partly) inside the viewport. */
async function inViewport(locator: Locator): Promise<boolean> {
  return locator.first().evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight && box.height > 0;
  });
}

/** The counts of one column of the chart's table (0: the search, 1…: the comparison queries). */
async function tableColumn(page: Page, column: number): Promise<number[]> {
  return page.locator('#timeline .chart-table tbody tr').evaluateAll(
    (rows, k) => rows.map((row) => Number(row.querySelectorAll('td')[k]?.textContent?.replace(/,/g, '') ?? NaN)),
    column,
  );
}

describe('the chart over time', () => {
  it('draws one bar per period of the timeline, each a link to the search in that period', async () => {
    const { page, done } = await open(DESKTOP);
    const timeline = (await api(app.url, '')).timeline;
    expect(timeline.buckets.length).toBeGreaterThan(2);
    await page.goto(`${app.url}/search`);
    const svg = page.locator('#timeline svg.chart-svg');
    expect(await svg.getAttribute('role')).toBe('img');
    expect(await page.locator('#timeline-desc').textContent()).toMatch(/paragraphs/);
    const links = page.locator('#timeline .chart-series-0 .chart-link');
    expect(await links.count()).toBe(timeline.buckets.length);
    expect(await tableColumn(page, 0)).toEqual(timeline.buckets.map((bucket) => bucket.count));
    // The tallest bar is the busiest period's.
    const heights = await page.locator('#timeline .chart-series-0 .chart-bar').evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().height));
    const busiest = timeline.buckets.reduce((best, bucket, i) => (bucket.count > (timeline.buckets[best]?.count ?? 0) ? i : best), 0);
    expect(Math.max(...heights)).toBe(heights[busiest]);
    expect(heights[busiest]).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(OUT, 'chart-desktop.png') });

    const bucket = timeline.buckets[busiest];
    if (bucket === undefined) throw new Error('no busiest bucket');
    await links.nth(busiest).click();
    await page.waitForURL((url) => url.searchParams.get('from') === bucket.from && url.searchParams.get('to') === bucket.to);
    await expect.poll(() => resultCount(page)).toBe(bucket.count);
    expect((await api(app.url, `from=${bucket.from}&to=${bucket.to}`)).total).toBe(bucket.count);
    await done();
  });

  it('links each cell of its table, the keyboard way to a period', async () => {
    const { page, done } = await open({ ...DESKTOP, javaScriptEnabled: false });
    await page.goto(`${app.url}/search?q=troops`);
    await page.locator('#timeline .chart-table summary').click();
    const cell = page.locator('#timeline .chart-table tbody td a').first();
    const href = await cell.getAttribute('href');
    expect(href).toMatch(/^\/search\?q=troops&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    expect(href).toBe(await page.locator('#timeline .chart-series-0 .chart-link').first().getAttribute('href'));
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/from=/);
    await done();
  });
});

describe('compare', () => {
  it('adds a query as a second series with its own colour and legend entry, and takes it off again', async () => {
    const { page, done } = await open(DESKTOP);
    await page.goto(`${app.url}/search?q=troops`);
    expect(await page.locator('section.timeline .legend-item').count()).toBe(1);
    await page.locator('#compare-q').fill('ceasefire');
    await page.locator('#compare-q').press('Enter');
    await page.waitForURL((url) => url.searchParams.getAll('compare').join() === 'ceasefire' && url.searchParams.get('q') === 'troops');
    await expect.poll(() => page.locator('section.timeline .legend-label').allTextContents()).toEqual(['troops', 'ceasefire']);
    const periods = await page.locator('#timeline .chart-series-0 .chart-bar').count();
    expect(await page.locator('#timeline .chart-series-1 .chart-bar').count()).toBe(periods);
    // The second series counts what the API counts for that query with the same filters.
    const ceasefire = await api(app.url, 'q=ceasefire');
    const column = await tableColumn(page, 1);
    expect(column.reduce((sum, n) => sum + n, 0)).toBe(ceasefire.timeline.buckets.reduce((sum, bucket) => sum + bucket.count, 0));
    const colours = await page.locator('#timeline .chart-bar').evaluateAll((bars) => [...new Set(bars.map((bar) => getComputedStyle(bar).fill))]);
    expect(colours).toHaveLength(2);
    // The hits are still those of the search itself.
    expect(await resultCount(page)).toBe((await api(app.url, 'q=troops')).total);
    await page.screenshot({ path: path.join(OUT, 'compare-desktop.png') });

    await page.locator('section.timeline .legend-remove').click();
    await page.waitForURL((url) => url.searchParams.getAll('compare').length === 0);
    await expect.poll(() => page.locator('#timeline .chart-series-1').count()).toBe(0);
    await done();
  });

  it('adds a query without JavaScript, and keeps it while the search changes', async () => {
    const { page, done } = await open({ ...DESKTOP, javaScriptEnabled: false });
    await page.goto(`${app.url}/search?q=troops`);
    await page.locator('#compare-q').fill('budget');
    await page.locator('.compare-add').click();
    await page.waitForURL(/compare=budget/);
    expect(await page.locator('section.timeline .legend-label').allTextContents()).toEqual(['troops', 'budget']);
    await page.locator('#q').fill('soldiers');
    await page.locator('#q').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'soldiers');
    expect(await page.locator('section.timeline .legend-label').allTextContents()).toEqual(['soldiers', 'budget']);
    await done();
  });

  it.each([
    ['five queries on one chart', 'compare=a&compare=b&compare=c&compare=d'],
    ['an overlong query', `compare=${'x'.repeat(201)}`],
    ['a query the index refuses', `compare=${encodeURIComponent('person:nobody-at-all')}`],
  ])('answers %s with the 400 page', async (_name, query) => {
    const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${app.url}/search?q=troops&${query}`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('.error-message').textContent()).toContain('compare');
    await context.close();
  });
});

describe('the summary and notices', () => {
  it('counts the articles that grouped paragraphs fall into', async () => {
    const { page, done } = await open({ ...DESKTOP, javaScriptEnabled: false });
    const grouped = await api(app.url, 'q=ceasefire%20OR%20defence&group=article');
    expect(grouped.distinct).toBeLessThan(grouped.total);
    expect(grouped.distinct).toBeGreaterThan(1);
    await page.goto(`${app.url}/search?q=ceasefire%20OR%20defence&group=article`);
    const summary = (await page.locator('#results-summary').textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(summary).toContain(`${grouped.total} paragraphs in ${grouped.distinct} articles`);
    expect(await page.locator('.hit').count()).toBe(grouped.hits.length);
    await done();
  });

  it('lists the words typo and prefix matching reached, and links back to exact matching', async () => {
    const { page, done } = await open(DESKTOP);
    const fuzzy = await api(app.url, 'q=budg&fuzzy=on');
    const reached = fuzzy.expanded.flatMap((word) => word.to);
    expect(reached.length).toBeGreaterThan(0);
    await page.goto(`${app.url}/search?q=budg&fuzzy=on`);
    const notice = page.locator('.notice-expanded');
    expect(await notice.locator('b').allTextContents()).toEqual(reached.slice(0, 6));
    expect(await notice.textContent()).toContain('Including typo and prefix matches');
    await notice.locator('.exact-link').click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'budg' && !url.searchParams.has('fuzzy'));
    await expect.poll(() => resultCount(page)).toBe((await api(app.url, 'q=budg')).total);
    // Exact matching still reaches "budgets" for a word with no exact match, and says so.
    const exact = await api(app.url, 'q=budg');
    expect(exact.expanded.map((word) => word.why)).toEqual(['auto']);
    await expect.poll(() => page.locator('.notice-expanded').textContent()).toMatch(/Showing results for budgets \(no exact match for budg\)/);
    expect(await page.locator('.exact-link').count()).toBe(0);
    await done();
  });
});

describe('paragraphs folded into a hit', () => {
  for (const [device, options] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    for (const javaScriptEnabled of [true, false]) {
      it(`opens "more matching paragraphs" with the keyboard and links each to its paragraph (${device}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
        const { page, done } = await open({ ...options, javaScriptEnabled });
        const grouped = await api(app.url, 'q=ceasefire&group=article');
        const folded = grouped.hits.find((hit) => hit.more.count > 0);
        expect(folded).toBeDefined();
        await page.goto(`${app.url}/search?q=ceasefire&group=article`);
        const details = page.locator('.hit-folded.hit-more').first();
        const summary = details.locator('summary');
        expect(await summary.textContent()).toContain(`${folded?.more.count} more matching paragraph`);
        expect(await details.locator('.folded-list').isVisible()).toBe(false);
        await summary.focus();
        await page.keyboard.press('Enter');
        expect(await details.locator('.folded-list').isVisible()).toBe(true);
        const first = folded?.more.shown[0];
        const link = details.locator('.folded-list a').first();
        expect(await link.getAttribute('href')).toBe(`/doc/${first?.docId}?q=ceasefire#p-${first?.n}`);
        if (!javaScriptEnabled) await page.screenshot({ path: path.join(OUT, `folded-more-${device}.png`), fullPage: false });
        const box = await details.boundingBox();
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(options.viewport.width);
        await link.press('Enter');
        await page.waitForURL((url) => url.pathname === `/doc/${first?.docId}` && url.hash === `#p-${first?.n}`);
        expect(await page.locator(`#p-${first?.n}`).count()).toBe(1);
        await done();
      });
    }
  }

  it('lists the other copies of a republished paragraph, each a link to its article', async () => {
    const content = fixtureContent();
    const original = content.documents.find((doc) => doc.id === 'paris-summit');
    const copies = content.paragraphs.filter((paragraph) => paragraph.docId === 'paris-summit');
    if (original === undefined) throw new Error('the fixture has no paris-summit');
    content.documents.push({ ...original, id: 'paris-summit-reprint', title: 'Reprinted: leaders meet in Paris', source: 'Evening Post' });
    content.paragraphs.push(...copies.map((paragraph) => ({ ...paragraph, docId: 'paris-summit-reprint' })));
    content.header = { ...content.header, documents: content.documents.length, paragraphs: content.paragraphs.length };
    const reprinted = await startApp(buildIndex(content));
    try {
      const { page, done } = await open(DESKTOP);
      const body = await api(reprinted.url, 'q=summit');
      const hit = body.hits.find((candidate) => candidate.copies.count > 0);
      expect(hit?.copies.count).toBe(1);
      await page.goto(`${reprinted.url}/search?q=summit`);
      const details = page.locator('.hit-folded.hit-copies').first();
      expect((await details.locator('summary').textContent())?.trim()).toBe('Same text in 1 more paragraph');
      await details.locator('summary').click();
      const link = details.locator('.folded-list a');
      expect(await link.count()).toBe(1);
      const other = hit?.copies.shown[0];
      expect(await link.textContent()).toBe(other?.title);
      expect(await link.getAttribute('href')).toBe(`/doc/${other?.docId}?q=summit#p-${other?.n}`);
      await page.screenshot({ path: path.join(OUT, 'folded-copies-desktop.png') });
      await done();
    } finally {
      await reprinted.close();
    }
  });
});

describe('export links', () => {
  it('carry the query and filters, without paging, and answer with the rows', async () => {
    const { page, done } = await open({ ...DESKTOP, javaScriptEnabled: false });
    await page.goto(`${app.url}/search?q=troops&country=FR&size=2&page=2`);
    const csv = await page.locator('.export-link', { hasText: 'CSV' }).getAttribute('href');
    const jsonl = await page.locator('.export-link', { hasText: 'JSONL' }).getAttribute('href');
    expect(csv).toBe('/api/export?q=troops&country=FR&format=csv');
    expect(jsonl).toBe('/api/export?q=troops&country=FR&format=jsonl');
    expect(await page.getByRole('link', { name: 'Export CSV' }).count()).toBe(1);
    const total = (await api(app.url, 'q=troops&country=FR')).total;
    const rows = (await (await fetch(`${app.url}${jsonl}`)).text()).split('\n').filter((line) => line.trim() !== '');
    expect(rows).toHaveLength(total);
    const response = await fetch(`${app.url}${csv}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/csv/);
    await done();
  });
});

/** The filter controls a reader can use: checkboxes and boxes of the panel, in document order. */
const FIRST_FILTER = '#filters input:not([type="hidden"]):not([hidden]), #filters select, #filters a[href]:not(.filters-close)';

describe('the filters on a phone', () => {
  it('open with one tap and stay open while filters apply live, with JavaScript', async () => {
    const { page, done } = await open(PHONE);
    await page.goto(`${app.url}/search`);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const first = page.locator('#filters .facet-option input').first();
    expect(await first.isVisible()).toBe(false);
    await page.locator('.jump-filters').tap();
    await expect.poll(() => first.isVisible()).toBe(true);
    expect(await inViewport(first)).toBe(true);
    await page.screenshot({ path: path.join(OUT, 'filters-open-phone.png') });

    const value = await first.getAttribute('value');
    await first.tap();
    await page.waitForURL((url) => url.searchParams.get('country') === value);
    const expected = (await api(app.url, `country=${value}`)).total;
    await expect.poll(() => page.locator('.filters-close').textContent()).toBe(`Show ${expected} paragraph${expected === 1 ? '' : 's'}`);
    expect(await page.locator(`#filters input[value="${value}"]`).isVisible()).toBe(true);
    await page.locator('.filters-close').tap();
    await expect.poll(() => page.locator('#filters').isVisible()).toBe(false);
    expect(await isInViewport(page, '#results-summary')).toBe(true);
    expect(await resultCount(page)).toBe(expected);
    expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true);
    await done();
  });

  it('open with one tap without JavaScript, and apply', async () => {
    const { page, done } = await open({ ...PHONE, javaScriptEnabled: false });
    await page.goto(`${app.url}/search?q=ukraine`);
    const first = page.locator('#filters .facet-option input').first();
    expect(await first.isVisible()).toBe(false);
    await page.locator('.jump-filters').tap();
    await page.waitForURL(/#filters$/);
    expect(await first.isVisible()).toBe(true);
    expect(await inViewport(first)).toBe(true);
    await page.screenshot({ path: path.join(OUT, 'filters-open-phone-nojs.png') });

    const value = await first.getAttribute('value');
    await first.tap();
    await page.locator('.apply-filters').tap();
    await page.waitForURL((url) => url.searchParams.get('country') === value);
    expect(await resultCount(page)).toBe((await api(app.url, `q=ukraine&country=${value}`)).total);
    expect(await page.locator('#filters').isVisible()).toBe(false);
    await done();
  });
});

describe('the keyboard', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`reaches the first filter from the search box within ten Tabs (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const { page, done } = await open({ ...DESKTOP, javaScriptEnabled });
      await page.goto(`${app.url}/search?q=troops&country=FR&topic=troops`);
      await page.locator('#q').focus();
      let tabs = 0;
      let reached = false;
      while (tabs < 10 && !reached) {
        await page.keyboard.press('Tab');
        tabs += 1;
        const here = await page.evaluate((selector) => {
          const active = document.activeElement;
          const target = [...document.querySelectorAll<HTMLElement>(selector)].find((element) => element.offsetParent !== null);
          return { first: active !== null && active === target, skip: active?.classList.contains('jump-filters') ?? false };
        }, FIRST_FILTER);
        // The skip link is followed with Enter, as a keyboard user does.
        if (here.skip) {
          expect(await page.locator('.jump-filters').isVisible()).toBe(true);
          if (javaScriptEnabled) await page.screenshot({ path: path.join(OUT, 'skip-to-filters-desktop.png'), clip: { x: 0, y: 0, width: 1280, height: 300 } });
          await page.keyboard.press('Enter');
        }
        reached = here.first;
      }
      expect(reached).toBe(true);
      expect(tabs).toBeLessThanOrEqual(10);
      await done();
    });
  }

  it('labels every control of the results page', async () => {
    const { page, done } = await open(DESKTOP);
    await page.goto(`${app.url}/search?q=troops&compare=ceasefire`);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('main input:not([type="hidden"]), main select, main button, main a[href]')]
      .filter((element) => element.offsetParent !== null || element.closest('svg') !== null)
      .filter((element) => {
        const input = element as HTMLInputElement;
        const named = (element.getAttribute('aria-label') ?? '').trim() !== '' || (element.textContent ?? '').trim() !== ''
          || (input.labels !== undefined && input.labels !== null && input.labels.length > 0);
        return !named;
      })
      .map((element) => element.outerHTML.slice(0, 120)));
    expect(unlabelled).toEqual([]);
    await done();
  });
});

describe('a corpus without dates', () => {
  let undated: RunningApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'dossier-undated-'));
    const texts = [
      ['harbour.txt', '# The harbour reopens\n\nThe harbour reopened to fishing boats after the storm.\n\nFishermen said the catch was small.'],
      ['market.txt', '# A market in the square\n\nThe market returned to the square with fishing nets and bread.\n\nTraders praised the council.'],
      ['council.txt', '# The council meets\n\nThe council discussed the harbour and the market.\n\nA vote was put off.'],
    ];
    for (const [name, text] of texts) writeFileSync(path.join(dir, name ?? ''), text ?? '');
    const built = await buildFromCorpus(dir);
    if (!built.ok) throw new Error(`cannot build the undated corpus: ${built.error.message}`);
    expect(built.value.index.documents.map((document) => document.date)).toEqual([null, null, null]);
    undated = await startApp(built.value.index);
  });

  afterAll(async () => {
    await undated?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [device, options] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`shows no date sort, date range, year facet or chart, and never says "newest" (${device})`, async () => {
      const { page, done } = await open(options);
      expect((await api(undated.url, 'q=harbour')).dated).toBe(false);
      await page.goto(`${undated.url}/search?q=harbour`);
      expect(await resultCount(page)).toBeGreaterThan(0);
      for (const selector of ['#sort option[value="date"]', '#from', '#to', '.facet-years', '#timeline', '.chart-svg']) {
        expect(await page.locator(selector).count(), selector).toBe(0);
      }
      expect(await page.locator('body').textContent()).not.toMatch(/newest/i);
      await page.screenshot({ path: path.join(OUT, `undated-${device}.png`) });
      await page.goto(`${undated.url}/`);
      expect(await page.locator('body').textContent()).not.toMatch(/newest/i);
      await done();
    });
  }

  it('shows all of them on a dated corpus', async () => {
    const { page, done } = await open(DESKTOP);
    await page.goto(`${app.url}/search?q=troops`);
    for (const selector of ['#sort option[value="date"]', '#from', '#to', '.facet-years', '#timeline']) {
      expect(await page.locator(selector).count(), selector).toBe(1);
    }
    await done();
  });
});
