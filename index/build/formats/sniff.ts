import { extname } from 'node:path';
import type { Result } from '../../types.ts';

/**
 * Which reader a corpus file goes to: by its first bytes where they say (`%PDF-`, `<!doctype html`, `<html`,
 * `<rss`, `<feed`, `<?xml` then a feed or a page), else by its extension. Pure: a name and bytes in, a format out.
 */

/** The readers of the corpus; every one of them gives Articles. */
export type InputFormat = 'text' | 'jsonl' | 'html' | 'feed' | 'pdf';

export const INPUT_FORMATS: readonly InputFormat[] = ['text', 'jsonl', 'html', 'feed', 'pdf'];

const FORMAT_OF_EXTENSION: Record<string, InputFormat> = {
  '.txt': 'text', '.md': 'text', '.markdown': 'text',
  '.jsonl': 'jsonl',
  '.html': 'html', '.htm': 'html', '.xhtml': 'html',
  '.rss': 'feed', '.atom': 'feed', '.xml': 'feed',
  '.pdf': 'pdf',
};
/** Compressed pages and feeds (`page.html.gz`): the extension under `.gz` decides. */
const GZIP_INNER = new Set(['.html', '.htm', '.xhtml', '.rss', '.atom', '.xml']);

/** The extensions read, for messages. */
export const SUPPORTED_EXTENSIONS_TEXT = '.txt, .md, .markdown, .jsonl, .html, .htm, .xhtml, .html.gz, .rss, .atom, .xml, .pdf';

/** True for a file name the corpus reads (hidden files are the caller's business). */
export function isCorpusFileName(name: string): boolean {
  const extension = extname(name).toLowerCase();
  if (extension === '.gz') return GZIP_INNER.has(extname(name.slice(0, -3)).toLowerCase());
  return Object.hasOwn(FORMAT_OF_EXTENSION, extension);
}

/** The name without its format extensions (`a/b.html.gz` → `a/b`): what the document id is made from. */
export function stripCorpusExtension(name: string): string {
  const once = name.slice(0, name.length - extname(name).length);
  return extname(name).toLowerCase() === '.gz' ? once.slice(0, once.length - extname(once).length) : once;
}

/** True for gzip-compressed bytes (magic 1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** How far into a file its kind is looked for (the HTML spec's prescan reads 1024 bytes; feeds need a little more). */
const SNIFF_BYTES = 4096;

/**
 * The format of a file's (uncompressed) bytes. JSONL is taken by extension only; otherwise what the bytes open with
 * wins over the extension, so a page saved as `.txt` is read as a page. Errors name why the file cannot be read:
 * `not_a_feed` (an XML file that is neither a feed nor a page), `not_a_pdf` (a `.pdf` without a PDF header).
 */
export function detectFormat(name: string, bytes: Uint8Array): Result<InputFormat> {
  const inner = extname(name).toLowerCase() === '.gz' ? name.slice(0, -3) : name;
  const byExtension = FORMAT_OF_EXTENSION[extname(inner).toLowerCase()] ?? 'text';
  if (byExtension === 'jsonl') return ok('jsonl');
  const head = sniffHead(bytes);
  // A PDF header may follow up to a kilobyte of junk (PDF 32000-1, annex H).
  if (head.slice(0, 1024).includes('%pdf-')) return ok('pdf');
  const markup = markupKind(head);
  if (markup === 'feed' || markup === 'html') return ok(markup);
  if (byExtension === 'pdf') return fail('not_a_pdf', 'not a PDF: no %PDF- header in its first kilobyte; skipped');
  if (markup === 'xml' || (byExtension === 'feed' && extname(inner).toLowerCase() === '.xml')) {
    return fail('not_a_feed', 'an XML file that is neither an RSS or Atom feed nor a web page; skipped');
  }
  return ok(byExtension);
}

/** The first bytes as lower-case text, without a byte-order mark, NULs (UTF-16) or leading whitespace. */
function sniffHead(bytes: Uint8Array): string {
  const start = bytes.subarray(0, SNIFF_BYTES);
  return Buffer.from(start.buffer, start.byteOffset, start.byteLength)
    .toString('latin1')
    .replace(/\0/g, '')
    .replace(/^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '')
    .trimStart()
    .toLowerCase();
}

/** What a document opening with `head` is: skips the XML declaration, comments, doctypes and processing instructions. */
function markupKind(head: string): 'html' | 'feed' | 'xml' | null {
  const xmlDeclared = head.startsWith('<?xml');
  let rest = head;
  for (;;) {
    const skipped = rest.replace(/^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->)\s*/, '');
    if (skipped === rest) break;
    rest = skipped;
  }
  if (/^<!doctype\s+html/.test(rest)) return 'html';
  rest = rest.replace(/^<!doctype[^>]*>\s*/, '');
  if (/^<(?:rss|feed|rdf:rdf)[\s>]/.test(rest)) return 'feed';
  if (/^<(?:html|head|body)[\s>]/.test(rest)) return 'html';
  if (xmlDeclared) return 'xml';
  return null;
}

function ok(format: InputFormat): Result<InputFormat> {
  return { ok: true, value: format };
}

function fail(code: string, message: string): Result<InputFormat> {
  return { ok: false, error: { code, message } };
}
