import { describe, expect, it } from 'vitest';
import { detectFormat, isCorpusFileName, stripCorpusExtension } from '../../../../index/build/formats/sniff.ts';

const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('detectFormat', () => {
  it.each([
    { name: 'a.txt', head: 'Plain words about a harbour.', expected: 'text' },
    { name: 'a.md', head: '# A heading\n\nText.', expected: 'text' },
    { name: 'a.jsonl', head: '<!doctype html>', expected: 'jsonl' },
    { name: 'saved.txt', head: '  <!DOCTYPE html><html><body>x</body></html>', expected: 'html' },
    { name: 'saved.txt', head: '\xef\xbb\xbf<html lang="en">', expected: 'html' },
    { name: 'page.html', head: '<div>a fragment</div>', expected: 'html' },
    { name: 'page.html', head: '<!-- saved from url=(0042) --><html>', expected: 'html' },
    { name: 'news.xml', head: '<?xml version="1.0"?>\n<rss version="2.0">', expected: 'feed' },
    { name: 'news.xml', head: '<?xml version="1.0"?><?xml-stylesheet href="a.xsl"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">', expected: 'feed' },
    { name: 'news.txt', head: '<rss version="2.0"><channel>', expected: 'feed' },
    { name: 'page.xml', head: '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', expected: 'html' },
    { name: 'report.pdf', head: '%PDF-1.7\n', expected: 'pdf' },
    { name: 'report.txt', head: '%PDF-1.4\n', expected: 'pdf' },
    { name: 'report.pdf', head: 'junk before the header %PDF-1.4\n', expected: 'pdf' },
  ])('$name opening with $head is $expected', ({ name, head, expected }) => {
    expect(detectFormat(name, bytes(head))).toEqual({ ok: true, value: expected });
  });

  it.each([
    { name: 'sitemap.xml', head: '<?xml version="1.0"?><urlset>', code: 'not_a_feed' },
    { name: 'data.xml', head: 'just text', code: 'not_a_feed' },
    { name: 'scan.pdf', head: 'GIF89a', code: 'not_a_pdf' },
  ])('$name opening with $head is skipped ($code)', ({ name, head, code }) => {
    const result = detectFormat(name, bytes(head));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe(code);
  });
});

describe('corpus file names', () => {
  it.each([
    { name: 'a.txt', read: true, stem: 'a' },
    { name: 'a.HTML', read: true, stem: 'a' },
    { name: 'a/b.html.gz', read: true, stem: 'a/b' },
    { name: 'feed.atom', read: true, stem: 'feed' },
    { name: 'report.pdf', read: true, stem: 'report' },
    { name: 'archive.tar.gz', read: false, stem: 'archive' },
    { name: 'photo.jpg', read: false, stem: 'photo' },
  ])('$name: read $read, id from $stem', ({ name, read, stem }) => {
    expect(isCorpusFileName(name)).toBe(read);
    expect(stripCorpusExtension(name)).toBe(stem);
  });
});
