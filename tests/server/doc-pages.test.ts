import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_PAGE_SIZE } from '../../index/query/index.ts';
import { LONG, longArticleIndex } from '../fixtures/search/long-article.ts';
import { appFor } from '../helpers/test-app.ts';

/**
 * A long article is served a page of paragraphs at a time, on the site and in the API: a document of any length costs
 * one page to answer. Links to a paragraph name its page; the bare permalink stays as it is.
 */

const app = appFor(longArticleIndex());

interface DocBody {
  paragraphs: Array<{ n: number }>;
  paragraphCount: number;
  page: number;
  pages: number;
  pageSize: number;
  countries: Array<{ code: string }>;
}

describe('pages of a long article', () => {
  it.each([
    { page: 1, first: 1, last: DOCUMENT_PAGE_SIZE },
    { page: 2, first: DOCUMENT_PAGE_SIZE + 1, last: 2 * DOCUMENT_PAGE_SIZE },
    { page: 3, first: 2 * DOCUMENT_PAGE_SIZE + 1, last: LONG },
  ])('/api/doc page $page holds paragraphs $first to $last, and counts the whole article', async ({ page, first, last }) => {
    const body = (await request(app).get(`/api/doc/long-report?page=${page}`).expect(200)).body as DocBody;
    expect(body.paragraphs.map((paragraph) => paragraph.n)).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k));
    expect(body).toMatchObject({ paragraphCount: LONG, page, pages: 3, pageSize: DOCUMENT_PAGE_SIZE });
    // The article's tags are those of all its paragraphs, whatever the page.
    expect(body.countries.map((country) => country.code).sort()).toEqual(['DE', 'FR']);
  });

  it.each([
    { query: 'page=4', status: 404, message: 'page 4 does not exist: the article has 3 pages' },
    { query: 'page=0', status: 400, message: 'page' },
    { query: 'page=two', status: 400, message: 'page' },
    { query: 'page=1&page=2', status: 400, message: 'page' },
  ])('answers ?$query with $status', async ({ query, status, message }) => {
    const api = await request(app).get(`/api/doc/long-report?${query}`).expect(status);
    expect(api.body.error.message).toContain(message);
    await request(app).get(`/doc/long-report?${query}`).expect(status);
  });

  it('renders one page on the site, with page links, and says which paragraphs it shows', async () => {
    const page = await request(app).get('/doc/long-report?page=2').expect(200);
    expect(page.text).toContain('id="p-501"');
    expect(page.text).toContain('id="p-1000"');
    expect(page.text).not.toContain('id="p-500"');
    expect(page.text).not.toContain('id="p-1001"');
    expect(page.text).toContain('1,200 paragraphs');
    expect(page.text).toContain('Page 2 of 3: paragraphs 501–1000');
    expect(page.text).toContain('href="/doc/long-report?page=3"');
    expect(page.text).toContain('data-page-size="500"');
    // Without the script, a bare permalink lands on page 1, which says where a later paragraph is.
    expect(page.text).toMatch(/<noscript><p class="doc-page-hint">This article is on 3 pages of 500 paragraphs: paragraph n is on page n ÷ 500/);
    const last = await request(app).get('/doc/long-report?page=3').expect(200);
    expect(last.text).toContain('Annex');
  });

  it('keeps a short article on one page, with no page links', async () => {
    const short = await request(app).get('/doc/paris-summit').expect(200);
    expect(short.text).not.toContain('data-page-size');
    expect(short.text).not.toContain('aria-label="Pages"');
    const body = (await request(app).get('/api/doc/paris-summit').expect(200)).body as DocBody;
    expect(body).toMatchObject({ page: 1, pages: 1 });
    expect(body.paragraphs.length).toBe(body.paragraphCount);
  });

  it('links a search hit to the page that holds its paragraph', async () => {
    const page = await request(app).get('/search?q=kestrel').expect(200);
    expect(page.text).toContain('href="/doc/long-report?q=kestrel&amp;page=2#p-900"');
  });
});
