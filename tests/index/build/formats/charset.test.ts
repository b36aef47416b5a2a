import { describe, expect, it } from 'vitest';
import { declaredCharset, decodeMarkup } from '../../../../index/build/formats/charset.ts';

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('declaredCharset', () => {
  it.each([
    { head: '<meta charset="windows-1252">', expected: 'windows-1252' },
    { head: "<meta charset='ISO-8859-1' />", expected: 'iso-8859-1' },
    { head: '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', expected: 'shift_jis' },
    { head: '<meta name="description" content="charset=koi8-r is not a declaration">', expected: null },
    { head: '<?xml version="1.0" encoding="ISO-8859-2"?><rss>', expected: 'iso-8859-2' },
    { head: '<html><head><title>none</title>', expected: null },
  ])('$head → $expected', ({ head, expected }) => {
    expect(declaredCharset(latin1(head))).toBe(expected);
  });
});

describe('decodeMarkup', () => {
  it.each([
    { name: 'Windows-1252 as declared (curly quotes, euro, dash)', bytes: latin1('<meta charset="windows-1252"><p>\x93Caf\xe9\x94 \x80 5 \x97 ok</p>'), text: '<p>“Café” € 5 — ok</p>', warning: null },
    { name: 'Latin-1 declared is read as Windows-1252', bytes: latin1('<meta charset="iso-8859-1"><p>\x93x\x94</p>'), text: '<p>“x”</p>', warning: null },
    { name: 'ISO-8859-2 through TextDecoder', bytes: latin1('<?xml version="1.0" encoding="iso-8859-2"?><t>\xb1</t>'), text: '<t>ą</t>', warning: null },
    { name: 'UTF-8 declared but invalid falls back with a warning', bytes: latin1('<meta charset="utf-8"><p>caf\xe9</p>'), text: '<p>café</p>', warning: 'declared utf-8 but not valid UTF-8' },
    { name: 'an unknown label falls back with a warning', bytes: latin1('<meta charset="x-martian"><p>caf\xe9</p>'), text: '<p>café</p>', warning: 'unknown charset "x-martian"' },
  ])('$name', ({ bytes, text, warning }) => {
    const decoded = decodeMarkup(bytes);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.text).toContain(text);
    if (warning === null) expect(decoded.value.warning).toBeNull();
    else expect(decoded.value.warning).toContain(warning);
  });

  it('refuses binary bytes whatever the label', () => {
    const decoded = decodeMarkup(Uint8Array.from([...Buffer.from('<meta charset="windows-1252">'), 0, 1, 2, 0, 3]));
    expect(!decoded.ok && decoded.error.code).toBe('binary');
  });
});
