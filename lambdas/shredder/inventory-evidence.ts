/**
 * Retention evidence from the vault's S3 Inventory, for buckets too large to list and head
 * (evidence.ts stops at `maxVersions`). Same shape as evidence.ts (BucketEvidence), with method
 * `inventory` and the manifest that proved it (its key and SHA-256) in `inventory`.
 *
 * The Inventory reports each version's Object Lock mode, retain-until date, legal hold and
 * encryption status, but not its KMS key. So versions are attributed to keys by time, from the
 * epoch ledger (lambdas/vault/ledger.ts). A key is the bucket default from its epoch's activation
 * until the next epoch's; the ledger gives `from` (the planned start; activation is never earlier)
 * and `activatedAt` (written just after the switch; never much earlier than it). The window of
 * entry i, a superset of when its key could have been the default, widened by `boundaryMargin`:
 *
 * | Bound | Value                                                                                  |
 * |-------|----------------------------------------------------------------------------------------|
 * | start | `from` (first ledger entry), `from - margin` (every later entry)                       |
 * | end   | next entry's `activatedAt + margin`; open (never ends) when the next entry has no      |
 * |       | `activatedAt` or there is no next entry                                                |
 *
 * Around each activation two windows overlap: a version written there may be under either key.
 * Each row (by LastModifiedDate; delete markers are counted and ignored) is then:
 *
 * | LastModifiedDate falls in            | EncryptionStatus | Outcome                                              |
 * |--------------------------------------|------------------|------------------------------------------------------|
 * | no window (before the ledger, a gap) | any              | shared blocker `unattributed` OUTSIDE_LEDGER         |
 * | one window, of a key asked about     | SSE-KMS          | covered; `retained` / `legal-hold` from its row      |
 * | one or two windows, one asked about  | not SSE-KMS      | key blocker `unattributed` NOT_SSE_KMS (incomplete)  |
 * | two windows, one asked about         | SSE-KMS          | HeadObject: its SSEKMSKeyId decides (see below)      |
 * | windows of other keys only           | SSE-KMS / other  | versionsOfOtherKeys / versionsWithoutKms             |
 * | a row that does not parse            | -                | shared blocker `unreadable` INVENTORY_ROW_INVALID    |
 *
 * A version resolved by HeadObject is judged on the inventory's lock fields and HeadObject's
 * together (either one retained or held blocks); a failed HeadObject is a shared `unreadable`.
 * At most `maxBoundaryVersions` are resolved; more makes the evidence incomplete.
 *
 * The evidence is incomplete (refused as `evidence-incomplete`) for every key when: no manifest;
 * manifest.checksum missing or not the manifest's MD5; manifest not the documented CSV format,
 * `version`, source bucket or destination bucket; a required column missing from `fileSchema`;
 * the inventory older than `maxAgeDays` or dated after `now`; a data file missing, unreadable, or
 * not of the manifest's size and MD5. For one key (KeyEvidence.problems) when: the key is not in
 * the ledger (or in it twice); its window is still open; the inventory began before its window's
 * end plus `settleHours` (the Inventory is eventually consistent: it may miss recent writes).
 *
 * Versions written after the inventory began need no listing: every proved window ended at least
 * `settleHours` before it, so default encryption cannot have put them under the key. Residual risks:
 * (1) a write that names a key in its headers is attributed by its time, not its key: the vault
 * policy allows uploads naming any epoch alias of the vault (and the stack's first key), so a
 * version written later under an older epoch's alias is not counted for that key; (2) a legal hold
 * placed, or retention extended, after the inventory began (at most `maxAgeDays` ago) is not seen.
 * Mitigations: the bucket's current default key is never shredded (safety.ts); KMS gives no new data
 * keys from a disabled key; execute.ts proves again after DisableKey (for this method the same
 * snapshot again, plus HeadObject of the versions around activations).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { keyHash } from '../aws/object-ref.js';
import { forEachLimit } from '../shared/pool.js';
import type { VaultConfig } from '../vault/config.js';
import { isKeyReference, keyIdOf } from '../vault/epoch-keys.js';
import { listLedger, type LedgerEntry } from '../vault/ledger.js';
import { INVENTORY_CONFIG_ID, INVENTORY_PREFIX } from '../../contract/naming.js';
import { head, lockBlockerReasons, type Blocker, type BucketEvidence, type CoveredVersion, type HeadOutcome } from './evidence.js';
import {
  decodeInventoryKey,
  findLatestManifest,
  INVENTORY_MANIFEST_VERSION,
  InventoryManifestSchema,
  inventoryRoot,
  md5Hex,
  readInventoryFile,
  s3InventoryStore,
  schemaColumns,
  type InventoryManifest,
  type InventoryStore,
} from './inventory-reader.js';

/** Id of the vault's inventory configuration (vault/naming.ts, where the stack takes it from too). */
export { INVENTORY_CONFIG_ID };
/** Destination prefix of the vault's inventory unless configured (vault/naming.ts INVENTORY_PREFIX, the stack's). */
export const DEFAULT_INVENTORY_PREFIX = INVENTORY_PREFIX;

/** Defaults of InventoryEvidenceOptions, as data. */
export const INVENTORY_EVIDENCE_DEFAULTS = {
  maxAgeDays: 2,
  settleHours: 24,
  boundaryMarginMinutes: 60,
  maxBoundaryVersions: 10_000,
  maxSharedBlockers: 10_000,
  concurrency: 16,
} as const;

/** Columns the proof needs in `fileSchema` (an all-versions CSV inventory with these optional fields). */
export const REQUIRED_INVENTORY_COLUMNS = [
  'Bucket',
  'Key',
  'VersionId',
  'IsDeleteMarker',
  'Size',
  'LastModifiedDate',
  'ETag',
  'EncryptionStatus',
  'ObjectLockRetainUntilDate',
  'ObjectLockMode',
  'ObjectLockLegalHoldStatus',
] as const;

/** Why an inventory proves nothing for every key (see the module doc). */
export type InventoryProblemCode =
  | 'NO_INVENTORY'
  | 'MANIFEST_CHECKSUM'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_VERSION'
  | 'NOT_CSV'
  | 'WRONG_SOURCE_BUCKET'
  | 'WRONG_DESTINATION_BUCKET'
  | 'SCHEMA_INCOMPLETE'
  | 'INVENTORY_TOO_OLD'
  | 'INVENTORY_IN_FUTURE'
  | 'FILE_MISSING'
  | 'FILE_UNREADABLE'
  | 'FILE_SIZE_MISMATCH'
  | 'FILE_MD5_MISMATCH'
  | 'TOO_MANY_BOUNDARY_VERSIONS'
  | 'TOO_MANY_BLOCKERS';

/** Why the inventory proves nothing for one key (KeyEvidence.problems). */
export type KeyProblemCode =
  | 'KEY_NOT_IN_LEDGER'
  | 'KEY_IN_SEVERAL_EPOCHS'
  | 'WINDOW_OPEN'
  | 'INVENTORY_BEFORE_WINDOW_END'
  | 'NOT_SSE_KMS_IN_WINDOW';

/** A problem of the inventory as a whole; `file` is an inventory data file (no object keys). */
export interface InventoryProblem {
  readonly code: InventoryProblemCode;
  readonly file?: string;
  readonly detail?: string;
}

/** Which inventory proved the evidence (recorded in the certificate). */
export interface InventoryProof {
  /** `s3://<inventory bucket>/<…>/manifest.json`; undefined when none was found. */
  readonly manifestKey?: string;
  /** SHA-256 of manifest.json, hex. */
  readonly manifestSha256?: string;
  /** When S3 began the inventory's scan, ISO 8601. */
  readonly creationTimestamp?: string;
  readonly files: number;
  /** CSV rows read (delete markers included). */
  readonly rows: number;
  /** Versions around an activation whose key HeadObject named. */
  readonly versionsResolvedByHead: number;
  /** Empty when the inventory itself is sound. */
  readonly problems: readonly InventoryProblem[];
}

/** Options of the inventory evidence (defaults in INVENTORY_EVIDENCE_DEFAULTS). */
export interface InventoryEvidenceOptions {
  /** An inventory older than this proves nothing. @default 2 */
  readonly maxAgeDays?: number;
  /** Hours after a key's window ends before an inventory is trusted to list every version of it. @default 24 */
  readonly settleHours?: number;
  /** Widening of each window around activations (clock skew, configuration propagation). @default 60 */
  readonly boundaryMarginMinutes?: number;
  /** Versions around activations resolved with HeadObject; more makes the evidence incomplete. @default 10000 */
  readonly maxBoundaryVersions?: number;
  /** Shared blockers kept; more makes the evidence incomplete. @default 10000 */
  readonly maxSharedBlockers?: number;
  /** HeadObject calls in flight. @default 16 */
  readonly concurrency?: number;
}

/** The time window of one ledger entry (epoch milliseconds; `end` Infinity when open). */
export interface KeyWindow {
  readonly keyId: string;
  readonly epoch: string;
  readonly start: number;
  readonly end: number;
}

/** The windows of the ledger's keys, oldest first (see the module doc). */
export function keyWindows(ledger: readonly LedgerEntry[], marginMs: number): KeyWindow[] {
  const entries = [...ledger].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  return entries.map((e, i) => {
    const next = entries[i + 1];
    const activated = next?.activatedAt ? Date.parse(next.activatedAt) : undefined;
    return {
      keyId: keyIdOf(e.keyId),
      epoch: e.epoch,
      start: Date.parse(e.from) - (i === 0 ? 0 : marginMs),
      end: activated === undefined ? Number.POSITIVE_INFINITY : activated + marginMs,
    };
  });
}

/** A stretch of time and the windows (indexes) that contain it. */
interface Segment {
  readonly start: number;
  readonly windows: readonly number[];
}

function segmentsOf(windows: readonly KeyWindow[]): Segment[] {
  const points = [...new Set(windows.flatMap((w) => [w.start, w.end]).filter(Number.isFinite))].sort((a, b) => a - b);
  return points.map((start) => ({
    start,
    windows: windows.flatMap((w, i) => (w.start <= start && start < w.end ? [i] : [])),
  }));
}

function windowsAt(segments: readonly Segment[], t: number): readonly number[] {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid] as Segment).start <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? [] : (segments[found] as Segment).windows;
}

/** Lock fields of a row, normalized as HeadObject gives them; undefined when a field does not parse. */
export function parseLockFields(
  mode: string,
  retainUntil: string,
  legalHold: string,
): { lockMode?: string; retainUntil?: string; legalHold: boolean } | undefined {
  const m = mode.trim().toUpperCase();
  if (m !== '' && m !== 'GOVERNANCE' && m !== 'COMPLIANCE') return undefined;
  const hold = legalHold.trim().toUpperCase();
  if (hold !== '' && hold !== 'ON' && hold !== 'OFF') return undefined;
  let until: string | undefined;
  if (retainUntil.trim() !== '') {
    const ms = Date.parse(retainUntil.trim());
    if (Number.isNaN(ms)) return undefined;
    until = new Date(ms).toISOString();
  }
  return { ...(m ? { lockMode: m } : {}), ...(until ? { retainUntil: until } : {}), legalHold: hold === 'ON' };
}

/** What the inventory evidence reads from. */
export interface InventorySources {
  readonly store: InventoryStore;
  /** The vault's epoch ledger (every entry). */
  readonly ledger: readonly LedgerEntry[];
  /** HeadObject of one version of the vault bucket (evidence.ts `head`). */
  readonly resolve: (version: { key: string; versionId: string; etag: string }) => Promise<HeadOutcome>;
}

/** Where the vault's inventory is delivered. */
export interface InventoryTarget {
  readonly vaultBucket: string;
  /** Destination prefix of the inventory configuration. @default DEFAULT_INVENTORY_PREFIX */
  readonly prefix?: string;
}

interface Row {
  readonly key: string;
  readonly versionId: string;
  readonly etag: string;
  readonly size: number;
  readonly lock: { lockMode?: string; retainUntil?: string; legalHold: boolean };
  /** Asked keys whose windows contain it. */
  readonly candidates: readonly string[];
}

function manifestProblems(manifest: InventoryManifest, vaultBucket: string, store: InventoryStore, columns: readonly string[]): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  if (manifest.version !== INVENTORY_MANIFEST_VERSION) problems.push({ code: 'MANIFEST_VERSION', detail: manifest.version });
  if (manifest.fileFormat !== 'CSV') problems.push({ code: 'NOT_CSV', detail: manifest.fileFormat });
  if (manifest.sourceBucket !== vaultBucket) problems.push({ code: 'WRONG_SOURCE_BUCKET', detail: manifest.sourceBucket });
  if (!new RegExp(`^arn:aws[a-z-]*:s3:::${store.bucket.replace(/\./g, '\\.')}$`).test(manifest.destinationBucket)) {
    problems.push({ code: 'WRONG_DESTINATION_BUCKET', detail: manifest.destinationBucket });
  }
  const missing = REQUIRED_INVENTORY_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) problems.push({ code: 'SCHEMA_INCOMPLETE', detail: missing.join(', ') });
  return problems;
}

/** Proves from the latest inventory, for each of `keyIds` (ids, not ARNs). See the module doc. */
export async function inventoryEvidence(
  sources: InventorySources,
  target: InventoryTarget,
  keyIds: readonly string[],
  now: Date,
  options: InventoryEvidenceOptions = {},
): Promise<BucketEvidence> {
  const o = { ...INVENTORY_EVIDENCE_DEFAULTS, ...options };
  const { store } = sources;
  const wanted = new Map(keyIds.map((id) => [id, { covered: [] as CoveredVersion[], blockers: [] as Blocker[], problems: new Set<KeyProblemCode>() }]));
  const problems: InventoryProblem[] = [];
  const shared: Blocker[] = [];
  const counts = { versionsListed: 0, deleteMarkers: 0, versionsOfOtherKeys: 0, versionsWithoutKms: 0, versionsVanished: 0, rows: 0, resolved: 0 };
  let proof: Omit<InventoryProof, 'files' | 'rows' | 'versionsResolvedByHead' | 'problems'> = {};
  let files = 0;

  const finish = (): BucketEvidence => ({
    bucket: target.vaultBucket,
    method: 'inventory',
    checkedAt: now.toISOString(),
    versionsListed: counts.versionsListed,
    deleteMarkers: counts.deleteMarkers,
    versionsOfOtherKeys: counts.versionsOfOtherKeys,
    versionsWithoutKms: counts.versionsWithoutKms,
    versionsVanished: counts.versionsVanished,
    shared,
    complete: problems.length === 0,
    byKey: new Map(
      [...wanted].map(([keyId, e]) => [
        keyId,
        { keyId, covered: e.covered, blockers: e.blockers, ...(e.problems.size > 0 ? { problems: [...e.problems].sort() } : {}) },
      ]),
    ),
    inventory: { ...proof, files, rows: counts.rows, versionsResolvedByHead: counts.resolved, problems },
  });

  // The manifest: found, intact, the documented format, about this bucket, fresh.
  const found = await findLatestManifest(store, inventoryRoot(target.prefix ?? DEFAULT_INVENTORY_PREFIX, target.vaultBucket, INVENTORY_CONFIG_ID));
  if (!found) {
    problems.push({ code: 'NO_INVENTORY' });
    return finish();
  }
  proof = { manifestKey: `s3://${store.bucket}/${found.key}`, manifestSha256: createHash('sha256').update(found.bytes).digest('hex') };
  if (found.checksum === undefined || found.checksum.toLowerCase() !== md5Hex(found.bytes)) {
    problems.push({ code: 'MANIFEST_CHECKSUM' });
    return finish();
  }
  let manifest: InventoryManifest;
  try {
    const parsed = InventoryManifestSchema.safeParse(JSON.parse(found.bytes.toString('utf8')));
    if (!parsed.success) throw parsed.error;
    manifest = parsed.data;
  } catch {
    problems.push({ code: 'MANIFEST_INVALID' });
    return finish();
  }
  const created = Number(manifest.creationTimestamp);
  proof = { ...proof, creationTimestamp: new Date(created).toISOString() };
  const columns = schemaColumns(manifest.fileSchema);
  problems.push(...manifestProblems(manifest, target.vaultBucket, store, columns));
  if (now.getTime() - created > o.maxAgeDays * 86_400_000) problems.push({ code: 'INVENTORY_TOO_OLD' });
  if (created > now.getTime() + 5 * 60_000) problems.push({ code: 'INVENTORY_IN_FUTURE' });
  if (problems.length > 0) return finish();

  // Each asked key's window, and whether the inventory began late enough to have all of it.
  const windows = keyWindows(sources.ledger, o.boundaryMarginMinutes * 60_000);
  for (const [keyId, e] of wanted) {
    const own = windows.filter((w) => w.keyId === keyId);
    if (own.length === 0) e.problems.add('KEY_NOT_IN_LEDGER');
    else if (own.length > 1) e.problems.add('KEY_IN_SEVERAL_EPOCHS');
    else if (!Number.isFinite((own[0] as KeyWindow).end)) e.problems.add('WINDOW_OPEN');
    else if (created < (own[0] as KeyWindow).end + o.settleHours * 3_600_000) e.problems.add('INVENTORY_BEFORE_WINDOW_END');
  }
  const segments = segmentsOf(windows);

  const block = (b: Blocker) => {
    if (shared.length < o.maxSharedBlockers) shared.push(b);
    else if (!problems.some((p) => p.code === 'TOO_MANY_BLOCKERS')) problems.push({ code: 'TOO_MANY_BLOCKERS' });
  };
  const cover = (keyId: string, row: Row, lock: Row['lock']) => {
    const e = wanted.get(keyId);
    if (!e) return;
    e.covered.push({ key: row.key, versionId: row.versionId, etag: row.etag, size: row.size, ...lock });
    const reasons = lockBlockerReasons(lock.retainUntil, lock.legalHold, now);
    if (reasons.length > 0) {
      e.blockers.push({
        versionId: row.versionId,
        keyHash: keyHash(row.key),
        reasons,
        ...(lock.lockMode ? { lockMode: lock.lockMode } : {}),
        ...(lock.retainUntil ? { retainUntil: lock.retainUntil } : {}),
      });
    }
  };
  const index = new Map(columns.map((c, i) => [c, i]));
  const boundary: Row[] = [];

  const onRow = (fields: string[] | undefined) => {
    counts.rows++;
    const get = (c: (typeof REQUIRED_INVENTORY_COLUMNS)[number]) => (fields as string[])[index.get(c) as number] as string;
    if (!fields || fields.length !== columns.length || get('Bucket') !== target.vaultBucket) {
      block({ versionId: fields && fields.length === columns.length ? get('VersionId') : '', keyHash: '', reasons: ['unreadable'], code: 'INVENTORY_ROW_INVALID' });
      return;
    }
    if (get('IsDeleteMarker').toLowerCase() === 'true') {
      counts.deleteMarkers++;
      return;
    }
    counts.versionsListed++;
    const key = decodeInventoryKey(get('Key'));
    const versionId = get('VersionId') || 'null';
    const written = Date.parse(get('LastModifiedDate'));
    const size = Number(get('Size'));
    const lock = parseLockFields(get('ObjectLockMode'), get('ObjectLockRetainUntilDate'), get('ObjectLockLegalHoldStatus'));
    if (key === undefined || Number.isNaN(written) || !Number.isSafeInteger(size) || size < 0 || !lock) {
      block({ versionId, keyHash: keyHash(key ?? get('Key')), reasons: ['unreadable'], code: 'INVENTORY_ROW_INVALID' });
      return;
    }
    const inWindows = windowsAt(segments, written).map((i) => (windows[i] as KeyWindow).keyId);
    if (inWindows.length === 0) {
      block({ versionId, keyHash: keyHash(key), reasons: ['unattributed'], code: 'OUTSIDE_LEDGER' });
      return;
    }
    const kms = get('EncryptionStatus').trim().toUpperCase() === 'SSE-KMS';
    const candidates = inWindows.filter((id) => wanted.has(id));
    const row: Row = { key, versionId, etag: get('ETag').replace(/^"|"$/g, ''), size, lock, candidates };
    if (candidates.length === 0) {
      if (kms) counts.versionsOfOtherKeys++;
      else counts.versionsWithoutKms++;
    } else if (!kms) {
      for (const id of candidates) {
        const e = wanted.get(id) as { blockers: Blocker[]; problems: Set<KeyProblemCode> };
        e.blockers.push({ versionId, keyHash: keyHash(key), reasons: ['unattributed'], code: 'NOT_SSE_KMS' });
        e.problems.add('NOT_SSE_KMS_IN_WINDOW');
      }
    } else if (inWindows.length === 1) {
      cover(candidates[0] as string, row, lock);
    } else if (boundary.length < o.maxBoundaryVersions) {
      boundary.push(row);
    } else if (!problems.some((p) => p.code === 'TOO_MANY_BOUNDARY_VERSIONS')) {
      problems.push({ code: 'TOO_MANY_BOUNDARY_VERSIONS' });
    }
  };

  for (const file of manifest.files) {
    files++;
    const read = await readInventoryFile(store, file, onRow);
    if (read.failure === 'missing') problems.push({ code: 'FILE_MISSING', file: file.key });
    else if (read.failure === 'unreadable') problems.push({ code: 'FILE_UNREADABLE', file: file.key });
    else if (read.size !== file.size) problems.push({ code: 'FILE_SIZE_MISMATCH', file: file.key });
    else if (read.md5 !== file.MD5checksum.toLowerCase()) problems.push({ code: 'FILE_MD5_MISMATCH', file: file.key });
  }
  if (problems.length > 0) return finish();

  // Versions written around an activation: HeadObject names their key.
  await forEachLimit(boundary, o.concurrency, async (row) => {
    const h = await sources.resolve(row);
    counts.resolved++;
    if (h.kind === 'gone') {
      counts.versionsVanished++;
    } else if (h.kind === 'failed') {
      block({ versionId: row.versionId, keyHash: keyHash(row.key), reasons: ['unreadable'], code: h.code });
    } else if (h.sseKey === undefined || !isKeyReference(h.sseKey)) {
      // The inventory said SSE-KMS: no key, or an alias, cannot be attributed.
      block({ versionId: row.versionId, keyHash: keyHash(row.key), reasons: ['unattributed'] });
    } else if (wanted.has(keyIdOf(h.sseKey))) {
      const until = latest(row.lock.retainUntil, h.retainUntil);
      cover(keyIdOf(h.sseKey), row, {
        ...row.lock,
        ...(h.lockMode ? { lockMode: h.lockMode } : {}),
        ...(until ? { retainUntil: until } : {}),
        legalHold: row.lock.legalHold || h.legalHold,
      });
    } else {
      counts.versionsOfOtherKeys++;
    }
  });
  return finish();
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** The vault's inventory location: configured bucket and prefix. */
export type InventoryVaultConfig = Pick<VaultConfig, 'vaultName' | 'vaultBucket' | 'recordsBucket'> & {
  readonly inventoryBucket: string;
  readonly inventoryPrefix?: string;
};

/** inventoryEvidence on AWS: the inventory bucket, the ledger in the records bucket, HeadObject on the vault. */
export async function collectInventoryEvidence(
  s3: S3Client,
  config: InventoryVaultConfig,
  keyIds: readonly string[],
  now: Date,
  options: InventoryEvidenceOptions = {},
): Promise<BucketEvidence> {
  const ledger = await listLedger(s3, config.recordsBucket, config.vaultName);
  return inventoryEvidence(
    { store: s3InventoryStore(s3, config.inventoryBucket), ledger, resolve: (v) => head(s3, config.vaultBucket, v) },
    { vaultBucket: config.vaultBucket, ...(config.inventoryPrefix ? { prefix: config.inventoryPrefix } : {}) },
    keyIds,
    now,
    options,
  );
}
