/**
 * The inventory scan (inventory-handler.ts is its Lambda): one item batch of the inventory scan
 * state machine's Distributed Map (S3 Inventory manifest -> batches of object versions). Scans and tags each version this engine
 * version has not scanned yet, writes the batch's reports, and returns per-item failures, so one
 * bad version never fails (and retries) its batch.
 *
 * Input: `{ "Items": [...], "BatchInput": { "execution": "…", "force": false } }`. An item is an
 * S3 Inventory CSV row as the item reader gives it (`Bucket`, `Key` URL-encoded, `VersionId`,
 * `IsDeleteMarker`, `Size`…) or a plain `{ "bucket", "key", "versionId" }` (key as is). Either key
 * is resolved with HeadObject pinned to the version id (see event.ts keyCandidates).
 *
 * | Item                                          | Outcome                                    |
 * |-----------------------------------------------|--------------------------------------------|
 * | a delete marker                               | `skipped`                                  |
 * | not in SHREDLOCK_VAULT_BUCKET                 | failed `WRONG_BUCKET`                      |
 * | no version id, or not an item at all          | failed `INVALID_ITEM`                      |
 * | tagged by this engine version (not `failed`)  | `alreadyScanned` (unless `force`)          |
 * | an S3 call fails (missing, denied, throttled) | failed with the S3Error code               |
 * | larger than SHREDLOCK_RANGE_BYTES (2 GiB)     | `deferred`, untagged: the backlog scans it |
 * |                                               | in ranges across runs                      |
 * | scanned (unreadable content is level failed)  | `scanned`                                  |
 * | not started before the deadline               | failed `DEADLINE` (a later run scans it)   |
 *
 * The invocation fails only when the reports cannot be written (the state machine retries the
 * batch; rescanning and retagging are idempotent) or on a bug. Failures carry version ids and key
 * hashes, never keys.
 *
 * | Variable                  | Meaning                                      | Default    |
 * |---------------------------|----------------------------------------------|------------|
 * | `SHREDLOCK_VAULT_BUCKET`  | the only bucket whose items are scanned      | (required) |
 * | `SHREDLOCK_REPORT_BUCKET` | reports (config.ts)                          | (required) |
 * | `SHREDLOCK_REPORT_PREFIX` | report prefix (config.ts)                    | `reports/` |
 * | `SHREDLOCK_TAGGING`       | `apply` or `dry-run` (config.ts)             | `apply`    |
 * | `SHREDLOCK_RANGE_BYTES`   | larger versions are left to the backlog      | 2 GiB      |
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { isS3Error } from '../aws/errors.js';
import { keyHash } from '../aws/object-ref.js';
import { getVersionTags } from '../aws/object-tags.js';
import type { ObjectLevel } from '../engine/types.js';
import { ENGINE_VERSION } from '../engine/version.js';
import type { LoggerSink, MetricsSink } from '../sinks.js';
import { DEFAULT_RANGE_BYTES, inventoryConfigFromEnv, reportLocation, type InventoryConfig } from './config.js';
import { resolveCreatedObject } from './event.js';
import { METRIC, recordScanMetrics } from './metrics.js';
import { newRunId, writeRunReports } from './report-writer.js';
import { scanObjectVersion, type ScanObjectResult } from './scan-object.js';
import { isScannedBy } from './tags.js';

/** Service name of the inventory scanner's logs and metrics. */
export const INVENTORY_SERVICE_NAME = 'shredlock-scan-inventory';
/** Time kept back from the Lambda's limit for the version in progress and the reports. */
export const INVENTORY_DEADLINE_MARGIN_MS = 90_000;

/** Reads and validates the inventory scanner's environment (contract/env/scanner.ts). */
export { inventoryConfigFromEnv, type InventoryConfig };

const InventoryRow = z.object({
  Bucket: z.string().min(3),
  Key: z.string().min(1),
  VersionId: z.string().optional(),
  IsDeleteMarker: z.union([z.string(), z.boolean()]).optional(),
  Size: z.union([z.string(), z.number()]).optional(),
});
const PlainItem = z.object({ bucket: z.string().min(3), key: z.string().min(1), versionId: z.string().optional() });

/** The Distributed Map's batch. */
export interface InventoryBatch {
  readonly Items?: readonly unknown[];
  readonly BatchInput?: { readonly execution?: string; readonly force?: boolean };
}

/** One version the batch could not scan: ids only. */
export interface ItemFailure {
  /** Position of the item in the batch. */
  readonly index: number;
  readonly versionId?: string;
  readonly keyHash?: string;
  /** `WRONG_BUCKET`, `INVALID_ITEM`, `DEADLINE`, or an S3Error code such as `S3_NOT_FOUND`. */
  readonly code: string;
}

/** What one batch did (the Map Run result of the batch). */
export interface InventoryBatchResult {
  readonly runId: string;
  readonly items: number;
  readonly scanned: number;
  readonly alreadyScanned: number;
  readonly skipped: number;
  /** Versions larger than `rangeBytes`, left untagged for the backlog scanner to scan in ranges. */
  readonly deferred: number;
  readonly bySensitivity: Partial<Record<ObjectLevel, number>>;
  readonly failed: readonly ItemFailure[];
  /** Key of the findings report, when anything was scanned. */
  readonly reportKey?: string;
}

/** Dependencies of a batch (module-scope singletons in the Lambda). */
export interface InventoryDeps {
  readonly s3: S3Client;
  readonly config: InventoryConfig;
  readonly logger: LoggerSink;
  readonly metrics: MetricsSink;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** Options of one batch. */
export interface InventoryBatchOptions {
  /** Epoch milliseconds after which no further item is started. @default no deadline */
  readonly deadlineMs?: number;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Versions larger than this are left to the backlog (SHREDLOCK_RANGE_BYTES). @default DEFAULT_RANGE_BYTES */
  readonly rangeBytes?: number;
}

type Item =
  | { kind: 'version'; bucket: string; rawKey: string; versionId: string }
  | { kind: 'delete-marker' }
  | { kind: 'invalid'; versionId?: string; keyHash?: string; code: 'INVALID_ITEM' };

function truthy(value: string | boolean | undefined): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** Reads one item: an inventory row or a plain reference. */
export function parseItem(raw: unknown): Item {
  const row = InventoryRow.safeParse(raw);
  if (row.success) {
    if (truthy(row.data.IsDeleteMarker)) return { kind: 'delete-marker' };
    const versionId = row.data.VersionId?.trim();
    if (!versionId) return { kind: 'invalid', keyHash: keyHash(row.data.Key), code: 'INVALID_ITEM' };
    return { kind: 'version', bucket: row.data.Bucket, rawKey: row.data.Key, versionId };
  }
  const plain = PlainItem.safeParse(raw);
  if (plain.success) {
    const versionId = plain.data.versionId?.trim();
    if (!versionId) return { kind: 'invalid', keyHash: keyHash(plain.data.key), code: 'INVALID_ITEM' };
    return { kind: 'version', bucket: plain.data.bucket, rawKey: plain.data.key, versionId };
  }
  return { kind: 'invalid', code: 'INVALID_ITEM' };
}

/** Scans one batch (see the module doc). */
export async function scanInventoryBatch(
  deps: InventoryDeps,
  batch: InventoryBatch,
  options: InventoryBatchOptions = {},
): Promise<InventoryBatchResult> {
  const { config } = deps;
  const now = deps.now ?? (() => new Date());
  const clock = options.clock ?? Date.now;
  const force = batch.BatchInput?.force === true;
  const items = batch.Items ?? [];
  const startedAt = now();
  const runId = newRunId(startedAt);
  const results: ScanObjectResult[] = [];
  const failed: ItemFailure[] = [];
  const bySensitivity: Partial<Record<ObjectLevel, number>> = {};
  let alreadyScanned = 0;
  let skipped = 0;
  let deferred = 0;

  for (const [index, raw] of items.entries()) {
    const item = parseItem(raw);
    if (item.kind === 'delete-marker') {
      skipped++;
      continue;
    }
    if (item.kind === 'invalid') {
      failed.push({ index, ...(item.keyHash ? { keyHash: item.keyHash } : {}), code: item.code });
      continue;
    }
    const ids = { versionId: item.versionId, keyHash: keyHash(item.rawKey) };
    if (item.bucket !== config.vaultBucket) {
      failed.push({ index, ...ids, code: 'WRONG_BUCKET' });
      continue;
    }
    if (options.deadlineMs !== undefined && clock() >= options.deadlineMs) {
      failed.push({ index, ...ids, code: 'DEADLINE' });
      continue;
    }
    try {
      const { ref, head } = await resolveCreatedObject(deps.s3, { bucket: item.bucket, rawKey: item.rawKey, versionId: item.versionId });
      if (!force && isScannedBy(await getVersionTags(deps.s3, ref), ENGINE_VERSION)) {
        alreadyScanned++;
        continue;
      }
      if (head.size > (options.rangeBytes ?? DEFAULT_RANGE_BYTES)) {
        // It would time out this batch; the backlog scans it in ranges across runs.
        deferred++;
        continue;
      }
      const result = await scanObjectVersion(deps.s3, ref, { apply: config.apply, policy: config.classificationPolicy, head, now });
      results.push(result);
      recordScanMetrics(deps.metrics, result);
      bySensitivity[result.report.sensitivity] = (bySensitivity[result.report.sensitivity] ?? 0) + 1;
    } catch (error) {
      if (!isS3Error(error)) throw error;
      failed.push({ index, versionId: item.versionId, keyHash: error.ids.keyHash ?? ids.keyHash, code: error.code });
    }
  }

  if (failed.length > 0) deps.metrics.addMetric(METRIC.recordsFailed, MetricUnit.Count, failed.length);
  const reports = await writeRunReports(deps.s3, reportLocation(config), { runId, date: startedAt, entries: results });
  const result: InventoryBatchResult = {
    runId,
    items: items.length,
    scanned: results.length,
    alreadyScanned,
    skipped,
    deferred,
    bySensitivity,
    failed,
    ...(reports ? { reportKey: reports.scanKey } : {}),
  };
  deps.logger.info('inventory batch done', {
    ...result,
    failed: failed.length,
    failures: failed.slice(0, 50),
    execution: batch.BatchInput?.execution,
  });
  return result;
}
