import { describe, expect, it } from 'vitest';
import { keyAt, labelAt } from '../../lambdas/engine/labels.js';
import { TextMatcher } from '../../lambdas/engine/text-matcher.js';
import type { Detector, Finding } from '../../lambdas/engine/types.js';

const token: Detector = {
  id: 'test.token',
  type: 'cn_passport',
  strength: 1,
  patterns: [{ name: 'tok', regex: /(?<![0-9A-Za-z])T\d{8}(?![0-9A-Za-z])/g, score: 0.2 }],
  context: ['passport'],
  validate: (v) => (v.endsWith('7') ? true : undefined),
};

function run(chunks: string[], options: { windowChars?: number; delimiter?: string } = {}): Finding[] {
  const found: Finding[] = [];
  const sink = { count: () => true, add: (f: Finding) => found.push(f) };
  const m = new TextMatcher({ detectors: [token], where: { entry: 'e' }, sink, ...options });
  for (const c of chunks) m.push(c);
  m.end();
  return found;
}

function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('TextMatcher', () => {
  // Lines of filler with a token at varying columns, so tokens straddle every kind of chunk edge.
  const lines = Array.from({ length: 3000 }, (_, i) => `${'.'.repeat(i % 97)}T${String(10_000_000 + i * 10 + 7)} tail${i}`);
  const text = lines.join('\n');

  it.each([1, 7, 1000, 4096, 65_536, text.length])('finds each value exactly once with chunks of %i characters', (size) => {
    const found = run(split(text, size), { windowChars: 2048 });
    expect(found).toHaveLength(3000);
    expect(found.map((f) => f.location.line)).toEqual(lines.map((_, i) => i + 1));
    expect(found.every((f, i) => f.location.column === (i % 97) + 1)).toBe(true);
    expect(found.every((f) => f.location.entry === 'e')).toBe(true);
    expect(new Set(found.map((f) => f.value)).size).toBe(3000);
  });

  it('does not report a window-edge fragment of a longer run', () => {
    const long = '9'.repeat(2000) + 'T12345677' + '8'.repeat(2000);
    expect(run(split(long, 100), { windowChars: 1024 })).toHaveLength(0);
  });

  it('reads the first line of a delimited part as column headers for context', () => {
    const csv = 'id,Passport No,note\n1,T12345678,x\n2,"a,b",T12345678\n';
    const found = run([csv], { delimiter: ',' });
    expect(found.map((f) => [f.location.line, f.location.column])).toEqual([[2, 3]]);
    expect(found[0].basis).toBe('context');
  });

  it('uses nearby words as context and ignores far ones', () => {
    expect(run(['passport: T12345678'])).toHaveLength(1);
    expect(run([`passport${' '.repeat(80)}T12345678`])).toHaveLength(0);
  });

  it('keeps the column header of a row cut by a window edge, so findings do not depend on window size', () => {
    // Rows longer than the look-back: the value sits far from its row start, and window edges fall
    // inside rows. Tokens end in 8, so only the header makes them findings.
    const rows = Array.from({ length: 200 }, (_, i) => `${i},"${'x,'.repeat(60 + (i % 37))}",T${String(20_000_000 + i * 10 + 8)}`);
    const csv = ['id,note,Passport No', ...rows].join('\n');
    for (const windowChars of [1024, 2048, 5000, 1 << 20]) {
      for (const size of [333, 4096, csv.length]) {
        const found = run(split(csv, size), { delimiter: ',', windowChars });
        expect(found.map((f) => f.location.line)).toEqual(rows.map((_, i) => i + 2));
        expect(found.every((f) => f.basis === 'context')).toBe(true);
      }
    }
  });
});

describe('keyAt: the key a JSON value stands under', () => {
  it.each<[string, string, string | undefined]>([
    ['{"xm": "王芳"}', '王芳', 'xm'],
    // In camel case, its words apart too (labels.ts keyHeader).
    ['{"XingMing": "王芳"}', '王芳', 'xingming|xing ming'],
    ['{"XINGMING": "王芳"}', '王芳', 'xingming'],
    ['{"age":30}', '30', 'age'],
    ['{"a" :\t"x"}', 'x', 'a'],
    ['["a", "b"]', 'b', undefined],
    ['say "hi": 1', '1', 'hi'],
    [`{"${'k'.repeat(65)}": "v"}`, 'v', undefined],
    ['no key here: 1', '1', undefined],
  ])('%j: %j is under %j', (text, value, key) => {
    expect(keyAt(text, text.lastIndexOf(value))).toBe(key);
  });
});

describe('labelAt: the label a value in a text stands under (normalized text: `：` is `:`)', () => {
  it.each<[string, string, string | undefined]>([
    ['xingming: 王芳', '王芳', 'xingming'],
    ['Consignee:王芳', '王芳', 'consignee'],
    ['bankAccount=1234567890', '1234567890', 'bankaccount|bank account'],
    ['csrq="1990-05-03"', '1990-05-03', 'csrq'],
    ["qq_hm = '12345'", '12345', 'qq_hm'],
    ['a-b\t:\tx', 'x', 'b'],
    ['姓名:王芳', '王芳', undefined],
    ['name 王芳', '王芳', undefined],
    [`${'k'.repeat(65)}: v`, 'v', undefined],
    [`${'k'.repeat(64)}: v`, 'v', 'k'.repeat(64)],
  ])('%j: %j is under %j', (text, value, label) => {
    expect(labelAt(text, text.lastIndexOf(value))).toBe(label);
  });
});
