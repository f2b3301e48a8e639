/**
 * One row of an S3 Inventory CSV file, read: the columns the proof needs, and the lock fields
 * normalized as HeadObject gives them.
 */
import { bareEtag } from '../aws/object-versions.js';
import { decodeInventoryKey } from './inventory-reader.js';

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

/** One CSV row, read. */
export type InventoryRow =
  | { readonly kind: 'invalid'; readonly versionId: string; readonly keyHashOf: string }
  | { readonly kind: 'delete-marker' }
  | {
      readonly kind: 'version';
      readonly key: string;
      readonly versionId: string;
      readonly etag: string;
      readonly size: number;
      /** LastModifiedDate, epoch milliseconds. */
      readonly written: number;
      readonly kms: boolean;
      readonly lock: { lockMode?: string; retainUntil?: string; legalHold: boolean };
    };

/**
 * Reads one row of the vault's inventory: `invalid` when it has the wrong width, another bucket,
 * or a field that does not parse (`keyHashOf` is the key to hash for the blocker, never logged).
 */
export function readRow(fields: string[] | undefined, index: ReadonlyMap<string, number>, vaultBucket: string): InventoryRow {
  const width = index.size;
  const get = (c: (typeof REQUIRED_INVENTORY_COLUMNS)[number]) => (fields as string[])[index.get(c) as number] as string;
  if (!fields || fields.length !== width || get('Bucket') !== vaultBucket) {
    return { kind: 'invalid', versionId: fields && fields.length === width ? get('VersionId') : '', keyHashOf: '' };
  }
  if (get('IsDeleteMarker').toLowerCase() === 'true') return { kind: 'delete-marker' };
  const key = decodeInventoryKey(get('Key'));
  const versionId = get('VersionId') || 'null';
  const written = Date.parse(get('LastModifiedDate'));
  const size = Number(get('Size'));
  const lock = parseLockFields(get('ObjectLockMode'), get('ObjectLockRetainUntilDate'), get('ObjectLockLegalHoldStatus'));
  if (key === undefined || Number.isNaN(written) || !Number.isSafeInteger(size) || size < 0 || !lock) {
    return { kind: 'invalid', versionId, keyHashOf: key ?? get('Key') };
  }
  return {
    kind: 'version',
    key,
    versionId,
    etag: bareEtag(get('ETag')),
    size,
    written,
    kms: get('EncryptionStatus').trim().toUpperCase() === 'SSE-KMS',
    lock,
  };
}
