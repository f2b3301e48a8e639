/**
 * S3 Inventory deliveries built byte for byte as S3 writes them (AWS S3 User Guide, "Locating your
 * inventory list"): gzip CSV data files with no header row and every field quoted, keys URL-encoded
 * form style; manifest.json with `creationTimestamp` in epoch milliseconds, `fileSchema` in S3's
 * column order (restricted to the vault's configured fields, lib/vault-bucket.ts) and each file's
 * size and MD5; manifest.checksum with the manifest's MD5. Plus an in-memory InventoryStore, and
 * helpers to put a delivery into a (moto) bucket and to take rows from a bucket's real versions.
 */
import { HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { INVENTORY_FIELDS } from '../../lib/vault-bucket.js';
import { keyDecoder } from '../../lambdas/aws/listed-key.js';
import { INVENTORY_CONFIG_ID } from '../../lambdas/shredder/inventory-evidence.js';
import { inventoryRoot, type InventoryStore } from '../../lambdas/shredder/inventory-reader.js';

/** Every CSV column, in the order S3 writes them (the documented manifest example). */
export const AWS_COLUMN_ORDER = [
  'Bucket',
  'Key',
  'VersionId',
  'IsLatest',
  'IsDeleteMarker',
  'Size',
  'LastModifiedDate',
  'ETag',
  'StorageClass',
  'IsMultipartUploaded',
  'ReplicationStatus',
  'EncryptionStatus',
  'ObjectLockRetainUntilDate',
  'ObjectLockMode',
  'ObjectLockLegalHoldStatus',
  'IntelligentTieringAccessTier',
  'BucketKeyStatus',
  'ChecksumAlgorithm',
] as const;

/** The columns of the vault's inventory: the all-versions base columns plus its optional fields. */
export const VAULT_COLUMNS: readonly string[] = AWS_COLUMN_ORDER.filter(
  (c) => ['Bucket', 'Key', 'VersionId', 'IsLatest', 'IsDeleteMarker'].includes(c) || (INVENTORY_FIELDS as readonly string[]).includes(c),
);

/** One version (or delete marker) as the inventory lists it. */
export interface RowInput {
  readonly key: string;
  readonly versionId: string;
  readonly lastModified: Date;
  readonly bucket?: string;
  readonly size?: number;
  readonly etag?: string;
  /** @default 'SSE-KMS' */
  readonly encryption?: string;
  readonly lockMode?: string;
  readonly retainUntil?: Date;
  readonly legalHold?: boolean;
  readonly deleteMarker?: boolean;
  readonly isLatest?: boolean;
}

/** A key as S3 Inventory writes it in CSV: URL-encoded, space as `+`. */
export function encodeInventoryKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+');
}

function field(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** One CSV line (with its newline) for `row`, in `columns`. */
export function csvLine(bucket: string, row: RowInput, columns: readonly string[] = VAULT_COLUMNS): string {
  const marker = row.deleteMarker === true;
  const values: Record<string, string> = {
    Bucket: row.bucket ?? bucket,
    Key: encodeInventoryKey(row.key),
    VersionId: row.versionId,
    IsLatest: String(row.isLatest ?? false),
    IsDeleteMarker: String(marker),
    Size: marker ? '' : String(row.size ?? 10),
    LastModifiedDate: row.lastModified.toISOString(),
    ETag: marker ? '' : (row.etag ?? createHash('md5').update(row.versionId).digest('hex')),
    StorageClass: marker ? '' : 'STANDARD',
    IsMultipartUploaded: marker ? '' : 'false',
    EncryptionStatus: marker ? '' : (row.encryption ?? 'SSE-KMS'),
    BucketKeyStatus: marker ? '' : 'ENABLED',
    ObjectLockMode: marker ? '' : (row.lockMode ?? (row.retainUntil ? 'GOVERNANCE' : '')),
    ObjectLockRetainUntilDate: marker || !row.retainUntil ? '' : row.retainUntil.toISOString(),
    ObjectLockLegalHoldStatus: marker ? '' : row.legalHold ? 'ON' : 'OFF',
    ChecksumAlgorithm: '',
    ReplicationStatus: '',
    IntelligentTieringAccessTier: '',
  };
  return `${columns.map((c) => field(values[c] ?? '')).join(',')}\n`;
}

/** A delivery: every object it writes, by key, and where its manifest is. */
export interface Delivery {
  readonly objects: Map<string, Buffer>;
  readonly manifestKey: string;
  readonly checksumKey: string;
  readonly manifest: Record<string, unknown> & { files: { key: string; size: number; MD5checksum: string }[] };
}

/** Options of buildDelivery. */
export interface DeliveryOptions {
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly prefix?: string;
  readonly createdAt: Date;
  readonly rows: readonly RowInput[];
  /** Data files the rows are spread over. @default 2 */
  readonly files?: number;
  readonly columns?: readonly string[];
}

/** Folder name of a delivery: `YYYY-MM-DDTHH-MMZ`. */
export function deliveryFolder(createdAt: Date): string {
  return `${createdAt.toISOString().slice(0, 16).replace(':', '-')}Z`;
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** Builds one delivery of the vault's inventory (see the module doc). */
export function buildDelivery(o: DeliveryOptions): Delivery {
  const columns = o.columns ?? VAULT_COLUMNS;
  const root = inventoryRoot(o.prefix ?? 'vault', o.sourceBucket, INVENTORY_CONFIG_ID);
  const fileCount = o.files ?? 2;
  const objects = new Map<string, Buffer>();
  const files: { key: string; size: number; MD5checksum: string }[] = [];
  for (let f = 0; f < fileCount; f++) {
    const text = o.rows.filter((_, i) => i % fileCount === f).map((r) => csvLine(o.sourceBucket, r, columns)).join('');
    const gz = gzipSync(Buffer.from(text, 'utf8'));
    const key = `${root}data/${randomUUID()}.csv.gz`;
    objects.set(key, gz);
    files.push({ key, size: gz.length, MD5checksum: md5(gz) });
  }
  const manifest = {
    sourceBucket: o.sourceBucket,
    destinationBucket: `arn:aws:s3:::${o.destinationBucket}`,
    version: '2016-11-30',
    creationTimestamp: String(o.createdAt.getTime()),
    fileFormat: 'CSV',
    fileSchema: columns.join(', '),
    files,
  };
  const folder = `${root}${deliveryFolder(o.createdAt)}/`;
  const delivery = { objects, manifestKey: `${folder}manifest.json`, checksumKey: `${folder}manifest.checksum`, manifest };
  return writeManifest(delivery);
}

/** (Re)writes manifest.json from `delivery.manifest`, and its checksum unless `checksum` is false. */
export function writeManifest(delivery: Delivery, checksum = true): Delivery {
  const bytes = Buffer.from(JSON.stringify(delivery.manifest, null, 4), 'utf8');
  delivery.objects.set(delivery.manifestKey, bytes);
  if (checksum) delivery.objects.set(delivery.checksumKey, Buffer.from(md5(bytes), 'utf8'));
  return delivery;
}

/** An InventoryStore over objects in memory (one or more deliveries merged). */
export function memoryStore(bucket: string, ...deliveries: readonly Delivery[]): InventoryStore {
  const objects = new Map(deliveries.flatMap((d) => [...d.objects]));
  return {
    bucket,
    async listFolders(prefix) {
      const folders = new Set<string>();
      for (const key of objects.keys()) {
        if (!key.startsWith(prefix)) continue;
        const slash = key.indexOf('/', prefix.length);
        if (slash >= 0) folders.add(key.slice(0, slash + 1));
      }
      return [...folders];
    },
    async open(key) {
      const bytes = objects.get(key);
      return bytes ? Readable.from([bytes]) : undefined;
    },
  };
}

/** Writes every object of a delivery into `bucket`. */
export async function putDelivery(s3: S3Client, bucket: string, delivery: Delivery): Promise<void> {
  for (const [key, body] of delivery.objects) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/** The rows S3 Inventory would list for `bucket`: every version (HeadObject for lock and encryption) and delete marker. */
export async function rowsFromBucket(s3: S3Client, bucket: string): Promise<RowInput[]> {
  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, EncodingType: 'url' }));
  const decode = keyDecoder(listed.EncodingType, 'ListObjectVersions', bucket);
  const rows: RowInput[] = [];
  for (const v of listed.Versions ?? []) {
    const key = decode(v.Key as string);
    const h = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: v.VersionId }));
    rows.push({
      key,
      versionId: v.VersionId as string,
      lastModified: v.LastModified as Date,
      size: v.Size ?? 0,
      etag: (v.ETag ?? '').replace(/"/g, ''),
      isLatest: v.IsLatest ?? false,
      encryption: h.ServerSideEncryption === 'aws:kms' ? 'SSE-KMS' : h.ServerSideEncryption === 'AES256' ? 'SSE-S3' : 'NOT-SSE',
      ...(h.ObjectLockMode ? { lockMode: h.ObjectLockMode } : {}),
      ...(h.ObjectLockRetainUntilDate ? { retainUntil: h.ObjectLockRetainUntilDate } : {}),
      legalHold: h.ObjectLockLegalHoldStatus === 'ON',
    });
  }
  for (const m of listed.DeleteMarkers ?? []) {
    rows.push({ key: decode(m.Key as string), versionId: m.VersionId as string, lastModified: m.LastModified as Date, deleteMarker: true, isLatest: m.IsLatest ?? false });
  }
  return rows;
}
