/**
 * Parsing of the tag report's inputs into scan runs. Pure functions: no file system, no AWS.
 *
 * | Input                                              | Recognized by                     | Counts per type | Format (reader) |
 * |----------------------------------------------------|-----------------------------------|-----------------|-----------------|
 * | `shredlock scan --format json` report              | `.json` with `objects`, `scanner` | yes             | yes             |
 * | scanner findings, `reports/scan/dt=…/<run>.jsonl`  | `.jsonl`                          | yes             | yes             |
 * | scanner tag report, `reports/tags/dt=…/<v>/<run>.json` | `.json` with `runId`, `rows`  | no (types only) | no              |
 * | live tags of a version (`shredlock:*`)             | observedFromTags()                | no (types only) | no              |
 *
 * `format` and `fallback` are taken as written (a newer engine's reader name is kept, not refused);
 * a report of an engine older than the `format` field has none, and aggregate.ts counts it as unknown.
 *
 * The date of a run: `finishedAt` of a scan report; the `dt=YYYY-MM-DD` folder of a JSON Lines file
 * or tag report (else the date the caller passes, e.g. the file's modification date); the
 * `shredlock:scanned` tag of a live version.
 */
import { z } from 'zod';
import { OBJECT_LEVELS } from '../engine/classification.js';
import type { ObjectLevel } from '../engine/types.js';
import type { S3Tag } from '../aws/object-tags.js';
import { NO_TYPES, TYPES_SEPARATOR, TYPES_TRUNCATED, readScanTags } from '../scanner/tags.js';
import { ReportInputError } from './errors.js';
import type { ObservedObject, ScanRun } from './types.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const level = z
  .string()
  .refine((v) => (OBJECT_LEVELS as readonly string[]).includes(v), { message: `one of ${OBJECT_LEVELS.join(', ')}` })
  .transform((v) => v as ObjectLevel);
const counts = z.record(z.string(), z.number().int().nonnegative());
const size = z.number().nonnegative();

const ScanObjectSchema = z.looseObject({
  key: z.string(),
  size,
  sensitivity: level,
  counts,
  error: z.looseObject({ code: z.string() }).optional(),
  format: z.string().min(1).optional(),
  fallback: z.string().min(1).optional(),
  policyChanges: z.record(z.string(), z.string()).optional(),
});

const ScanReportSchema = z.looseObject({
  scanner: z.looseObject({ name: z.string(), version: z.string() }),
  finishedAt: z.iso.datetime({ offset: true }),
  source: z.string(),
  objects: z.array(ScanObjectSchema),
});

const ScanLineSchema = ScanObjectSchema.extend({ bucket: z.string(), versionId: z.string(), engine: z.string() });

const TagReportSchema = z.looseObject({
  runId: z.string(),
  vault: z.string(),
  rows: z.array(
    z.looseObject({
      key: z.string(),
      versionId: z.string(),
      size,
      sensitivity: level,
      types: z.string(),
      engine: z.string(),
      scanned: z.string().regex(DAY),
    }),
  ),
});

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`)
    .join('; ');
}

function parseJson(text: string, source: string, where = 'not JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // The parser's message may quote content; only its position is kept.
    throw new ReportInputError('INPUT_INVALID', source, where, { cause: new Error((error as Error).name) });
  }
}

/** The reader fields of a scan report's object, and the policy changes it records, when it has them. */
function readerOf(o: {
  readonly format?: string;
  readonly fallback?: string;
  readonly policyChanges?: Readonly<Record<string, string>>;
}): Pick<ObservedObject, 'format' | 'fallback' | 'policyChanges'> {
  const changed = o.policyChanges !== undefined && Object.keys(o.policyChanges).length > 0;
  return { ...(o.format ? { format: o.format } : {}), ...(o.fallback ? { fallback: o.fallback } : {}), ...(changed ? { policyChanges: o.policyChanges } : {}) };
}

/** Types with at least one finding, in the order the counts list them. */
function typesOf(c: Readonly<Record<string, number>>): string[] {
  return Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([t]) => t);
}

/** The types of a `shredlock:types` value (`none`, `a+b`, `a+b+...`). */
export function parseTypesTag(value: string | undefined): string[] {
  if (value === undefined || value === '' || value === NO_TYPES) return [];
  const cut = value.endsWith(TYPES_TRUNCATED) ? value.slice(0, -TYPES_TRUNCATED.length) : value;
  return cut.split(TYPES_SEPARATOR).filter(Boolean);
}

/** The `YYYY-MM-DD` of a `dt=YYYY-MM-DD/` path segment, if any. */
export function dateFromPath(path: string): string | undefined {
  return /(?:^|[\\/])dt=(\d{4}-\d{2}-\d{2})[\\/]/.exec(path)?.[1];
}

/** The file name without folders and extension. */
export function runIdOf(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.(jsonl|json)$/, '');
}

/** A `shredlock scan --format json` report (local files, or `s3://` as scanned by the CLI). */
export function parseScanReport(json: unknown, source: string): ScanRun {
  const parsed = ScanReportSchema.safeParse(json);
  if (!parsed.success) throw new ReportInputError('INPUT_INVALID', source, `not a scan report: ${issues(parsed.error)}`);
  const report = parsed.data;
  const date = report.finishedAt.slice(0, 10);
  return {
    format: 'scan-report',
    id: runIdOf(source),
    date,
    source,
    objects: report.objects.map(
      (o): ObservedObject => ({
        vault: report.source,
        key: o.key,
        size: o.size,
        level: o.sensitivity,
        counts: o.counts,
        types: typesOf(o.counts),
        ...(o.error ? { error: o.error.code } : {}),
        ...readerOf(o),
        engine: report.scanner.version,
        scanned: date,
      }),
    ),
  };
}

/** The scanner's findings file: one masked object report per line, with bucket, version id and engine. */
export function parseScanLines(text: string, source: string, fallbackDate?: string): ScanRun {
  const date = dateFromPath(source) ?? fallbackDate;
  const objects: ObservedObject[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const parsed = ScanLineSchema.safeParse(parseJson(line, source, `line ${i + 1}: not JSON`));
    if (!parsed.success) throw new ReportInputError('INPUT_INVALID', source, `line ${i + 1}: ${issues(parsed.error)}`);
    const o = parsed.data;
    objects.push({
      vault: o.bucket,
      key: o.key,
      versionId: o.versionId,
      size: o.size,
      level: o.sensitivity,
      counts: o.counts,
      types: typesOf(o.counts),
      ...(o.error ? { error: o.error.code } : {}),
      ...readerOf(o),
      engine: o.engine,
      ...(date ? { scanned: date } : {}),
    });
  }
  return { format: 'findings', id: runIdOf(source), ...(date ? { date } : {}), source, objects };
}

/** The scanner's per-vault tag report (JSON form): types only, no counts. */
export function parseTagReport(json: unknown, source: string): ScanRun {
  const parsed = TagReportSchema.safeParse(json);
  if (!parsed.success) throw new ReportInputError('INPUT_INVALID', source, `not a tag report: ${issues(parsed.error)}`);
  const report = parsed.data;
  const date = dateFromPath(source) ?? report.rows.reduce<string | undefined>((d, r) => (d === undefined || r.scanned > d ? r.scanned : d), undefined);
  return {
    format: 'tag-report',
    id: report.runId,
    ...(date ? { date } : {}),
    source,
    objects: report.rows.map(
      (r): ObservedObject => ({
        vault: report.vault,
        key: r.key,
        versionId: r.versionId,
        size: r.size,
        level: r.sensitivity,
        types: parseTypesTag(r.types),
        engine: r.engine,
        scanned: r.scanned,
      }),
    ),
  };
}

/** True for a JSON document that is a scanner tag report (rather than a scan report). */
function isTagReport(json: unknown): boolean {
  return json !== null && typeof json === 'object' && 'rows' in json && 'runId' in json;
}

/**
 * One input file by its name: `.jsonl` is the scanner's findings file; `.json` a scan report or a
 * tag report (told apart by their fields). `fallbackDate` dates a JSON Lines file outside `dt=`.
 */
export function parseReportFile(source: string, text: string, fallbackDate?: string): ScanRun {
  if (source.endsWith('.jsonl')) return parseScanLines(text, source, fallbackDate);
  const json = parseJson(text, source);
  return isTagReport(json) ? parseTagReport(json, source) : parseScanReport(json, source);
}

/** A live version described by its tags: level, types, engine and date as the scanner wrote them. */
export function observedFromTags(
  version: { readonly bucket: string; readonly key: string; readonly versionId: string; readonly size: number },
  tags: readonly S3Tag[],
): ObservedObject {
  const found = readScanTags(tags);
  const known = found.sensitivity !== undefined && (OBJECT_LEVELS as readonly string[]).includes(found.sensitivity);
  return {
    vault: version.bucket,
    key: version.key,
    versionId: version.versionId,
    size: version.size,
    level: known ? (found.sensitivity as ObjectLevel) : 'unscanned',
    types: parseTypesTag(found.types),
    ...(found.engine ? { engine: found.engine } : {}),
    ...(found.scanned && DAY.test(found.scanned) ? { scanned: found.scanned } : {}),
  };
}
