import { decodeDeclared, type DecodedText } from '../decode.ts';
import type { Result } from '../../types.ts';

/**
 * The encoding a page or feed declares for itself, and its bytes decoded by it: `<meta charset>`,
 * `<meta http-equiv="Content-Type" content="…; charset=…">`, or an XML declaration's `encoding`.
 */

// The HTML spec's prescan looks at the first 1024 bytes; real pages put the declaration later after long
// comments or scripts often enough that a little more is read.
const PRESCAN_BYTES = 4096;

const XML_ENCODING = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/i;
const META_TAG = /<meta\b[^>]*>/gi;
const META_CHARSET = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i;
const HTTP_EQUIV = /\bhttp-equiv\s*=\s*["']?\s*content-type/i;

/** The charset label a document's first bytes declare, lower-cased; null when it declares none. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const start = bytes.subarray(0, PRESCAN_BYTES);
  // Declarations are ASCII in every encoding a page may declare (UTF-16 aside, which has a byte-order mark).
  const head = Buffer.from(start.buffer, start.byteOffset, start.byteLength).toString('latin1').replace(/^\xef\xbb\xbf/, '');
  const xml = XML_ENCODING.exec(head);
  if (xml?.[1] !== undefined) return xml[1].toLowerCase();
  for (const [tag] of head.matchAll(META_TAG)) {
    const charset = META_CHARSET.exec(tag);
    if (charset?.[1] === undefined) continue;
    // `charset=` inside content counts only on a Content-Type http-equiv; a bare `charset` attribute always does.
    if (/^<meta\b[^>]*\scharset\s*=/i.test(tag) || HTTP_EQUIV.test(tag)) return charset[1].toLowerCase();
  }
  return null;
}

/** A page's or feed's bytes → text, by the charset it declares (see decodeDeclared for the fallbacks). */
export function decodeMarkup(bytes: Uint8Array): Result<DecodedText> {
  return decodeDeclared(bytes, declaredCharset(bytes));
}
