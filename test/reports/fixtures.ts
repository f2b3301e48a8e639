/**
 * Generated inputs of the tag report: object versions over several vault prefixes and scan dates,
 * with failed reads, versions never scanned or scanned by an old engine, and keys that need
 * escaping (markup, ampersands, Chinese). Deterministic: the same input every run.
 */
import { createHash } from 'node:crypto';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import type { ObservedObject, ReportInput, ScanRun } from '../../lambdas/reports/types.js';

/** The fixtures' version id of a key: opaque, like S3's. */
export function versionOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 24);
}

/** An object version with defaults: public, 100 bytes, no findings, scanned today by this engine. */
export function observed(fields: Partial<ObservedObject> & Pick<ObservedObject, 'key'>): ObservedObject {
  return {
    vault: 'vault-a',
    versionId: versionOf(fields.key),
    size: 100,
    level: 'public',
    counts: {},
    types: Object.keys(fields.counts ?? {}).filter((t) => (fields.counts?.[t] ?? 0) > 0),
    engine: ENGINE_VERSION,
    scanned: '2026-11-27',
    ...fields,
  };
}

/** A run of findings (counts per type). */
export function run(id: string, date: string, objects: readonly ObservedObject[]): ScanRun {
  return { format: 'findings', id, date, source: `reports/scan/dt=${date}/${id}.jsonl`, objects: objects.map((o) => ({ ...o, scanned: date })) };
}

/** Keys that must come out escaped and intact. */
export const AWKWARD_KEYS = {
  markup: 'exports/<script>alert("x")</script>&amp;.csv',
  chinese: 'exports/客户名单 2026.xlsx',
} as const;

/**
 * Three scan days over two prefixes (`exports/`, `hr/`) plus a top-level object: the last day
 * rescans two versions (one got worse: the strings pass had read it, a text reader now does), one
 * read failed (a zip with a member only the strings pass read), one version was scanned by an old
 * engine that did not say which reader it used.
 */
export function sampleInput(): ReportInput {
  const day1 = run('20261125T030000Z-aaaa0001', '2026-11-25', [
    observed({ key: 'exports/customers.csv', format: 'csv', size: 2048, level: 'confidential', counts: { cn_resident_id: 3, cn_mobile: 3 } }),
    observed({ key: 'exports/notes.txt', format: 'binary', fallback: 'strings', size: 512 }),
    observed({ key: 'hr/staff.xlsx', format: 'xlsx', size: 40_960, level: 'sensitive', counts: { cn_mobile: 12, email: 4 } }),
    observed({ key: 'readme.md', format: 'text', size: 64 }),
  ]);
  const day2 = run('20261126T030000Z-aaaa0002', '2026-11-26', [
    observed({ key: AWKWARD_KEYS.markup, format: 'zip', fallback: 'strings', size: 300, level: 'failed', error: 'CORRUPT' }),
    observed({ key: AWKWARD_KEYS.chinese, format: 'xlsx', size: 90_000, level: 'confidential', counts: { cn_resident_id: 20, bank_card: 2, cn_name: 20 } }),
    observed({ key: 'hr/2025/old.pdf', size: 10_000, level: 'sensitive', counts: { email: 1 }, engine: '0.0.9' }),
  ]);
  const day3 = run('20261127T030000Z-aaaa0003', '2026-11-27', [
    // Rescans: notes.txt now holds a mobile number; staff.xlsx is unchanged.
    observed({ key: 'exports/notes.txt', format: 'text', size: 512, level: 'sensitive', counts: { cn_mobile: 1 } }),
    observed({ key: 'hr/staff.xlsx', format: 'xlsx', size: 40_960, level: 'sensitive', counts: { cn_mobile: 12, email: 4 } }),
  ]);
  return { kind: 'records-bucket', location: 's3://records/reports/', runs: [day1, day2, day3] };
}
