import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCorpus } from '../index/build/read-corpus.ts';
import { flowPdf } from '../tests/fixtures/formats/make-pdfs.mts';

/**
 * `npx tsx bench/ingest.mts [--count 200]`: writes `count` news pages, `count / 10` feeds of 10 items and
 * `count / 4` PDFs of 24 paragraphs (two pages each) in a temporary folder, reads each set with readCorpus and prints documents (and pages)
 * per second per format. Reading only: segmenting and tagging are the same for every format.
 */

const count = Number(process.argv[process.argv.indexOf('--count') + 1]) || 200;
const page = readFileSync(path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'formats', 'html', 'harbour-strike.html'), 'utf8');
const feed = readFileSync(path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'formats', 'feeds', 'coastal-wire.rss'), 'utf8');
const root = mkdtempSync(path.join(os.tmpdir(), 'dossier-ingest-'));

const sentence = (n: number) => `Report ${n} from the harbour at Mombasa says the dredging of the channel moved more silt than planned this week.`;

function writeSet(name: string, files: number, write: (folder: string, n: number) => void): string {
  const folder = path.join(root, name);
  mkdirSync(folder, { recursive: true });
  for (let n = 0; n < files; n += 1) write(folder, n);
  return folder;
}

async function measure(label: string, folder: string): Promise<void> {
  const started = performance.now();
  const read = await readCorpus(folder);
  const seconds = (performance.now() - started) / 1000;
  if (!read.ok) throw new Error(read.error.message);
  const documents = read.value.articles.length;
  const pages = read.value.articles.reduce((sum, article) => sum + Number(article.metadata['pages'] ?? 1), 0);
  console.log(
    `${label.padEnd(6)} ${String(read.value.files).padStart(4)} files  ${String(documents).padStart(5)} documents  ${seconds.toFixed(2).padStart(6)} s  ` +
      `${(documents / seconds).toFixed(0).padStart(5)} documents/s` + (pages > documents ? `  ${(pages / seconds).toFixed(0)} PDF pages/s` : '') +
      `  (${read.value.warnings.length} warnings)`,
  );
}

const html = writeSet('html', count, (folder, n) => {
  writeFileSync(path.join(folder, `page-${n}.html`), page.replace('Thousands of dockworkers', `${sentence(n)} Thousands of dockworkers`));
});
const feeds = writeSet('feeds', Math.max(1, Math.round(count / 10)), (folder, n) => {
  const items = Array.from({ length: 10 }, (_, k) => `<item><title>Item ${n}-${k}</title><guid>g-${n}-${k}</guid><pubDate>Mon, 13 May 2024 09:10:00 +0000</pubDate><content:encoded><![CDATA[<p>${sentence(k)}</p><p>${sentence(k + 1)} The second paragraph goes on about the berth.</p>]]></content:encoded></item>`);
  writeFileSync(path.join(folder, `feed-${n}.rss`), feed.replace(/<item>[\s\S]*<\/item>/, items.join('\n')));
});
const pdfs = writeSet('pdf', Math.max(1, Math.round(count / 4)), (folder, n) => {
  const paragraphs = Array.from({ length: 24 }, (_, k) => `${sentence(n * 100 + k)} Engineers said the work would continue through the rainy season despite the cost overruns.`);
  writeFileSync(
    path.join(folder, `report-${n}.pdf`),
    flowPdf(paragraphs, {
      columns: [{ x: 72, width: 451, top: 760, bottom: 90, size: 11 }],
      furniture: (p, total) => [{ x: 72, y: 40, size: 8, text: `Harbour report - page ${p} of ${total}` }],
      info: { title: `Harbour report ${n}`, author: 'Bench Writer', creationDate: 'D:20240301' },
    }),
  );
});

console.log(`readCorpus on ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
await measure('html', html);
await measure('feed', feeds);
await measure('pdf', pdfs);
rmSync(root, { recursive: true, force: true });
