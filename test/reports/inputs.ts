/**
 * Report inputs written the way their producers write them: `shredlock scan --format json`
 * (buildReport), the scanner's findings file (toJsonLines) and tag report (tagReportRows).
 */
import { buildReport, type ScanReport } from '../../lambdas/engine/report.js';
import type { ObjectReport } from '../../lambdas/engine/scan.js';
import { ENGINE_VERSION } from '../../lambdas/engine/version.js';
import { keyHash } from '../../lambdas/aws/object-ref.js';
import { tagReportRows, toJsonLines, type ReportEntry } from '../../lambdas/scanner/report-writer.js';
import { scanTagValues } from '../../lambdas/scanner/tags.js';

/** An object report as the engine makes it (no findings listed; counts only). */
export function objectReport(key: string, fields: Partial<ObjectReport> = {}): ObjectReport {
  return { key, size: 100, format: 'text', sensitivity: 'public', counts: {}, findings: [], ...fields };
}

/** A scan report of `objects`, finished on `day`. */
export function scanReport(source: string, day: string, objects: ObjectReport[]): ScanReport {
  return buildReport(source, new Date(`${day}T01:00:00Z`), new Date(`${day}T02:00:00Z`), objects);
}

/** The version id these inputs give a key (one version per key). */
export function versionIdOf(key: string): string {
  return `ver-${keyHash(key)}`;
}

/** Report entries of a vault bucket, tagged as the scanner tags them (version id: versionIdOf(key)). */
export function entries(bucket: string, day: string, objects: ObjectReport[]): ReportEntry[] {
  return objects.map((report) => ({
    ids: { bucket, versionId: versionIdOf(report.key), keyHash: keyHash(report.key) },
    report,
    tagging: {
      outcome: 'complete',
      applied: true,
      values: scanTagValues(report, ENGINE_VERSION, new Date(`${day}T00:00:00Z`)),
      written: [],
      omitted: [],
    },
  }));
}

/** The findings file of a run. */
export function findingsFile(bucket: string, day: string, objects: ObjectReport[]): string {
  return toJsonLines(entries(bucket, day, objects));
}

/** The JSON tag report of a run, as writeRunReports writes it. */
export function tagReportFile(runId: string, bucket: string, day: string, objects: ObjectReport[]): string {
  const rows = tagReportRows(entries(bucket, day, objects), new Date(`${day}T00:00:00Z`));
  return `${JSON.stringify({ runId, vault: bucket, engine: ENGINE_VERSION, rows }, null, 2)}\n`;
}
