import { isUtf8 } from 'node:buffer';
import type { Result } from '../types.ts';

/** Decoded article text, with a note when the bytes needed a fallback to be read. */
export interface DecodedText {
  text: string;
  warning: string | null;
}

/** The warning given when bytes are not valid UTF-8 and were read as Windows-1252. */
export const LATIN_FALLBACK_WARNING = 'not valid UTF-8; read as Windows-1252';

// Windows-1252 differs from Latin-1 only in 0x80–0x9F. Node's TextDecoder('windows-1252') maps
// those bytes to C1 controls (Latin-1), so the difference is applied here. Unassigned bytes stay C1.
const WINDOWS_1252_HIGH: readonly string[] = [
  '€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
  '\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
];

/**
 * Bytes of an article file → text with `\n` line ends and no byte-order mark.
 * Invalid UTF-8 is read as Windows-1252 (with a warning) so that no byte is lost.
 * Errors: `empty` (no bytes, or only whitespace), `binary` (NUL bytes or mostly control characters).
 */
export function decodeArticleBytes(bytes: Uint8Array): Result<DecodedText> {
  if (bytes.length === 0) return failure('empty', 'the file is empty');
  const utf16 = utf16Encoding(bytes);
  // indexOf is a native scan: a corpus file of 50 MB costs milliseconds here.
  if (utf16 === null && bytes.indexOf(0) >= 0) return binaryFailure();
  let text: string;
  let warning: string | null = null;
  if (utf16 !== null) {
    text = new TextDecoder(utf16).decode(bytes.subarray(2));
  } else {
    const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
    const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (isUtf8(buffer)) {
      text = buffer.toString('utf8');
      // A second byte-order mark is dropped too, as TextDecoder does.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    } else {
      text = decodeWindows1252(body);
      warning = LATIN_FALLBACK_WARNING;
    }
    // A C0 control byte is one character in UTF-8 and in Windows-1252, so counting in the text counts bytes.
    if (tooManyControls(text, bytes.length)) return binaryFailure();
  }
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.trim().length === 0) return failure('empty', 'the file holds only whitespace');
  return { ok: true, value: { text, warning } };
}

// Labels that mean Windows-1252 in browsers (the WHATWG Encoding Standard): Latin-1 and ASCII are read as it.
const WINDOWS_1252_LABELS = new Set([
  'windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'ascii', 'us-ascii',
  'ansi_x3.4-1968', 'cp819', 'ibm819', 'iso-ir-100',
]);
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

/**
 * Bytes whose encoding the document declares (`<meta charset>`, an XML declaration) → text, as decodeArticleBytes
 * gives it. A byte-order mark wins over the label; UTF-8 declared but invalid, or a label Node does not know, falls
 * back to decodeArticleBytes's own guess with a warning naming the label. Errors as decodeArticleBytes.
 */
export function decodeDeclared(bytes: Uint8Array, label: string | null): Result<DecodedText> {
  const name = label?.trim().toLowerCase() ?? null;
  if (name === null || UTF8_LABELS.has(name) || hasUtf8Bom(bytes) || utf16Encoding(bytes) !== null) {
    const decoded = decodeArticleBytes(bytes);
    if (!decoded.ok || name === null || decoded.value.warning === null) return decoded;
    return { ok: true, value: { ...decoded.value, warning: `declared ${name} but ${decoded.value.warning}` } };
  }
  if (bytes.indexOf(0) >= 0 && !name.startsWith('utf-16')) return binaryFailure();
  let text: string;
  if (WINDOWS_1252_LABELS.has(name)) {
    text = decodeWindows1252(bytes);
  } else {
    try {
      text = new TextDecoder(name).decode(bytes);
    } catch {
      const guessed = decodeArticleBytes(bytes);
      if (!guessed.ok) return guessed;
      return { ok: true, value: { text: guessed.value.text, warning: `unknown charset "${name}"; ${guessed.value.warning ?? 'read as UTF-8'}` } };
    }
  }
  if (tooManyControls(text, bytes.length)) return binaryFailure();
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.trim().length === 0) return failure('empty', 'the file holds only whitespace');
  return { ok: true, value: { text, warning: null } };
}

/** Windows-1252 bytes → text; every byte maps to one character. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

// Text saved as UTF-16 is full of NUL bytes, so it is recognised by its BOM before the binary check.
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

const CONTROL = /[\x01-\x08\x0b\x0e-\x1f]/g;

/** More than 10% of `byteLength` are C0 control characters other than tab, line feed, form feed, carriage return. */
function tooManyControls(text: string, byteLength: number): boolean {
  const limit = byteLength / 10;
  let controls = 0;
  CONTROL.lastIndex = 0;
  while (CONTROL.exec(text) !== null) {
    controls += 1;
    if (controls > limit) return true;
  }
  return false;
}

function binaryFailure(): Result<DecodedText> {
  return failure('binary', 'the file looks binary (NUL bytes or control characters), not text');
}

function failure(code: 'empty' | 'binary', message: string): Result<DecodedText> {
  return { ok: false, error: { code, message } };
}
