import { describe, expect, it } from 'vitest';
import { safeExternalUrl } from '../../../server/view-models/doc-page.ts';

describe('safeExternalUrl', () => {
  it.each([
    { url: 'https://example.org/a?b=1', expected: 'https://example.org/a?b=1' },
    { url: 'http://example.org', expected: 'http://example.org/' },
    { url: 'javascript:alert(1)', expected: null },
    { url: ' JavaScript:alert(1)', expected: null },
    { url: 'data:text/html,<script>alert(1)</script>', expected: null },
    { url: '/relative/path', expected: null },
    { url: 'not a url', expected: null },
    { url: null, expected: null },
  ])('safeExternalUrl($url) = $expected', ({ url, expected }) => {
    expect(safeExternalUrl(url)).toBe(expected);
  });
});
