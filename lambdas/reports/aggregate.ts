/**
 * The tag report: totals per level and identifier type, counts and bytes per prefix, failed and
 * unscanned versions, and the trend across scans, computed from the inputs' scan runs. Pure
 * functions; every figure the CSV, JSON and HTML forms show is a field of TagReport.
 *
 * Current state and trend count differently:
 *
 * | Section                              | Counts                                                      |
 * |--------------------------------------|-------------------------------------------------------------|
 * | totals, byType, byFormat, byPrefix,  | each object version once, as its latest scan saw it (same   |
 * | failed, unscanned                    | vault, key and version id: the later scan date wins)        |
 * | trend                                | every scan of every version, by scan date (a rescan counts  |
 * |                                      | again on its own date); versions without a date are left out |
 *
 * `findings` is null wherever an object in the group came from an input without counts per type
 * (tag reports, live tags): a partial sum would read as a total. Likewise a version whose input
 * does not say which reader read it counts under the format `unknown`, never under a guess.
 */
import { FORMATS, PII_TYPES } from '../engine/types.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { ReportInputError } from './errors.js';
import { REPORT_LEVELS, type InputKind, type ObservedObject, type ReportInput, type ReportLevel } from './types.js';

/** Path segments of a prefix unless told otherwise (`exports/2026/a.csv` -> `exports/`). */
export const DEFAULT_DEPTH = 1;

/** `type` of the JSON tag report. */
export const TAG_REPORT_TYPE = 'shredlock.tag-report';
/** Schema version of the JSON tag report; bump on any incompatible change. */
export const TAG_REPORT_VERSION = 1;

/** Objects and bytes. */
export interface Amount {
  objects: number;
  bytes: number;
}

/** Objects per level. */
export type LevelCounts = Record<ReportLevel, number>;

/** Objects with findings of one identifier type. */
export interface TypeTotal {
  type: string;
  /** Object versions with at least one finding of the type. */
  objects: number;
  /** Findings of the type; null when an input gave types only. */
  findings: number | null;
}

/** `format` of the versions whose input does not say which reader read them (tag reports, live tags). */
export const UNKNOWN_FORMAT = 'unknown';

/**
 * Object versions one reader read, as their latest scan saw them. The strings pass's versions are a
 * group of their own (`binary` with `fallback: "strings"`), so the groups add up to the totals.
 */
export interface FormatTotal extends Amount {
  /** The reader (`format` of the scan report), or UNKNOWN_FORMAT when the input does not say. */
  format: string;
  /** `strings` when the strings pass read the version or a member of it; null otherwise. */
  fallback: string | null;
}

/**
 * Object versions whose latest scan gave their level under a classification policy that changes
 * the seed policy's, one group per distinct change, as their latest scan saw them.
 */
export interface PolicyTotal extends Amount {
  /** Each type whose level the policy changes, with its level under it (PII_TYPES order, then unknown types). */
  changes: Record<string, string>;
  byLevel: LevelCounts;
}

/** Objects under one prefix of one vault. */
export interface PrefixTotal extends Amount {
  vault: string;
  /** First `depth` folders of the key, ending in `/`; `''` for keys at the top. */
  prefix: string;
  byLevel: LevelCounts;
}

/** A version whose latest scan could not read it in full. */
export interface FailedObject {
  vault: string;
  key: string;
  versionId: string | null;
  size: number;
  /** The scan error code; null when the input does not say (tags). */
  code: string | null;
  scanned: string | null;
}

/**
 * Why a version needs a scan: no ShredLock tags at all, a level without the engine tag (tagging
 * was partial: other systems' tags left one slot), or an engine older than this one.
 */
export type UnscannedReason = 'never-scanned' | 'no-engine-tag' | 'older-engine';

/** A version that needs a (new) scan. */
export interface UnscannedObject {
  vault: string;
  key: string;
  versionId: string | null;
  size: number;
  reason: UnscannedReason;
  engine: string | null;
}

/** Scans of one day. */
export interface TrendPoint extends Amount {
  /** `YYYY-MM-DD`. */
  date: string;
  findings: number | null;
  byLevel: LevelCounts;
}

/** One input run. */
export interface RunSummary {
  id: string;
  date: string | null;
  source: string;
  objects: number;
}

/** The tag report (JSON form, `type` and `version` identify it). */
export interface TagReport {
  type: typeof TAG_REPORT_TYPE;
  version: typeof TAG_REPORT_VERSION;
  generatedAt: string;
  /** Engine version the report compares against (older engines make versions unscanned). */
  engine: string;
  source: { kind: InputKind; location: string };
  depth: number;
  /** Vault buckets (or local scan sources) in the report. */
  vaults: string[];
  totals: Amount & { findings: number | null; byLevel: Record<ReportLevel, Amount> };
  /** Types with at least one object, in PII_TYPES order (unknown types after, alphabetically). */
  byType: TypeTotal[];
  /**
   * In the engine's FORMATS order, each format's fallback group after it, formats the engine does
   * not name after those (alphabetically), UNKNOWN_FORMAT last. Absent from reports written before
   * it existed.
   */
  byFormat: FormatTotal[];
  /**
   * The versions given their level under a policy that changes the seed policy's, most versions
   * first: their level may be lower than the seed policy gives their types. Versions whose input
   * names no change, or cannot say, are in none. Absent from reports written before it existed.
   */
  byPolicy?: PolicyTotal[];
  /** Sorted by vault, then prefix. */
  byPrefix: PrefixTotal[];
  failed: FailedObject[];
  unscanned: UnscannedObject[];
  /** Oldest date first. */
  trend: TrendPoint[];
  runs: RunSummary[];
}

/** Options of buildTagReport. */
export interface TagReportOptions {
  /** Folders per prefix. @default DEFAULT_DEPTH */
  readonly depth?: number;
  /** Clock of `generatedAt`. @default new Date() */
  readonly now?: Date;
  /** The current engine version. @default ENGINE_VERSION */
  readonly engine?: string;
}

function levelCounts(): LevelCounts {
  return Object.fromEntries(REPORT_LEVELS.map((l) => [l, 0])) as LevelCounts;
}

/**
 * Orders engine versions: dotted numbers compare numerically (`0.10.0` after `0.9.1`), other
 * parts as text. Negative when `a` is older.
 */
export function compareEngines(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return 0;
}

/** `exports/2026/a.csv` at depth 1 -> `exports/`, depth 2 -> `exports/2026/`; top-level keys -> `''`. */
export function prefixOf(key: string, depth: number): string {
  const folders = key.split('/').slice(0, -1).slice(0, depth);
  return folders.length ? `${folders.join('/')}/` : '';
}

/** Each version once, as its latest scan saw it. */
export function latestObservations(objects: readonly ObservedObject[]): ObservedObject[] {
  const latest = new Map<string, ObservedObject>();
  for (const o of objects) {
    const id = `${o.vault}\u0000${o.key}\u0000${o.versionId ?? ''}`;
    const seen = latest.get(id);
    if (!seen || (o.scanned ?? '') >= (seen.scanned ?? '')) latest.set(id, o);
  }
  return [...latest.values()];
}

/** Sum of findings, or null when any object has no counts. */
function findingsOf(objects: readonly ObservedObject[], type?: string): number | null {
  let sum = 0;
  for (const o of objects) {
    if (!o.counts) return null;
    if (type === undefined) for (const n of Object.values(o.counts)) sum += n;
    else sum += o.counts[type] ?? 0;
  }
  return sum;
}

const TYPE_ORDER: ReadonlyMap<string, number> = new Map(PII_TYPES.map((t, i) => [t, i]));

function byTypeOrder(a: string, b: string): number {
  const ia = TYPE_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER;
  const ib = TYPE_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER;
  return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
}

function typeTotals(objects: readonly ObservedObject[]): TypeTotal[] {
  const holders = new Map<string, ObservedObject[]>();
  for (const o of objects) {
    for (const t of new Set(o.types)) {
      const list = holders.get(t);
      if (list) list.push(o);
      else holders.set(t, [o]);
    }
  }
  return [...holders.keys()].sort(byTypeOrder).map((type) => {
    const list = holders.get(type) ?? [];
    return { type, objects: list.length, findings: findingsOf(list, type) };
  });
}

/** `binary`, `binary (strings)`, `unknown`: a format group's id in the CSV and the HTML hooks. */
export function formatGroupId(group: Pick<FormatTotal, 'format' | 'fallback'>): string {
  return group.fallback === null ? group.format : `${group.format} (${group.fallback})`;
}

const FORMAT_ORDER: ReadonlyMap<string, number> = new Map(FORMATS.map((f, i) => [f, i]));

function byFormatOrder(a: FormatTotal, b: FormatTotal): number {
  const rank = (f: string) => (f === UNKNOWN_FORMAT ? Number.MAX_SAFE_INTEGER : (FORMAT_ORDER.get(f) ?? Number.MAX_SAFE_INTEGER - 1));
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return rank(a.format) - rank(b.format) || text(a.format, b.format) || text(a.fallback ?? '', b.fallback ?? '');
}

function formatTotals(objects: readonly ObservedObject[]): FormatTotal[] {
  const groups = new Map<string, FormatTotal>();
  for (const o of objects) {
    const group = { format: o.format ?? UNKNOWN_FORMAT, fallback: o.fallback ?? null };
    const id = formatGroupId(group);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { ...group, objects: 0, bytes: 0 }));
    g.objects++;
    g.bytes += o.size;
  }
  return [...groups.values()].sort(byFormatOrder);
}

/** A policy's changes in a stable order: the engine's types in PII_TYPES order, unknown ones after (alphabetically). */
function orderedChanges(changes: Readonly<Record<string, string>>): Record<string, string> {
  const rank = (type: string) => {
    const i = (PII_TYPES as readonly string[]).indexOf(type);
    return i < 0 ? PII_TYPES.length : i;
  };
  const types = Object.keys(changes).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(types.map((type) => [type, changes[type]]));
}

/** A policy's changes as one id: `cn_mobile=public email=confidential`. */
export function policyChangesId(changes: Readonly<Record<string, string>>): string {
  return Object.entries(changes)
    .map(([type, level]) => `${type}=${level}`)
    .join(' ');
}

function policyTotals(objects: readonly ObservedObject[]): PolicyTotal[] {
  const groups = new Map<string, PolicyTotal>();
  for (const o of objects) {
    if (o.policyChanges === undefined) continue;
    const changes = orderedChanges(o.policyChanges);
    const id = JSON.stringify(changes);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { changes, objects: 0, bytes: 0, byLevel: levelCounts() }));
    g.objects++;
    g.bytes += o.size;
    g.byLevel[o.level]++;
  }
  return [...groups.values()].sort((a, b) => b.objects - a.objects);
}

function prefixTotals(objects: readonly ObservedObject[], depth: number): PrefixTotal[] {
  const groups = new Map<string, PrefixTotal>();
  for (const o of objects) {
    const prefix = prefixOf(o.key, depth);
    const id = `${o.vault}\u0000${prefix}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { vault: o.vault, prefix, objects: 0, bytes: 0, byLevel: levelCounts() }));
    g.objects++;
    g.bytes += o.size;
    g.byLevel[o.level]++;
  }
  return [...groups.values()].sort((a, b) => (a.vault === b.vault ? (a.prefix < b.prefix ? -1 : 1) : a.vault < b.vault ? -1 : 1));
}

function unscannedReason(o: ObservedObject, engine: string): UnscannedReason | undefined {
  if (o.level === 'failed') return undefined; // listed as failed
  if (o.level === 'unscanned') return 'never-scanned';
  if (o.engine === undefined) return 'no-engine-tag';
  return compareEngines(o.engine, engine) < 0 ? 'older-engine' : undefined;
}

function trendOf(objects: readonly ObservedObject[]): TrendPoint[] {
  const days = new Map<string, ObservedObject[]>();
  for (const o of objects) {
    if (!o.scanned) continue;
    const list = days.get(o.scanned);
    if (list) list.push(o);
    else days.set(o.scanned, [o]);
  }
  return [...days.keys()].sort().map((date) => {
    const list = days.get(date) ?? [];
    const byLevel = levelCounts();
    for (const o of list) byLevel[o.level]++;
    return { date, objects: list.length, bytes: list.reduce((n, o) => n + o.size, 0), findings: findingsOf(list), byLevel };
  });
}

/** Builds the tag report of `input` (see the module doc for what each section counts). */
export function buildTagReport(input: ReportInput, options: TagReportOptions = {}): TagReport {
  const depth = options.depth ?? DEFAULT_DEPTH;
  if (!Number.isInteger(depth) || depth < 0 || depth > 32) {
    throw new ReportInputError('OPTION_INVALID', 'depth', `${depth} is not a whole number from 0 to 32`);
  }
  const engine = options.engine ?? ENGINE_VERSION;
  const all = input.runs.flatMap((r) => r.objects);
  const current = latestObservations(all);
  const byLevel = Object.fromEntries(REPORT_LEVELS.map((l) => [l, { objects: 0, bytes: 0 }])) as Record<ReportLevel, Amount>;
  for (const o of current) {
    byLevel[o.level].objects++;
    byLevel[o.level].bytes += o.size;
  }
  const failed: FailedObject[] = [];
  const unscanned: UnscannedObject[] = [];
  for (const o of current) {
    const versionId = o.versionId ?? null;
    if (o.level === 'failed' || o.error !== undefined) {
      failed.push({ vault: o.vault, key: o.key, versionId, size: o.size, code: o.error ?? null, scanned: o.scanned ?? null });
    }
    const reason = unscannedReason(o, engine);
    if (reason) unscanned.push({ vault: o.vault, key: o.key, versionId, size: o.size, reason, engine: o.engine ?? null });
  }
  const byKey = (a: { vault: string; key: string }, b: { vault: string; key: string }) =>
    a.vault === b.vault ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.vault < b.vault ? -1 : 1;
  return {
    type: TAG_REPORT_TYPE,
    version: TAG_REPORT_VERSION,
    generatedAt: (options.now ?? new Date()).toISOString(),
    engine,
    source: { kind: input.kind, location: input.location },
    depth,
    vaults: [...new Set(current.map((o) => o.vault))].sort(),
    totals: {
      objects: current.length,
      bytes: current.reduce((n, o) => n + o.size, 0),
      findings: findingsOf(current),
      byLevel,
    },
    byType: typeTotals(current),
    byFormat: formatTotals(current),
    byPolicy: policyTotals(current),
    byPrefix: prefixTotals(current, depth),
    failed: failed.sort(byKey),
    unscanned: unscanned.sort(byKey),
    trend: trendOf(all),
    runs: input.runs.map((r) => ({ id: r.id, date: r.date ?? null, source: r.source, objects: r.objects.length })),
  };
}
