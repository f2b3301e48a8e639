// scanSource's onFinding: every finding reaches the callback as it is found, whatever the list's
// cap, so a caller that reduces findings at once (the notification list) holds none of them.
import { describe, expect, it } from 'vitest';
import { scanSource, type ReportedFinding } from '../../lambdas/engine/scan.js';
import { CUSTOMER_HEADER, customerRow } from '../../synthetic/exports.js';
import { Rng } from '../../synthetic/random.js';
import { bufferSource } from './formats/read-parts.js';

function customerCsv(rows: number): string {
  const rng = new Rng(7);
  const lines = [CUSTOMER_HEADER.join(',')];
  for (let i = 1; i <= rows; i++) lines.push(customerRow(rng, i).map((f) => (f.includes(' ') ? `"${f}"` : f)).join(','));
  return `${lines.join('\n')}\n`;
}

const total = (counts: Partial<Record<string, number>>) => Object.values(counts).reduce((a, b) => (a ?? 0) + (b ?? 0), 0) ?? 0;

describe('scanSource onFinding', () => {
  const csv = customerCsv(300);

  it('passes every finding, with its value when revealed, while the report lists at most maxFindings', async () => {
    const seen: ReportedFinding[] = [];
    const report = await scanSource(bufferSource('customers.csv', csv), 'customers.csv', {
      reveal: true,
      maxFindings: 3,
      onFinding: (f) => seen.push(f),
    });
    const all = await scanSource(bufferSource('customers.csv', csv), 'customers.csv', { reveal: true, maxFindings: 0 });
    expect(total(report.counts)).toBeGreaterThan(1000);
    expect(seen).toHaveLength(total(report.counts));
    expect(seen).toEqual(all.findings);
    expect(seen.every((f) => typeof f.value === 'string' && f.value.length > 0)).toBe(true);
    expect(report.findings).toEqual(all.findings.slice(0, 3));
    expect(report.findingsOmitted).toBe(seen.length - 3);
    expect(report.counts).toEqual(all.counts);
  });

  it('passes masked findings only when not revealing', async () => {
    const seen: ReportedFinding[] = [];
    await scanSource(bufferSource('customers.csv', csv), 'customers.csv', { maxFindings: 1, onFinding: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1000);
    expect(seen.some((f) => 'value' in f)).toBe(false);
  });
});
