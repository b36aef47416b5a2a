import type { Variant } from './engine-runners.ts';
import type { CorpusFigures } from './figures.ts';

/**
 * An SVG chart of query latency against corpus size: paragraphs on a log x axis, ms on a log y axis, one colour
 * per engine, p50 solid and p99 dashed, pooled over the queries with words (what every engine answers).
 */

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 70, right: 220, top: 48, bottom: 56 };

const SERIES: ReadonlyArray<{ variant: Variant; label: string; colour: string }> = [
  { variant: 'dossier', label: 'Dossier full answer', colour: '#1f77b4' },
  { variant: 'minisearch-and', label: 'raw minisearch (AND)', colour: '#ff7f0e' },
  { variant: 'fts5', label: 'FTS5 top-20 + facets', colour: '#2ca02c' },
];

/** The chart as an SVG document. Corpora without latency figures are left out. */
export function latencyChart(corpora: readonly CorpusFigures[], title: string): string {
  const points = SERIES.map((series) => ({
    ...series,
    values: corpora
      .map((corpus) => ({ x: corpus.paragraphs, latency: corpus.latency[series.variant]?.words }))
      .filter((point): point is { x: number; latency: { p50: number; p99: number; samples: number } } =>
        point.latency !== undefined && point.x > 0 && point.latency.p50 > 0),
  }));
  const xs = points.flatMap((series) => series.values.map((point) => point.x));
  const ys = points.flatMap((series) => series.values.flatMap((point) => [point.latency.p50, point.latency.p99]));
  const [xMin, xMax] = decadeRange(xs);
  const [yMin, yMax] = decadeRange(ys);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((Math.log10(x) - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((Math.log10(y) - yMin) / (yMax - yMin)) * plotH;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  parts.push(`<text x="${MARGIN.left}" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`);
  parts.push(`<text x="${MARGIN.left}" y="38" fill="#555">pooled over the queries with words of the mix; in-process, one engine per process</text>`);
  for (let decade = xMin; decade <= xMax; decade += 1) {
    const x = sx(10 ** decade);
    parts.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotH}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${formatTick(10 ** decade)}</text>`);
  }
  for (let decade = yMin; decade <= yMax; decade += 1) {
    const y = sy(10 ** decade);
    parts.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end">${formatTick(10 ** decade)}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">paragraphs in the corpus (log)</text>`);
  parts.push(`<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">latency, ms (log)</text>`);

  points.forEach((series, i) => {
    for (const [key, dash] of [['p50', ''], ['p99', ' stroke-dasharray="6 4"']] as const) {
      const path = series.values.map((point) => `${sx(point.x).toFixed(1)},${sy(point.latency[key]).toFixed(1)}`).join(' ');
      if (series.values.length > 1) parts.push(`<polyline points="${path}" fill="none" stroke="${series.colour}" stroke-width="2"${dash}/>`);
      for (const point of series.values) {
        parts.push(`<circle cx="${sx(point.x).toFixed(1)}" cy="${sy(point.latency[key]).toFixed(1)}" r="3" fill="${series.colour}"/>`);
      }
    }
    const legendY = MARGIN.top + 10 + i * 40;
    const legendX = MARGIN.left + plotW + 16;
    parts.push(`<line x1="${legendX}" y1="${legendY}" x2="${legendX + 24}" y2="${legendY}" stroke="${series.colour}" stroke-width="2"/>`);
    parts.push(`<line x1="${legendX}" y1="${legendY + 16}" x2="${legendX + 24}" y2="${legendY + 16}" stroke="${series.colour}" stroke-width="2" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${legendX + 30}" y="${legendY + 4}">${escapeXml(series.label)} p50</text>`);
    parts.push(`<text x="${legendX + 30}" y="${legendY + 20}">p99</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Whole decades (log10) around the values; [0, 1] when there are none. */
function decadeRange(values: readonly number[]): [number, number] {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  if (positive.length === 0) return [0, 1];
  const low = Math.floor(Math.log10(Math.min(...positive)));
  const high = Math.ceil(Math.log10(Math.max(...positive)));
  return [low, high === low ? low + 1 : high];
}

function formatTick(value: number): string {
  if (value >= 1000) return `${value / 1000}k`.replace('000k', 'M');
  return String(Number(value.toPrecision(3)));
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
