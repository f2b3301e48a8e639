/**
 * The JSON scan report: the same schema from `shredlock scan` and the S3 scanner.
 * Documented in docs/scan.md ("JSON report"); change it only compatibly.
 */
import { PIPL_CATEGORY, type PiplCategory } from './categories.js';
import { OBJECT_LEVELS } from './classification.js';
import type { ObjectReport } from './scan.js';
import type { Format, ObjectLevel, PiiType } from './types.js';
import { ENGINE_VERSION, SCANNER_NAME } from './version.js';

/** Totals over all objects of a report. */
export interface ReportSummary {
  objects: number;
  bytes: number;
  bySensitivity: Record<ObjectLevel, number>;
  byType: Partial<Record<PiiType, number>>;
  /** Findings per PIPL category of their type (categories.ts). */
  byCategory: Partial<Record<PiplCategory, number>>;
  /** Objects per reader (`format`); `strings` counts those read, in whole or in part, by the strings pass. */
  byFormat: Partial<Record<Format | 'strings', number>>;
  errors: number;
}

/** A whole scan report. */
export interface ScanReport {
  scanner: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  /** What was scanned: the paths or `s3://bucket/prefix` as given. */
  source: string;
  objects: ObjectReport[];
  summary: ReportSummary;
}

/** Totals of a list of object reports. */
export function summarize(objects: readonly ObjectReport[]): ReportSummary {
  const bySensitivity = Object.fromEntries(OBJECT_LEVELS.map((l) => [l, 0])) as Record<ObjectLevel, number>;
  const byType: Partial<Record<PiiType, number>> = {};
  const byCategory: Partial<Record<PiplCategory, number>> = {};
  const byFormat: Partial<Record<Format | 'strings', number>> = {};
  let bytes = 0;
  let errors = 0;
  for (const o of objects) {
    bySensitivity[o.sensitivity]++;
    bytes += o.size;
    if (o.error) errors++;
    byFormat[o.format] = (byFormat[o.format] ?? 0) + 1;
    if (o.fallback !== undefined) byFormat.strings = (byFormat.strings ?? 0) + 1;
    for (const [type, n] of Object.entries(o.counts) as [PiiType, number][]) {
      byType[type] = (byType[type] ?? 0) + n;
      byCategory[PIPL_CATEGORY[type]] = (byCategory[PIPL_CATEGORY[type]] ?? 0) + n;
    }
  }
  return { objects: objects.length, bytes, bySensitivity, byType, byCategory, byFormat, errors };
}

/** Assembles a report. */
export function buildReport(source: string, startedAt: Date, finishedAt: Date, objects: ObjectReport[]): ScanReport {
  return {
    scanner: { name: SCANNER_NAME, version: ENGINE_VERSION },
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    source,
    objects,
    summary: summarize(objects),
  };
}
