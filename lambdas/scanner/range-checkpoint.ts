/**
 * Where a scan in byte ranges (ranged-scan.ts) stands, kept in the records bucket between runs:
 * `<state prefix>ranges/<vault bucket>/<key hash>/<version id>.json`, one version per range.
 *
 * It holds offsets, line numbers, the context words of the column headers (ContextWords.wordsOf:
 * a headerless CSV's first row, taken for its header row, is values), counts and the listed
 * findings (masked: the scanner never reveals values), never object text and never the key (only
 * its hash).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { PII_TYPES, FORMATS } from '../engine/types.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { keyHash, type ObjectVersionRef } from '../aws/object-ref.js';
import { putRecordVersion, readRecord, recordJson } from '../vault/records.js';
import type { ReportedFinding } from '../engine/scan.js';

/** Schema version of a range checkpoint. */
export const RANGE_CHECKPOINT_VERSION = 1;

const CheckpointSchema = z.object({
  type: z.literal('shredlock.range-scan'),
  version: z.literal(RANGE_CHECKPOINT_VERSION),
  bucket: z.string(),
  versionId: z.string(),
  keyHash: z.string(),
  engine: z.string(),
  size: z.number().int().nonnegative(),
  format: z.enum(FORMATS),
  /** Column headers of a CSV/TSV, read from its first lines in the first range, as the context words they hold. */
  headers: z.array(z.string()).nullable(),
  /** The CSV's first column names its rows (engine header-row.ts namesRows), read there too. */
  rowHeaders: z.boolean().optional(),
  /** Byte offset where the next range starts (a line start); `size` once done. */
  offset: z.number().int().nonnegative(),
  /** Line number (1-based) of the line at `offset`. */
  line: z.number().int().positive(),
  ranges: z.number().int().nonnegative(),
  counts: z.partialRecord(z.enum(PII_TYPES), z.number().int().nonnegative()),
  findings: z.array(z.looseObject({ type: z.enum(PII_TYPES) })),
  omitted: z.number().int().nonnegative(),
  updatedAt: z.iso.datetime(),
});

/** The stored progress of one version scanned in ranges. */
export type RangeCheckpoint = Omit<z.output<typeof CheckpointSchema>, 'findings'> & { findings: ReportedFinding[] };

/** Where checkpoints are kept: the records bucket and the backlog's state prefix (ending `/`). */
export interface CheckpointStore {
  readonly bucket: string;
  readonly prefix: string;
}

/** Key of the checkpoint of one version. */
export function checkpointKey(store: CheckpointStore, ref: ObjectVersionRef): string {
  return `${store.prefix}ranges/${ref.bucket}/${keyHash(ref.key)}/${ref.versionId}.json`;
}

/**
 * The checkpoint to resume from: undefined when there is none, it cannot be read, it belongs to
 * another engine version or object size, or it is done (a rescan starts over).
 */
export async function loadCheckpoint(s3: S3Client, store: CheckpointStore, ref: ObjectVersionRef, size: number): Promise<RangeCheckpoint | undefined> {
  const text = await readRecord(s3, store.bucket, checkpointKey(store, ref));
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = CheckpointSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const cp = parsed.data as RangeCheckpoint;
  const usable = cp.engine === ENGINE_VERSION && cp.size === size && cp.versionId === ref.versionId && cp.offset < size;
  return usable ? cp : undefined;
}

/** Stores a checkpoint (a new version of its record). */
export async function saveCheckpoint(s3: S3Client, store: CheckpointStore, ref: ObjectVersionRef, checkpoint: RangeCheckpoint): Promise<void> {
  await putRecordVersion(s3, store.bucket, checkpointKey(store, ref), recordJson(checkpoint), 'application/json');
}
