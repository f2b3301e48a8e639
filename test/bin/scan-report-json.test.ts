// bin/render/scan-report.ts: the JSON report written in pieces is the report's JSON, byte for byte.
import { describe, expect, it } from 'vitest';
import { renderJson, renderReport } from '../../bin/render/scan-report.js';
import { buildReport, findInText, type ObjectReport } from '../../lambdas/engine/index.js';
import { customerRow } from '../../synthetic/exports.js';
import { Rng } from '../../synthetic/random.js';

function object(key: string, text: string): ObjectReport {
  const findings = findInText(text).map(({ value: _value, ...f }) => f);
  return {
    key,
    size: text.length,
    format: 'csv',
    sensitivity: findings.length > 0 ? 'confidential' : 'public',
    counts: { cn_resident_id: findings.length },
    findings,
    ...(key.endsWith('.bad') ? { error: { code: 'READ_FAILED' as const, message: 'read failed (a\nb "quoted")' } } : {}),
  };
}

describe('renderJson', () => {
  const rng = new Rng('scan-report-json');
  const rows = (n: number) => Array.from({ length: n }, (_, i) => customerRow(rng, i).join(',')).join('\n');
  it.each([
    ['no objects', [] as ObjectReport[]],
    ['one object', [object('a.csv', rows(3))]],
    ['several, with an error message holding a newline and quotes', [object('a.csv', rows(5)), object('客户/b.csv', rows(2)), object('c.bad', '')]],
  ])('joins to JSON.stringify(report, null, 2) and a newline (%s)', (_name, objects) => {
    const report = buildReport('.', new Date(0), new Date(1000), objects);
    const pieces = [...renderJson(report)];
    expect(pieces.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect([...renderReport(report, 'json')].join('')).toBe(pieces.join(''));
  });

  it('comes in bounded pieces when an object holds many findings', () => {
    const report = buildReport('.', new Date(0), new Date(1000), [object('big.csv', rows(3000))]);
    const pieces = [...renderJson(report)];
    expect(report.objects[0].findings.length).toBeGreaterThan(3000);
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(70_000);
    expect(pieces.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });
});

describe('renderJson on what JSON.stringify treats in its own way', () => {
  it('leaves out undefined fields, writes null for undefined items, calls toJSON, keeps empty arrays and objects', () => {
    const odd = { a: undefined, b: [undefined, 1, { c: [] }, {}], d: new Date(0), e: 'line\nbreak "q"', f: null, g: Number.NaN };
    const report = { ...buildReport('.', new Date(0), new Date(1000), []), extra: odd } as unknown as Parameters<typeof renderJson>[0];
    expect([...renderJson(report)].join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });
});
