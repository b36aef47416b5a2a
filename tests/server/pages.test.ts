import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../index/store/builder.ts';
import type { SearchPage } from '../../index/types.ts';
import { fixtureApp, fixtureContent, HOSTILE_ATTRIBUTE, HOSTILE_DOC, HOSTILE_SCRIPT } from './pages-fixture.ts';

const app = fixtureApp();
const content = fixtureContent();

async function page(url: string, headers: Record<string, string> = {}) {
  return request(app).get(url).set('Accept', 'text/html').set(headers);
}

async function api(query: string): Promise<SearchPage> {
  const response = await request(app).get(`/api/search?${query}`);
  expect(response.status).toBe(200);
  return response.body as SearchPage;
}

/** The values of an attribute on elements with a class, in document order. */
function attributes(html: string, className: string, attribute: string): string[] {
  const pattern = new RegExp(`<[a-z]+ [^>]*class="${className}"[^>]*>`, 'g');
  return [...html.matchAll(pattern)].map((match) => {
    const value = new RegExp(`${attribute}="([^"]*)"`).exec(match[0]);
    return value?.[1] ?? '';
  });
}

function unescape(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&#34;/g, '"').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The text content of the first element with an id. */
function textOf(html: string, id: string): string {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return unescape((match?.[1] ?? '').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
}

function paragraphsTagged(field: 'countries' | 'persons' | 'topics', id: string) {
  return content.paragraphs.filter((paragraph) => paragraph[field].includes(id));
}

describe('home page', () => {
  it('shows the corpus at a glance with the top entities linking into the search', async () => {
    const response = await page('/');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain(`${content.documents.length} articles`);
    expect(response.text).toContain(`${content.paragraphs.length} paragraphs`);
    const dated = content.documents.map((doc) => doc.date).filter((date) => date !== null).sort();
    expect(dated.length).toBeGreaterThan(1);
    expect(response.text).toContain(`${Number(dated[0]?.slice(8))} `);
    const countryCounts = Object.keys(content.entities.countries)
      .map((code) => ({ code, count: paragraphsTagged('countries', code).length }))
      .sort((a, b) => b.count - a.count);
    const links = attributes(response.text, 'top-link', 'href');
    expect(links[0]).toBe(`/search?country=${countryCounts[0]?.code}`);
    expect(links).toContain('/search?person=emmanuel-macron');
    expect(links).not.toContain('/search?person=anna-weber');
    expect(response.text).toMatch(/<form[^>]+action="\/search"[^>]+method="get"/);
  });
});

describe('search page', () => {
  it.each([
    ['q=troops'],
    ['q=macron'],
    ['q=ukraine&country=FR&country=GB'],
    ['topic=spending&sort=date'],
    ['q=defence&size=2&page=2'],
    [''],
  ])('shows the same hits in the same order as the JSON API for %s', async (query) => {
    const [response, json] = await Promise.all([page(`/search?${query}`), api(query)]);
    expect(response.status).toBe(200);
    const permalinks = attributes(response.text, 'permalink', 'href').map(unescape);
    expect(permalinks).toEqual(json.hits.map((hit) => hit.url));
    expect(response.text).toContain(json.total === 1 ? '1 paragraph<' : `${json.total} paragraphs`);
  });

  it('links each hit to its paragraph in the article, with the query to mark', async () => {
    const response = await page('/search?q=troops');
    const reads = attributes(response.text, 'hit-read', 'href').map(unescape);
    const json = await api('q=troops');
    expect(reads).toEqual(json.hits.map((hit) => `/doc/${hit.docId}?q=troops#p-${hit.n}`));
  });

  it('renders facets with labels, counts and the disjunctive selection, and a chip per filter', async () => {
    const response = await page('/search?country=FR&topic=troops');
    const json = await api('country=FR&topic=troops&facetSize=60');
    const france = json.facets.country.find((value) => value.value === 'FR');
    expect(france?.selected).toBe(true);
    expect(response.text).toMatch(/<input id="f-country-FR" type="checkbox" name="country" value="FR" form="search-form" checked>/);
    expect(textOf(response.text, 'f-country-FR" type="checkbox" name="country" value="FR" form="search-form" checked>\\s*<label for="f-country-FR"><span class="facet-label')).toBe('France');
    const germany = json.facets.country.find((value) => value.value === 'DE');
    expect(germany?.selected).toBe(false);
    expect(response.text).toContain(`<span class="facet-label">Germany</span> <span class="count">${germany?.count}</span>`);
    const chips = attributes(response.text, 'chip', 'href').map(unescape);
    expect(chips).toEqual(['/search?topic=troops', '/search?country=FR']);
    expect(attributes(response.text, 'chips-clear', 'href')).toEqual(['/search']);
  });

  it('shows filters typed into q as chips; removing one rewrites q, and its results match the API', async () => {
    const response = await page('/search?q=troops+country%3Afr&topic=troops');
    const chips = attributes(response.text, 'chip', 'href').map(unescape);
    expect(chips).toEqual(['/search?q=troops&topic=troops', '/search?q=troops+country%3Afr']);
    expect(response.text).toContain('<span class="chip-label">France</span>');
    expect(attributes(response.text, 'chips-clear', 'href').map(unescape)).toEqual(['/search?q=troops']);
    const without = await page(chips[0] ?? '');
    expect(textOf(without.text, 'results-summary')).toContain(`${(await api('q=troops&topic=troops')).total} paragraph`);
  });

  it('splits people into leaders and others', async () => {
    const response = await page('/search');
    const leaders = /data-facet="leaders"[\s\S]*?<\/fieldset>/.exec(response.text)?.[0] ?? '';
    const people = /data-facet="people"[\s\S]*?<\/fieldset>/.exec(response.text)?.[0] ?? '';
    for (const person of Object.values(content.entities.persons)) {
      expect(person.leader ? leaders : people).toContain(`value="${person.id}"`);
      expect(person.leader ? people : leaders).not.toContain(`value="${person.id}"`);
    }
  });

  it('makes each tag of a hit a link that adds its filter', async () => {
    const response = await page('/search?q=coalition');
    const tags = attributes(response.text, 'tag tag-country', 'href').map(unescape);
    expect(tags.length).toBeGreaterThan(0);
    for (const href of tags) expect(href).toMatch(/^\/search\?q=coalition&country=[A-Z]{2}$/);
  });

  it('paginates with links that keep the search', async () => {
    const response = await page('/search?q=defence&size=2');
    const json = await api('q=defence&size=2');
    expect(json.total).toBeGreaterThan(2);
    expect(response.text).toContain('href="/search?q=defence&amp;page=2&amp;size=2" rel="next"');
    const last = Math.ceil(json.total / 2);
    expect(response.text).toContain(`aria-label="Page ${last}"`);
  });

  it('says when it relaxed the query to any of the words', async () => {
    const json = await api('q=troops+xylophone');
    expect(json.relaxed).toBe(true);
    const response = await page('/search?q=troops+xylophone');
    expect(response.text).toContain('notice-relaxed');
    const strict = await page('/search?q=troops');
    expect(strict.text).not.toContain('notice-relaxed');
  });

  it('suggests a correction when only some words were found', async () => {
    const json = await api('q=troops+sodliers');
    expect(json.relaxed).toBe(true);
    const response = await page('/search?q=troops+sodliers');
    expect(response.text).toMatch(/notice-relaxed[^]*Did you mean <a href="\/search\?q=troops\+soldiers">troops soldiers<\/a>\?/);
  });

  it('suggests a correction for a misspelt word when nothing is found', async () => {
    const response = await page('/search?q=sodliers');
    expect(response.text).toContain('Nothing matches this search');
    expect(response.text).toContain('Did you mean <a href="/search?q=soldiers">soldiers</a>?');
    const corrected = await api('q=soldiers');
    expect(corrected.total).toBeGreaterThan(0);
  });

  it('shows what removing each filter would give when nothing is found', async () => {
    const response = await page('/search?q=coalition&country=PL');
    expect((await api('q=coalition&country=PL')).total).toBe(0);
    const without = await api('q=coalition');
    expect(without.total).toBeGreaterThan(0);
    expect(response.text).toContain(`<a href="/search?q=coalition">Remove <span class="relax-label">Poland</span></a> → ${without.total} paragraph`);
  });

  it('answers a fetch request with the results region only', async () => {
    const response = await page('/search?q=troops', { 'X-Requested-With': 'fetch' });
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('<html');
    expect(response.text).toContain('class="search-layout"');
    expect(response.headers.vary).toMatch(/X-Requested-With/);
    const full = await page('/search?q=troops');
    // The time taken differs between two requests; everything else is the same markup.
    const withoutTime = (html: string) => html.replace(/<span class="took">[^<]*<\/span>/, '');
    expect(withoutTime(full.text)).toContain(withoutTime(response.text).trim());
  });

  it.each([
    ['page=abc', 'page'],
    ['country=France', 'country'],
    ['from=2025-13-01', 'from'],
    ['q=%22unclosed+(', null],
  ])('answers a bad parameter (%s) with the 400 page naming it', async (query, parameter) => {
    const response = await page(`/search?${query}`);
    const json = await request(app).get(`/api/search?${query}`);
    expect(response.status).toBe(json.status);
    if (json.status === 200) return;
    expect(response.status).toBe(400);
    expect(response.text).toContain('class="error-main"');
    expect(response.text).toContain(`<code>${(json.body as { error: { code: string } }).error.code}</code>`);
    if (parameter !== null) expect(textOf(response.text, 'main" class="error-main" tabindex="-1">\\s*<p class="error-status">400</p>\\s*<h1 class="error-title">[^<]*</h1>\\s*<p class="error-message')).toContain(parameter);
  });
});

describe('document page', () => {
  it('shows the whole article with every paragraph as p-N under its sections, with tags', async () => {
    const response = await page('/doc/paris-summit');
    expect(response.status).toBe(200);
    const paragraphs = content.paragraphs.filter((paragraph) => paragraph.docId === 'paris-summit');
    const ids = [...response.text.matchAll(/<p id="p-(\d+)"/g)].map((match) => Number(match[1]));
    expect(ids).toEqual(paragraphs.map((paragraph) => paragraph.n));
    expect(response.text).toContain('<h1 id="doc-title" class="doc-title">European leaders meet in Paris on Ukraine</h1>');
    expect(response.text).toContain('By Claire Dubois');
    expect(response.text).toContain('<time datetime="2025-02-17">17 Feb 2025</time>');
    expect(response.text).toContain('href="https://example.org/paris-summit"');
    const sectionAt = response.text.indexOf('>Divisions</h2>');
    const firstInSection = paragraphs.find((paragraph) => paragraph.section === 'Divisions')?.n;
    expect(sectionAt).toBeGreaterThan(response.text.indexOf('id="p-1"'));
    expect(sectionAt).toBeLessThan(response.text.indexOf(`id="p-${firstInSection}"`));
    expect(response.text).toContain('href="/person/keir-starmer"');
    expect(response.text).toContain('href="#p-2"');
  });

  it('marks the query words when given ?q=', async () => {
    const marked = await page('/doc/paris-summit?q=soldiers');
    expect(marked.text.match(/<mark>soldiers<\/mark>/g)?.length).toBe(2);
    const plain = await page('/doc/paris-summit');
    expect(plain.text).not.toContain('<mark>');
  });

  it('answers an unknown article with the 404 page', async () => {
    const response = await page('/doc/no-such-article');
    expect(response.status).toBe(404);
    expect(response.text).toContain('<code>not_found</code>');
    expect(response.text).toContain('no-such-article');
  });
});

describe('entity pages', () => {
  it.each([
    ['person', 'emmanuel-macron', 'persons', 'Emmanuel Macron'],
    ['country', 'DE', 'countries', 'Germany'],
    ['topic', 'spending', 'topics', 'Defence spending'],
  ] as const)('shows /%s/%s: name, counts, chart, related entities and paragraphs newest first', async (kind, id, field, name) => {
    const response = await page(`/${kind}/${id}`);
    expect(response.status).toBe(200);
    expect(response.text).toContain(`<h1 class="entity-name">${name}</h1>`);
    const mentions = paragraphsTagged(field, id);
    expect(response.text).toContain(`<strong>${mentions.length} paragraph${mentions.length === 1 ? '' : 's'}</strong>`);
    expect(response.text).toContain('<svg class="chart-svg"');
    const json = await api(`${kind}=${id}&sort=date`);
    expect(attributes(response.text, 'permalink', 'href')).toEqual(json.hits.map((hit) => hit.url));
    const snippets = [...response.text.matchAll(/<p class="hit-snippet">([\s\S]*?)<\/p>/g)].map((match) => match[1]);
    expect(snippets).toEqual(json.hits.map((hit) => hit.snippet));
    const dates = [...response.text.matchAll(/<time datetime="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    expect(response.text).toContain(`href="/search?${kind}=${id}"`);
  });

  it('charts one bar per month between the first and last mention', async () => {
    const response = await page('/person/emmanuel-macron');
    const months = new Set(paragraphsTagged('persons', 'emmanuel-macron').map((paragraph) => {
      return content.documents.find((doc) => doc.id === paragraph.docId)?.date?.slice(0, 7);
    }));
    const sorted = [...months].filter((month) => month !== undefined).sort();
    const [fy, fm] = (sorted[0] ?? '').split('-').map(Number);
    const [ly, lm] = (sorted[sorted.length - 1] ?? '').split('-').map(Number);
    const span = ((ly ?? 0) - (fy ?? 0)) * 12 + ((lm ?? 0) - (fm ?? 0)) + 1;
    expect(response.text.match(/<rect class="chart-bar"/g)?.length).toBe(span);
  });

  it('lists the people mentioned most often with a person, linking both ways', async () => {
    const response = await page('/person/keir-starmer');
    const related = /aria-labelledby="rel-persons"[\s\S]*?<\/section>/.exec(response.text)?.[0] ?? '';
    expect(related).toContain('href="/person/emmanuel-macron"');
    expect(related).toContain('href="/search?person=keir-starmer&amp;person=emmanuel-macron&amp;personMatch=all"');
    expect(related).not.toContain('href="/person/keir-starmer"');
  });

  it('counts each co-mention as the paragraphs naming both, the same number the linked search reports', async () => {
    const response = await page('/person/keir-starmer');
    const related = /aria-labelledby="rel-persons"[\s\S]*?<\/section>/.exec(response.text)?.[0] ?? '';
    const links = [...related.matchAll(/<a class="count" href="([^"]+)"[^>]*>([\d,]+)<\/a>/g)];
    expect(links.length).toBeGreaterThan(0);
    const starmer = new Set(paragraphsTagged('persons', 'keir-starmer').map((p) => `${p.docId}#${p.n}`));
    for (const [, href = '', shown = ''] of links) {
      const url = new URL(href.replaceAll('&amp;', '&'), 'http://x');
      const other = url.searchParams.getAll('person').find((id) => id !== 'keir-starmer') ?? '';
      const both = paragraphsTagged('persons', other).filter((p) => starmer.has(`${p.docId}#${p.n}`));
      expect(Number(shown.replaceAll(',', ''))).toBe(both.length);
      const api = await request(app).get(`/api/search${url.search}`).expect(200);
      expect((api.body as SearchPage).total).toBe(both.length);
    }
  });

  it('lists an entity\'s paragraphs newest first on a dated corpus, in corpus order on one without dates', async () => {
    expect((await page('/person/keir-starmer')).text).toContain('Paragraphs, newest first');
    const undated = fixtureContent();
    undated.documents = undated.documents.map((doc) => ({ ...doc, date: null }));
    const response = await request(fixtureApp(buildIndex(undated))).get('/person/keir-starmer').expect(200);
    expect(response.text).toContain('Paragraphs, in corpus order');
    expect(response.text).not.toMatch(/newest/i);
  });

  it.each(['/person/nobody', '/country/ZZ', '/topic/nothing'])('answers %s with the 404 page', async (url) => {
    const response = await page(url);
    expect(response.status).toBe(404);
    expect(response.text).toContain('<code>not_found</code>');
  });
});

describe('escaping', () => {
  const hostileQuery = encodeURIComponent(`${HOSTILE_SCRIPT} ${HOSTILE_ATTRIBUTE}`);
  it.each([
    '/',
    `/search?q=${hostileQuery}`,
    '/search?q=macron',
    `/search?q=macron&source=${encodeURIComponent(`Evil ${HOSTILE_ATTRIBUTE} Source`)}`,
    `/search?q=zzzz&source=${encodeURIComponent(HOSTILE_SCRIPT)}`,
    `/doc/${HOSTILE_DOC}`,
    `/doc/${HOSTILE_DOC}?q=${hostileQuery}`,
    `/doc/${encodeURIComponent(HOSTILE_SCRIPT)}`,
    '/person/emmanuel-macron',
    '/country/FR',
    '/topic/troops',
    `/topic/${encodeURIComponent(HOSTILE_ATTRIBUTE)}`,
    `/search?country=${encodeURIComponent(HOSTILE_ATTRIBUTE)}`,
  ])('%s escapes every corpus and user string', async (url) => {
    const response = await page(url);
    expect(response.type).toBe('text/html');
    expect(response.text).not.toContain('<script>alert');
    expect(response.text).not.toContain('<img');
    expect(response.text).not.toMatch(/onerror=alert\(1\)>/);
    expect(response.text).not.toContain('javascript:');
    const scripts = response.text.match(/<script[^>]*>/g) ?? [];
    expect(scripts.every((tag) => / src="\/assets\/[a-z-]+\.js"/.test(tag))).toBe(true);
    expect(response.text).not.toMatch(/ style=|<style/);
  });

  it('shows the hostile article escaped, as text', async () => {
    const response = await page(`/doc/${HOSTILE_DOC}`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('Hostile &lt;script&gt;alert(1)&lt;/script&gt; title');
    expect(response.text).toContain('&#34;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(response.text).toContain('Section &lt;script&gt;');
    expect(response.text).not.toContain('doc-original');
  });

  it.each<Record<string, string>>([{}, { 'X-Requested-With': 'fetch' }])('keeps the hostile article escaped inside search snippets (%o)', async (headers) => {
    const response = await page('/search?q=macron+said', headers);
    expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(response.text).not.toContain('<script>alert');
    expect(response.text).not.toContain('<img');
  });
});

describe('pages and the content security policy', () => {
  it('serves the stylesheet and the script from /assets', async () => {
    for (const [file, type] of [['site.css', /^text\/css$/], ['site.js', /javascript$/]] as const) {
      const response = await request(app).get(`/assets/${file}`);
      expect(response.status).toBe(200);
      expect(response.type).toMatch(type);
    }
    const home = await page('/');
    expect(home.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
