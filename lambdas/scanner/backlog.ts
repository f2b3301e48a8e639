/**
 * The backlog scan (backlog-handler.ts is its Lambda, on an EventBridge schedule): scans every
 * object version of the vault that this engine version has not scanned yet (scanPrefix), tags it
 * and writes the run's reports. It stops a margin before its time runs out and stores where it
 * stopped in the records bucket; the next run resumes there. A pass that reaches the end of the bucket is recorded as complete, and the next
 * run starts a new pass from the beginning (finding only new versions, or everything after an
 * engine upgrade: versions are skipped by their `shredlock:engine` tag).
 *
 * Its environment (vault bucket, scan and state prefixes, report settings, range size) is contract/env/scanner.ts.
 *
 * The state object `<state prefix><vault bucket>.json`, one version per run:
 *
 * ```json
 * { "type": "shredlock.backlog", "version": 1, "bucket": "…", "prefix": "", "engine": "0.3.25",
 *   "passStartedAt": "…", "updatedAt": "…", "runs": 3, "scanned": 1200, "alreadyScanned": 5000,
 *   "failed": 2, "continuation": { "keyMarker": "…", "versionIdMarker": "…" } | null,
 *   "completedAt": "…" | null }
 * ```
 *
 * | Stored state                                        | This run                                   |
 * |-----------------------------------------------------|--------------------------------------------|
 * | none, unreadable, or a complete pass                | a new pass from the start                  |
 * | a continuation of this bucket, prefix and engine    | resumes after it                           |
 * | a continuation of another prefix or engine version  | a new pass (the versions before the marker |
 * |                                                     | were judged by another engine)             |
 *
 * A version larger than `SHREDLOCK_RANGE_BYTES` (contract/env/scanner.ts, default 2 GiB) is scanned
 * in byte ranges across runs (ranged-scan.ts), its checkpoint under `<state prefix>ranges/`; the
 * continuation stays before it until it is done.
 *
 * The continuation holds an object key: it is stored (the records bucket is as restricted as the
 * vault), never logged. Logs and the result carry counts and ids only.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { ENGINE_VERSION } from '../engine/version.js';
import type { LoggerSink, MetricsSink } from '../sinks.js';
import { BACKLOG_STATE_PREFIX } from '../../contract/naming.js';
import { putRecordVersion, readRecord, recordJson } from '../vault/records.js';
import { backlogConfigFromEnv, DEFAULT_RANGE_BYTES, reportLocation, type BacklogConfig } from './config.js';
import { recordScanMetrics } from './metrics.js';
import { newRunId, writeRunReports } from './report-writer.js';
import { scanPrefix, type PrefixScanOptions } from './scan-prefix.js';

/** Service name of the backlog scanner's logs and metrics. */
export const BACKLOG_SERVICE_NAME = 'shredlock-scan-backlog';
/** State prefix unless configured: BACKLOG_STATE_PREFIX of contract/naming.ts, the prefix the stack grants. */
export const DEFAULT_STATE_PREFIX = BACKLOG_STATE_PREFIX;
/** Time kept back from the Lambda's limit: the version being scanned at the deadline must finish. */
export const DEADLINE_MARGIN_MS = { min: 30_000, max: 180_000, fraction: 0.2 } as const;

/** Reads and validates the backlog scanner's environment (contract/env/scanner.ts). */
export { backlogConfigFromEnv, type BacklogConfig };

/** Schema version of the state object. */
export const BACKLOG_STATE_VERSION = 1;

const StateSchema = z.object({
  type: z.literal('shredlock.backlog'),
  version: z.literal(BACKLOG_STATE_VERSION),
  bucket: z.string(),
  prefix: z.string(),
  engine: z.string(),
  passStartedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  runs: z.number().int().nonnegative(),
  scanned: z.number().int().nonnegative(),
  alreadyScanned: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  continuation: z.object({ keyMarker: z.string(), versionIdMarker: z.string() }).nullable(),
  completedAt: z.iso.datetime().nullable(),
});

/** The stored progress of a backlog pass. */
export type BacklogState = z.output<typeof StateSchema>;

/** Key of the state object of a vault bucket. */
export function backlogStateKey(config: Pick<BacklogConfig, 'statePrefix' | 'vaultBucket'>): string {
  return `${config.statePrefix}${config.vaultBucket}.json`;
}

/** Dependencies of a backlog run (module-scope singletons in the Lambda). */
export interface BacklogDeps {
  readonly s3: S3Client;
  readonly config: BacklogConfig;
  readonly logger: LoggerSink;
  readonly metrics: MetricsSink;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** Options of one run. */
export interface BacklogRunOptions {
  /** Epoch milliseconds after which no further version is started. */
  readonly deadlineMs: number;
  /** Versions per listing page. @default scanPrefix's */
  readonly pageSize?: number;
  /** Clock of the deadline. @default Date.now */
  readonly clock?: () => number;
  /** Versions larger than this are scanned in ranges across runs (SHREDLOCK_RANGE_BYTES). @default DEFAULT_RANGE_BYTES */
  readonly rangeBytes?: number;
}

/** What one run did: counts and ids, nothing that names an object. */
export interface BacklogRunResult {
  readonly runId: string;
  /** `resumed` when the run went on from a stored continuation. */
  readonly start: 'new-pass' | 'resumed';
  readonly scanned: number;
  readonly alreadyScanned: number;
  readonly failed: number;
  /** True when this run reached the end of the bucket (prefix). */
  readonly done: boolean;
  /** Why a run that is not done stopped: `deadline`, or the code of a retryable S3 error. */
  readonly stoppedBy?: string;
  readonly stateKey: string;
  /** Key of the findings report, when anything was scanned. */
  readonly reportKey?: string;
}

/** Reads the stored state; undefined (a new pass) when there is none or it cannot be used. */
async function loadState(deps: BacklogDeps, key: string): Promise<BacklogState | undefined> {
  const text = await readRecord(deps.s3, deps.config.reportBucket, key);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = StateSchema.safeParse(json);
  if (!parsed.success) {
    // The state only saves time: a new pass skips what is tagged already.
    deps.logger.warn('backlog state unreadable; starting a new pass', { stateKey: key });
    return undefined;
  }
  return parsed.data;
}

/** Scans on from the stored state until the deadline, then stores the new state (see the module doc). */
export async function runBacklog(deps: BacklogDeps, options: BacklogRunOptions): Promise<BacklogRunResult> {
  const { config } = deps;
  const now = deps.now ?? (() => new Date());
  const stateKey = backlogStateKey(config);
  const stored = await loadState(deps, stateKey);
  const resumable =
    stored !== undefined &&
    stored.continuation !== null &&
    stored.completedAt === null &&
    stored.bucket === config.vaultBucket &&
    stored.prefix === config.prefix &&
    stored.engine === ENGINE_VERSION;
  const startedAt = now();
  const runId = newRunId(startedAt);
  const scanOptions: PrefixScanOptions = {
    apply: config.apply,
    policy: config.classificationPolicy,
    now,
    deadlineMs: options.deadlineMs,
    clock: options.clock,
    pageSize: options.pageSize,
    continuation: resumable ? (stored.continuation ?? undefined) : undefined,
    // A version too large for one run is scanned in ranges, its checkpoint beside this state.
    ranges: { rangeBytes: options.rangeBytes ?? DEFAULT_RANGE_BYTES, store: { bucket: config.reportBucket, prefix: config.statePrefix } },
    onResult: (result) => recordScanMetrics(deps.metrics, result),
  };
  const run = await scanPrefix(deps.s3, { bucket: config.vaultBucket, prefix: config.prefix }, scanOptions);

  const entries = [...run.results, ...run.failures.map((f) => ({ ids: f.ids, report: f.report }))];
  const reports = await writeRunReports(deps.s3, reportLocation(config), { runId, date: startedAt, entries });
  const previous = resumable ? stored : undefined;
  const finishedAt = now().toISOString();
  const state: BacklogState = {
    type: 'shredlock.backlog',
    version: BACKLOG_STATE_VERSION,
    bucket: config.vaultBucket,
    prefix: config.prefix,
    engine: ENGINE_VERSION,
    passStartedAt: previous?.passStartedAt ?? startedAt.toISOString(),
    updatedAt: finishedAt,
    runs: (previous?.runs ?? 0) + 1,
    scanned: (previous?.scanned ?? 0) + run.results.length,
    alreadyScanned: (previous?.alreadyScanned ?? 0) + run.alreadyScanned,
    failed: (previous?.failed ?? 0) + run.failures.length,
    continuation: run.done ? null : (run.continuation ?? null),
    completedAt: run.done ? finishedAt : null,
  };
  await putRecordVersion(deps.s3, config.reportBucket, stateKey, recordJson(state), 'application/json');
  const result: BacklogRunResult = {
    runId,
    start: resumable ? 'resumed' : 'new-pass',
    scanned: run.results.length,
    alreadyScanned: run.alreadyScanned,
    failed: run.failures.length,
    done: run.done,
    ...(run.stoppedBy ? { stoppedBy: run.stoppedBy } : {}),
    stateKey,
    ...(reports ? { reportKey: reports.scanKey } : {}),
  };
  deps.logger.info('backlog run done', { ...result, bucket: config.vaultBucket, runs: state.runs });
  return result;
}

/** Milliseconds to keep back from `remainingMs` (see DEADLINE_MARGIN_MS). */
export function deadlineMargin(remainingMs: number): number {
  const { min, max, fraction } = DEADLINE_MARGIN_MS;
  return Math.min(max, Math.max(min, Math.round(remainingMs * fraction)));
}
