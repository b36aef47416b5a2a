import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeArticleBytes, LATIN_FALLBACK_WARNING } from '../../../index/build/decode.ts';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('decodeArticleBytes', () => {
  it.each([
    { name: 'plain UTF-8', input: utf8('Élysée “quotes” — £5\n'), text: 'Élysée “quotes” — £5\n', warning: null },
    { name: 'UTF-8 BOM stripped', input: bytes(0xef, 0xbb, 0xbf, 0x41, 0x42), text: 'AB', warning: null },
    { name: 'CRLF and lone CR become LF', input: utf8('a\r\nb\rc\n'), text: 'a\nb\nc\n', warning: null },
    { name: 'BOM and CRLF together', input: bytes(0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a, 0x62), text: 'a\nb', warning: null },
    {
      name: 'Latin-1 bytes read as Windows-1252',
      input: bytes(0x43, 0x61, 0x66, 0xe9, 0x20, 0xa3, 0x35),
      text: 'Café £5',
      warning: LATIN_FALLBACK_WARNING,
    },
    {
      name: 'Windows-1252 punctuation (0x80–0x9F)',
      input: bytes(0x93, 0x68, 0x69, 0x94, 0x20, 0x80, 0x20, 0x97, 0x20, 0x92),
      text: '“hi” € — ’',
      warning: LATIN_FALLBACK_WARNING,
    },
    { name: 'UTF-16LE with BOM', input: bytes(0xff, 0xfe, 0x48, 0x00, 0xe9, 0x00), text: 'Hé', warning: null },
    { name: 'UTF-16BE with BOM', input: bytes(0xfe, 0xff, 0x00, 0x48, 0x00, 0xe9), text: 'Hé', warning: null },
    { name: 'tabs and form feeds are text', input: utf8('a\tb\fc'), text: 'a\tb\fc', warning: null },
  ])('$name', ({ input, text, warning }) => {
    expect(decodeArticleBytes(input)).toEqual({ ok: true, value: { text, warning } });
  });

  it.each([
    { name: 'no bytes', input: bytes(), code: 'empty' },
    { name: 'only whitespace', input: utf8(' \n\t\r\n '), code: 'empty' },
    { name: 'only a BOM', input: bytes(0xef, 0xbb, 0xbf), code: 'empty' },
    { name: 'a NUL byte', input: utf8('text\u0000more'), code: 'binary' },
    { name: 'mostly control bytes', input: bytes(0x01, 0x02, 0x03, 0x41, 0x1b, 0x1c, 0x42, 0x05), code: 'binary' },
    { name: 'a zip header', input: bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00), code: 'binary' },
  ])('rejects $name as $code', ({ input, code }) => {
    const result = decodeArticleBytes(input);
    expect(result.ok ? null : result.error.code).toBe(code);
  });

  it('round-trips any UTF-8 text without NUL or control characters, with line ends normalised', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1 }).filter(
      // A leading U+FEFF is a byte-order mark, which decoding strips on purpose.
      (value) => /\S/.test(value) && !value.startsWith('\ufeff') && !/[\u0000-\u0008\u000b\u000e-\u001f]/.test(value),
    );
    fc.assert(
      fc.property(text, (value) => {
        const result = decodeArticleBytes(utf8(value));
        expect(result).toEqual({ ok: true, value: { text: value.replace(/\r\n?/g, '\n'), warning: null } });
      }),
    );
  });

  it('never throws, and never leaves a carriage return, on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (input) => {
        const result = decodeArticleBytes(input);
        if (result.ok) expect(result.value.text).not.toContain('\r');
        else expect(['empty', 'binary']).toContain(result.error.code);
      }),
    );
  });
});
