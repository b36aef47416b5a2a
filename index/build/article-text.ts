import { foldAccents, phraseForm } from '../text.ts';
import type { Article, Metadata, Result } from '../types.ts';

/**
 * Articles from text: front matter, JSONL objects, and the metadata an article's own lines give
 * (headline, byline, date line, footer). Also the line recognisers the segmenter shares, so that a
 * line read as metadata here is the same line it leaves out of the paragraphs.
 */

type Scalar = string | number | boolean | null;
type KnownField = 'title' | 'date' | 'author' | 'source' | 'url';

/** Metadata an article's text gives about itself; null where the text does not say. */
export interface TextMetadata {
  title: string | null;
  author: string | null;
  date: string | null;
  source: string | null;
}

// Field names read as Dossier's own fields, in front matter and JSONL alike (lower-cased).
const FIELD_NAMES: Record<string, KnownField> = {
  title: 'title', headline: 'title',
  date: 'date', published: 'date', pubdate: 'date', published_at: 'date', date_published: 'date',
  author: 'author', authors: 'author', byline: 'author',
  source: 'source', publisher: 'source', publication: 'source',
  url: 'url', link: 'url', permalink: 'url', canonical_url: 'url',
};
const TEXT_FIELDS = ['text', 'body', 'content'];
const TITLE_LIMIT = 80;

// ---------- ids ----------

/** A URL-safe document id from a file name or JSONL id: `[A-Za-z0-9._-]`, never empty ("doc"). */
export function toDocId(name: string): string {
  const id = foldAccents(name)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return id.length > 0 ? id : 'doc';
}

// ---------- dates ----------

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};
const DATE_PREFIX = /^(?:(?:published|posted|updated|last updated|dated?)(?:\s+on)?\s*:?\s+)?/i;
const WEEKDAY =
  /^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?/i;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})/i;
const MONTH_DAY_YEAR = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/i;
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/;
const TIME_TAIL = /^(?:[\s,|·•–—-]*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}|UTC[+-]\d{1,2})?)?\s*$/i;

/**
 * ISO date (YYYY-MM-DD) of a string that is wholly a date in a common English form
 * ("25 November 2024", "Tuesday, Nov. 26, 2024", "2024-11-26T10:00Z", "Published: 26 Nov 2024 10:32 GMT"), else null.
 */
export function parseDate(value: string): string | null {
  if (value.length > 100 || !/\d/.test(value)) return null;
  const text = stripEmphasis(value).trim();
  if (text.length === 0 || text.length > 80) return null;
  const rest = text.replace(DATE_PREFIX, '').replace(WEEKDAY, '');
  let year: number;
  let month: number | undefined;
  let day: number;
  let match: RegExpMatchArray | null;
  if ((match = rest.match(ISO_DATE))) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = rest.match(DAY_MONTH_YEAR))) {
    [day, month, year] = [Number(match[1]), MONTHS[(match[2] ?? '').toLowerCase()], Number(match[3])];
  } else if ((match = rest.match(MONTH_DAY_YEAR))) {
    [month, day, year] = [MONTHS[(match[1] ?? '').toLowerCase()], Number(match[2]), Number(match[3])];
  } else {
    return null;
  }
  if (!TIME_TAIL.test(rest.slice(match[0].length))) return null;
  if (month === undefined || month < 1 || month > 12 || year < 1000 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------- bylines ----------

const NAME_PARTICLES = new Set([
  'de', 'del', 'della', 'der', 'den', 'di', 'da', 'das', 'dos', 'du', 'la', 'le', 'van', 'von', 'bin', 'ibn', 'al', 'el', 'ter', 'ten',
]);
const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}'’-]*\.?|\p{Lu}\.(?:\p{Lu}\.)*)$/u;

/** True for 2–4 capitalised name words ("Jean-Noël Barrot", "Ursula von der Leyen", "J. K. Rowling"). */
function isPersonName(text: string, minWords: number): boolean {
  const tokens = text.split(/\s+/).filter((token) => token.length > 0);
  if (tokens.length < minWords || tokens.length > 6) return false;
  let capitalised = 0;
  for (const [index, token] of tokens.entries()) {
    if (NAME_WORD.test(token)) capitalised += 1;
    else if (!(NAME_PARTICLES.has(token) && index > 0 && index < tokens.length - 1)) return false;
  }
  return capitalised >= minWords && capitalised <= 4;
}

/** The author of a byline: "By Alex Lantier", "Jane Doe and John Roe"; `explicit` when it opens with "By". */
function readByline(line: string): { author: string; explicit: boolean } | null {
  const text = stripEmphasis(line).trim();
  if (text.length > 100) return null;
  const by = /^by\s+(.+)$/i.exec(text);
  const names = (by?.[1] ?? text).replace(/[.,;]$/, '').trim();
  const parts = names.split(/\s*(?:,|&|\band\b)\s*/);
  const minWords = by ? 1 : 2;
  if (parts.length === 0 || !parts.every((part) => isPersonName(part, minWords))) return null;
  return { author: names, explicit: by !== null };
}

/**
 * What a line says when it is wholly metadata: a date, a byline, or both ("Alex Lantier | 25 Nov 2024").
 * Null when the line holds anything else. A bare name is reported with `explicit: false`.
 */
export function readMetaLine(
  line: string,
): { author: string | null; date: string | null; explicit: boolean } | null {
  const text = line.trim();
  if (text.length === 0 || text.length > 150) return null;
  const date = parseDate(text);
  if (date !== null) return { author: null, date, explicit: false };
  const byline = readByline(text);
  if (byline !== null) return { author: byline.author, date: null, explicit: byline.explicit };
  if (!/\d{4}/.test(text)) return null;
  for (const separator of text.matchAll(/\s+[|·•–—-]\s+|\s*[|·•]\s*|,\s+/g)) {
    const left = text.slice(0, separator.index);
    const right = text.slice((separator.index ?? 0) + separator[0].length);
    const [nameSide, dateSide] = parseDate(right) !== null ? [left, right] : [right, left];
    const name = readByline(nameSide);
    const parsed = parseDate(dateSide);
    if (name !== null && parsed !== null) return { author: name.author, date: parsed, explicit: true };
  }
  return null;
}

/** True when a line is a date line, a "By …" byline, or this article's author as written. */
export function isMetaLine(line: string, author: string | null): boolean {
  const meta = readMetaLine(line);
  if (meta === null) return false;
  if (meta.date !== null || meta.explicit) return true;
  return author !== null && meta.author !== null && phraseForm(meta.author) === phraseForm(author);
}

// ---------- inline markdown and line kinds ----------

const IMAGE = /!\[[^[\]\n]*\]\([^()\s]*(?:\s+"[^"\n]*")?\)/g;
const LINK = /\[([^[\]\n]*)\]\(([^()\s]*)(?:\s+"[^"\n]*")?\)/g;
const REFERENCE_LINK = /\[([^[\]\n]+)\]\[[^[\]\n]*\]/g;
const AUTOLINK = /<((?:https?|mailto):[^<>\s]+)>/g;
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>()]+/gi;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;
const DOMAIN = /\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:\/[^\s]*)?/gi;
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
const ESCAPE_BASE = 0xe000;
const MARKDOWN_CHARS = /[[\]<>\\*_~`]/;
// A word standing on its own (not part of a domain, address or path): such a line is not link-only.
const LOOSE_WORD = /(?:^|\s)["“(]?\p{L}+["”)]?(?=[\s,;:!?]|$)/u;

/**
 * Removes paired emphasis and code delimiters (`*`, `_`, `~~`, backticks), keeping the words:
 * `*Le Monde*` → `Le Monde`. An unpaired delimiter ("a report*", "snake_case", a `*` bullet) stays.
 */
export function stripEmphasis(text: string): string {
  const runs = [...text.matchAll(/\*+|_+|~~+|`+/g)];
  if (runs.length === 0) return text;
  const paired = new Set<number>();
  const openers = new Map<string, number[]>();
  for (const [index, run] of runs.entries()) {
    const start = run.index ?? 0;
    const before = text[start - 1] ?? ' ';
    const after = text[start + run[0].length] ?? ' ';
    const stack = openers.get(run[0]) ?? [];
    const canClose = !/\s/.test(before) && !isWordChar(after);
    const canOpen = !/\s/.test(after) && !isWordChar(before);
    const opener = stack.pop();
    if (canClose && opener !== undefined) {
      paired.add(opener).add(index);
    } else {
      if (opener !== undefined) stack.push(opener);
      // A bounded stack keeps this linear on text full of unpaired delimiters.
      if (canOpen) stack.push(index);
      if (stack.length > 8) stack.shift();
    }
    openers.set(run[0], stack);
  }
  let result = '';
  let last = 0;
  for (const index of [...paired].sort((a, b) => a - b)) {
    const run = runs[index];
    if (run === undefined) continue;
    result += text.slice(last, run.index);
    last = (run.index ?? 0) + run[0].length;
  }
  return result + text.slice(last);
}

/** Markdown inline syntax → plain text: links become their label, images go, emphasis and escapes are removed. */
export function plainInline(text: string): string {
  if (!MARKDOWN_CHARS.test(text)) return collapseSpaces(text);
  const protectedText = text.replace(ESCAPED, (_all, char: string) =>
    String.fromCharCode(ESCAPE_BASE + char.charCodeAt(0)),
  );
  const stripped = stripEmphasis(
    protectedText
      .replace(IMAGE, '')
      .replace(LINK, '$1')
      .replace(REFERENCE_LINK, '$1')
      .replace(AUTOLINK, '$1'),
  );
  const plain = stripped
    .replace(/[\ue000-\ue07f]/g, (char) => String.fromCharCode(char.charCodeAt(0) - ESCAPE_BASE));
  return collapseSpaces(plain);
}

/** Runs of whitespace → one space, trimmed. Most text has none to collapse: it is then only scanned. */
function collapseSpaces(text: string): string {
  return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** True when a line is only links, URLs, e-mail addresses or domains (plus punctuation). */
export function isLinkOnly(line: string): boolean {
  if (line.length > 2000) return false;
  const withoutLinks = line.replace(IMAGE, ' ').replace(LINK, ' ').replace(AUTOLINK, ' ').replace(BARE_URL, ' ');
  if (LOOSE_WORD.test(withoutLinks)) return false;
  const rest = withoutLinks.replace(EMAIL, ' ').replace(DOMAIN, ' ');
  return rest.length < line.length && !/[\p{L}\p{N}]/u.test(rest);
}

// Short lines that are site furniture rather than article text. Each is checked on a short line only.
const BOILERPLATE: readonly RegExp[] = [
  /^to contact (?:us\b|the\b.*\b(?:visit|e-?mail|write|call)\b)/i,
  /^(?:please\s+)?(?:subscribe|sign up|register)(?:\s+(?:now|today|here|free))?(?:\s+(?:to|for|at|with)\b|\s*[:!.]?$)/i,
  /^(?:follow|like|join) us\b/i,
  /^share (?:this|on|via)\b/i,
  /^(?:click|tap) here\b/i,
  /^(?:read|see) (?:more|also)(?:\s*:|\s*$|\s+(?:at|on|here)\b)/i,
  /^(?:copyright\b|©|\(c\)\s*\d{4})/i,
  /\ball rights reserved\b/i,
  /^(?:advertisement|sponsored(?: content)?|related(?: (?:articles|stories|content|links|coverage))?|more on this (?:story|topic)|back to top|skip to (?:main )?content)\s*:?$/i,
  /^(?:PREV|NEXT|PREVIOUS)\b/,
  /^(?:[«‹←<]\s*)?(?:previous|next|older|newer)\s+(?:article|story|post|page|item|entry)\b/i,
  /^(?:[«‹←<]\s*)?(?:previous|next)\s*(?:[»›→>|:]|$)/i,
];

/** True for navigation, contact, subscription, sharing and copyright lines ("To contact the WSWS…", "NEXT …"). */
export function isBoilerplateLine(line: string): boolean {
  if (line.length > 400 || wordCount(line) > 40) return false;
  const text = plainInline(line);
  if (text.length > 200 || wordCount(text) > 25) return false;
  return BOILERPLATE.some((pattern) => pattern.test(text));
}

/**
 * True for a line that can be a headline: 1–20 words, ≤ 150 characters, with a letter, not ending
 * like a clause (`.`, `,`, `;`, `:`), not a list item or a bracketed aside. Questions qualify.
 */
export function isHeadlineLike(line: string): boolean {
  if (line.length > 300) return false;
  const text = plainInline(line.replace(/^#{1,6}\s+/, ''));
  if (text.length === 0 || text.length > 150 || !/\p{L}/u.test(text)) return false;
  if (wordCount(text) > 20 || /[.,;:]$/.test(text)) return false;
  return !/^[([{<*+•▪◦-]/.test(text) && !/^\d{1,3}[.)]\s/.test(text);
}

// ---------- titles ----------

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'gen', 'col', 'lt', 'sgt', 'capt', 'sen', 'rep', 'gov', 'jr', 'sr',
  'no', 'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep',
  'sept', 'oct', 'nov', 'dec', 'approx', 'dept', 'est', 'fig', 'mt', 'rev',
]);

/** A display title from a paragraph: its first sentence, cut to ~80 characters at a word boundary with "…". */
export function deriveTitle(paragraph: string): string {
  const text = plainInline(paragraph.slice(0, 2000));
  let sentence = text;
  for (const end of text.matchAll(/([\p{L}\p{N}]*)[.!?…]+["”’)\]]*(?=\s+["“‘(]?[\p{Lu}\p{N}])/gu)) {
    const word = (end[1] ?? '').toLowerCase();
    // "U.S. President", "Mr. Smith", "J. Smith": a dot after an initial or abbreviation ends no sentence.
    if (word.length === 1 || ABBREVIATIONS.has(word)) continue;
    sentence = text.slice(0, (end.index ?? 0) + end[0].length);
    break;
  }
  if (sentence.length <= TITLE_LIMIT) return sentence.replace(/(?<!\.)\.$/, '');
  const cut = sentence.slice(0, TITLE_LIMIT + 1);
  const space = cut.lastIndexOf(' ');
  const head = space > TITLE_LIMIT / 2 ? cut.slice(0, space) : cut.slice(0, TITLE_LIMIT);
  return `${head.replace(/[\s,;:–—-]+$/, '')}…`;
}

// ---------- metadata from the text itself ----------

const HEAD_LINES = 8;
const FOOTER_LINES = 6;

/**
 * Metadata stated by the article's own lines: a `# ` or first-line headline, a byline and a date line
 * near the top, a source from a footer link or copyright line. Nothing is guessed from body sentences.
 */
export function metadataFromText(text: string): TextMetadata {
  const head = headLines(text);
  const metas = head.map((line) => readMetaLine(line));
  let date: string | null = null;
  let author: string | null = null;
  const metaLines = new Set<number>();
  for (const [index, meta] of metas.entries()) {
    if (meta === null) continue;
    const nextToDate = [metas[index - 1], metas[index + 1]].some((other) => other?.date != null);
    if (meta.date !== null) {
      date ??= meta.date;
      metaLines.add(index);
    }
    // A bare name counts as a byline only beside a date line: alone it may just as well be a heading.
    if (meta.author !== null && (meta.explicit || nextToDate)) {
      author ??= meta.author;
      metaLines.add(index);
    }
  }
  return { title: headTitle(head, metaLines), author, date, source: footerSource(text) };
}

/** The first non-empty lines of a text, up to the first line that is clearly body text. */
function headLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.slice(0, 4000).split('\n')) {
    const line = raw.trim();
    if (line.length === 0) continue;
    if (line.length > 200 || wordCount(line) > 30) break;
    lines.push(line);
    if (lines.length === HEAD_LINES) break;
  }
  return lines;
}

function headTitle(head: string[], metaLines: Set<number>): string | null {
  for (const [index, line] of head.entries()) {
    const heading = /^#\s+(.*?)(?:\s+#+)?$/.exec(line);
    if (heading) return plainInline(heading[1] ?? '') || null;
    if (/^=+$/.test(head[index + 1] ?? '') && isHeadlineLike(line)) return plainInline(line);
  }
  const first = head.findIndex((line, index) => !metaLines.has(index) && !isNoise(line));
  const line = head[first];
  if (line === undefined || /^#{2,6}\s/.test(line) || !isHeadlineLike(line)) return null;
  return plainInline(line);
}

/** Source named by the footer: the site of a link in trailing boilerplate, or a copyright holder. */
function footerSource(text: string): string | null {
  const lines = text.slice(-3000).split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const footer: string[] = [];
  for (let index = lines.length - 1; index >= 0 && footer.length < FOOTER_LINES; index -= 1) {
    const line = lines[index] ?? '';
    const furniture = isNoise(line) || isBoilerplateLine(line) || (line.length < 200 && wordCount(plainInline(line)) <= 12);
    if (!furniture) break;
    footer.push(line);
  }
  footer.reverse();
  // A boilerplate sentence may be wrapped over two or three lines ("To contact the WSWS and the" / "… visit:").
  const boilerplate = footer.some((_line, index) =>
    isBoilerplateLine(footer.slice(index, index + 3).join(' ')),
  );
  if (!boilerplate) return null;
  for (const line of footer) {
    const host = firstLinkHost(line);
    if (host !== null) return host;
  }
  for (const line of footer) {
    const holder = /^(?:copyright\s*)?(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*([^\d©]+?)[.,]?(?:\s*all rights reserved\.?)?$/i.exec(
      plainInline(line),
    );
    const name = holder?.[1]?.trim();
    if (/^(?:copyright|©|\(c\))/i.test(line) && name && wordCount(name) <= 5) return name;
  }
  return null;
}

function firstLinkHost(line: string): string | null {
  const candidates = [...line.matchAll(LINK)].map((link) => link[2] ?? '');
  candidates.push(...(line.match(BARE_URL) ?? []), ...(line.match(DOMAIN) ?? []));
  for (const candidate of candidates) {
    const withScheme = /^https?:\/\//i.test(candidate) ? candidate : `https://${candidate}`;
    try {
      const host = new URL(withScheme).hostname.replace(/^www\./, '');
      if (host.includes('.')) return host;
    } catch {
      // not a URL: try the next candidate
    }
  }
  return null;
}

/** Lines without words (rules, lone dashes) and link-only lines. */
function isNoise(line: string): boolean {
  return !/[\p{L}\p{N}]/u.test(line) || isLinkOnly(line);
}

// ---------- text articles ----------

/**
 * A .txt/.md article: optional `---` front matter (flat `key: value` YAML), else metadata from the
 * text's own headline, byline, date and footer lines. `text` is everything after the front matter.
 */
export function parseTextArticle(raw: string, id: string, origin: string): Article {
  const front = splitFrontMatter(raw);
  const text = front?.body ?? raw;
  const fields = readFields(front?.fields ?? [], ['id']);
  return completeArticle(id, text, fields, origin);
}

interface FieldValues {
  known: Partial<Record<KnownField, string | null>>;
  metadata: Metadata;
}

/** Fills the fields an article did not state from its text; derives a title when there is none. */
function completeArticle(id: string, text: string, fields: FieldValues, origin: string): Article {
  const fromText = metadataFromText(text);
  const { known } = fields;
  return {
    id,
    title: known.title ?? fromText.title ?? deriveTitle(firstBodyLine(text)),
    date: known.date ?? fromText.date,
    author: known.author ?? fromText.author,
    source: known.source ?? fromText.source,
    url: known.url ?? null,
    text,
    metadata: fields.metadata,
    origin,
  };
}

function firstBodyLine(text: string): string {
  for (const raw of text.slice(0, 20_000).split('\n')) {
    const line = raw.trim();
    if (line.length > 0 && !isNoise(line) && readMetaLine(line) === null) return line;
  }
  return 'Untitled';
}

/** Sorts fields into Dossier's own (validated) and metadata; an invalid date or URL is kept raw in metadata. */
function readFields(entries: Array<[string, Scalar]>, skip: string[]): FieldValues {
  const known: Partial<Record<KnownField, string | null>> = {};
  const metadata: Metadata = {};
  for (const [key, value] of entries) {
    if (skip.includes(key)) continue;
    // Own properties only: a field named `constructor` or `__proto__` is metadata like any other.
    const name = key.toLowerCase();
    const field = Object.hasOwn(FIELD_NAMES, name) ? FIELD_NAMES[name] : undefined;
    if (field === undefined || known[field] != null) {
      if (!Object.hasOwn(metadata, key)) Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const text = value === null ? '' : String(value).replace(/\s+/g, ' ').trim();
    const parsed = text.length === 0 ? null : parseField(field, text);
    if (parsed === null && text.length > 0) Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
    known[field] = parsed;
  }
  return { known, metadata };
}

function parseField(field: KnownField, value: string): string | null {
  if (field === 'date') return parseDate(value);
  if (field === 'url') return httpUrl(value);
  return value;
}

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

// ---------- front matter ----------

const FRONT_KEY = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*)|\s*)$/;

/** Why a text that opens with `---` has no front matter Dossier reads, or null when it has none or a readable one. */
export function frontMatterProblem(raw: string): string | null {
  if (!/^---[ \t]*\n/.test(raw) || splitFrontMatter(raw) !== null) return null;
  const closed = /\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(raw.slice(0, 65_536));
  return closed === null
    ? 'its front matter is not closed within 64 KB; read as text'
    : 'its front matter is not flat "key: value" YAML; read as text';
}

/** Splits `---` front matter from the body; null when the text has none (or it is not flat YAML). */
export function splitFrontMatter(raw: string): { fields: Array<[string, Scalar]>; body: string } | null {
  const open = /^---[ \t]*\n/.exec(raw);
  if (!open) return null;
  const close = /\n(?:---|\.\.\.)[ \t]*(?:\n|$)/g;
  close.lastIndex = open[0].length - 1;
  const end = close.exec(raw.slice(0, 65_536));
  if (!end) return null;
  const fields = parseFlatYaml(raw.slice(open[0].length, end.index).split('\n'));
  if (fields === null) return null;
  return { fields, body: raw.slice(end.index + end[0].length) };
}

/**
 * Flat `key: value` YAML: quoted values, flow lists, and under an empty key either `- item` lines
 * (joined by ", ") or indented text (`|` keeps line breaks). Null when a line is none of these.
 */
function parseFlatYaml(lines: string[]): Array<[string, Scalar]> | null {
  const fields: Array<[string, Scalar]> = [];
  let nested: { key: string; style: string; lines: string[] } | null = null;
  const closeNested = (): void => {
    if (nested === null) return;
    const items = nested.lines;
    const isList = items.length > 0 && items.every((item) => /^-\s/.test(item));
    const value = isList
      ? items.map((item) => String(yamlScalar(item.replace(/^-\s+/, '')) ?? '')).join(', ')
      : items.join(nested.style.startsWith('|') ? '\n' : ' ');
    fields.push([nested.key, value.length > 0 ? value : null]);
    nested = null;
  };
  for (const line of lines) {
    if (line.trim().length === 0 || /^\s*#/.test(line)) continue;
    const key = /^\s/.test(line) ? null : FRONT_KEY.exec(line);
    if (key) {
      closeNested();
      const value = (key[2] ?? '').trim();
      if (/^(?:[|>][+-]?)?$/.test(value)) nested = { key: key[1] ?? '', style: value, lines: [] };
      else fields.push([key[1] ?? '', yamlScalar(value)]);
    } else if (nested !== null && /^(?:\s|-\s)/.test(line)) {
      nested.lines.push(line.trim());
    } else {
      return null;
    }
  }
  closeNested();
  return fields.length > 0 ? fields : null;
}

/** A flow list inside a flow list is kept as text: flat front matter has no deeper structure, and depth is unbounded. */
function yamlScalar(value: string, inList = false): Scalar {
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value.replace(/\s+#.*$/, '')) as string;
    } catch {
      return value.replace(/^"|"$/g, '');
    }
  }
  if (value.startsWith("'")) return value.replace(/\s+#.*$/, '').replace(/^'|'$/g, '').replace(/''/g, "'");
  const plain = value.replace(/\s+#.*$/, '').trim();
  const list = inList ? null : /^\[(.*)\]$/.exec(plain);
  if (list) {
    return (list[1] ?? '')
      .split(',')
      .map((item) => String(yamlScalar(item.trim(), true) ?? ''))
      .filter((item) => item.length > 0)
      .join(', ');
  }
  if (plain === '' || plain === '~' || plain === 'null') return null;
  if (plain === 'true' || plain === 'false') return plain === 'true';
  if (/^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/.test(plain)) return Number(plain);
  return plain;
}

// ---------- JSONL articles ----------

/**
 * One parsed JSONL line → Article. `text` (or `body`/`content`) is required; `id` (string or number)
 * defaults to the line's origin; a missing title is read from the text or derived; every other scalar
 * field is kept in metadata. Error: `bad_article`.
 */
export function articleFromJson(value: unknown, origin: string): Result<Article> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return badArticle('the line is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const textKey = TEXT_FIELDS.find((key) => typeof record[key] === 'string' && (record[key] as string).trim() !== '');
  if (textKey === undefined) return badArticle('the article has no "text" string');
  const text = (record[textKey] as string).replace(/\r\n?/g, '\n');
  const rawId = record['id'];
  let id: string;
  if (typeof rawId === 'string' && rawId.trim() !== '') id = toDocId(rawId.trim());
  else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = toDocId(String(rawId));
  else if (rawId === undefined || rawId === null) id = toDocId(origin.replace(/^.*[\\/]/, '').replace(/\.jsonl?:/i, '-'));
  else return badArticle('"id" must be a string or a number');
  const entries: Array<[string, Scalar]> = [];
  for (const [key, field] of Object.entries(record)) {
    const scalar = jsonScalar(field);
    if (scalar !== undefined) entries.push([key, scalar]);
  }
  const fields = readFields(entries, ['id', textKey]);
  return { ok: true, value: completeArticle(id, text, fields, origin) };
}

/** JSON scalars as they are; a list of scalars joined by ", "; objects and nested lists are dropped. */
function jsonScalar(value: unknown): Scalar | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return value.join(', ');
  }
  return undefined;
}

function badArticle(message: string): Result<Article> {
  return { ok: false, error: { code: 'bad_article', message } };
}

// ---------- small helpers ----------

function isWordChar(char: string): boolean {
  return /[\p{L}\p{N}]/u.test(char);
}

/** Number of whitespace-separated words in a text. */
export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const space = code <= 0x20 || code === 0xa0 || (code >= 0x2000 && code <= 0x200a) || code === 0x3000;
    if (!space && !inWord) count += 1;
    inWord = !space;
  }
  return count;
}
