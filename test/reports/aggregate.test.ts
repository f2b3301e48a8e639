import { describe, expect, it } from 'vitest';
import { UNKNOWN_FORMAT, buildTagReport, compareEngines, formatGroupId, latestObservations, prefixOf } from '../../lambdas/reports/aggregate.js';
import { isReportInputError } from '../../lambdas/reports/errors.js';
import { observedFromTags } from '../../lambdas/reports/parse.js';
import type { ReportInput } from '../../lambdas/reports/types.js';
import { AWKWARD_KEYS, observed, run, sampleInput, versionOf } from './fixtures.js';

const NOW = new Date('2026-11-28T00:00:00Z');

describe('prefixOf', () => {
  it.each([
    ['exports/2026/a.csv', 1, 'exports/'],
    ['exports/2026/a.csv', 2, 'exports/2026/'],
    ['exports/2026/a.csv', 5, 'exports/2026/'],
    ['exports/2026/a.csv', 0, ''],
    ['a.csv', 1, ''],
    ['/leading/slash.txt', 1, '/'],
    ['dir/', 1, 'dir/'],
  ])('%s at depth %i is %j', (key, depth, prefix) => {
    expect(prefixOf(key, depth)).toBe(prefix);
  });
});

describe('compareEngines', () => {
  it.each([
    ['0.1.0', '0.1.0', 0],
    ['0.0.9', '0.1.0', -1],
    ['0.9.1', '0.10.0', -1],
    ['1.0.0', '0.99.0', 1],
    ['0.1.0-rc.1', '0.1.0-rc.2', -1],
    ['0.1', '0.1.0', -1],
  ])('%s vs %s: %i', (a, b, sign) => {
    expect(Math.sign(compareEngines(a, b))).toBe(sign);
  });
});

describe('latestObservations', () => {
  it('keeps one observation per vault, key and version: the latest scan date, later input on a tie', () => {
    const a = observed({ key: 'k', scanned: '2026-11-01', level: 'public' });
    const b = observed({ key: 'k', scanned: '2026-11-02', level: 'sensitive' });
    const c = observed({ key: 'k', scanned: '2026-11-02', level: 'confidential' });
    const other = observed({ key: 'k', versionId: 'other', scanned: '2026-10-01' });
    expect(latestObservations([b, a, c, other]).map((o) => o.level)).toEqual(['confidential', 'public']);
  });
});

describe('buildTagReport', () => {
  const report = buildTagReport(sampleInput(), { now: NOW });

  it('counts each version once in the totals, as its latest scan saw it', () => {
    expect(report.totals).toEqual({
      objects: 7,
      bytes: 2048 + 512 + 40_960 + 64 + 300 + 90_000 + 10_000,
      findings: 6 + 1 + 16 + 42 + 1,
      byLevel: {
        public: { objects: 1, bytes: 64 },
        sensitive: { objects: 3, bytes: 512 + 40_960 + 10_000 },
        confidential: { objects: 2, bytes: 2048 + 90_000 },
        failed: { objects: 1, bytes: 300 },
        unscanned: { objects: 0, bytes: 0 },
      },
    });
    expect(report.generatedAt).toBe(NOW.toISOString());
    expect(report.vaults).toEqual(['vault-a']);
  });

  it('totals types by objects holding them and by findings, in PII_TYPES order', () => {
    expect(report.byType).toEqual([
      { type: 'cn_resident_id', objects: 2, findings: 23 },
      { type: 'cn_mobile', objects: 3, findings: 16 },
      { type: 'bank_card', objects: 1, findings: 2 },
      { type: 'email', objects: 2, findings: 5 },
      { type: 'cn_name', objects: 1, findings: 20 },
    ]);
  });

  it('counts versions per reader once, as their latest scan saw them: the strings pass apart, no format as unknown', () => {
    // notes.txt: read by the strings pass on day 1, by the text reader on its rescan (day 3); old.pdf: an engine that did not say.
    expect(report.byFormat).toEqual([
      { format: 'text', fallback: null, objects: 2, bytes: 512 + 64 },
      { format: 'csv', fallback: null, objects: 1, bytes: 2048 },
      { format: 'xlsx', fallback: null, objects: 2, bytes: 40_960 + 90_000 },
      { format: 'zip', fallback: 'strings', objects: 1, bytes: 300 },
      { format: 'unknown', fallback: null, objects: 1, bytes: 10_000 },
    ]);
    expect(report.byFormat.reduce((n, f) => n + f.objects, 0)).toBe(report.totals.objects);
    expect(report.byFormat.reduce((n, f) => n + f.bytes, 0)).toBe(report.totals.bytes);
  });

  it('groups several formats in the engine\'s order, each fallback after its format, an unnamed reader before unknown', () => {
    const r = buildTagReport(
      {
        kind: 'local',
        location: 'x',
        runs: [
          run('r1', '2026-11-01', [
            observed({ key: 'a.bak', format: 'binary', fallback: 'strings', size: 10 }),
            observed({ key: 'b.bin', format: 'binary', size: 20 }),
            observed({ key: 'c.xls', format: 'xls', size: 30 }),
            observed({ key: 'd.dat', format: 'binary', fallback: 'strings', size: 40 }),
            observed({ key: 'e.new', format: 'hologram', size: 50 }),
            observed({ key: 'f.csv', size: 60 }),
            observed({ key: 'g.rar', format: 'rar', size: 70 }),
          ]),
        ],
      },
      { now: NOW },
    );
    expect(r.byFormat.map((f) => [formatGroupId(f), f.objects, f.bytes])).toEqual([
      ['xls', 1, 30],
      ['rar', 1, 70],
      ['binary', 1, 20],
      ['binary (strings)', 2, 50],
      ['hologram', 1, 50],
      ['unknown', 1, 60],
    ]);
  });

  it.each([
    ['a reader for what the strings pass read', { format: 'binary', fallback: 'strings' }, { format: 'sqlite' }, 'sqlite'],
    ['the strings pass for what a reader read', { format: 'zip' }, { format: 'zip', fallback: 'strings' }, 'zip (strings)'],
    ['a format for an input that did not say', {}, { format: 'parquet' }, 'parquet'],
    ['no format (tags) for a format', { format: 'csv' }, {}, 'unknown'],
  ])('counts a rescan that found %s under its latest format only', (_, before, after, group) => {
    const r = buildTagReport(
      { kind: 'local', location: 'x', runs: [run('r1', '2026-11-01', [observed({ key: 'k', ...before })]), run('r2', '2026-11-02', [observed({ key: 'k', ...after })])] },
      { now: NOW },
    );
    expect(r.byFormat.map((f) => [formatGroupId(f), f.objects])).toEqual([[group, 1]]);
  });

  it('counts versions read from live tags, which name no reader, under unknown', () => {
    const tags = [
      { Key: 'shredlock:sensitivity', Value: 'confidential' },
      { Key: 'shredlock:types', Value: 'cn_resident_id' },
      { Key: 'shredlock:engine', Value: '0.1.0' },
      { Key: 'shredlock:scanned', Value: '2026-11-02' },
    ];
    const objects = [
      observedFromTags({ bucket: 'v', key: 'a.xlsx', versionId: '1', size: 5 }, tags),
      observedFromTags({ bucket: 'v', key: 'b.csv', versionId: '1', size: 7 }, []),
    ];
    const r = buildTagReport({ kind: 'vault-tags', location: 's3://v/', runs: [{ format: 'live-tags', id: 'live', source: 's3://v/', objects }] }, { now: NOW });
    expect(r.byFormat).toEqual([{ format: UNKNOWN_FORMAT, fallback: null, objects: 2, bytes: 12 }]);
  });

  it('groups by the first --depth folders, top-level keys under the empty prefix', () => {
    expect(report.byPrefix.map((p) => [p.prefix, p.objects, p.bytes, p.byLevel.confidential, p.byLevel.failed])).toEqual([
      ['', 1, 64, 0, 0],
      ['exports/', 4, 2048 + 512 + 300 + 90_000, 2, 1],
      ['hr/', 2, 50_960, 0, 0],
    ]);
    const deeper = buildTagReport(sampleInput(), { depth: 2, now: NOW });
    // The `/` of `</script>` makes a folder too: prefixes are key text and are escaped like keys.
    expect(deeper.byPrefix.map((p) => p.prefix)).toEqual(['', 'exports/', 'exports/<script>alert("x")</', 'hr/', 'hr/2025/']);
  });

  it('lists failed versions with their error code, and versions an older engine scanned', () => {
    expect(report.failed).toEqual([
      { vault: 'vault-a', key: AWKWARD_KEYS.markup, versionId: versionOf(AWKWARD_KEYS.markup), size: 300, code: 'CORRUPT', scanned: '2026-11-26' },
    ]);
    expect(report.unscanned).toEqual([
      { vault: 'vault-a', key: 'hr/2025/old.pdf', versionId: versionOf('hr/2025/old.pdf'), size: 10_000, reason: 'older-engine', engine: '0.0.9' },
    ]);
  });

  it('counts every scan in the trend, on its own date', () => {
    expect(report.trend).toEqual([
      { date: '2026-11-25', objects: 4, bytes: 43_584, findings: 22, byLevel: { public: 2, sensitive: 1, confidential: 1, failed: 0, unscanned: 0 } },
      { date: '2026-11-26', objects: 3, bytes: 100_300, findings: 43, byLevel: { public: 0, sensitive: 1, confidential: 1, failed: 1, unscanned: 0 } },
      { date: '2026-11-27', objects: 2, bytes: 41_472, findings: 17, byLevel: { public: 0, sensitive: 2, confidential: 0, failed: 0, unscanned: 0 } },
    ]);
    expect(report.runs.map((r) => [r.date, r.objects])).toEqual([
      ['2026-11-25', 4],
      ['2026-11-26', 3],
      ['2026-11-27', 2],
    ]);
  });

  it('reports findings as null, not a partial sum, when an input names types only', () => {
    const input: ReportInput = {
      kind: 'local',
      location: 'x',
      runs: [run('r1', '2026-11-01', [observed({ key: 'a', counts: { email: 2 } })]), run('r2', '2026-11-02', [observed({ key: 'b', counts: undefined, types: ['email'] })])],
    };
    const mixed = buildTagReport(input, { now: NOW });
    expect(mixed.totals.findings).toBeNull();
    expect(mixed.byType).toEqual([{ type: 'email', objects: 2, findings: null }]);
    expect(mixed.trend.map((d) => d.findings)).toEqual([2, null]);
  });

  it.each([
    ['never-scanned', observed({ key: 'x', level: 'unscanned', engine: undefined, scanned: undefined, counts: undefined })],
    ['no-engine-tag', observed({ key: 'x', level: 'public', engine: undefined, counts: undefined })],
    ['older-engine', observed({ key: 'x', engine: '0.0.1' })],
  ])('marks a version %s', (reason, object) => {
    const r = buildTagReport({ kind: 'vault-tags', location: 's3://v/', runs: [{ format: 'live-tags', id: 'live', source: 's3://v/', objects: [object] }] }, { now: NOW });
    expect(r.unscanned.map((u) => u.reason)).toEqual([reason]);
  });

  it('does not list a failed version as unscanned too, nor a current one', () => {
    const r = buildTagReport(
      { kind: 'vault-tags', location: 's3://v/', runs: [{ format: 'live-tags', id: 'live', source: 's3://v/', objects: [observed({ key: 'f', level: 'failed', engine: undefined }), observed({ key: 'ok' })] }] },
      { now: NOW },
    );
    expect(r.failed.map((f) => [f.key, f.code])).toEqual([['f', null]]);
    expect(r.unscanned).toEqual([]);
  });

  it.each([-1, 1.5, 33])('refuses depth %s with OPTION_INVALID', (depth) => {
    let thrown: unknown;
    try {
      buildTagReport(sampleInput(), { depth });
    } catch (error) {
      thrown = error;
    }
    expect(isReportInputError(thrown) && thrown.code).toBe('OPTION_INVALID');
  });
});
