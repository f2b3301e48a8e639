/**
 * The vocabulary of the tag report: object versions as the inputs describe them (scan reports,
 * the scanner's JSON Lines, tag reports, live tags), grouped in scan runs. Nothing here talks to AWS.
 */
import { OBJECT_LEVELS } from '../engine/classification.js';
import type { ObjectLevel } from '../engine/types.js';

/**
 * Levels of the tag report, in display order: the object levels, then `unscanned` (a live version
 * without a `shredlock:sensitivity` tag: nobody has looked at it).
 */
export const REPORT_LEVELS = [...OBJECT_LEVELS, 'unscanned'] as const satisfies readonly string[];

/** One level of the tag report. */
export type ReportLevel = ObjectLevel | 'unscanned';

/** One object version as an input describes it. Holds the object key: keep it out of logs. */
export interface ObservedObject {
  /** Vault bucket, or the `source` of a local `shredlock scan` report. */
  readonly vault: string;
  readonly key: string;
  /** Absent for local files. */
  readonly versionId?: string;
  readonly size: number;
  readonly level: ReportLevel;
  /** Findings per identifier type; undefined when the input names the types only (tags, tag reports). */
  readonly counts?: Readonly<Record<string, number>>;
  /** Identifier types with at least one finding. */
  readonly types: readonly string[];
  /** Error code of a failed read. */
  readonly error?: string;
  /** The reader that read it (`format` of the scan report); undefined when the input does not say (tag reports, live tags). */
  readonly format?: string;
  /** `strings` when the strings pass read it, or a member of it (`fallback` of the scan report). */
  readonly fallback?: string;
  /**
   * The types whose level the classification policy of its scan changed from the seed policy's,
   * with their level under it (`policyChanges` of the scan report); undefined when the input names
   * no change (the seed policy) or cannot (tag reports, live tags, reports made before the field).
   */
  readonly policyChanges?: Readonly<Record<string, string>>;
  /** Engine version that scanned it; undefined when nothing says. */
  readonly engine?: string;
  /** Scan date `YYYY-MM-DD` (UTC); undefined when unknown (a version never scanned). */
  readonly scanned?: string;
}

/** What a run was read from (see parse.ts). */
export type RunFormat = 'scan-report' | 'findings' | 'tag-report' | 'live-tags';

/** One scan run: one input file (a scan report, a JSON Lines file) or one listing of live tags. */
export interface ScanRun {
  readonly format: RunFormat;
  /** Run id (scanner runs) or file name. */
  readonly id: string;
  /** `YYYY-MM-DD` of the run; undefined for a listing of live tags (each version has its own date). */
  readonly date?: string;
  /** Where the run was read from: a file path or an `s3://` URL of a report object or bucket. */
  readonly source: string;
  readonly objects: readonly ObservedObject[];
}

/** Where the inputs came from. */
export type InputKind = 'local' | 'records-bucket' | 'vault-tags';

/** Everything one tag report is built from. */
export interface ReportInput {
  readonly kind: InputKind;
  /** The path, `s3://records-bucket/prefix` or `s3://vault-bucket`, as given. */
  readonly location: string;
  readonly runs: readonly ScanRun[];
}
