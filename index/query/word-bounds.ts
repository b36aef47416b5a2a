/**
 * The words of a text as flat (start, end) offsets, split exactly as text.ts's `tokenize` splits them, but by a
 * hand-written scan instead of a Unicode regular expression: snippets tokenize every hit's text on every search,
 * and the scan is several times faster on mostly-ASCII text (tests/word-bounds.test.ts checks both agree).
 */

const LETTER = 1;
const DIGIT = 2;

/** Classes of the ASCII characters: letters, digits, everything else. */
const ASCII_CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const lower = code | 0x20;
  ASCII_CLASS[code] = lower >= 0x61 && lower <= 0x7a ? LETTER : code >= 0x30 && code <= 0x39 ? DIGIT : 0;
}

/** Classes of code points above ASCII, looked up once each. */
const classOfCodePoint = new Map<number, number>();

function classAbove(codePoint: number): number {
  let known = classOfCodePoint.get(codePoint);
  if (known === undefined) {
    const char = String.fromCodePoint(codePoint);
    known = /\p{L}/u.test(char) ? LETTER : /\p{N}/u.test(char) ? DIGIT : 0;
    if (classOfCodePoint.size < 100_000) classOfCodePoint.set(codePoint, known);
  }
  return known;
}

/** Class of the code point at `i` times 4, plus its width in code units (1 or 2); 0 past the end. */
function classAndWidth(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return (ASCII_CLASS[code] ?? 0) * 4 + 1;
  if (Number.isNaN(code)) return 0;
  const codePoint = text.codePointAt(i) ?? 0;
  return classAbove(codePoint) * 4 + (codePoint > 0xffff ? 2 : 1);
}

const DOT = 0x2e;

/**
 * Start and end (exclusive) offsets of each word, in pairs: word k is text.slice(bounds[2k], bounds[2k + 1]).
 * A word is a dotted acronym of two or more letters (U.S.) or a run of letters and digits, as in text.ts.
 */
export function wordBounds(text: string): Int32Array {
  let bounds: Int32Array = new Int32Array((text.length >> 1) + 8);
  let count = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const first = classAndWidth(text, i);
    const kind = first >> 2;
    if (kind === 0) {
      i += first & 3;
      continue;
    }
    if (kind === LETTER) {
      // A dotted acronym first, as the regular expression's first alternative: letter-dot pairs, two or more.
      let end = i;
      let pairs = 0;
      for (;;) {
        const letter = classAndWidth(text, end);
        if (letter >> 2 !== LETTER || text.charCodeAt(end + (letter & 3)) !== DOT) break;
        end += (letter & 3) + 1;
        pairs += 1;
      }
      if (pairs >= 2) {
        bounds = append(bounds, count, i, end);
        count += 2;
        i = end;
        continue;
      }
    }
    let end = i + (first & 3);
    for (;;) {
      const next = classAndWidth(text, end);
      if (next >> 2 === 0) break;
      end += next & 3;
    }
    bounds = append(bounds, count, i, end);
    count += 2;
    i = end;
  }
  return bounds.subarray(0, count);
}

/** Writes a (start, end) pair at `count`, in a larger copy when `bounds` is full. */
function append(bounds: Int32Array, count: number, start: number, end: number): Int32Array {
  let target = bounds;
  if (count + 2 > bounds.length) {
    target = new Int32Array(bounds.length * 2 + 2);
    target.set(bounds);
  }
  target[count] = start;
  target[count + 1] = end;
  return target;
}
