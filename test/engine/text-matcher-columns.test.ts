/**
 * The column cursor jumps between delimiters, quotes and newlines with indexOf. This test holds it
 * to the rule it implements, read character by character: a delimiter outside quotes moves to
 * the next column, a quote toggles quoting, a newline starts a row. Tokens ending in 8 are
 * findings only through their column header, so the findings spell out the columns.
 */
import { describe, expect, it } from 'vitest';
import { TextMatcher } from '../../lambdas/engine/text-matcher.js';
import type { Detector, Finding } from '../../lambdas/engine/types.js';
import { Rng } from '../../synthetic/random.js';

const token: Detector = {
  id: 'test.token',
  type: 'cn_passport',
  strength: 1,
  patterns: [{ name: 'tok', regex: /(?<![0-9A-Za-z])T\d{8}(?![0-9A-Za-z])/g, score: 0.2 }],
  context: ['passport'],
};

/** Offsets of the tokens whose column (read character by character) is the passport column. */
function expected(csv: string, column: number): number[] {
  const out: number[] = [];
  let col = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (c === '\n') {
      col = 0;
      quoted = false;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) col++;
    if (i > csv.indexOf('\n') && col === column && /^T\d{8}$/.test(csv.slice(i, i + 9)) && !/[0-9A-Za-z]/.test(csv[i - 1] ?? '') && !/[0-9A-Za-z]/.test(csv[i + 9] ?? '')) out.push(i);
  }
  return out;
}

describe('TextMatcher column cursor', () => {
  it('finds header context in exactly the columns a character-by-character reading gives, whatever the windows', () => {
    const rng = new Rng('columns');
    const pieces = ['T20000008', 'T20000008', 'x', ',', ',', '"', '\n', ' ', 'ab', '"a,b"', '""', 'T2000000'];
    let body = '';
    for (let i = 0; i < 20000; i++) body += rng.pick(pieces);
    const csv = `id,note,Passport No,more\n${body}`;
    const want = expected(csv, 2);
    expect(want.length).toBeGreaterThan(150);
    for (const windowChars of [1024, 3000, 1 << 20]) {
      const found: Finding[] = [];
      const m = new TextMatcher({ detectors: [token], where: {}, delimiter: ',', windowChars, sink: { count: () => true, add: (f) => found.push(f) } });
      for (let i = 0; i < csv.length; i += 777) m.push(csv.slice(i, i + 777));
      m.end();
      const lineStarts = [0];
      for (let i = 0; i < csv.length; i++) if (csv[i] === '\n') lineStarts.push(i + 1);
      const offsets = found.map((f) => lineStarts[f.location.line! - 1] + f.location.column! - 1);
      expect(offsets).toEqual(want);
    }
  });
});
