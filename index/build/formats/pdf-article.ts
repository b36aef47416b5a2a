import { getDocumentProxy, getMeta } from 'unpdf';
import { articleFromBlocks, collapse, structuredDate, type Block } from './blocks.ts';
import type { ArticlePlace, ReadArticle } from './html-article.ts';
import { pdfBlocks, visibleTitle, type PdfPageText, type PdfTextItem } from './pdf-layout.ts';
import type { Result } from '../../types.ts';

/**
 * A PDF → one Article: the text of each page (unpdf, a serverless build of Mozilla's PDF.js), paragraphs rebuilt
 * from its lines (pdf-layout), title, author and date from the document's Info dictionary. The page a paragraph
 * starts on is its section, "Page 4" (or "Page 4 · <heading>" under a heading): the index has no page field.
 */

/** Pages read at most; the rest of a longer document is left out, with a note. */
export const MAX_PDF_PAGES = 1000;

/** Reads a PDF. Errors: `bad_pdf` (damaged, encrypted, unreadable), `no_text` (no text layer: a scan). Never throws. */
export async function articleFromPdf(bytes: Uint8Array, place: ArticlePlace): Promise<Result<ReadArticle>> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given: it gets a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  } catch (error) {
    return badPdf(error);
  }
  try {
    const notes: string[] = [];
    const count = Math.min(pdf.numPages, MAX_PDF_PAGES);
    if (pdf.numPages > MAX_PDF_PAGES) notes.push(`only the first ${MAX_PDF_PAGES} of ${pdf.numPages} pages read`);
    const pages: PdfPageText[] = [];
    for (let number = 1; number <= count; number += 1) pages.push(await pageText(pdf, number));
    const info = await documentInfo(pdf);
    const title = info.title ?? visibleTitle(pages);
    const blocks = pageSections(pdfBlocks(pages, title));
    if (!blocks.some((block) => block.kind === 'paragraph')) {
      return { ok: false, error: { code: 'no_text', message: 'the PDF has no text layer (a scan?); skipped' } };
    }
    const article = articleFromBlocks(blocks, {
      ...place,
      title,
      date: info.date,
      author: info.author,
      source: null,
      url: null,
      metadata: { filetype: 'pdf', pages: pdf.numPages },
    });
    return { ok: true, value: { article, notes } };
  } catch (error) {
    return badPdf(error);
  } finally {
    await pdf.destroy().catch(() => {});
  }
}

async function pageText(pdf: Awaited<ReturnType<typeof getDocumentProxy>>, number: number): Promise<PdfPageText> {
  const page = await pdf.getPage(number);
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items: PdfTextItem[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.length === 0) continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
    // Only horizontal text is laid out; rotated stamps and margin notes are not article text.
    if (Math.abs(b) > 0.01 || Math.abs(c) > 0.01 || a <= 0) continue;
    items.push({ str: item.str, x, y, width: item.width, size: Math.abs(d) || item.height });
  }
  page.cleanup();
  return { items, width: viewport.width, height: viewport.height };
}

async function documentInfo(pdf: Awaited<ReturnType<typeof getDocumentProxy>>): Promise<{ title: string | null; author: string | null; date: string | null }> {
  const { info } = await getMeta(pdf);
  const field = (name: string): string | null => {
    const value: unknown = (info as Record<string, unknown>)[name];
    if (typeof value !== 'string') return null;
    const text = collapse(value);
    // Producers often leave a file name or "untitled" where a title should be.
    return text.length > 0 && !/^(?:untitled|microsoft word\b|.*\.(?:docx?|pdf|indd|tex))/i.test(text) ? text : null;
  };
  return { title: field('Title'), author: field('Author'), date: structuredDate(field('CreationDate')) };
}

/** Each page's blocks under a "Page N" heading (with the section heading in force there, if any). */
function pageSections(blocks: ReturnType<typeof pdfBlocks>): Block[] {
  const out: Block[] = [];
  let page = 0;
  let heading: string | null = null;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      heading = block.text;
      page = block.page;
      out.push({ kind: 'heading', text: `Page ${page} · ${heading}` });
      continue;
    }
    if (block.page !== page) {
      page = block.page;
      out.push({ kind: 'heading', text: heading === null ? `Page ${page}` : `Page ${page} · ${heading}` });
    }
    out.push({ kind: 'paragraph', text: block.text });
  }
  return out;
}

function badPdf(error: unknown): Result<ReadArticle> {
  const name = error instanceof Error ? error.name : '';
  const reason = name === 'PasswordException' ? 'encrypted' : error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'bad_pdf', message: `not a readable PDF (${reason}); skipped` } };
}
