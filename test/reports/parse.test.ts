import { describe, expect, it } from 'vitest';
import { isReportInputError, type ReportInputError } from '../../lambdas/reports/errors.js';
import {
  dateFromPath,
  observedFromTags,
  parseReportFile,
  parseScanLines,
  parseTypesTag,
} from '../../lambdas/reports/parse.js';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import { findingsFile, objectReport, scanReport, tagReportFile, versionIdOf } from './inputs.js';

function thrown(fn: () => unknown): ReportInputError {
  try {
    fn();
  } catch (error) {
    if (isReportInputError(error)) return error;
    throw error;
  }
  throw new Error('did not throw');
}

const OBJECTS = [
  objectReport('exports/a.csv', { size: 10, format: 'csv', sensitivity: 'confidential', counts: { cn_resident_id: 2, cn_mobile: 0 } }),
  objectReport('exports/b.zip', { size: 20, format: 'zip', fallback: 'strings', sensitivity: 'failed', error: { code: 'CORRUPT', message: 'corrupt' } }),
];

describe('parseReportFile', () => {
  it('reads a `shredlock scan --format json` report: source as vault, finish date, engine, counts', () => {
    const run = parseReportFile('scan.json', JSON.stringify(scanReport('/data/exports', '2026-11-20', OBJECTS)));
    expect(run).toMatchObject({ format: 'scan-report', id: 'scan', date: '2026-11-20' });
    expect(run.objects).toEqual([
      { vault: '/data/exports', key: 'exports/a.csv', size: 10, level: 'confidential', counts: { cn_resident_id: 2, cn_mobile: 0 }, types: ['cn_resident_id'], format: 'csv', engine: ENGINE_VERSION, scanned: '2026-11-20' },
      { vault: '/data/exports', key: 'exports/b.zip', size: 20, level: 'failed', counts: {}, types: [], error: 'CORRUPT', format: 'zip', fallback: 'strings', engine: ENGINE_VERSION, scanned: '2026-11-20' },
    ]);
  });

  it('reads the scanner findings file, dated by its dt= folder', () => {
    const run = parseReportFile('reports/scan/dt=2026-11-21/run-1.jsonl', findingsFile('vault-b', '2026-11-21', OBJECTS), '1999-01-01');
    expect(run).toMatchObject({ format: 'findings', id: 'run-1', date: '2026-11-21' });
    expect(run.objects.map((o) => [o.vault, o.versionId, o.level, o.scanned, o.format, o.fallback])).toEqual([
      ['vault-b', versionIdOf('exports/a.csv'), 'confidential', '2026-11-21', 'csv', undefined],
      ['vault-b', versionIdOf('exports/b.zip'), 'failed', '2026-11-21', 'zip', 'strings'],
    ]);
  });

  it('leaves the reader unsaid for a scan report of an engine older than the format field', () => {
    const { format: _f, fallback: _s, ...old } = objectReport('old.csv', { format: 'csv' });
    const report = { ...scanReport('/data', '2026-11-20', []), objects: [old] };
    const [object] = parseReportFile('old.json', JSON.stringify(report)).objects;
    expect(object).not.toHaveProperty('format');
    expect(object).not.toHaveProperty('fallback');
  });

  it('dates a findings file outside dt= by the fallback date the caller gives', () => {
    expect(parseScanLines(findingsFile('v', '2026-11-21', OBJECTS), 'run.jsonl', '2026-11-22').date).toBe('2026-11-22');
    expect(parseScanLines('', 'empty.jsonl').objects).toEqual([]);
  });

  it('reads the scanner tag report: types from the tags, no counts', () => {
    const run = parseReportFile('reports/tags/dt=2026-11-21/vault-b/run-1.json', tagReportFile('run-1', 'vault-b', '2026-11-21', OBJECTS));
    expect(run).toMatchObject({ format: 'tag-report', id: 'run-1', date: '2026-11-21' });
    expect(run.objects[0]).toEqual({
      vault: 'vault-b', key: 'exports/a.csv', versionId: versionIdOf('exports/a.csv'), size: 10, level: 'confidential', types: ['cn_resident_id'], engine: ENGINE_VERSION, scanned: '2026-11-21',
    });
  });

  it('names the file and line of a bad findings line, without quoting it', () => {
    const secret = '张三 110101199003074514';
    const error = thrown(() => parseScanLines(`${findingsFile('v', '2026-11-21', OBJECTS)}{"key": "${secret}"\n`, 'x.jsonl'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe('x.jsonl: line 3: not JSON');
    expect(String((error.cause as Error).message)).not.toContain('110101');
  });

  it.each([
    ['{"objects": 3}', 'not a scan report'],
    ['[1, 2]', 'not a scan report'],
    ['{"runId": "r", "vault": "v", "rows": [{"key": "k"}]}', 'not a tag report'],
    ['{"scanner": {"name": "shredlock", "version": "0.1.0"}, "finishedAt": "2026-11-01T00:00:00Z", "source": "s", "objects": [{"key": "k", "size": 1, "sensitivity": "secret", "counts": {}}]}', 'one of public'],
  ])('refuses %s', (text, message) => {
    const error = thrown(() => parseReportFile('f.json', text));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain(message);
  });
});

describe('tags', () => {
  it.each([
    [undefined, []],
    ['none', []],
    ['cn_resident_id+email', ['cn_resident_id', 'email']],
    ['cn_resident_id+email+...', ['cn_resident_id', 'email']],
  ])('parseTypesTag(%j)', (value, types) => {
    expect(parseTypesTag(value)).toEqual(types);
  });

  it('reads a version from its shredlock tags, unscanned without a level tag', () => {
    const version = { bucket: 'v', key: 'k', versionId: 'x', size: 5 };
    expect(
      observedFromTags(version, [
        { Key: 'team', Value: 'a' },
        { Key: 'shredlock:sensitivity', Value: 'sensitive' },
        { Key: 'shredlock:engine', Value: '0.1.0' },
        { Key: 'shredlock:types', Value: 'cn_mobile' },
        { Key: 'shredlock:scanned', Value: '2026-11-02' },
      ]),
    ).toEqual({ vault: 'v', key: 'k', versionId: 'x', size: 5, level: 'sensitive', types: ['cn_mobile'], engine: '0.1.0', scanned: '2026-11-02' });
    expect(observedFromTags(version, [])).toEqual({ vault: 'v', key: 'k', versionId: 'x', size: 5, level: 'unscanned', types: [] });
    expect(observedFromTags(version, [{ Key: 'shredlock:sensitivity', Value: 'bogus' }]).level).toBe('unscanned');
  });

  it.each([
    ['reports/scan/dt=2026-11-21/r.jsonl', '2026-11-21'],
    ['s3://b/reports/tags/dt=2026-01-02/vault/r.json', '2026-01-02'],
    ['C:\\reports\\dt=2026-01-03\\r.jsonl', '2026-01-03'],
    ['reports/scan/r.jsonl', undefined],
    ['reports/dt=2026-01-02', undefined],
  ])('dateFromPath(%s)', (path, date) => {
    expect(dateFromPath(path)).toBe(date);
  });
});
