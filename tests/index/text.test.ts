import { describe, expect, it } from 'vitest';
import { oneLine } from '../../index/text.ts';

describe('oneLine', () => {
  it.each([
    { text: 'plain name.txt', expected: 'plain name.txt' },
    { text: 'evil\n2026-01-01T00:00:00.000Z forged.txt', expected: 'evil\\n2026-01-01T00:00:00.000Z forged.txt' },
    { text: 'cr\rand\ttab', expected: 'cr\\rand\\ttab' },
    { text: 'bell\u0007 escape\u001b[31m', expected: 'bell\\u0007 escape\\u001b[31m' },
    { text: 'line\u2028separator', expected: 'line\\u2028separator' },
    { text: 'Élysée, Łódź, 北京', expected: 'Élysée, Łódź, 北京' },
  ])('writes $text on one line', ({ text, expected }) => {
    const line = oneLine(text);
    expect(line).toBe(expected);
    expect(line).not.toMatch(/[\n\r\u2028\u2029]/);
  });
});
